// The offline cache: served over http on 127.0.0.1 the site registers its
// service worker, which keeps every page; with the context offline a
// service page and the search still open.  From file:// nothing registers.
'use strict';
const { ROOT, build, serve, watch, fileUrl, test, assert } = require('./lib');
const fs = require('fs');
const path = require('path');

let out;
function site() {
	if (!out)
		out = build(ROOT, 'offline');
	return out;
}

test('offline: after one visit over http, a service page and the search open with no signal', async ({ context }) => {
	const srv = await serve(site(), 'campaign');
	try {
		const page = await context.newPage();
		const w = watch(page);
		await page.goto(srv.url + 'index.html');
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null,
		    null, { timeout: 15000 });
		const manifest = await page.$eval('link[rel="manifest"]', (l) => l.href);
		assert(manifest.endsWith('/campaign/manifest.webmanifest'), manifest);
		w.assertClean();

		await context.setOffline(true);
		const svc = fs.readdirSync(path.join(site(), 'services'))
		    .find((f) => f.endsWith('.html') && f !== 'index.html');
		let r = await page.goto(srv.url + 'services/' + svc);
		assert(r.fromServiceWorker(), 'the service page did not come from the cache');
		const h1 = await page.$eval('h1', (e) => e.textContent.trim());
		assert(h1.length > 0, 'the service page has no h1');
		const css = await page.$eval('body', (b) => getComputedStyle(b).backgroundColor);
		assert(css !== 'rgba(0, 0, 0, 0)', 'the stylesheet did not load offline');

		r = await page.goto(srv.url + 'search.html?q=peer');
		assert(r.fromServiceWorker(), 'the search page did not come from the cache');
		await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0,
		    null, { timeout: 10000 });
		const n = await page.$$eval('#search-results li', (l) => l.length);
		assert(n > 0, 'no search results offline');
	} finally {
		await context.setOffline(false);
		await srv.close();
	}
});

test('file://: no service worker and no manifest, and no console errors', async ({ context }) => {
	const page = await context.newPage();
	const w = watch(page);
	await page.goto(fileUrl(site()));
	await page.waitForLoadState('load');
	assert(await page.$('link[rel="manifest"]') === null, 'a manifest was added on file://');
	const regs = await page.evaluate(() => navigator.serviceWorker ?
	    navigator.serviceWorker.getRegistrations().then((r) => r.length, () => 0) : 0);
	assert(regs === 0, `${regs} service workers registered on file://`);
	w.assertClean();
});
