/* SPDX-License-Identifier: ISC */
/*
 * Signpost offline search and service filters.  Our own small code: no
 * framework, no library, no fetch/XHR/modules/workers, so it works from
 * file:// as well as over http, at a domain root or under a sub-folder.
 * The index (written by generator/searchidx.c) is a set of classic
 * scripts that this file injects as <script> tags on demand.
 *
 * Load order on a page:  normalize.js, then search.js (both classic,
 * with defer or at the end of <body>).
 *
 * GLOBALS
 *   window.SignpostNormalize         from normalize.js
 *   window.SignpostSearch.manifest   set by assets/search/index.js
 *   window.SignpostSearch.shard(name, data)   called by every other index file
 *   window.SignpostSearch.Engine     the query engine (also module.exports under node)
 *   window.SignpostSearch.ui         the running interface, once started
 *
 * REQUIRED MARKUP (search page, results mode)
 *   <form id="search-form" role="search" action="{{root}}search.html" method="get"
 *         data-search-index="{{root}}assets/search/" data-search-root="{{root}}"
 *         data-search-mode="results">
 *     <label for="search-q">Search</label>
 *     <input id="search-q" name="q" type="search" autocomplete="off">
 *     <button type="submit">Search</button>
 *     ... optional filters, as in the panel below ...
 *   </form>
 *   <p id="search-status" role="status" aria-live="polite" aria-atomic="true"></p>
 *   <ol id="search-results"></ol>
 *   <div data-search-nojs>Search needs JavaScript. <a href="{{root}}services/index.html">Browse the directory</a>.</div>
 *
 * Results mode renders, for each hit, into #search-results:
 *   <li class="search-result" data-kind="service">
 *     <a href="{{root}}URL">TITLE</a> <span class="search-kind">Service</span>
 *     <p>SUMMARY</p></li>
 * then a <button type="button" class="search-more"> after the list when
 * there are more (20 at a time; focus moves to the first new link).
 *
 * FILTER PANEL (directory page: data-search-mode="filter"; also allowed in results mode)
 *   Inside #search-form, any of these, each option's count in [data-search-count]:
 *   <fieldset data-search-facet="category"><legend>Category</legend>
 *     <label><input type="checkbox" name="category" value="peer-support">
 *       Peer support <span data-search-count></span></label> ...</fieldset>
 *   data-search-facet="language"  values: language codes (en, pl, ...)
 *   data-search-facet="access"    values: self-referral, drop-in, ...
 *   data-search-facet="town"      values: town names as written in the listings
 *   data-search-facet="type"      values: article, page, service
 *   <label><input type="checkbox" name="free" value="1"> Free <span data-search-count></span></label>
 *   <label><input type="checkbox" name="open" value="now"> Open now <span data-search-count></span></label>
 *   <button type="reset" data-search-clear>Clear filters</button>   (optional)
 *   Several values of one facet are OR-ed; facets and text are AND-ed.
 *   Counts: on the directory at once; on the search page of a sharded
 *   (large) site once focus enters a filter checkbox, so that the first
 *   text query does not pay for the facet file.
 *   In filter mode #search-results holds the server-rendered listing:
 *   every service element carries data-search-url="services/SLUG.html"
 *   (its URL relative to the language root) and is hidden when it does not
 *   match; an element with data-search-group is hidden when all its
 *   [data-search-url] children are.
 *
 * MESSAGES (attributes of #search-form; {n} is the number; plural category
 * from Intl.PluralRules for <html lang>, falling back to -other):
 *   data-msg-result-one / -other      "{n} result matches" / "{n} results match"
 *   data-msg-service-one / -other     "{n} service matches" / "{n} services match"
 *     (used when every hit is a service, in filter mode, or type=service)
 *   data-msg-none   "No results"      data-msg-error  "Search could not be loaded"
 *   data-msg-more   "Show more results"   data-msg-count  "({n})" (filter counts)
 *   data-label-article  data-label-page  data-label-service  (kind labels)
 *
 * STATE lives in the URL query: ?q=...&category=a&category=b&free=1&open=now
 * (replaceState while typing, pushState on submit and filter changes;
 * the back button restores it).  A filter in the URL with no control on
 * the page still applies (a shared directory link keeps its filters).
 * Focus is never moved except by "Show more" (to the first new link).
 * No inline handlers, no innerHTML.
 */
(function (root) {
	'use strict';

	var N = typeof module !== 'undefined' && module.exports ?
	    require('./normalize.js') : root.SignpostNormalize;
	var S = root.SignpostSearch = root.SignpostSearch || {};
	var FACETS = ['category', 'language', 'access', 'town'];
	var KIND_OF = { a: 'article', p: 'page', s: 'service' };
	var DAYS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];
	var DAYS_MO = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
	var PAGE = 20, PREFIX_MAX = 50;

	S.data = S.data || {};
	S.shard = function (name, data) {
		S.data[name] = data;
	};

	/* Compare by code points, the order of the C side's UTF-8 bytes. */
	function cmp(a, b) {
		var i, x, y, A, B;

		if (!/[\uD800-\uDFFF]/.test(a + b))
			return a < b ? -1 : a > b ? 1 : 0;
		A = Array.from(a);
		B = Array.from(b);
		for (i = 0; i < A.length && i < B.length; i++) {
			x = A[i].codePointAt(0);
			y = B[i].codePointAt(0);
			if (x !== y)
				return x < y ? -1 : 1;
		}
		return A.length - B.length;
	}

	function vocabKey(term) {
		var cp = term.codePointAt(0);

		return cp < 0x80 ? term.charAt(0) : 'u' + (cp & 63);
	}

	/* Edit distance exactly 1 (substitution, insertion, deletion, swap). */
	function within1(a, b) {
		var la = a.length, lb = b.length, i = 0;

		if (Math.abs(la - lb) > 1 || a === b)
			return false;
		while (i < la && i < lb && a[i] === b[i])
			i++;
		if (la === lb)
			return a.slice(i + 1) === b.slice(i + 1) ||
			    (a[i] === b[i + 1] && a[i + 1] === b[i] &&
			    a.slice(i + 2) === b.slice(i + 2));
		if (la > lb)
			return a.slice(i + 1) === b.slice(i);
		return b.slice(i + 1) === a.slice(i);
	}

	/*
	 * The query engine.  manifest: the object index.js assigns; load(name)
	 * returns a Promise of a shard's data.  Everything is cached.
	 */
	function Engine(manifest, load) {
		var kinds = '';

		String(manifest.kinds).replace(/([a-z_])(\d+)/g, function (x, k, n) {
			kinds += k.repeat(+n);
			return '';
		});
		this.kinds = kinds;
		this.m = manifest;
		this.load = load;
		this.cache = {};
		this.vocabs = {};
		this.hoursCache = {};
	}

	/* A shard's data, loaded once; a failed load is retried next time. */
	Engine.prototype.get = function (name) {
		var self = this, inl = this.m.inline;

		if (!this.cache[name])
			this.cache[name] = inl && inl[name] !== undefined ?
			    Promise.resolve(inl[name]) :
			    this.load(name).catch(function (e) {
				delete self.cache[name];
				throw e;
			    });
		return this.cache[name];
	};

	Engine.prototype.shardOf = function (term) {
		var s = this.m.shards, lo = 0, hi = s.length - 1, mid;

		while (lo < hi) {
			mid = (lo + hi + 1) >> 1;
			if (cmp(s[mid], term) <= 0)
				lo = mid;
			else
				hi = mid - 1;
		}
		return 'p' + lo;
	};

	Engine.prototype.vocab = function (key) {
		var self = this;

		if (this.m.vocab.indexOf(key) < 0)
			return Promise.resolve([]);
		if (!this.vocabs[key])
			this.vocabs[key] = this.get('v-' + key).then(function (s) {
				return s === '' ? [] : s.split(' ');
			}, function (e) {
				delete self.vocabs[key];
				throw e;
			});
		return this.vocabs[key];
	};

	/* The terms a query token stands for, with weights. */
	Engine.prototype.expand = function (tok) {
		var cjk = N.isCjk(tok), len = Array.from(tok).length;

		return this.vocab(vocabKey(tok)).then(function (v) {
			var out = [{ term: tok, w: 1 }], pre = [], i, t, exact;

			exact = v.indexOf(tok) >= 0;
			if (cjk || len >= 3) {
				for (i = 0; i < v.length; i++)
					if (v[i].length > tok.length &&
					    v[i].lastIndexOf(tok, 0) === 0)
						pre.push(v[i]);
				pre.sort(function (a, b) {
					return a.length - b.length || cmp(a, b);
				});
				for (i = 0; i < pre.length && i < PREFIX_MAX; i++) {
					t = pre[i];
					out.push({ term: t, w: 0.6 + 0.3 *
					    tok.length / t.length });
				}
			}
			if (!cjk && !exact && len >= 5)
				for (i = 0; i < v.length; i++)
					if (within1(tok, v[i]))
						out.push({ term: v[i], w: 0.5 });
			return out;
		});
	};

	/*
	 * A term's postings from its shard: a string of numbers written five
	 * bits a character (searchidx.c put_varint), decoded once into
	 * [gap, score, gap, score, ...] and kept in the shard.
	 */
	var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	var VALUE = {};
	for (var d = 0; d < 64; d++)
		VALUE[DIGITS.charAt(d)] = d;

	function postings(shard, term) {
		var p = shard[term], out, i, v, shift, c;

		if (typeof p !== 'string')
			return p;
		out = [];
		for (i = 0; i < p.length;) {
			v = 0;
			shift = 0;
			do {
				c = VALUE[p.charAt(i++)];
				v += (c & 31) * Math.pow(2, shift);
				shift += 5;
			} while (c >= 32 && i < p.length);
			out.push(v);
		}
		shard[term] = out;
		return out;
	}

	/* Per token, the best weighted impact per document. */
	Engine.prototype.tokenHits = function (cands) {
		var self = this, names = [];

		cands.forEach(function (c) {
			var n = self.shardOf(c.term);

			if (names.indexOf(n) < 0)
				names.push(n);
		});
		return Promise.all(names.map(function (n) {
			return self.get(n);
		})).then(function () {
			return Promise.all(cands.map(function (c) {
				return self.get(self.shardOf(c.term));
			}));
		}).then(function (shards) {
			var hits = new Map();

			cands.forEach(function (c, k) {
				var p = postings(shards[k], c.term), i, doc = 0, s;

				if (!p)
					return;
				for (i = 0; i < p.length; i += 2) {
					doc += p[i];
					s = p[i + 1] * c.w;
					if (!(hits.get(doc) >= s))
						hits.set(doc, s);
				}
			});
			return hits;
		});
	};

	/* Documents matching every token of q: Map doc -> score; null for no text. */
	Engine.prototype.textMatch = function (q) {
		var self = this, toks = [];

		N.tokens(q || '').forEach(function (t) {
			if (toks.indexOf(t) < 0)
				toks.push(t);
		});
		if (toks.length === 0)
			return Promise.resolve(null);
		return Promise.all(toks.map(function (t) {
			return self.expand(t).then(function (c) {
				return self.tokenHits(c);
			});
		})).then(function (per) {
			var out = new Map();

			per.sort(function (a, b) {
				return a.size - b.size;
			});
			per[0].forEach(function (s, doc) {
				var k, total = s;

				for (k = 1; k < per.length; k++) {
					if (!per[k].has(doc))
						return;
					total += per[k].get(doc);
				}
				out.set(doc, total);
			});
			return out;
		});
	};

	function tzParts(cache, tz, now) {
		var f = cache[tz], parts = {};

		if (f === undefined) {
			try {
				f = new Intl.DateTimeFormat('en-US', {
					timeZone: tz, hourCycle: 'h23',
					year: 'numeric', month: '2-digit',
					day: '2-digit', hour: '2-digit',
					minute: '2-digit', weekday: 'short'
				});
			} catch (e) {
				f = null;
			}
			cache[tz] = f;
		}
		if (f === null)
			return null;
		f.formatToParts(now).forEach(function (p) {
			parts[p.type] = p.value;
		});
		return {
			day: DAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri',
			    'Sat'].indexOf(parts.weekday)],
			date: parts.year + '-' + parts.month + '-' + parts.day,
			time: (parts.hour === '24' ? '00' : parts.hour) + ':' +
			    parts.minute
		};
	}

	function dayBefore(date) {
		var d = new Date(date + 'T12:00:00Z');

		d.setUTCDate(d.getUTCDate() - 1);
		return d.toISOString().slice(0, 10);
	}

	function inRange(rule, date) {
		return (!rule.from || date >= rule.from) &&
		    (!rule.to || date <= rule.to);
	}

	/*
	 * Whether hours (issue 4 shape: timezone, always, rules of days,
	 * opens, closes, overnight, from, to) are open at the instant now.
	 * No timezone: the visitor's own.
	 */
	function openAt(hours, now, cache) {
		var t, yday, i, r, days;

		if (!hours)
			return false;
		if (hours.always === true)
			return true;
		t = tzParts(cache || {}, hours.timezone, now);
		if (t === null || !Array.isArray(hours.rules))
			return false;
		yday = DAYS[(DAYS.indexOf(t.day) + 6) % 7];
		for (i = 0; i < hours.rules.length; i++) {
			r = hours.rules[i];
			days = r.days || [];
			if (days.indexOf(t.day) >= 0 && inRange(r, t.date) &&
			    t.time >= r.opens &&
			    (r.overnight || r.closes <= r.opens ?
			    true : t.time < r.closes))
				return true;
			if ((r.overnight || r.closes <= r.opens) &&
			    days.indexOf(yday) >= 0 &&
			    inRange(r, dayBefore(t.date)) && t.time < r.closes)
				return true;
		}
		return false;
	}

	/*
	 * Hours as the index stores them, [zone, always, then per rule: day
	 * mask (mo = 1 ... su = 64), opens, closes, overnight, from, to],
	 * back into the listing's shape.
	 */
	Engine.prototype.hoursOf = function (f, i) {
		var d = this.decoded = this.decoded || {}, a = f.hours[i], h, k;

		if (d[i])
			return d[i];
		h = { timezone: a[0] >= 0 ? f.zones[a[0]] : undefined,
		    always: a[1] === 1, rules: [] };
		for (k = 2; k + 5 < a.length; k += 6)
			h.rules.push({
				days: DAYS_MO.filter(function (x, j) {
					return (a[k] & (1 << j)) !== 0;
				}),
				opens: a[k + 1], closes: a[k + 2],
				overnight: a[k + 3] === 1,
				from: a[k + 4] || undefined, to: a[k + 5] || undefined
			});
		d[i] = h;
		return h;
	};

	/* Does service record rec pass the filter on facet key? */
	function passes(f, rec, key, want, open) {
		var idx, vals;

		if (key === 'free')
			return rec[4] === 1;
		if (key === 'open')
			return open[rec[0]] === true;
		idx = { category: 2, language: 3, access: 5, town: 6 }[key];
		vals = f.values[key];
		return rec[idx].some(function (v) {
			return want.indexOf(vals[v]) >= 0;
		});
	}

	function activeKeys(filters) {
		return Object.keys(filters).filter(function (k) {
			var v = filters[k];

			return k !== 'type' && (Array.isArray(v) ? v.length > 0 : !!v);
		});
	}

	/*
	 * Run a query.  opts: {q, filters: {category: [...], language: [...],
	 * access: [...], town: [...], type: [...], free: bool, open: bool},
	 * now: Date, facets: bool (load facet data for counts)}.  Resolves to
	 * {ids: doc ids best first, scores: Map, counts: {key: {value: n}}}.
	 */
	Engine.prototype.search = function (opts) {
		var self = this, filters = opts.filters || {};
		var keys = activeKeys(filters), needF = opts.facets || keys.length > 0;

		return Promise.all([self.textMatch(opts.q),
		    needF && self.m.facets ? self.get('f') : null])
		    .then(function (r) {
			return self.combine(r[0], r[1], filters, keys,
			    opts.now || new Date(), opts.mode);
		});
	};

	Engine.prototype.combine = function (text, f, filters, keys, now, mode) {
		var self = this, counts = {}, ok = new Set();
		var types = filters.type || [], open = {}, ids, scores;

		function inText(doc) {
			return text === null || text.has(doc);
		}
		function typeOk(doc) {
			return types.length === 0 ||
			    types.indexOf(KIND_OF[self.kinds[doc]]) >= 0;
		}
		counts.type = {};
		if (f) {
			FACETS.concat(['free', 'open']).forEach(function (k) {
				counts[k] = {};
			});
			open = self.openNow(f, now);
			f.services.forEach(function (rec) {
				var fails = [], doc = rec[0];

				if (!inText(doc) || !typeOk(doc))
					return;
				keys.forEach(function (k) {
					if (!passes(f, rec, k, filters[k], open))
						fails.push(k);
				});
				if (fails.length === 0)
					ok.add(doc);
				if (fails.length <= 1)
					countRec(f, rec, counts, fails[0], open);
			});
		}
		if (keys.length > 0 || (text === null && mode === 'filter'))
			ids = Array.from(ok);
		else if (text !== null)
			ids = Array.from(text.keys()).filter(typeOk);
		else
			ids = [];
		if (text !== null)
			text.forEach(function (s, doc) {
				if (keys.length === 0 || ok.has(doc))
					counts.type[KIND_OF[self.kinds[doc]]] =
					    (counts.type[KIND_OF[self.kinds[doc]]] || 0) + 1;
			});
		scores = text || new Map();
		ids.sort(function (a, b) {
			return (scores.get(b) || 0) - (scores.get(a) || 0) || a - b;
		});
		return { ids: ids, scores: scores, counts: counts, open: open };
	};

	/*
	 * Which services are open at now: hours are kept to the minute, so
	 * one answer serves every run within the same minute (a keystroke
	 * need not ask Intl about 5,000 listings again).
	 */
	Engine.prototype.openNow = function (f, now) {
		var self = this, minute = Math.floor(now.getTime() / 60000);
		var open = {};

		if (this.openMinute === minute && this.openFacets === f)
			return this.openMap;
		f.services.forEach(function (rec) {
			open[rec[0]] = rec[7] >= 0 &&
			    openAt(self.hoursOf(f, rec[7]), now, self.hoursCache);
		});
		this.openMinute = minute;
		this.openFacets = f;
		this.openMap = open;
		return open;
	};

	function countRec(f, rec, counts, only, open) {
		var map = { category: 2, language: 3, access: 5, town: 6 };

		Object.keys(map).forEach(function (k) {
			if (only !== undefined && only !== k)
				return;
			rec[map[k]].forEach(function (v) {
				var name = f.values[k][v];

				counts[k][name] = (counts[k][name] || 0) + 1;
			});
		});
		if ((only === undefined || only === 'free') && rec[4] === 1)
			counts.free['1'] = (counts.free['1'] || 0) + 1;
		if ((only === undefined || only === 'open') && open[rec[0]])
			counts.open.now = (counts.open.now || 0) + 1;
	}

	/* Title, URL, kind and summary of documents: [{id, kind, url, title, summary}]. */
	Engine.prototype.docs = function (ids) {
		var self = this, chunk = this.m.chunk, names = [];

		ids.forEach(function (id) {
			var n = 'd' + Math.floor(id / chunk);

			if (names.indexOf(n) < 0)
				names.push(n);
		});
		return Promise.all(names.map(function (n) {
			return self.get(n);
		})).then(function () {
			return Promise.all(ids.map(function (id) {
				return self.get('d' + Math.floor(id / chunk));
			}));
		}).then(function (chunks) {
			return ids.map(function (id, k) {
				var d = chunks[k][id % chunk];

				return { id: id, kind: d[0], url: d[1],
				    title: d[2], summary: d[3] };
			});
		});
	};

	S.Engine = Engine;
	S.openAt = openAt;
	S.within1 = within1;

	if (typeof module !== 'undefined' && module.exports) {
		module.exports = S;
		return;
	}

	/* ---- the page interface ---- */

	function Ui(win) {
		var doc = win.document;

		this.win = win;
		this.doc = doc;
		this.form = doc.getElementById('search-form');
		this.input = doc.getElementById('search-q');
		this.status = doc.getElementById('search-status');
		this.results = doc.getElementById('search-results');
		this.mode = this.form.getAttribute('data-search-mode') || 'results';
		this.base = this.form.getAttribute('data-search-index') ||
		    'assets/search/';
		this.root = this.form.getAttribute('data-search-root') || '';
		this.lang = doc.documentElement.lang || 'en';
		this.seq = 0;
		this.ids = [];
		this.shown = 0;
		this.timer = 0;
		this.more = null;
		this.panelUsed = false;
		this.items = null;
	}

	Ui.prototype.loadScript = function (name) {
		var doc = this.doc, src = this.base + name + '.js';

		return new Promise(function (resolve, reject) {
			var s = doc.createElement('script');

			s.src = src;
			s.async = true;
			s.onload = function () {
				var d = name === 'index' ? S.manifest : S.data[name];

				if (d === undefined)
					reject(new Error('no data in ' + src));
				else
					resolve(d);
			};
			s.onerror = function () {
				reject(new Error('cannot load ' + src));
			};
			doc.head.appendChild(s);
		});
	};

	Ui.prototype.msg = function (key, n) {
		var f = this.form, cat = 'other', text, defs = {
			'result-one': '{n} result matches',
			'result-other': '{n} results match',
			'service-one': '{n} service matches',
			'service-other': '{n} services match',
			none: 'No results', error: 'Search could not be loaded',
			more: 'Show more results', count: '({n})'
		};

		if (n !== undefined && (key === 'result' || key === 'service')) {
			try {
				cat = new Intl.PluralRules(this.lang).select(n);
			} catch (e) {
				cat = n === 1 ? 'one' : 'other';
			}
			text = f.getAttribute('data-msg-' + key + '-' + cat) ||
			    f.getAttribute('data-msg-' + key + '-other') ||
			    defs[key + '-' + (n === 1 ? 'one' : 'other')];
		} else
			text = f.getAttribute('data-msg-' + key) || defs[key] || '';
		if (n !== undefined)
			text = text.replace('{n}', n.toLocaleString(this.lang));
		return text;
	};

	Ui.prototype.boxes = function () {
		return Array.from(this.form.querySelectorAll(
		    'input[type=checkbox]'));
	};

	Ui.prototype.readUrl = function () {
		var p = new URLSearchParams(this.win.location.search);
		var st = { q: p.get('q') || '', filters: {} };

		FACETS.concat(['type']).forEach(function (k) {
			st.filters[k] = p.getAll(k);
		});
		st.filters.free = p.get('free') === '1';
		st.filters.open = p.get('open') === 'now';
		return st;
	};

	Ui.prototype.setForm = function (st) {
		this.urlState = st;
		if (this.input)
			this.input.value = st.q;
		this.boxes().forEach(function (b) {
			var v = st.filters[b.name];

			b.checked = Array.isArray(v) ? v.indexOf(b.value) >= 0 : !!v;
		});
	};

	/* The form's state; filters without a control keep the URL's value. */
	Ui.prototype.getForm = function () {
		var st = { q: this.input ? this.input.value : '', filters: {} };
		var url = this.urlState, names = {}, boxes = this.boxes();

		boxes.forEach(function (b) {
			names[b.name] = true;
		});
		FACETS.concat(['type', 'free', 'open']).forEach(function (k) {
			var v = url.filters[k];

			st.filters[k] = names[k] ? (Array.isArray(v) ? [] : false) :
			    (Array.isArray(v) ? v.slice() : v);
		});
		if (!this.input)
			st.q = url.q;
		boxes.forEach(function (b) {
			var v = st.filters[b.name];

			if (!b.checked)
				return;
			if (Array.isArray(v))
				v.push(b.value);
			else if (v === false)
				st.filters[b.name] = true;
		});
		return st;
	};

	Ui.prototype.writeUrl = function (st, push) {
		var p = new URLSearchParams(), qs, url;

		if (st.q)
			p.set('q', st.q);
		FACETS.concat(['type']).forEach(function (k) {
			st.filters[k].forEach(function (v) {
				p.append(k, v);
			});
		});
		if (st.filters.free)
			p.set('free', '1');
		if (st.filters.open)
			p.set('open', 'now');
		qs = p.toString();
		url = qs ? '?' + qs : this.win.location.pathname;
		if ('?' + qs === this.win.location.search ||
		    (!qs && !this.win.location.search))
			return;
		try {
			this.win.history[push ? 'pushState' : 'replaceState'](null,
			    '', url + this.win.location.hash);
		} catch (e) {
			/* some file:// setups refuse; the search still works */
		}
	};

	Ui.prototype.announce = function (text) {
		if (this.status && this.status.textContent !== text)
			this.status.textContent = text;
	};

	Ui.prototype.counts = function (counts) {
		var self = this;

		this.boxes().forEach(function (b) {
			var c = counts[b.name], label = b.closest('label');
			var span = label && label.querySelector('[data-search-count]');

			if (span)
				span.textContent = c ? self.msg('count',
				    c[b.value] || 0) : '';
		});
	};

	Ui.prototype.run = function (push, fromUrl) {
		var self = this, st = this.getForm(), my = ++this.seq;
		var any = st.q.trim() !== '' || activeKeys(st.filters).length > 0 ||
		    st.filters.type.length > 0;

		if (!fromUrl)
			this.writeUrl(st, push);
		if (this.mode === 'results' && !any) {
			this.clear();
			this.announce('');
			this.boxes().forEach(function (b) {
				var l = b.closest('label');
				var c = l && l.querySelector('[data-search-count]');

				if (c)
					c.textContent = '';
			});
			return;
		}
		/*
		 * Facet data of a large site is only fetched for the directory,
		 * or once the visitor touches the filter panel, so that a first
		 * text query stays small.
		 */
		this.engine.search({ q: st.q, filters: st.filters, mode: this.mode,
		    facets: this.mode === 'filter' || !!this.engine.m.inline ||
		    this.panelUsed }).then(function (r) {
			if (my !== self.seq)
				return;
			self.counts(r.counts);
			if (self.mode === 'filter')
				return self.filter(r, st);
			if (any)
				return self.render(r, st);
		}).catch(function () {
			if (my === self.seq)
				self.announce(self.msg('error'));
		});
	};

	Ui.prototype.countText = function (ids, st) {
		var kinds = this.engine.kinds, services = this.mode === 'filter' ||
		    (st.filters.type.length === 1 && st.filters.type[0] === 'service') ||
		    (ids.length > 0 && ids.every(function (id) {
			return kinds[id] === 's';
		}));

		if (ids.length === 0)
			return this.msg('none');
		return this.msg(services ? 'service' : 'result', ids.length);
	};

	Ui.prototype.filter = function (r, st) {
		var self = this, any = st.q.trim() !== '' ||
		    activeKeys(st.filters).length > 0;

		return this.engine.get('f').then(function (f) {
			var urls = new Set(), hit = new Set(r.ids);

			f.services.forEach(function (rec) {
				if (!any || hit.has(rec[0]))
					urls.add(rec[1]);
			});
			/* the server-rendered listing never changes: look it up once */
			if (!self.items)
				self.items = Array.from(self.results.querySelectorAll(
				    '[data-search-url]')).map(function (el) {
					return [el, el.getAttribute('data-search-url')];
				});
			self.items.forEach(function (it) {
				var h = !urls.has(it[1]);

				if (it[0].hidden !== h)
					it[0].hidden = h;
			});
			Array.from(self.results.querySelectorAll('[data-search-group]'))
			    .forEach(function (g) {
				var h = !g.querySelector('[data-search-url]:not([hidden])');

				if (g.hidden !== h)
					g.hidden = h;
			});
			self.announce(self.countText(any ? r.ids : f.services.map(
			    function (rec) { return rec[0]; }), st));
		});
	};

	Ui.prototype.clear = function () {
		while (this.results.firstChild)
			this.results.removeChild(this.results.firstChild);
		this.ids = [];
		this.shown = 0;
		if (this.more)
			this.more.hidden = true;
	};

	Ui.prototype.render = function (r, st) {
		this.clear();
		this.ids = r.ids;
		this.announce(this.countText(r.ids, st));
		return this.page(false);
	};

	/* Append the next page of hits; focus the first new link when asked. */
	Ui.prototype.page = function (focus) {
		var self = this, slice = this.ids.slice(this.shown,
		    this.shown + PAGE), my = this.seq;

		this.shown += slice.length;
		return this.engine.docs(slice).then(function (docs) {
			var first = null;

			if (my !== self.seq)
				return;
			docs.forEach(function (d) {
				var a = self.item(d);

				if (first === null)
					first = a;
			});
			self.moreButton();
			if (focus && first)
				first.focus();
		});
	};

	Ui.prototype.item = function (d) {
		var doc = this.doc, li = doc.createElement('li');
		var a = doc.createElement('a'), kind, p;

		li.className = 'search-result';
		li.setAttribute('data-kind', d.kind);
		a.href = this.root + d.url;
		a.textContent = d.title;
		li.appendChild(a);
		kind = this.form.getAttribute('data-label-' + d.kind);
		if (kind) {
			p = doc.createElement('span');
			p.className = 'search-kind';
			p.textContent = kind;
			li.appendChild(doc.createTextNode(' '));
			li.appendChild(p);
		}
		if (d.summary) {
			p = doc.createElement('p');
			p.textContent = d.summary;
			li.appendChild(p);
		}
		this.results.appendChild(li);
		return a;
	};

	Ui.prototype.moreButton = function () {
		var self = this;

		if (!this.more) {
			this.more = this.doc.createElement('button');
			this.more.type = 'button';
			this.more.className = 'search-more';
			this.more.textContent = this.msg('more');
			this.more.addEventListener('click', function () {
				self.page(true);
			});
			this.results.parentNode.insertBefore(this.more,
			    this.results.nextSibling);
		}
		this.more.hidden = this.shown >= this.ids.length;
	};

	Ui.prototype.bind = function () {
		var self = this;

		this.form.addEventListener('submit', function (e) {
			e.preventDefault();
			self.run(true);
		});
		if (this.input)
			this.input.addEventListener('input', function () {
				clearTimeout(self.timer);
				self.timer = setTimeout(function () {
					self.run(false);
				}, 120);
			});
		this.form.addEventListener('focusin', function (e) {
			if (e.target && e.target.type === 'checkbox' && !self.panelUsed) {
				self.panelUsed = true;
				if (self.engine)
					self.run(false, true);
			}
		});
		this.form.addEventListener('change', function (e) {
			if (e.target && e.target.type === 'checkbox')
				self.run(true);
		});
		this.form.addEventListener('reset', function () {
			setTimeout(function () {
				self.run(true);
			}, 0);
		});
		this.win.addEventListener('popstate', function () {
			self.setForm(self.readUrl());
			self.run(false, true);
		});
	};

	Ui.prototype.start = function () {
		var self = this;

		Array.from(this.doc.querySelectorAll('[data-search-nojs]'))
		    .forEach(function (el) {
			el.hidden = true;
		});
		this.setForm(this.readUrl());
		this.bind();
		return (S.manifest ? Promise.resolve(S.manifest) :
		    this.loadScript('index')).then(function (m) {
			self.engine = new Engine(m, function (name) {
				return self.loadScript(name);
			});
			self.run(false, true);
		}, function () {
			self.announce(self.msg('error'));
		});
	};

	function start() {
		var doc = root.document;

		if (!doc.getElementById('search-form') ||
		    !doc.getElementById('search-results'))
			return;
		S.ui = new Ui(root);
		S.ui.start();
	}

	if (typeof document !== 'undefined') {
		if (document.readyState === 'loading')
			document.addEventListener('DOMContentLoaded', start);
		else
			start();
	}
})(typeof window !== 'undefined' ? window : this);
