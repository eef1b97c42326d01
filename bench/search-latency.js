/* SPDX-License-Identifier: ISC */
/*
 * Search in headless Chromium on a built benchmark site, from file://:
 * index bytes on disk, bytes a first query loads, and per-keystroke
 * latency on the search page and the directory, cold and warm, plus the
 * directory's filter toggles.  bench/search-latency builds the corpus and
 * calls this; by hand:
 *
 *   node bench/search-latency.js OUT [BUILD_NOTE]
 *
 * OUT is the built site; BUILD_NOTE an optional line about the build
 * (its time and the search phase's share) printed above the table.
 * QUERIES=n uses the first n queries only.
 *
 * A keystroke is measured in the page (performance.now()): from keydown
 * to the end of the run it started, i.e. when the search page has shown
 * its results (count and first 20 titles) or the directory has hidden the
 * listings that do not match.  search.js waits 120 ms after the last
 * keystroke before it runs (a debounce), so each key is pressed and the
 * run awaited before the next key; "work" leaves the debounce out (from
 * the run's start), "key to result" keeps it in.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'tests',
    'node_modules', 'playwright-core'));

const OUT = path.resolve(process.argv[2] || '');
const NOTE = process.argv[3] || '';
const QUERIES = ['counselling', 'counsel', 'councelling', 'anxeity',
    'anxiety', 'peer support', 'support groups', 'drop in', 'young people',
    'carers', 'family support', 'sleep', 'grief', 'stress', 'walking group',
    'cafe', 'café', 'mental health', 'crisis', 'talk to someone',
    'volunteer', 'library', 'garden', 'school worry', 'hope', 'parent child',
    'free counselling', 'coffee morning', 'riverside', 'millbrok']
    .slice(0, +process.env.QUERIES || undefined);

/* Installed before any page script: timestamps kept in window.__sb. */
function instrument() {
	const sb = window.__sb = { keys: [], runs: [], done: 0, status: [] };

	/* keydown; beforeinput too, for a character typed without a key (é) */
	['keydown', 'beforeinput'].forEach((ev) => document.addEventListener(ev,
	    () => sb.keys.push(performance.now()), true));
	document.addEventListener('DOMContentLoaded', () => {
		const st = document.getElementById('search-status');
		const S = window.SignpostSearch;

		if (st)
			new MutationObserver(() => sb.status.push(performance.now()))
			    .observe(st, { childList: true, characterData: true,
			    subtree: true });
		if (!S || !S.Engine)
			return;
		/* Engine time, for the breakdown: search() and docs(). */
		['search', 'docs'].forEach((m) => {
			const orig = S.Engine.prototype[m];

			S.Engine.prototype[m] = function () {
				const t = performance.now(), run = sb.runs[sb.runs.length - 1];

				return orig.apply(this, arguments).then((r) => {
					if (run)
						run[m] = (run[m] || 0) + performance.now() - t;
					return r;
				});
			};
		});
	});
	/* The Ui exists once search.js has started: wrap its run and its ends. */
	sb.wrap = () => {
		const ui = window.SignpostSearch.ui, end = (name) => {
			const orig = ui[name];

			ui[name] = function () {
				const run = sb.runs[sb.runs.length - 1];

				return Promise.resolve(orig.apply(this, arguments))
				    .then((r) => {
					if (run && !run.end) {
						run.end = performance.now();
						sb.done++;
					}
					return r;
				});
			};
		}, run = ui.run;

		ui.run = function () {
			sb.runs.push({ start: performance.now(),
			    key: sb.keys[sb.keys.length - 1] });
			return run.apply(this, arguments);
		};
		end('page');
		end('filter');
	};
}

function pct(a, p) {
	if (a.length === 0)
		return NaN;
	const s = a.slice().sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

/* Bytes of every file the page has loaded so far (file:// only). */
async function loaded(page) {
	/* Resource Timing lists nothing from file://: read the elements. */
	const urls = await page.evaluate(() => [location.href.split(/[?#]/)[0],
	    ...Array.from(document.querySelectorAll('script[src], ' +
	    'link[rel~=stylesheet][href], link[rel~=icon][href]'))
	    .map((e) => (e.src || e.href).split(/[?#]/)[0]),
	    ...Array.from(document.images).filter((i) => i.complete &&
	    i.naturalWidth).map((i) => i.currentSrc.split(/[?#]/)[0])]);
	let all = 0, index = 0, files = 0;

	for (const u of new Set(urls)) {
		if (!u.startsWith('file://'))
			continue;
		const f = decodeURIComponent(new URL(u).pathname);
		const n = fs.existsSync(f) ? fs.statSync(f).size : 0;

		all += n;
		files++;
		if (f.includes(`${path.sep}assets${path.sep}search${path.sep}`))
			index += n;
	}
	return { all, index, files };
}

async function open(ctx, rel) {
	const page = await ctx.newPage();
	const errors = [];

	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await page.addInitScript(instrument);
	await page.goto('file://' + path.join(OUT, rel));
	await page.waitForFunction(() => window.SignpostSearch &&
	    window.SignpostSearch.ui && window.SignpostSearch.ui.engine,
	    null, { timeout: 60000 });
	/* the start-up run (counts on the directory) is not a keystroke */
	await page.waitForFunction(() => window.SignpostSearch.ui.mode !==
	    'filter' || document.getElementById('search-status').textContent,
	    null, { timeout: 60000 });
	await page.waitForTimeout(200);
	await page.evaluate(() => window.__sb.wrap());
	page.errors = errors;
	return page;
}

/* Press one key (or a key on the focused control), await its run. */
async function press(page, key) {
	const before = await page.evaluate(() => window.__sb.done);

	if (key.length === 1)
		await page.keyboard.type(key);
	else
		await page.keyboard.press(key);
	await page.waitForFunction((n) => window.__sb.done > n, before,
	    { timeout: 30000, polling: 5 });
	return page.evaluate(() => {
		const r = window.__sb.runs[window.__sb.runs.length - 1];

		return { work: r.end - r.start, total: r.end - r.key,
		    search: r.search || 0, docs: r.docs || 0 };
	});
}

/* Type q key by key into #search-q; returns one record per key. */
async function typeQuery(page, q) {
	const out = [];

	await page.focus('#search-q');
	await page.fill('#search-q', '');
	for (const ch of q)
		out.push(await press(page, ch === ' ' ? 'Space' : ch));
	return out;
}

/* Wait until the last run has ended (an empty search box never ends). */
async function idle(page) {
	await page.waitForFunction(() => {
		const r = window.__sb.runs[window.__sb.runs.length - 1];

		return !r || r.end || performance.now() - r.start > 100;
	}, null, { timeout: 30000, polling: 5 });
}

async function clearBox(page) {
	await page.fill('#search-q', '');
	await page.waitForTimeout(150);
	await idle(page);
}

async function measurePage(browser, rel) {
	const cold = [], firstKey = [], warm = [], bytes = [];
	let errors = [];

	/* cold: a fresh browser context (empty caches) per query */
	for (const q of QUERIES) {
		const ctx = await browser.newContext();
		const page = await open(ctx, rel);
		const atOpen = await loaded(page);
		const rec = await typeQuery(page, q);

		firstKey.push(rec[0]);
		cold.push(...rec);
		bytes.push({ q, atOpen, ...(await loaded(page)) });
		errors = errors.concat(page.errors);
		await ctx.close();
	}
	/* warm: one page; every query typed once to load, then measured */
	const ctx = await browser.newContext();
	const page = await open(ctx, rel);

	for (const q of QUERIES) {
		await typeQuery(page, q);
		await clearBox(page);
	}
	for (const q of QUERIES) {
		warm.push(...(await typeQuery(page, q)));
		await clearBox(page);
	}
	errors = errors.concat(page.errors);
	await ctx.close();
	return { cold, firstKey, warm, bytes, errors };
}

async function toggles(browser) {
	const ctx = await browser.newContext();
	const page = await open(ctx, 'services/index.html');
	const boxes = await page.$$eval('#search-form input[type=checkbox]',
	    (a) => a.map((b, i) => (b.id || (b.id = 'sb-box-' + i))));
	const rec = [];

	for (const id of boxes) {
		await page.focus('#' + id);
		await page.waitForTimeout(20);
		await idle(page);
		rec.push(await press(page, 'Space'));
		rec.push(await press(page, 'Space'));
	}
	const errors = page.errors;

	await ctx.close();
	return { rec, errors, n: boxes.length };
}

function row(name, recs, key = 'work') {
	const a = recs.map((r) => r[key]);

	return { name, n: a.length, p50: pct(a, 0.5), p95: pct(a, 0.95),
	    max: Math.max(...a) };
}

function diskBytes() {
	let files = 0, bytes = 0;
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);

			if (e.isDirectory())
				walk(p);
			else if (d.split(path.sep).slice(-2).join('/') ===
			    'assets/search') {
				files++;
				bytes += fs.statSync(p).size;
			}
		}
	};
	walk(OUT);
	return { files, bytes };
}

const kib = (n) => (n / 1024).toFixed(1) + ' KiB';
const ms = (n) => n.toFixed(1).padStart(7);

async function main() {
	if (!fs.existsSync(path.join(OUT, 'search.html')))
		throw new Error(`usage: node bench/search-latency.js BUILT_SITE`);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync',
		    '--allow-file-access-from-files'],
	});
	const t0 = Date.now();
	const search = await measurePage(browser, 'search.html');
	const dir = await measurePage(browser, 'services/index.html');
	const tog = await toggles(browser);

	await browser.close();

	const disk = diskBytes();
	const sb = search.bytes.map((b) => b.index);
	const sa = search.bytes.map((b) => b.all);
	const db = dir.bytes.map((b) => b.index);
	const rows = [
		row('search page, first key (cold)', search.firstKey),
		row('search page, all keys (cold)', search.cold),
		row('search page, all keys (warm)', search.warm),
		row('search page, warm, key to result', search.warm, 'total'),
		row('directory, first key (cold)', dir.firstKey),
		row('directory, all keys (cold)', dir.cold),
		row('directory, all keys (warm)', dir.warm),
		row('directory, warm, key to result', dir.warm, 'total'),
		row('directory, filter toggle', tog.rec),
		row('directory, filter toggle, key to result', tog.rec, 'total'),
	];
	const eng = (recs) => `engine search p50 ${pct(recs.map((r) => r.search),
	    0.5).toFixed(1)} / p95 ${pct(recs.map((r) => r.search), 0.95)
	    .toFixed(1)} ms, docs p95 ${pct(recs.map((r) => r.docs), 0.95)
	    .toFixed(1)} ms`;
	const lines = [];

	if (NOTE)
		lines.push(NOTE);
	lines.push(`index on disk: ${disk.files} files, ${kib(disk.bytes)} ` +
	    `(assets/search of every language)`);
	lines.push(`first query, search page: index bytes loaded median ` +
	    `${kib(pct(sb, 0.5))}, max ${kib(Math.max(...sb))} (` +
	    search.bytes.find((b) => b.index === Math.max(...sb)).q +
	    `); with the page, its CSS and JS: max ${kib(Math.max(...sa))}`);
	lines.push(`first query, directory: index bytes loaded median ` +
	    `${kib(pct(db, 0.5))}, max ${kib(Math.max(...db))}, of which ` +
	    `${kib(dir.bytes[0].atOpen.index)} at page open (manifest and ` +
	    `facets, for the filter counts); the page itself: ` +
	    `${kib(fs.statSync(path.join(OUT, 'services', 'index.html')).size)}`);
	lines.push('');
	lines.push('| measure (ms, in Chromium, file://)            |  keys |     p50 |     p95 |     max |');
	lines.push('|-----------------------------------------------|------:|--------:|--------:|--------:|');
	for (const r of rows)
		lines.push(`| ${r.name.padEnd(45)} | ${String(r.n).padStart(5)} |` +
		    `${ms(r.p50)} |${ms(r.p95)} |${ms(r.max)} |`);
	lines.push('');
	lines.push(`"work": from the run's start (after search.js's 120 ms ` +
	    `debounce) to results shown; "key to result": from keydown, ` +
	    `debounce included; filter toggles (${tog.n} checkboxes, on and ` +
	    `off) run at once, no debounce`);
	lines.push(`search page warm: ${eng(search.warm)}; directory warm: ` +
	    `${eng(dir.warm)}`);
	const p95 = Math.max(pct(search.warm.map((r) => r.work), 0.95),
	    pct(dir.warm.map((r) => r.work), 0.95),
	    pct(tog.rec.map((r) => r.work), 0.95));
	lines.push(`aim p95 < 50 ms per keystroke (work, warm, both pages and ` +
	    `toggles): ${p95 < 50 ? 'met' : 'MISSED'} (worst p95 ${p95.toFixed(1)} ms)`);
	const errors = [...search.errors, ...dir.errors, ...tog.errors];

	lines.push(`${QUERIES.length} queries; ${errors.length} console errors; ` +
	    `${((Date.now() - t0) / 1000).toFixed(0)} s; load average ` +
	    `${require('os').loadavg().map((x) => x.toFixed(2)).join(' ')} ` +
	    `on ${require('os').cpus().length} cores`);
	for (const e of errors.slice(0, 5))
		lines.push('  console: ' + e);
	console.log(lines.join('\n'));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
