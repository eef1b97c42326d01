/* SPDX-License-Identifier: ISC */
/*
 * Bytes a first query loads (a fresh engine per query, as on a page that
 * has just opened) and warm query latency in node, over the index that
 * bench/search_bench wrote.  Usage: node bench/search-first-query.js dir
 */
'use strict';
const { open } = require('../tests/search/helpers.js');

const dir = process.argv[2];
const queries = ['counselling', 'peer support groups', 'counsel', 'anxeity',
    'councelling', 'mental health', 'cafe', 'young people school', 'grief',
    'recovery wellbeing', 'sleep', 'the'];

async function main() {
	const rows = [];
	for (const q of queries) {
		const { engine, loaded } = open(dir);
		const r = await engine.search({ q });
		await engine.docs(r.ids.slice(0, 20));
		const bytes = loaded.reduce((a, l) => a + l.bytes, 0);
		rows.push({ q, hits: r.ids.length, files: loaded.length, bytes });
	}
	for (const r of rows)
		console.log(`first query ${JSON.stringify(r.q).padEnd(24)} ` +
		    `${String(r.hits).padStart(6)} hits ${String(r.files).padStart(3)} files ` +
		    `${(r.bytes / 1024).toFixed(1).padStart(7)} KiB`);
	const max = Math.max(...rows.map((r) => r.bytes));
	console.log(`first query max  ${(max / 1024).toFixed(1)} KiB (manifest + vocabulary + postings + 20 result titles)`);
	{
		const { engine, loaded } = open(dir);
		await engine.search({ q: '', filters: { free: true }, mode: 'filter', facets: true });
		const bytes = loaded.reduce((a, l) => a + l.bytes, 0);
		console.log(`directory filter first use ${(bytes / 1024).toFixed(1)} KiB (manifest + facets)`);
	}
	/* warm latency: every prefix of each query, as typed */
	const { engine } = open(dir);
	const times = [];
	for (const q of queries)
		for (let i = 1; i <= q.length; i++) {
			const t = process.hrtime.bigint();
			const r = await engine.search({ q: q.slice(0, i) });
			await engine.docs(r.ids.slice(0, 20));
			times.push(Number(process.hrtime.bigint() - t) / 1e6);
		}
	times.sort((a, b) => a - b);
	const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
	console.log(`keystroke latency (node, warm) p50 ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms over ${times.length} keystrokes`);
}
main().catch((e) => { console.error(e); process.exit(1); });
