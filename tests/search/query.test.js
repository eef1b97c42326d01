/* SPDX-License-Identifier: ISC */
/*
 * Queries against the fixture index that tests/unit/test_searchidx.c
 * writes (tests/search/run builds it), once as one file, once sharded.
 * Documents: 0 peer groups, 1 counselling, 2 cafe page, 3 riverside peer
 * service, 4 hillside counselling service, 5 youth cafe service, 6 Arabic,
 * 7 Chinese, 8 anxiety, 9 carers line service.
 */
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { open, fixtureDir, S } = require('./helpers.js');

const sorted = (a) => a.slice().sort((x, y) => x - y);

for (const mode of ['single', 'sharded']) {
	const dir = path.join(fixtureDir(), mode);
	const q = async (text, filters, extra) => {
		const { engine } = open(dir);
		return engine.search(Object.assign({ q: text, filters: filters || {} },
		    extra || {}));
	};

	test(`${mode}: exact word, title ranks first`, async () => {
		const r = await q('anxiety');
		assert.deepStrictEqual(sorted(r.ids), [1, 4, 8]);
		assert.strictEqual(r.ids[0], 8);
	});
	test(`${mode}: prefix "counsel"`, async () => {
		assert.deepStrictEqual(sorted((await q('counsel')).ids), [1, 4]);
	});
	test(`${mode}: plural "groups" and singular "group"`, async () => {
		assert.deepStrictEqual(sorted((await q('groups')).ids), [0, 3]);
		assert.deepStrictEqual(sorted((await q('Group')).ids), [0, 3]);
	});
	test(`${mode}: typo "councelling"`, async () => {
		assert.deepStrictEqual(sorted((await q('councelling')).ids), [1, 4]);
	});
	test(`${mode}: typo "anxeity"`, async () => {
		assert.deepStrictEqual(sorted((await q('anxeity')).ids), [1, 4, 8]);
	});
	test(`${mode}: no typo for short words`, async () => {
		assert.deepStrictEqual((await q('grop')).ids, []);
	});
	test(`${mode}: accented "café" and plain "cafe"`, async () => {
		assert.deepStrictEqual(sorted((await q('café')).ids), [2, 5]);
		assert.deepStrictEqual(sorted((await q('CAFE')).ids), [2, 5]);
	});
	test(`${mode}: several words are all required`, async () => {
		assert.deepStrictEqual((await q('youth cafe')).ids, [5]);
		assert.deepStrictEqual((await q('cafe zebra')).ids, []);
	});
	test(`${mode}: Arabic with and without harakat`, async () => {
		assert.deepStrictEqual((await q('الصحة')).ids, [6]);
		assert.deepStrictEqual((await q('مساعدة')).ids, [6]);
		assert.deepStrictEqual((await q('أمل')).ids, [6]);
		assert.deepStrictEqual((await q('صحة')).ids, [6]);
		assert.deepStrictEqual((await q('للصحة')).ids, [6]);
	});
	test(`${mode}: Chinese without spaces`, async () => {
		assert.deepStrictEqual((await q('健康')).ids, [7]);
		assert.deepStrictEqual((await q('心理健康')).ids, [7]);
		assert.deepStrictEqual((await q('心')).ids, [7]);
	});
	test(`${mode}: category filter alone, in filter mode`, async () => {
		const r = await q('', { category: ['peer-support'] }, { mode: 'filter' });
		assert.deepStrictEqual(r.ids, [3]);
		assert.strictEqual(r.counts.category.counselling, 1);
		assert.strictEqual(r.counts.category['peer-support'], 1);
	});
	test(`${mode}: filters combine with text, counts per value`, async () => {
		const r = await q('', { free: true }, { mode: 'filter', facets: true });
		assert.deepStrictEqual(sorted(r.ids), [3, 5, 9]);
		assert.strictEqual(r.counts.free['1'], 3);
		assert.strictEqual(r.counts.category.counselling, undefined);
		assert.strictEqual(r.counts.town.Riverside, 2);
		assert.strictEqual(r.counts.language.ar, 1);
		const t = await q('drop', { town: ['Riverside'], access: ['drop-in'] });
		assert.deepStrictEqual(sorted(t.ids), [3, 5]);
		const l = await q('', { language: ['ar'] });
		assert.deepStrictEqual(l.ids, [5]);
		const a = await q('', { access: ['self-referral'], town: ['Hillside'] });
		assert.deepStrictEqual(a.ids, [9]);
	});
	test(`${mode}: type filter and counts`, async () => {
		const r = await q('counselling', { type: ['service'] });
		assert.deepStrictEqual(r.ids, [4]);
		assert.strictEqual(r.counts.type.article, 1);
		assert.strictEqual(r.counts.type.service, 1);
	});
	test(`${mode}: open now against hours and time zone`, async () => {
		/* Tuesday 10 March 2026, 18:30 in London, 03:30 Wednesday in Tokyo */
		let r = await q('', { open: true }, { now: new Date('2026-03-10T18:30:00Z') });
		assert.deepStrictEqual(sorted(r.ids), [3, 4, 9]);
		assert.strictEqual(r.counts.open.now, 3);
		/* 11:00 Tuesday in Tokyo, 02:00 in London */
		r = await q('', { open: true }, { now: new Date('2026-03-10T02:00:00Z') });
		assert.deepStrictEqual(sorted(r.ids), [4, 5, 9]);
		r = await q('cafe', { open: true }, { now: new Date('2026-03-10T02:00:00Z') });
		assert.deepStrictEqual(r.ids, [5]);
	});
	test(`${mode}: documents for display`, async () => {
		const { engine } = open(dir);
		const d = await engine.docs([3, 2]);
		assert.strictEqual(d[0].url, 'services/riverside-peer.html');
		assert.strictEqual(d[0].kind, 'service');
		assert.strictEqual(d[1].title, 'The Café');
	});
}

test('sharded: a query loads only the shards it needs', async () => {
	const { engine, loaded } = open(path.join(fixtureDir(), 'sharded'));
	const total = engine.m.shards.length;
	await engine.search({ q: 'counsel' });
	const p = loaded.filter((l) => /^p\d+$/.test(l.name));
	assert.ok(total > 5);
	assert.ok(p.length >= 1 && p.length <= 2, JSON.stringify(loaded));
	assert.ok(!loaded.some((l) => l.name === 'f'));
});

test('open hours: overnight rules and date ranges', () => {
	const h = { timezone: 'UTC', rules: [
		{ days: ['fr'], opens: '22:00', closes: '02:00', overnight: true },
		{ days: ['mo'], opens: '09:00', closes: '10:00', from: '2026-01-01', to: '2026-01-31' }] };
	/* 2026-03-13 is a Friday */
	assert.ok(S.openAt(h, new Date('2026-03-13T23:00:00Z')));
	assert.ok(S.openAt(h, new Date('2026-03-14T01:00:00Z')));
	assert.ok(!S.openAt(h, new Date('2026-03-14T03:00:00Z')));
	assert.ok(S.openAt(h, new Date('2026-01-05T09:30:00Z')));
	assert.ok(!S.openAt(h, new Date('2026-03-09T09:30:00Z')));
	assert.ok(!S.openAt({ timezone: 'Not/AZone', rules: h.rules }, new Date()));
});

test('edit distance one', () => {
	assert.ok(S.within1('councelling', 'counselling'));
	assert.ok(S.within1('anxeity', 'anxiety'));
	assert.ok(S.within1('anxity', 'anxiety'));
	assert.ok(S.within1('anxiiety', 'anxiety'));
	assert.ok(!S.within1('anxiety', 'anxiety'));
	assert.ok(!S.within1('axeity', 'anxiety'));
});
