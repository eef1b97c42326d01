// SPDX-License-Identifier: ISC
// Run by bench/alex-compare: reads our findings per corpus sentence (the
// unit test's SIGNPOST_CORPUS_OUT dump), runs alex on each sentence and
// prints what each tool finds that the other misses.  Pass "-v" to list
// every sentence.
import {text} from 'alex';
import fs from 'node:fs';

// alex also checks gendered and other language outside our scope; its
// messages about these words are left out of the comparison.
const gendered = new Set(['he', 'she', 'his', 'her', 'him', 'hers',
    'himself', 'herself', 'man', 'woman', 'men', 'women', 'boy', 'girl',
    'boys', 'girls', 'brother', 'sister', 'mother', 'father', 'wife',
    'husband', 'son', 'daughter', 'uncle', 'aunt', 'grandfather',
    'grandmother', 'kids', 'landlord', 'chairman', 'postman', 'madman',
    'fireman', 'policeman', 'mankind', 'guys', 'ladies', 'gentlemen',
    'family', 'dad', 'mum', 'mom', 'neighbour', 'ex']);

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const verbose = process.argv[3] === '-v';
const sents = [];
for (const l of lines) {
	const f = l.split('\t');
	if (f[1] === 'S')
		sents[+f[0]] = {text: f[2], want: f[3] ? f[3].split(',') : [],
		    kind: f[4], ours: [], alex: [], profane: []};
	else if (f[1] === 'F')
		sents[+f[0]].ours.push(f[3]);
}

for (const s of sents) {
	for (const m of text(s.text).messages) {
		const actual = String(m.actual || '').toLowerCase();
		if (m.source === 'retext-profanities')
			s.profane.push(actual);
		else if (!gendered.has(actual))
			s.alex.push(`${actual} (${m.ruleId})`);
	}
}

function score(name, flagged) {
	let tp = 0, fp = 0, fn = 0;
	for (const s of sents) {
		const want = s.want.length > 0, got = flagged(s);
		tp += want && got; fp += !want && got; fn += want && !got;
	}
	const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1);
	console.log(`${name.padEnd(22)} tp ${tp} fp ${fp} fn ${fn} ` +
	    `precision ${p.toFixed(3)} recall ${r.toFixed(3)}`);
}

const oursOnly = [], alexOnly = [], both = [];
for (const s of sents) {
	const o = s.ours.length > 0, a = s.alex.length > 0;
	const label = s.want.length ? s.want.join(',') : `none/${s.kind}`;
	const row = `  [${label}] ${s.text}\n      ours: ${s.ours.join('; ') ||
	    '-'}   alex: ${s.alex.join('; ') || '-'}`;
	if (o && !a) oursOnly.push(row);
	else if (a && !o) alexOnly.push(row);
	else if (verbose) both.push(row);
}
console.log(`corpus: ${sents.length} sentences, ` +
    `${sents.filter(s => s.want.length).length} labelled with a category`);
score('signpost', s => s.ours.length > 0);
score('alex (equality)', s => s.alex.length > 0);
score('alex (+profanities)', s => s.alex.length + s.profane.length > 0);
console.log(`\nflagged by signpost, not by alex (${oursOnly.length}):`);
console.log(oursOnly.join('\n'));
console.log(`\nflagged by alex, not by signpost (${alexOnly.length}):`);
console.log(alexOnly.join('\n'));
if (verbose) {
	console.log(`\nsame verdict (${both.length}):`);
	console.log(both.join('\n'));
}
