// signpost serve with a real browser: a saved edit reloads the page, a
// broken edit shows the error overlay while the last good page stays
// served, and the next good save clears it.
'use strict';
const { ROOT, SCREENSHOTS, test, assert } = require('./lib');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function binary() {
	if (process.env.SIGNPOST)
		return process.env.SIGNPOST;
	for (const b of ['signpost', 'build-test/signpost', 'build/signpost'])
		if (fs.existsSync(path.join(ROOT, b)))
			return path.join(ROOT, b);
	throw new Error('no signpost binary: run make');
}

// Serve a temporary copy of tests/sites/basic; resolves to the server.
function startServe() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-live-'));
	const src = path.join(work, 'site');
	fs.cpSync(path.join(ROOT, 'tests', 'sites', 'basic'), src, { recursive: true });
	const child = spawn(binary(), ['serve', '--port', '0', '--source', src], {
		env: { ...process.env, SIGNPOST_HOME: ROOT, NO_COLOR: '1', TMPDIR: work },
	});
	const s = { child, work, src, out: '', err: '' };
	child.stdout.on('data', (d) => { s.out += d; });
	child.stderr.on('data', (d) => { s.err += d; });
	s.exited = new Promise((r) => child.on('exit', (code) => r(code)));
	s.stop = async () => {
		child.kill('SIGTERM');
		const code = await s.exited;
		fs.rmSync(work, { recursive: true, force: true });
		return code;
	};
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const poll = () => {
			const m = /Serving at (http:\/\/\S+)/.exec(s.out);
			if (m) {
				s.url = m[1];
				resolve(s);
			} else if (child.exitCode !== null || Date.now() - t0 > 20000)
				reject(new Error(`serve did not start:\n${s.err}`));
			else
				setTimeout(poll, 20);
		};
		poll();
	});
}

// Open url and wait until its event stream is connected.
async function openLive(page, url) {
	const events = page.waitForResponse((r) => r.url().includes('/__signpost/events'));
	await page.goto(url);
	await events;
}

test('serve: an edit reloads the page; a broken edit shows the overlay; a fix clears it', async ({ context }) => {
	const s = await startServe();
	const article = path.join(s.src, 'content', 'articles', 'first.md');
	const original = fs.readFileSync(article, 'utf8');
	try {
		const page = await context.newPage();
		const csp = [];
		page.on('console', (m) => {
			if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
				csp.push(m.text());
		});
		await openLive(page, s.url + 'articles/first.html');
		assert(await page.$('script[src^="/__signpost/reload.js?v="]'), 'no reload script');

		// 1. A good edit: the page reloads by itself with the change.
		let reloaded = page.waitForEvent('load');
		let live = page.waitForResponse((r) => r.url().includes('/__signpost/events'));
		fs.writeFileSync(article, original.replace('# Heading one',
		    '# Heading one\n\nEdited while the browser watched.'));
		await reloaded;
		await live;
		await page.waitForSelector('text=Edited while the browser watched.', { timeout: 5000 });

		// 2. A broken edit (a date that does not exist): the overlay shows
		// the error with file:line:col, and the old page stays served.
		fs.writeFileSync(article, original.replace('date: 2026-02-01', 'date: 2026-02-31')
		    .replace('# Heading one', '# Heading one\n\nThis text must not appear.'));
		const box = await page.waitForSelector('#signpost-errors', { timeout: 5000 });
		const text = await box.textContent();
		assert(/content\/articles\/first\.md:3:7: error: .*date/.test(text), `overlay says: ${text}`);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'serve-overlay.png') });
		const again = await context.request.get(s.url + 'articles/first.html');
		const body = await again.text();
		assert(again.status() === 200, `status ${again.status()}`);
		assert(body.includes('Edited while the browser watched.'), 'last good page not served');
		assert(!body.includes('This text must not appear.'), 'broken build was served');
		assert(/first\.md:3:7: error/.test(s.err), `terminal did not show the error:\n${s.err}`);

		// A page opened while the build is broken shows the overlay too.
		const other = await context.newPage();
		await openLive(other, s.url + 'index.html');
		await other.waitForSelector('#signpost-errors', { timeout: 5000 });
		await other.close();

		// 3. The fix: the page reloads and the overlay is gone.
		reloaded = page.waitForEvent('load');
		live = page.waitForResponse((r) => r.url().includes('/__signpost/events'));
		fs.writeFileSync(article, original.replace('# Heading one',
		    '# Heading one\n\nFixed and rebuilt.'));
		await reloaded;
		await live;
		await page.waitForSelector('text=Fixed and rebuilt.', { timeout: 5000 });
		assert(await page.$('#signpost-errors') === null, 'overlay still shown');
		assert(csp.length === 0, `CSP errors:\n${csp.join('\n')}`);
	} finally {
		const code = await s.stop();
		assert(code === 0, `serve exited ${code}`);
	}
});
