// The example site read from file:// and over http under a sub-folder.
'use strict';
const { ROOT, SCREENSHOTS, build, serve, watch, fileUrl, test, assert } = require('./lib');
const path = require('path');

let out;
function site() {
	if (!out)
		out = build(ROOT, 'example');
	return out;
}

async function walkNav(page, w) {
	const labels = await page.$$eval('.site-nav a', (as) => as.map((a) => a.textContent.trim()));
	assert(labels.length >= 3, `menu has ${labels.length} links`);
	for (const label of labels) {
		await page.click(`.site-nav a:text-is("${label}")`);
		await page.waitForLoadState('load');
		const h1 = await page.$eval('h1', (e) => e.textContent);
		assert(h1.length > 0, `no h1 after following ${label}`);
		const current = await page.$eval('.site-nav a[aria-current="page"]',
		    (e) => e.textContent.trim()).catch(() => null);
		assert(current === label, `${label}: aria-current is on ${current}`);
	}
	w.assertClean();
}

test('file:// navigation reaches every menu page with no console errors', async ({ context }) => {
	const page = await context.newPage();
	const w = watch(page);
	await page.goto(fileUrl(site()));
	await walkNav(page, w);
	await page.screenshot({ path: path.join(SCREENSHOTS, 'home-file.png') });
});

test('http:// under a sub-folder: the same navigation works', async ({ context }) => {
	const srv = await serve(site(), 'campaign/2026');
	try {
		const page = await context.newPage();
		const w = watch(page);
		await page.goto(srv.url + 'index.html');
		await walkNav(page, w);
		const css = await page.$eval('body', (b) => getComputedStyle(b).backgroundColor);
		assert(css !== 'rgba(0, 0, 0, 0)', 'the stylesheet did not apply');
	} finally {
		await srv.close();
	}
});
