/* SPDX-License-Identifier: ISC */
/*
 * Keyboard-only check of search.js in headless chromium from file://,
 * driven over the DevTools protocol (no library): type a misspelt word,
 * submit with Enter, tick a filter with Space, go back; assert the live
 * region, focus, URL state, and that nothing failed or logged an error.
 * Usage: node --experimental-websocket tests/search/keyboard-chromium.js
 * (after tests/search/run).  Ends with "N passed, N failed".
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const top = path.join(__dirname, '..', '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let pass = 0, fail = 0;
function ok(cond, what) {
	if (cond)
		pass++;
	else {
		fail++;
		console.log('FAIL ' + what);
	}
}

function site() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-kbd-'));
	fs.mkdirSync(path.join(dir, 'assets', 'js'), { recursive: true });
	fs.cpSync(path.join(top, 'tests/out/search-fixture/sharded/assets/search'),
	    path.join(dir, 'assets', 'search'), { recursive: true });
	for (const f of ['normalize.js', 'search.js'])
		fs.copyFileSync(path.join(top, 'templates/assets/js', f),
		    path.join(dir, 'assets/js', f));
	for (const f of fs.readdirSync(path.join(__dirname, 'pages')))
		fs.copyFileSync(path.join(__dirname, 'pages', f), path.join(dir, f));
	return dir;
}

async function main() {
	const dir = site();
	const prof = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-prof-'));
	const chrome = spawn('chromium', ['--headless', '--no-sandbox',
	    '--disable-gpu', '--remote-debugging-port=0', '--user-data-dir=' + prof,
	    'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
	const wsUrl = await new Promise((res, rej) => {
		let buf = '';
		chrome.stderr.on('data', (d) => {
			buf += d;
			const m = buf.match(/DevTools listening on (ws:\S+)/);
			if (m)
				res(m[1]);
		});
		setTimeout(() => rej(new Error('chromium did not start')), 20000);
	});
	const port = new URL(wsUrl).port;
	const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const ws = new WebSocket(list.find((t) => t.type === 'page').webSocketDebuggerUrl);
	await new Promise((r) => ws.addEventListener('open', r));
	let id = 0;
	const waiting = new Map(), problems = [];
	ws.addEventListener('message', (e) => {
		const m = JSON.parse(e.data);
		if (m.id && waiting.has(m.id)) {
			waiting.get(m.id)(m.result);
			waiting.delete(m.id);
		} else if (m.method === 'Runtime.exceptionThrown')
			problems.push('exception ' + JSON.stringify(m.params.exceptionDetails.text));
		else if (m.method === 'Runtime.consoleAPICalled' && m.params.type === 'error')
			problems.push('console.error');
		else if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error')
			problems.push('log ' + m.params.entry.text);
		else if (m.method === 'Network.loadingFailed')
			problems.push('request failed ' + m.params.errorText);
		else if (m.method === 'Network.requestWillBeSent' &&
		    !m.params.request.url.startsWith('file://'))
			problems.push('left the site: ' + m.params.request.url);
	});
	const send = (method, params) => new Promise((res) => {
		waiting.set(++id, res);
		ws.send(JSON.stringify({ id, method, params: params || {} }));
	});
	const js = async (expr) => (await send('Runtime.evaluate',
	    { expression: expr, returnByValue: true })).result.value;
	const key = async (k, code, text) => {
		await send('Input.dispatchKeyEvent', { type: 'keyDown', key: k, code,
		    text, windowsVirtualKeyCode: { Enter: 13, Tab: 9, ' ': 32 }[k] || 0 });
		await send('Input.dispatchKeyEvent', { type: 'keyUp', key: k, code });
	};
	const type = async (s) => {
		for (const ch of s)
			await key(ch, '', ch);
	};
	for (const d of ['Page', 'Runtime', 'Log', 'Network'])
		await send(d + '.enable');

	await send('Page.navigate', { url: 'file://' + dir + '/search.html' });
	await sleep(1000);
	await js("document.getElementById('search-q').focus()");
	await type('councelling');
	await sleep(800);
	ok(await js("document.getElementById('search-status').textContent") ===
	    '2 results match', 'typo query announces 2 results');
	ok(await js('document.activeElement.id') === 'search-q', 'focus stays in the box');
	ok(await js('location.search') === '?q=councelling', 'state in the URL');
	await key('Enter', 'Enter', '\r');
	await sleep(500);
	ok(await js('document.activeElement.id') === 'search-q', 'Enter keeps focus');
	/* Tab to the first checkbox, tick it with Space: peer-support */
	await key('Tab', 'Tab');
	await key('Tab', 'Tab');
	ok(await js('document.activeElement.value') === 'peer-support', 'Tab reaches the filter');
	await key(' ', 'Space', ' ');
	await sleep(800);
	ok(await js("document.getElementById('search-status').textContent") ===
	    'Nothing matches', 'filter combines with text');
	ok(/category=peer-support/.test(await js('location.search')), 'filter in the URL');
	ok((await js("Array.from(document.querySelectorAll('[data-search-count]')).map(e => e.textContent).join(' ')"))
	    .includes('(1)'), 'counts shown once the panel is used');
	await js('history.back()');
	await sleep(800);
	ok(await js('location.search') === '?q=councelling', 'back restores the URL');
	ok(await js("document.querySelector('input[value=peer-support]').checked") === false,
	    'back unticks the filter');
	ok(await js("document.getElementById('search-status').textContent") ===
	    '2 results match', 'back restores the results');
	/* Tab onwards to the first result link */
	for (let i = 0; i < 6 && !(await js("document.activeElement.tagName === 'A'")); i++)
		await key('Tab', 'Tab');
	ok(await js("document.activeElement.getAttribute('href')") ===
	    'services/hillside-counselling.html', 'Tab reaches the first result');

	await send('Page.navigate', { url: 'file://' + dir + '/directory.html?language=ar' });
	await sleep(1000);
	ok(await js("document.getElementById('search-status').textContent") ===
	    '1 service matches', 'directory filter from the URL');
	ok(problems.length === 0, 'no console error or failed request: ' + problems.join('; '));
	ws.close();
	chrome.kill();
	fs.rmSync(dir, { recursive: true, force: true });
	await sleep(300);
	fs.rmSync(prof, { recursive: true, force: true });
	console.log(`${pass} passed, ${fail} failed`);
	process.exit(fail ? 1 : 0);
}
main().catch((e) => {
	console.log(String(e && e.stack || e));
	console.log(`${pass} passed, ${fail + 1} failed`);
	process.exit(1);
});
