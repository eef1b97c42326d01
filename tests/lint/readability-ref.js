// SPDX-License-Identifier: ISC
// Recompute the reference readability of tests/lint/readability/*.txt with
// npm text-readability (installed in tests/node_modules) and compare it with
// our values, which the unit test dumps as JSON:
//
//   SIGNPOST_READABILITY_OUT=/tmp/ours.json ./build/unit-tests readability_ref
//   node tests/lint/readability-ref.js /tmp/ours.json
//
// Our Flesch-Kincaid grade must be within 0.5 of the grade that the
// reference's own word, sentence and syllable counts give (the library's
// fleschKincaidGrade rounds its averages first; that difference is printed
// too).  Texts marked `known:` in expected.yml are shown but not judged.
// Exits 0 and says so when text-readability is not installed.
// Only dynamic import() is used, so the file runs as CommonJS or as a module.

async function main() {
	const fs = await import('node:fs');
	const path = await import('node:path');
	const url = await import('node:url');
	const here = path.dirname(path.resolve(process.argv[1]));
	const dir = path.join(here, 'readability');
	const lib = path.join(here, '..', 'node_modules', 'text-readability',
	    'main.js');
	const oursPath = process.argv[2] || process.env.SIGNPOST_READABILITY_OUT;

	if (!fs.existsSync(lib)) {
		console.log('readability-ref: skipped, text-readability is not ' +
		    'installed in tests/node_modules');
		return 0;
	}
	if (!oursPath || !fs.existsSync(oursPath)) {
		console.error('usage: node readability-ref.js OURS.json ' +
		    '(from SIGNPOST_READABILITY_OUT)');
		return 2;
	}
	const rs = (await import(url.pathToFileURL(lib).href)).default;
	const ours = JSON.parse(fs.readFileSync(oursPath, 'utf8'));
	const expected = fs.readFileSync(path.join(dir, 'expected.yml'), 'utf8');
	let failed = 0, worst = 0, worstRounded = 0, n = 0;

	for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.txt')).sort()) {
		const t = fs.readFileSync(path.join(dir, f), 'utf8');
		const W = rs.lexiconCount(t), S = rs.sentenceCount(t);
		const Sy = rs.syllableCount(t);
		const raw = 0.39 * W / S + 11.8 * Sy / W - 15.59;
		const rounded = rs.fleschKincaidGrade(t);
		const line = expected.split('\n').find(l => l.startsWith(f + ':'));
		const known = line && /\bknown:/.test(line);
		const o = ours[f];

		if (!o) {
			console.log(`${f}: missing from ${oursPath}`);
			failed++;
			continue;
		}
		const d = Math.abs(o.fk - raw), dr = Math.abs(o.fk - rounded);
		const ok = known || d <= 0.5;
		console.log(`${ok ? 'ok  ' : 'FAIL'} ${f.padEnd(24)} ours ` +
		    `${o.fk.toFixed(2)} ref ${raw.toFixed(2)} (rounded ` +
		    `${rounded}) words ${o.words}/${W} sentences ` +
		    `${o.sentences}/${S} syllables ${o.syllables}/${Sy}` +
		    (known ? ' [known difference]' : ''));
		if (!known) {
			n++;
			worst = Math.max(worst, d);
			worstRounded = Math.max(worstRounded, dr);
		}
		if (!ok)
			failed++;
	}
	console.log(`readability-ref: ${n} texts judged, largest difference ` +
	    `${worst.toFixed(2)} (${worstRounded.toFixed(2)} from the rounded ` +
	    `grade), ${failed} failed`);
	return failed ? 1 : 0;
}

main().then(code => { process.exitCode = code; },
    err => { console.error(err); process.exitCode = 2; });
