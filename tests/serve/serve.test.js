// signpost serve over real sockets: path traversal in every encoding, GET
// and HEAD only, MIME types, folders, server-sent events, clean stops on
// SIGINT and SIGTERM, the port-in-use error; and signpost new.
// Uses only node's own modules. Prints "N passed, N failed".
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
function pickBinary() {
	if (process.env.SIGNPOST)
		return process.env.SIGNPOST;
	for (const b of ['build-asan', 'build-test', 'build'])
		if (fs.existsSync(path.join(ROOT, b, 'signpost')))
			return path.join(ROOT, b, 'signpost');
	return path.join(ROOT, 'signpost');
}
const SIGNPOST = pickBinary();
const ENV = { ...process.env, SIGNPOST_HOME: ROOT, NO_COLOR: '1',
    SIGNPOST_TODAY: '2026-11-20' };

let passed = 0, failed = 0;
const tests = [];
function test(name, fn) { tests.push({ name, fn }); }
function assert(cond, msg) { if (!cond) throw new Error(msg || 'assertion failed'); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tmpdir(tag) {
	return fs.mkdtempSync(path.join(os.tmpdir(), `signpost-${tag}-`));
}

function copySite(dest) {
	fs.cpSync(path.join(ROOT, 'tests', 'sites', 'basic'), dest, { recursive: true });
	return dest;
}

// Start `signpost serve`; resolves when it prints its address.
function startServe(src, args = [], tmp) {
	const child = spawn(SIGNPOST, ['serve', '--source', src, ...args],
	    { env: { ...ENV, TMPDIR: tmp || os.tmpdir() } });
	const s = { child, out: '', err: '', exit: null };
	child.stdout.on('data', (d) => { s.out += d; });
	child.stderr.on('data', (d) => { s.err += d; });
	s.exited = new Promise((r) => child.on('exit', (code, sig) => {
		s.exit = { code, sig };
		r(s.exit);
	}));
	s.ready = new Promise((resolve, reject) => {
		const t0 = Date.now();
		const poll = () => {
			const m = /Serving at (http:\/\/[^\s]+)/.exec(s.out);
			if (m) {
				s.url = m[1];
				s.port = Number(/:(\d+)\/$/.exec(s.url)[1]);
				resolve(s);
			} else if (s.exit || Date.now() - t0 > 20000)
				reject(new Error(`serve did not start: ${s.err}`));
			else
				setTimeout(poll, 20);
		};
		poll();
	});
	return s;
}

async function stop(s, sig = 'SIGINT') {
	if (!s.exit)
		s.child.kill(sig);
	const t = setTimeout(() => s.child.kill('SIGKILL'), 10000);
	const r = await s.exited;
	clearTimeout(t);
	return r;
}

// One raw request (the path goes out exactly as written).
function raw(port, method, target, extra = '') {
	return new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		const chunks = [];
		sock.on('connect', () => sock.write(`${method} ${target} HTTP/1.1\r\n` +
		    `Host: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`, 'latin1'));
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', reject);
		sock.on('end', () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
			const split = text.indexOf('\r\n\r\n');
			const head = text.slice(0, split);
			const headers = {};
			for (const line of head.split('\r\n').slice(1)) {
				const i = line.indexOf(':');
				headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
			}
			resolve({ status: m ? Number(m[1]) : 0, headers,
			    body: text.slice(split + 4), text });
		});
		sock.setTimeout(5000, () => { sock.destroy(); reject(new Error(`timeout: ${target}`)); });
	});
}

// ---- one shared server for the HTTP tests ----
let srv, work, secret;
async function server() {
	if (srv)
		return srv;
	work = tmpdir('serve');
	const src = copySite(path.join(work, 'site'));
	const tmp = path.join(work, 'tmp');
	fs.mkdirSync(tmp);
	secret = 'TOP-SECRET-' + process.pid;
	fs.writeFileSync(path.join(work, 'secret.txt'), secret);
	fs.writeFileSync(path.join(tmp, 'secret.txt'), secret);
	srv = startServe(src, ['--port', '0'], tmp);
	await srv.ready;
	// The served folder is tmp/signpost-serve-*/site: plant files in it.
	const d = fs.readdirSync(tmp).find((n) => n.startsWith('signpost-serve-'));
	srv.out_dir = path.join(tmp, d, 'site');
	srv.src = src;
	const o = srv.out_dir;
	fs.symlinkSync(path.join(work, 'secret.txt'), path.join(o, 'leak.txt'));
	fs.symlinkSync(work, path.join(o, 'leakdir'));
	fs.symlinkSync('../../secret.txt', path.join(o, 'rel-leak.txt'));
	fs.writeFileSync(path.join(o, 'app.webmanifest'), '{}');
	fs.writeFileSync(path.join(o, 'card.vcf'), 'BEGIN:VCARD\r\nEND:VCARD\r\n');
	fs.writeFileSync(path.join(o, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
	fs.writeFileSync(path.join(o, 'data.json'), '{}');
	fs.writeFileSync(path.join(o, 'feed.xml'), '<feed/>');
	return srv;
}

const TRAVERSAL = [
	'/../secret.txt', '/../../secret.txt', '/../../../../../../etc/passwd',
	'/articles/../../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e/%2e%2e/secret.txt',
	'/%2E%2E/%2E%2E/etc/passwd', '/.%2e/.%2e/secret.txt', '/%2e./%2e./secret.txt',
	'/..%2fsecret.txt', '/..%2f..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt',
	'/articles%2f..%2f..%2f..%2fsecret.txt', '/..%5csecret.txt',
	'/..%5c..%5csecret.txt', '/..\\..\\secret.txt', '/articles\\..\\..\\secret.txt',
	'/%2e%2e%5c%2e%2e%5csecret.txt', '/secret.txt%00.html', '/%00', '/..%00/secret.txt',
	'/%252e%252e/%252e%252e/secret.txt', '/..%c0%af..%c0%afsecret.txt',
	'/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt', '//etc/passwd', '///../secret.txt',
	'/etc/passwd', '/./../secret.txt', '/leak.txt', '/rel-leak.txt',
	'/leakdir/secret.txt', '/leakdir/', '/.signpost-output', '/%2esignpost-output',
	'/articles/..', '/..', '/%2e%2e', '/.', '/%', '/%zz', '/a%2', '/%0d%0aX:y',
	'..', '../secret.txt', 'secret.txt', 'http://127.0.0.1/../secret.txt',
	'/c:/secret.txt', '/C:%5csecret.txt', '/\\\\server\\share',
];

test('traversal requests in every encoding get 400 or 404 and never the secret', async () => {
	const s = await server();
	const bad = [];
	for (const t of TRAVERSAL) {
		for (const m of ['GET', 'HEAD']) {
			const r = await raw(s.port, m, t);
			if ((r.status !== 400 && r.status !== 404) || r.text.includes(secret) ||
			    r.text.includes('root:x:'))
				bad.push(`${m} ${JSON.stringify(t)} -> ${r.status}`);
		}
	}
	// A raw NUL in the request line.
	const r = await raw(s.port, 'GET', '/a\u0000/../secret.txt');
	if (r.status !== 400 && r.status !== 404 && r.status !== 0)
		bad.push(`raw NUL -> ${r.status}`);
	assert(!r.text.includes(secret), 'raw NUL leaked the secret');
	assert(bad.length === 0, bad.join('\n'));
});

test('GET / serves index.html with the reload script; HEAD has headers and no body', async () => {
	const s = await server();
	const g = await raw(s.port, 'GET', '/');
	assert(g.status === 200, `GET / -> ${g.status}`);
	assert(/text\/html/.test(g.headers['content-type']), g.headers['content-type']);
	assert(/<script src="\/__signpost\/reload\.js\?v=\d+" defer><\/script>\n<\/head>/.test(g.body),
	    'no reload script in a served page');
	const h = await raw(s.port, 'HEAD', '/');
	assert(h.status === 200, `HEAD / -> ${h.status}`);
	assert(Number(h.headers['content-length']) === Buffer.byteLength(g.body, 'latin1'),
	    `HEAD length ${h.headers['content-length']} vs ${g.body.length}`);
	assert(h.body === '', 'HEAD sent a body');
	const js = await raw(s.port, 'GET', '/__signpost/reload.js');
	assert(js.status === 200 && /javascript/.test(js.headers['content-type']), 'reload.js');
	assert(js.body.includes('EventSource'), 'reload.js has no EventSource');
});

test('POST, PUT, DELETE and others get 405 with Allow: GET, HEAD', async () => {
	const s = await server();
	for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
		const r = await raw(s.port, m, '/index.html', 'Content-Length: 0\r\n');
		assert(r.status === 405, `${m} -> ${r.status}`);
		assert(/GET, HEAD/.test(r.headers.allow || ''), `${m}: Allow ${r.headers.allow}`);
	}
});

test('MIME types: html, css, js, svg, json, xml, webmanifest, vcf', async () => {
	const s = await server();
	// Assets carry a content hash in their names: find the stylesheet.
	const cssName = fs.readdirSync(path.join(s.out_dir, 'assets')).find((n) => n.endsWith('.css'));
	const want = {
		'/index.html': 'text/html', [`/assets/${cssName}`]: 'text/css',
		'/__signpost/reload.js': 'text/javascript', '/pic.svg': 'image/svg+xml',
		'/data.json': 'application/json', '/feed.xml': 'application/xml',
		'/app.webmanifest': 'application/manifest+json', '/card.vcf': 'text/vcard',
	};
	const js = fs.readdirSync(path.join(s.out_dir, 'assets', 'js')).find((n) => n.endsWith('.js'));
	if (js)
		want[`/assets/js/${js}`] = 'text/javascript';
	for (const [p, type] of Object.entries(want)) {
		const r = await raw(s.port, 'GET', p);
		assert(r.status === 200, `${p} -> ${r.status}`);
		assert((r.headers['content-type'] || '').startsWith(type),
		    `${p}: ${r.headers['content-type']}, want ${type}`);
	}
	const css = await raw(s.port, 'GET', `/assets/${cssName}`);
	assert(!css.body.includes('reload.js'), 'script injected into CSS');
});

test('folders serve index.html; a folder without "/" redirects; missing pages get 404', async () => {
	const s = await server();
	const a = await raw(s.port, 'GET', '/articles/');
	assert(a.status === 200 && /text\/html/.test(a.headers['content-type']), `articles/ -> ${a.status}`);
	const r = await raw(s.port, 'GET', '/articles');
	assert(r.status === 301 && r.headers.location === '/articles/', `articles -> ${r.status} ${r.headers.location}`);
	const n = await raw(s.port, 'GET', '/no-such-page.html');
	assert(n.status === 404, `missing -> ${n.status}`);
	const q = await raw(s.port, 'GET', '/index.html?x=../../secret.txt');
	assert(q.status === 200, `query -> ${q.status}`);
});

test('a saved change rebuilds and sends "reload" over server-sent events', async () => {
	const s = await server();
	const events = await new Promise((resolve, reject) => {
		const sock = net.connect(s.port, '127.0.0.1');
		let text = '';
		sock.on('connect', () => sock.write('GET /__signpost/events HTTP/1.1\r\nHost: x\r\n\r\n'));
		sock.on('data', (d) => {
			text += d;
			if (text.includes('retry:') && !sock.edited) {
				sock.edited = true;
				const f = path.join(s.src, 'content', 'articles', 'first.md');
				fs.appendFileSync(f, '\nA new line from the serve test.\n');
			}
			if (text.includes('event: reload')) {
				sock.destroy();
				resolve(text);
			}
		});
		sock.on('error', reject);
		setTimeout(() => { sock.destroy(); reject(new Error(`no reload event: ${text}\n${s.err}`)); }, 8000);
	});
	assert(/text\/event-stream/.test(events), 'not an event stream');
});

// Resolve when the event stream says "reload" after action() ran.
function reloadAfter(s, action) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(s.port, '127.0.0.1');
		let text = '', done = false;
		sock.on('connect', () => sock.write('GET /__signpost/events HTTP/1.1\r\nHost: x\r\n\r\n'));
		sock.on('data', (d) => {
			text += d;
			if (text.includes('retry:') && !done) {
				done = true;
				action();
			}
			if (text.includes('event: reload')) {
				sock.destroy();
				resolve(text);
			}
		});
		sock.on('error', reject);
		setTimeout(() => { sock.destroy(); reject(new Error(`no reload event: ${text}\n${s.err}`)); }, 8000);
	});
}

test('a folder made while serving is watched too (recursive watch)', async () => {
	const s = await server();
	const dir = path.join(s.src, 'content', 'images', 'new', 'deeper');
	fs.mkdirSync(dir, { recursive: true });
	await sleep(300);	/* let the rebuild for the new folders pass */
	await reloadAfter(s, () => fs.writeFileSync(path.join(dir, 'a.svg'), '<svg/>'));
	// The reload may be the one for the new folders: wait for the file's.
	const re = /after a change to content\/images\/new\/deeper\/a\.svg/;
	for (let i = 0; i < 100 && !re.test(s.err); i++)
		await sleep(50);
	assert(re.test(s.err), s.err.slice(-400));
});

test('an event stream opened with an older build number gets "reload" at once', async () => {
	const s = await server();
	const text = await new Promise((resolve, reject) => {
		const sock = net.connect(s.port, '127.0.0.1');
		let t = '';
		sock.on('connect', () => sock.write('GET /__signpost/events?v=0 HTTP/1.1\r\nHost: x\r\n\r\n'));
		sock.on('data', (d) => {
			t += d;
			if (t.includes('event: reload')) {
				sock.destroy();
				resolve(t);
			}
		});
		sock.on('error', reject);
		setTimeout(() => { sock.destroy(); reject(new Error(`no reload: ${t}`)); }, 3000);
	});
	assert(/event: reload/.test(text), text);
});

test('SIGINT stops the server cleanly: exit 0, private folder removed', async () => {
	const s = await server();
	// An open event stream must not keep the server from stopping.
	const sock = net.connect(s.port, '127.0.0.1');
	sock.on('error', () => {});
	sock.write('GET /__signpost/events HTTP/1.1\r\nHost: x\r\n\r\n');
	await sleep(200);
	const r = await stop(s, 'SIGINT');
	sock.destroy();
	assert(r.code === 0, `exit ${JSON.stringify(r)}\n${s.err}`);
	assert(!fs.existsSync(path.dirname(s.out_dir)), 'private folder left behind');
	assert(!fs.existsSync(path.join(s.src, 'public')), 'serve wrote public/');
	srv = null;
});

test('serve checks every page: a fragment that leads nowhere is an error', async () => {
	// signpost build checks pages only with --check-pages; serve always.
	const w = tmpdir('pagecheck');
	const src = copySite(path.join(w, 'site'));
	const s = startServe(src, ['--port', '0']);
	await s.ready;
	const f = path.join(src, 'content', 'articles', 'first.md');
	fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('#who-we-are', '#nowhere'));
	const re = /first\.md:9:\d+: error: link '\.\.\/about\.html#nowhere' names no element/;
	for (let i = 0; i < 100 && !re.test(s.err); i++)
		await sleep(50);
	await stop(s);
	assert(re.test(s.err), s.err.slice(-600));
	const b = spawnSync(SIGNPOST, ['build', '--source', src, '--output', path.join(w, 'out')],
	    { env: ENV, encoding: 'utf8' });
	assert(b.status === 0 && !/nowhere/.test(b.stderr), `build without --check-pages: ${b.status}\n${b.stderr}`);
	fs.rmSync(w, { recursive: true, force: true });
});

test('SIGTERM stops the server cleanly with exit 0', async () => {
	const w = tmpdir('term');
	const s = startServe(copySite(path.join(w, 'site')), ['--port', '0']);
	await s.ready;
	assert(s.url.startsWith('http://127.0.0.1:'), `default address ${s.url}`);
	const r = await stop(s, 'SIGTERM');
	assert(r.code === 0, `exit ${JSON.stringify(r)}\n${s.err}`);
	fs.rmSync(w, { recursive: true, force: true });
});

test('a port in use gives a clear error with a --port hint', async () => {
	const w = tmpdir('port');
	const src = copySite(path.join(w, 'site'));
	const a = startServe(src, ['--port', '0']);
	await a.ready;
	const b = spawnSync(SIGNPOST, ['serve', '--source', src, '--port', String(a.port)],
	    { env: ENV, encoding: 'utf8', timeout: 10000 });
	await stop(a);
	fs.rmSync(w, { recursive: true, force: true });
	assert(b.status === 3, `exit ${b.status}`);
	assert(/already in use/.test(b.stderr), b.stderr);
	assert(/--port/.test(b.stderr), b.stderr);
});

test('serve outside a site folder says so and exits 1', async () => {
	const w = tmpdir('nosite');
	const r = spawnSync(SIGNPOST, ['serve', '--port', '0'], { env: ENV, encoding: 'utf8', cwd: w, timeout: 10000 });
	fs.rmSync(w, { recursive: true, force: true });
	assert(r.status === 1 && /no site\.yml/.test(r.stderr) && /new site/.test(r.stderr), r.stderr);
});

test('signpost build output never holds the reload script', async () => {
	const w = tmpdir('build');
	const src = copySite(path.join(w, 'site'));
	const r = spawnSync(SIGNPOST, ['build', '--quiet', '--source', src], { env: ENV, encoding: 'utf8' });
	assert(r.status === 0, r.stderr);
	const grep = spawnSync('grep', ['-rl', '__signpost', path.join(src, 'public')], { encoding: 'utf8' });
	assert(grep.stdout === '', `found in ${grep.stdout}`);
	fs.rmSync(w, { recursive: true, force: true });
});

// ---- signpost new ----
function sp(args, cwd) {
	return spawnSync(SIGNPOST, args, { env: ENV, encoding: 'utf8', cwd });
}

test('new site: a complete site that builds at once, placeholders flagged', async () => {
	const w = tmpdir('new');
	const r = sp(['new', 'site', 'my-campaign'], w);
	assert(r.status === 0, r.stderr);
	const dir = path.join(w, 'my-campaign');
	for (const f of ['site.yml', 'content/articles/welcome.md', 'content/pages/about.md',
	    'content/pages/get-help.md'])
		assert(fs.existsSync(path.join(dir, f)), `no ${f}`);
	assert(fs.readdirSync(path.join(dir, 'content/services')).length === 2, 'two listings');
	const yml = fs.readFileSync(path.join(dir, 'site.yml'), 'utf8');
	for (const line of yml.split('\n').filter((l) => /^[a-z_]+:/.test(l))) {
		const i = yml.split('\n').indexOf(line);
		assert(/^#/.test(yml.split('\n')[i - 1]), `no note above '${line}'`);
	}
	const b = sp(['build', '--source', dir]);
	assert(b.status === 0, b.stderr);
	assert(/reserved for fiction/.test(b.stderr), 'placeholder crisis line not flagged');
	for (const f of ['index.html', 'about.html', 'get-help.html', 'services/index.html',
	    'services/listening-line.html', 'services/peer-support-group.html'])
		assert(fs.existsSync(path.join(dir, 'public', f)), `no ${f} in the output`);
	const again = sp(['new', 'site', 'my-campaign'], w);
	assert(again.status === 1 && /not empty/.test(again.stderr), again.stderr);
	fs.rmSync(w, { recursive: true, force: true });
});

test('new article, page and service: right folders, today, Unicode slugs, never overwrite', async () => {
	const w = tmpdir('new');
	sp(['new', 'site', 's'], w);
	const dir = path.join(w, 's');
	let r = sp(['new', 'article', 'Café: «Ünïcode» "quoted" title'], dir);
	assert(r.status === 0 && r.stdout.trim() === 'content/articles/cafe-unicode-quoted-title.md', r.stdout + r.stderr);
	const art = fs.readFileSync(path.join(dir, r.stdout.trim()), 'utf8');
	assert(/^---\ntitle: "Café: «Ünïcode» \\"quoted\\" title"\ndate: 2026-11-20\nsummary: .+\ntags: \[\]\n---\n/.test(art), art);
	r = sp(['new', 'article', 'Zdrowie psychiczne w Łodzi'], dir);
	assert(r.stdout.trim() === 'content/articles/zdrowie-psychiczne-w-lodzi.md', r.stdout + r.stderr);
	r = sp(['new', 'article', '心理健康'], dir);
	assert(r.status === 0 && r.stdout.trim() === 'content/articles/心理健康.md', r.stdout + r.stderr);
	r = sp(['new', 'page', 'Volunteer with us'], dir);
	assert(r.status === 0 && r.stdout.trim() === 'content/pages/volunteer-with-us.md', r.stdout + r.stderr);
	r = sp(['new', 'service', 'Green Minds Café'], dir);
	assert(r.status === 0 && r.stdout.trim() === 'content/services/green-minds-cafe.yml', r.stdout + r.stderr);
	const svc = fs.readFileSync(path.join(dir, r.stdout.trim()), 'utf8');
	assert(/^verified: 2026-11-20$/m.test(svc), 'verified is not today');
	for (const key of ['name', 'status', 'categories', 'summary', 'description', 'organization',
	    'eligibility', 'ages', 'cost', 'access', 'languages', 'contact', 'crisis', 'locations',
	    'hours', 'alert', 'verified', 'country'])
		assert(new RegExp(`^# .*\\n${key}:`, 'm').test(svc), `listing: '${key}' missing or without a note`);
	const before = fs.readFileSync(path.join(dir, 'content/articles/welcome.md'), 'utf8');
	r = sp(['new', 'article', 'Welcome'], dir);
	assert(r.status === 1 && /already exists/.test(r.stderr), r.stderr);
	assert(fs.readFileSync(path.join(dir, 'content/articles/welcome.md'), 'utf8') === before, 'overwritten');
	r = sp(['new', 'service', '心理健康'], dir);
	assert(r.status === 1 && /--slug/.test(r.stderr), r.stderr);
	r = sp(['new', 'service', '心理健康', '--slug', 'wellbeing-hub'], dir);
	assert(r.status === 0 && r.stdout.trim() === 'content/services/wellbeing-hub.yml', r.stdout + r.stderr);
	r = sp(['new', 'page', 'Elsewhere', '--source', dir], w);
	assert(r.status === 0 && r.stdout.trim() === path.join(dir, 'content/pages/elsewhere.md'), r.stdout + r.stderr);
	r = sp(['new', 'article', 'Lost'], w);
	assert(r.status === 1 && /no site\.yml/.test(r.stderr), r.stderr);
	const b = sp(['build', '--source', dir]);
	assert(b.status === 0, b.stderr);
	assert(fs.existsSync(path.join(dir, 'public/services/green-minds-cafe.html')), 'listing not built');
	assert(fs.existsSync(path.join(dir, 'public/articles/cafe-unicode-quoted-title.html')), 'article not built');
	fs.rmSync(w, { recursive: true, force: true });
});

(async () => {
	const only = process.argv[2];
	for (const t of tests) {
		if (only && !t.name.includes(only))
			continue;
		try {
			await t.fn();
			passed++;
			console.log(`ok   ${t.name}`);
		} catch (e) {
			failed++;
			console.log(`FAIL ${t.name}\n     ${String(e.stack || e).split('\n').slice(0, 8).join('\n     ')}`);
		}
	}
	if (srv)
		await stop(srv);
	if (work)
		fs.rmSync(work, { recursive: true, force: true });
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
})();
