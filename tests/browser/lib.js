// Browser test helpers: launch Debian's chromium through playwright-core,
// serve a built site on 127.0.0.1 (under a sub-folder), watch for console
// errors and for requests that fail or leave the site, and count results.
'use strict';
const { chromium } = require('playwright-core');
const { spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const SIGNPOST = process.env.SIGNPOST || path.join(ROOT, 'signpost');
const OUT = path.join(ROOT, 'tests', 'out', 'browser');
const SCREENSHOTS = path.join(ROOT, 'tests', 'screenshots');

const MIME = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css',
	'.js': 'text/javascript', '.json': 'application/json',
	'.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
	'.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
	'.vcf': 'text/vcard', '.webmanifest': 'application/manifest+json',
	'.ico': 'image/x-icon', '.csv': 'text/csv',
};

// Build the site in src into tests/out/browser/name; returns the folder.
function build(src, name, ...extra) {
	const out = path.join(OUT, name);
	const r = spawnSync(SIGNPOST, ['build', '--quiet', '--source', src,
	    '--output', out, ...extra], { encoding: 'utf8',
	    env: { ...process.env, SIGNPOST_HOME: ROOT, NO_COLOR: '1' } });
	if (r.status !== 0)
		throw new Error(`signpost build failed (${r.status}):\n${r.stderr}`);
	return out;
}

// Serve dir under /prefix/ on 127.0.0.1; resolves to { url, close }.
function serve(dir, prefix = 'campaign') {
	const server = http.createServer((req, res) => {
		const u = new URL(req.url, 'http://127.0.0.1');
		let p = decodeURIComponent(u.pathname);
		if (!p.startsWith(`/${prefix}/`)) {
			res.writeHead(404).end('not found');
			return;
		}
		p = path.normalize(p.slice(prefix.length + 2));
		if (p.startsWith('..')) {
			res.writeHead(400).end();
			return;
		}
		let file = path.join(dir, p);
		if (fs.existsSync(file) && fs.statSync(file).isDirectory())
			file = path.join(file, 'index.html');
		fs.readFile(file, (err, data) => {
			if (err) {
				res.writeHead(404, { 'Content-Type': 'text/plain' });
				res.end('not found');
				return;
			}
			res.writeHead(200, { 'Content-Type':
			    MIME[path.extname(file)] || 'application/octet-stream' });
			res.end(req.method === 'HEAD' ? undefined : data);
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
		const { port } = server.address();
		resolve({ url: `http://127.0.0.1:${port}/${prefix}/`,
		    close: () => new Promise((r) => server.close(r)) });
	}));
}

// playwright-core gives every launch a fresh, empty --user-data-dir of its
// own (it refuses one passed in args), so no state leaks between runs.
async function launch() {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-quic', '--no-first-run',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	return browser;
}

// Record console errors, page errors, failed requests and requests that
// leave the site (anything but file:// and 127.0.0.1) on page.
function watch(page) {
	const w = { errors: [], failed: [], outside: [] };
	page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
	page.on('pageerror', (e) => w.errors.push(String(e)));
	// A request cut short because the page moved on (ERR_ABORTED) is not a
	// failure of the site; anything else is.
	page.on('requestfailed', (r) => {
		const why = r.failure() && r.failure().errorText;
		if (why !== 'net::ERR_ABORTED')
			w.failed.push(`${r.url()} ${why}`);
	});
	page.on('request', (r) => {
		const u = r.url();
		if (!/^(file:|data:|blob:|about:|http:\/\/127\.0\.0\.1[:/])/.test(u))
			w.outside.push(u);
	});
	w.assertClean = () => {
		const all = [...w.errors.map((e) => `console: ${e}`),
		    ...w.failed.map((e) => `failed: ${e}`),
		    ...w.outside.map((e) => `left the site: ${e}`)];
		if (all.length)
			throw new Error(all.join('\n'));
	};
	return w;
}

function fileUrl(dir, rel = 'index.html') {
	return 'file://' + path.join(dir, rel);
}

// A tiny runner: test(name, fn) registers; run() runs them in order with
// a shared browser and prints "N passed, N failed".
const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

function assert(cond, msg) {
	if (!cond)
		throw new Error(msg || 'assertion failed');
}

async function run() {
	let passed = 0, failed = 0;
	const browser = await launch();
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	try {
		for (const t of tests) {
			const context = await browser.newContext();
			try {
				await t.fn({ browser, context });
				passed++;
				console.log(`ok   ${t.name}`);
			} catch (e) {
				failed++;
				console.log(`FAIL ${t.name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
			} finally {
				await context.close();
			}
		}
	} finally {
		await browser.close();
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

module.exports = { ROOT, OUT, SCREENSHOTS, build, serve, launch, watch,
    fileUrl, test, assert, run };
