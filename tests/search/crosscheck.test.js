/* SPDX-License-Identifier: ISC */
/*
 * The C and JS normalisers agree on random text drawn from every script
 * they treat specially (needs build/unit-tests; tests/search/run builds it).
 */
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const N = require('../../templates/assets/js/normalize.js');

const bin = path.join(__dirname, '..', '..', process.env.B || 'build', 'unit-tests');
const ranges = [[0x20, 0x7e], [0xa0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff],
    [0x400, 0x52f], [0x590, 0x5ff], [0x600, 0x6ff], [0x750, 0x77f],
    [0x900, 0x97f], [0x1e00, 0x1fff], [0x2000, 0x206f], [0x3000, 0x30ff],
    [0x4e00, 0x4eff], [0xac00, 0xacff], [0xfb50, 0xfeff], [0xff00, 0xffef],
    [0x1f600, 0x1f64f], [0x20000, 0x200ff]];

test('C and JS tokenise random text alike', { skip: !fs.existsSync(bin) }, () => {
	let seed = 42;
	const rnd = (n) => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const lines = [];
	for (let i = 0; i < 3000; i++) {
		let s = '';
		const len = 1 + rnd(30);
		for (let k = 0; k < len; k++) {
			const r = rnd(4) === 0 ? ranges[0] : ranges[rnd(ranges.length)];
			let cp = r[0] + rnd(r[1] - r[0] + 1);
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0x20;
			s += String.fromCodePoint(cp);
		}
		lines.push(s.replace(/[\n\r]/g, ' '));
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-norm-'));
	const inp = path.join(dir, 'in.txt'), out = path.join(dir, 'out.txt');
	fs.writeFileSync(inp, lines.join('\n') + '\n');
	execFileSync(bin, ['normalize_dump'], {
		env: Object.assign({}, process.env, { SIGNPOST_NORM_DUMP: inp + ':' + out }),
		stdio: 'ignore'
	});
	const got = fs.readFileSync(out, 'utf8').split('\n');
	let bad = 0;
	for (let i = 0; i < lines.length; i++) {
		const js = N.tokens(lines[i]).join('|');
		if (js !== got[i] && bad++ < 5)
			assert.fail(`line ${i} ${JSON.stringify(lines[i])}\n C: ${got[i]}\nJS: ${js}`);
	}
	fs.rmSync(dir, { recursive: true });
});
