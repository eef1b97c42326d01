/* SPDX-License-Identifier: ISC */
/*
 * Signpost search normalisation, the browser twin of generator/normalize.c:
 * folding per script (case, Latin diacritics, Greek tonos and final sigma,
 * Cyrillic yo, Arabic/Persian letter variants, harakat and tatweel),
 * tokens on word boundaries, CJK as overlapping bigrams, plural stemming.
 * Both are checked against tests/search/vectors.json: change them together.
 * Classic script: sets window.SignpostNormalize; under node, module.exports.
 */
(function (root) {
	'use strict';

	var SEP = 0, WORD = 1, CJK = 2, IGNORE = 3;
	var TOKEN_MAX = 48;
	var TO = 0, ADD = 1, EVEN = 2, ODD = 3;

	/* [lo, hi, op, arg]: arg is a string for TO ('' drops), a delta for ADD */
	var folds = [
		[0xAD, 0xAD, TO, ''],
		[0xC0, 0xC5, TO, 'a'], [0xC6, 0xC6, TO, 'ae'], [0xC7, 0xC7, TO, 'c'],
		[0xC8, 0xCB, TO, 'e'], [0xCC, 0xCF, TO, 'i'], [0xD0, 0xD0, TO, 'd'],
		[0xD1, 0xD1, TO, 'n'], [0xD2, 0xD6, TO, 'o'], [0xD8, 0xD8, TO, 'o'],
		[0xD9, 0xDC, TO, 'u'], [0xDD, 0xDD, TO, 'y'], [0xDE, 0xDE, TO, 'th'],
		[0xDF, 0xDF, TO, 'ss'],
		[0xE0, 0xE5, TO, 'a'], [0xE6, 0xE6, TO, 'ae'], [0xE7, 0xE7, TO, 'c'],
		[0xE8, 0xEB, TO, 'e'], [0xEC, 0xEF, TO, 'i'], [0xF0, 0xF0, TO, 'd'],
		[0xF1, 0xF1, TO, 'n'], [0xF2, 0xF6, TO, 'o'], [0xF8, 0xF8, TO, 'o'],
		[0xF9, 0xFC, TO, 'u'], [0xFD, 0xFD, TO, 'y'], [0xFE, 0xFE, TO, 'th'],
		[0xFF, 0xFF, TO, 'y'],
		[0x100, 0x105, TO, 'a'], [0x106, 0x10D, TO, 'c'], [0x10E, 0x111, TO, 'd'],
		[0x112, 0x11B, TO, 'e'], [0x11C, 0x123, TO, 'g'], [0x124, 0x127, TO, 'h'],
		[0x128, 0x131, TO, 'i'], [0x132, 0x133, TO, 'ij'],
		[0x134, 0x135, TO, 'j'], [0x136, 0x138, TO, 'k'], [0x139, 0x142, TO, 'l'],
		[0x143, 0x14B, TO, 'n'], [0x14C, 0x151, TO, 'o'],
		[0x152, 0x153, TO, 'oe'], [0x154, 0x159, TO, 'r'],
		[0x15A, 0x161, TO, 's'], [0x162, 0x167, TO, 't'], [0x168, 0x173, TO, 'u'],
		[0x174, 0x175, TO, 'w'], [0x176, 0x178, TO, 'y'], [0x179, 0x17E, TO, 'z'],
		[0x17F, 0x17F, TO, 's'], [0x180, 0x180, TO, 'b'], [0x191, 0x192, TO, 'f'],
		[0x1A0, 0x1A1, TO, 'o'], [0x1AF, 0x1B0, TO, 'u'], [0x1CD, 0x1CE, TO, 'a'],
		[0x1CF, 0x1D0, TO, 'i'], [0x1D1, 0x1D2, TO, 'o'], [0x1D3, 0x1DC, TO, 'u'],
		[0x218, 0x219, TO, 's'], [0x21A, 0x21B, TO, 't'], [0x2BC, 0x2BC, TO, ''],
		[0x300, 0x36F, TO, ''],
		[0x386, 0x386, TO, '\u03B1'], [0x388, 0x388, TO, '\u03B5'],
		[0x389, 0x389, TO, '\u03B7'], [0x38A, 0x38A, TO, '\u03B9'],
		[0x38C, 0x38C, TO, '\u03BF'], [0x38E, 0x38E, TO, '\u03C5'],
		[0x38F, 0x38F, TO, '\u03C9'], [0x390, 0x390, TO, '\u03B9'],
		[0x391, 0x3A1, ADD, 0x20], [0x3A3, 0x3A9, ADD, 0x20],
		[0x3AA, 0x3AA, TO, '\u03B9'], [0x3AB, 0x3AB, TO, '\u03C5'],
		[0x3AC, 0x3AC, TO, '\u03B1'], [0x3AD, 0x3AD, TO, '\u03B5'],
		[0x3AE, 0x3AE, TO, '\u03B7'], [0x3AF, 0x3AF, TO, '\u03B9'],
		[0x3B0, 0x3B0, TO, '\u03C5'], [0x3C2, 0x3C2, TO, '\u03C3'],
		[0x3CA, 0x3CA, TO, '\u03B9'], [0x3CB, 0x3CB, TO, '\u03C5'],
		[0x3CC, 0x3CC, TO, '\u03BF'], [0x3CD, 0x3CD, TO, '\u03C5'],
		[0x3CE, 0x3CE, TO, '\u03C9'],
		[0x400, 0x401, TO, '\u0435'], [0x402, 0x40F, ADD, 0x50],
		[0x410, 0x42F, ADD, 0x20], [0x450, 0x451, TO, '\u0435'], [0x460, 0x481, EVEN, 0],
		[0x483, 0x489, TO, ''], [0x48A, 0x4BF, EVEN, 0], [0x4C0, 0x4C0, TO, '\u04CF'],
		[0x4C1, 0x4CE, ODD, 0], [0x4D0, 0x52F, EVEN, 0],
		[0x531, 0x556, ADD, 0x30],
		[0x591, 0x5BD, TO, ''], [0x5BF, 0x5BF, TO, ''], [0x5C1, 0x5C2, TO, ''],
		[0x5C4, 0x5C5, TO, ''], [0x5C7, 0x5C7, TO, ''],
		[0x610, 0x61A, TO, ''], [0x622, 0x623, TO, '\u0627'], [0x624, 0x624, TO, '\u0648'],
		[0x625, 0x625, TO, '\u0627'], [0x626, 0x626, TO, '\u064A'],
		[0x629, 0x629, TO, '\u0647'], [0x640, 0x640, TO, ''], [0x649, 0x649, TO, '\u064A'],
		[0x64B, 0x65F, TO, ''], [0x660, 0x669, ADD, 0x30 - 0x660], [0x670, 0x670, TO, ''],
		[0x671, 0x673, TO, '\u0627'], [0x6A9, 0x6AA, TO, '\u0643'],
		[0x6C0, 0x6C2, TO, '\u0647'], [0x6CC, 0x6CD, TO, '\u064A'],
		[0x6D0, 0x6D0, TO, '\u064A'], [0x6D5, 0x6D5, TO, '\u0647'], [0x6D6, 0x6DC, TO, ''],
		[0x6DF, 0x6E4, TO, ''], [0x6E7, 0x6E8, TO, ''], [0x6EA, 0x6ED, TO, ''],
		[0x6F0, 0x6F9, ADD, 0x30 - 0x6F0],
		[0x1AB0, 0x1AFF, TO, ''], [0x1DC0, 0x1DFF, TO, ''], [0x1E00, 0x1E95, EVEN, 0],
		[0x1E9E, 0x1E9E, TO, 'ss'], [0x1EA0, 0x1EFF, EVEN, 0],
		[0x200C, 0x200D, TO, ''], [0x2019, 0x2019, TO, ''], [0x2060, 0x2060, TO, ''],
		[0x20D0, 0x20FF, TO, ''], [0x3099, 0x309C, TO, ''], [0xFE20, 0xFE2F, TO, ''],
		[0xFEFF, 0xFEFF, TO, ''], [0xFF10, 0xFF19, ADD, 0x30 - 0xFF10],
		[0xFF21, 0xFF3A, ADD, 0x61 - 0xFF21], [0xFF41, 0xFF5A, ADD, 0x61 - 0xFF41]
	];

	var classes = [
		[0xC0, 0xD6, WORD], [0xD8, 0xF6, WORD],
		[0xF8, 0x2AF, WORD], [0x370, 0x37D, WORD],
		[0x37F, 0x386, WORD], [0x388, 0x3FF, WORD],
		[0x400, 0x481, WORD], [0x48A, 0x52F, WORD],
		[0x531, 0x587, WORD], [0x5D0, 0x5EA, WORD],
		[0x5F0, 0x5F2, WORD], [0x620, 0x64A, WORD],
		[0x66E, 0x6D3, WORD], [0x6D5, 0x6D5, WORD],
		[0x6EE, 0x6FF, WORD], [0x750, 0x77F, WORD],
		[0x8A0, 0x8FF, WORD], [0x900, 0xFFF, WORD],
		[0x1000, 0x10FF, WORD], [0x1100, 0x11FF, CJK],
		[0x1200, 0x139F, WORD], [0x1E00, 0x1FFF, WORD],
		[0x3005, 0x3007, CJK], [0x3040, 0x3098, CJK],
		[0x309D, 0x309F, CJK], [0x30A1, 0x30FA, CJK],
		[0x30FC, 0x30FF, CJK], [0x3130, 0x318F, CJK],
		[0x31F0, 0x31FF, CJK], [0x3400, 0x4DBF, CJK],
		[0x4E00, 0x9FFF, CJK], [0xAC00, 0xD7AF, CJK],
		[0xF900, 0xFAFF, CJK], [0xFB50, 0xFDFF, WORD],
		[0xFE70, 0xFEFC, WORD], [0xFF66, 0xFF9F, CJK],
		[0x20000, 0x3134F, CJK]
	];

	function search(table, cp) {
		var lo = 0, hi = table.length, mid;

		while (lo < hi) {
			mid = (lo + hi) >> 1;
			if (cp < table[mid][0])
				hi = mid;
			else if (cp > table[mid][1])
				lo = mid + 1;
			else
				return table[mid];
		}
		return null;
	}

	function classify(cp) {
		var r;

		if (cp < 0x80)
			return (cp >= 0x61 && cp <= 0x7A) || (cp >= 0x30 && cp <= 0x39) ?
			    WORD : SEP;
		r = search(classes, cp);
		return r ? r[2] : SEP;
	}

	/* Fold one code point: returns [class, folded string]. */
	function fold(cp) {
		var f, out;

		if (cp < 0x80) {
			if (cp === 0x27)
				return [IGNORE, ''];
			if (cp >= 0x41 && cp <= 0x5A)
				cp += 32;
			return [classify(cp), String.fromCharCode(cp)];
		}
		f = search(folds, cp);
		out = cp;
		if (f) {
			if (f[2] === TO) {
				if (f[3] === '')
					return [IGNORE, ''];
				return [classify(f[3].codePointAt(0)), f[3]];
			}
			if (f[2] === ADD)
				out = cp + f[3];
			else if (f[2] === EVEN)
				out = cp | 1;
			else if (cp & 1)
				out = cp + 1;
		}
		return [classify(out), String.fromCodePoint(out)];
	}

	var AR_PREFIXES = ['\u0648\u0627\u0644', '\u0628\u0627\u0644',
	    '\u0643\u0627\u0644', '\u0641\u0627\u0644', '\u0644\u0644',
	    '\u0627\u0644'];

	/* Arabic article and fused particles, when three letters remain. */
	function stemArabic(t) {
		var i, p;

		for (i = 0; i < AR_PREFIXES.length; i++) {
			p = AR_PREFIXES[i];
			if (t.length <= p.length || t.lastIndexOf(p, 0) !== 0)
				continue;
			return Array.from(t.slice(p.length)).length < 3 ? t :
			    t.slice(p.length);
		}
		return t;
	}

	function stem(t) {
		var n = t.length, c = t.charCodeAt(0);

		if (c >= 0x600 && c <= 0x6FF)
			return stemArabic(t);

		if (n < 4 || !/^[a-z]+$/.test(t))
			return t;
		if (n >= 5 && /ies$/.test(t))
			return t.slice(0, n - 3) + 'y';
		if (/sses$/.test(t))
			return t.slice(0, n - 2);
		if (/(ss|us|is)$/.test(t))
			return t;
		if (t.charAt(n - 1) === 's')
			return t.slice(0, n - 1);
		return t;
	}

	/*
	 * Folded tokens of a string, in order.  With doStem (default true) the
	 * plural rule is applied.  Lone surrogates separate words.
	 */
	function tokens(s, doStem) {
		var out = [], word = '', ncp = 0, prev = '', run = 0;
		var ch, r, k, parts;

		if (doStem === undefined)
			doStem = true;
		function flush() {
			if (word !== '')
				out.push(doStem ? stem(word) : word);
			else if (run === 1)
				out.push(prev);
			word = '';
			ncp = 0;
			run = 0;
		}
		for (ch of String(s)) {
			r = fold(ch.codePointAt(0));
			if (r[0] === IGNORE)
				continue;
			if (r[0] === SEP) {
				flush();
				continue;
			}
			if (r[0] === CJK) {
				if (word !== '')
					flush();
				if (run > 0)
					out.push(prev + r[1]);
				prev = r[1];
				run++;
				continue;
			}
			if (run > 0)
				flush();
			parts = Array.from(r[1]);
			for (k = 0; k < parts.length && ncp < TOKEN_MAX; k++) {
				word += parts[k];
				ncp++;
			}
		}
		flush();
		return out;
	}

	/* Whether a token is CJK (bigram or single character). */
	function isCjk(t) {
		var cp = t.codePointAt(0);

		return cp !== undefined && classify(cp) === CJK;
	}

	var api = { tokens: tokens, stem: stem, fold: fold, isCjk: isCjk };
	if (typeof module !== 'undefined' && module.exports)
		module.exports = api;
	else
		root.SignpostNormalize = api;
})(typeof window !== 'undefined' ? window : this);
