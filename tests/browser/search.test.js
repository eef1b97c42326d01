// Offline search and the directory's filters, from file:// and over http
// under a sub-folder, by mouse and by keyboard alone.
'use strict';
const path = require('path');
const { ROOT, build, serve, watch, fileUrl, test, assert } = require('./lib');

let example, multi;
const site = () => example || (example = build(ROOT, 'search-example'));
const multiSite = () => multi || (multi = build(path.join(ROOT, 'tests/sites/multi'), 'search-multi'));

async function status(page) {
	await page.waitForFunction(() => {
		const s = document.getElementById('search-status');
		return s && s.textContent.trim().length > 0;
	});
	return page.$eval('#search-status', (e) => e.textContent.trim());
}

async function results(page) {
	return page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
}

async function query(page, base, q) {
	await page.goto(`${base}search.html?q=${encodeURIComponent(q)}`);
	const s = await status(page);
	return { status: s, hrefs: await results(page) };
}

const cases = [
	['exact', 'counselling', 'services/community-counselling-riverside.html'],
	['prefix', 'counsel', 'services/community-counselling-riverside.html'],
	['plural', 'groups', 'services/open-door-peer-group.html'],
	['typo', 'councelling', 'services/community-counselling-riverside.html'],
	['typo', 'allotmnet', 'services/green-hands-allotment.html'],
];

for (const [where, base] of [['file://', () => `file://${site()}/`], ['http sub-folder', null]]) {
	test(`search from ${where}: exact, prefix, plural and typo queries`, async ({ context }) => {
		let srv = null, url;
		if (base)
			url = base();
		else {
			srv = await serve(site(), 'groups/riverside');
			url = srv.url;
		}
		try {
			const page = await context.newPage();
			const w = watch(page);
			for (const [kind, q, want] of cases) {
				const r = await query(page, url, q);
				assert(/\d+ results? match/.test(r.status), `${kind} '${q}': status '${r.status}'`);
				assert(r.hrefs.includes(want), `${kind} '${q}': ${want} not in ${r.hrefs.join(' ')}`);
			}
			const none = await query(page, url, 'zzqxv');
			assert(/Nothing matches/.test(none.status), none.status);
			w.assertClean();
		} finally {
			if (srv) await srv.close();
		}
	});
}

test('directory filters: counts, URL state, back button, from file://', async ({ context }) => {
	const page = await context.newPage();
	const w = watch(page);
	await page.goto(fileUrl(site(), 'services/index.html'));
	const all = await status(page);
	const total = parseInt(all, 10);
	assert(total >= 15, `directory shows ${all}`);
	await page.check('input[name="free"]');
	await page.waitForFunction((t) => parseInt(document.getElementById('search-status').textContent, 10) < t, total);
	const free = parseInt(await status(page), 10);
	assert(/free=1/.test(page.url()), page.url());
	const shown = await page.$$eval('[data-search-url]', (els) => els.filter((e) => !e.hidden).length);
	const countText = await page.$eval('input[name="free"] ~ [data-search-count]', (e) => e.textContent);
	assert(countText.includes(String(free)), `free count ${countText} vs ${free}`);
	assert(shown >= free, `${shown} visible items for ${free} services`);
	await page.check('input[name="category"][value="peer-support"]');
	await page.waitForFunction((f) => parseInt(document.getElementById('search-status').textContent, 10) < f, free);
	assert(/category=peer-support/.test(page.url()), page.url());
	await page.goBack();
	await page.waitForFunction((f) => parseInt(document.getElementById('search-status').textContent, 10) === f, free);
	assert(!(await page.isChecked('input[name="category"][value="peer-support"]')), 'back did not restore');
	w.assertClean();
});

test('keyboard only: header search, results, first result', async ({ context }) => {
	const page = await context.newPage();
	const w = watch(page);
	await page.goto(fileUrl(site()));
	// Tab from the top of the page until the header search box has focus.
	for (let i = 0; i < 10; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(() => document.activeElement.id === 'site-search-q'))
			break;
	}
	assert(await page.evaluate(() => document.activeElement.id === 'site-search-q'), 'search box not reached by Tab');
	await page.keyboard.type('peer support');
	await page.keyboard.press('Enter');
	await page.waitForURL(/search\.html\?q=peer/);
	const s = await status(page);
	assert(/\d+ results? match/.test(s), s);
	const live = await page.$eval('#search-status', (e) => e.getAttribute('aria-live'));
	assert(live === 'polite', `live region is ${live}`);
	// The results list is not itself a live region.
	assert(await page.$eval('#search-results', (e) => !e.hasAttribute('aria-live')), 'results list announces');
	await page.focus('#search-q');
	let reached = false;
	for (let i = 0; i < 20 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await page.evaluate(() => !!document.activeElement.closest('#search-results'));
	}
	assert(reached, 'no result reachable by Tab');
	await Promise.all([
		page.waitForURL((u) => !/search\.html/.test(String(u)), { timeout: 5000 }),
		page.keyboard.press('Enter'),
	]);
	w.assertClean();
});

test('search per language: accented Polish, Arabic and Chinese from file://', async ({ context }) => {
	const page = await context.newPage();
	const w = watch(page);
	const out = multiSite();
	for (const [lang, q, want] of [
		['pl/', 'rówieśnicze', 'articles/wsparcie-rowiesnicze.html'],
		['pl/', 'rowiesnicze', 'articles/wsparcie-rowiesnicze.html'],
		['ar/', 'الدعم', 'about.html'],
		['ar/', 'دعم', 'about.html'],
		['zh/', '健康', 'articles/peer-support.html'],
		['', 'peer', 'articles/peer-support.html'],
	]) {
		const r = await query(page, `file://${out}/${lang}`, q);
		assert(r.hrefs.includes(want), `${lang}'${q}': ${want} not in [${r.hrefs.join(' ')}] (${r.status})`);
	}
	// Each language searches its own index: English words are not in Polish.
	const r = await query(page, `file://${out}/pl/`, 'peer');
	assert(!r.hrefs.some((h) => h.includes('peer-support')), `pl found ${r.hrefs}`);
	w.assertClean();
});

test('without JavaScript the search page says so and links to the directory', async ({ browser }) => {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await ctx.newPage();
		await page.goto(fileUrl(site(), 'search.html'));
		const text = await page.$eval('[data-search-nojs]', (e) => e.textContent);
		assert(/needs JavaScript/.test(text), text);
		assert(await page.$('[data-search-nojs] a[href="services/index.html"]'), 'no directory link');
		await page.goto(fileUrl(site(), 'services/index.html'));
		const items = await page.$$eval('[data-search-url]', (els) => els.filter((e) => e.offsetParent !== null).length);
		assert(items >= 15, `directory lists ${items} services without JS`);
	} finally {
		await ctx.close();
	}
});
