// Accessibility, privacy, weight and print of the default templates and
// both themes: axe-core on every page type (light and dark, 320 and 1280
// px), the same pages without JavaScript, quick exit, the Content-Security-
// Policy from file:// and http, page weight, and screenshots.
'use strict';
const fs = require('fs');
const path = require('path');
const { ROOT, OUT, SCREENSHOTS, build, serve, watch, fileUrl, test, assert } = require('./lib');

const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [320, 1280];
const SCHEMES = ['light', 'dark'];
const BUDGET = 50 * 1024;

// One page of each type in the example site.
const PAGES = {
	home: 'index.html',
	article: 'articles/learning-early.html',
	articles: 'articles/index.html',
	tag: 'tags/community.html',
	tags: 'tags/index.html',
	page: 'about.html',
	'get-help': 'get-help.html',
	service: 'services/riverside-safe-haven.html',
	directory: 'services/index.html',
	category: 'categories/crisis-support.html',
	print: 'services/print.html',
	search: 'search.html',
	404: '404.html',
};

// The example site as a copy whose site.yml names another theme: the
// content, images and services are a copy of the example's (a link
// leading out of the site folder is skipped by the build).
function siteWithTheme(theme) {
	const src = path.join(OUT, `src-${theme}`);
	fs.rmSync(src, { recursive: true, force: true });
	fs.mkdirSync(src, { recursive: true });
	const yml = fs.readFileSync(path.join(ROOT, 'site.yml'), 'utf8')
	    .replace(/^theme: .*$/m, `theme: ${theme}`);
	fs.writeFileSync(path.join(src, 'site.yml'), yml);
	fs.cpSync(path.join(ROOT, 'content'), path.join(src, 'content'), { recursive: true });
	return src;
}

const built = {};
function site(theme) {
	if (!built[theme])
		built[theme] = build(theme === 'default' ? ROOT : siteWithTheme(theme),
		    `a11y-${theme}`);
	return built[theme];
}

async function axe(page) {
	await page.addScriptTag({ path: AXE });
	return page.evaluate(async (tags) => {
		const r = await window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
		    v.nodes.slice(0, 3).map((n) => `        ${n.target.join(' ')}: ` +
		    n.failureSummary.split('\n').slice(1, 2).join(' ')).join('\n'));
	}, TAGS);
}

// The structure every page must have, checked in the page itself.
// The site's own address (site.yml base_url): the 404 page links home by
// it, since hosts serve that page at any depth; such links are not outbound.
const BASE = ((require('fs').readFileSync(require('path').join(ROOT, 'site.yml'), 'utf8')
    .match(/^base_url:\s*(\S+)/m) || [])[1]) || '';

async function structure(page) {
	return page.evaluate((base) => {
		const problems = [];
		const h1 = document.querySelectorAll('h1');
		if (h1.length !== 1)
			problems.push(`${h1.length} h1 elements`);
		const heads = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
		if (heads.length && heads[0].tagName !== 'H1')
			problems.push(`first heading is ${heads[0].tagName}`);
		let last = 0;
		for (const h of heads) {
			const n = +h.tagName[1];
			if (n > last + 1)
				problems.push(`${h.tagName} "${h.textContent.trim()}" after h${last}`);
			last = n;
		}
		const html = document.documentElement;
		if (!html.lang || !html.dir)
			problems.push('no lang or dir on <html>');
		const skip = document.querySelector('a.skip-link');
		if (!skip || !document.getElementById(skip.hash.slice(1)))
			problems.push('no working skip link');
		for (const sel of ['header', 'nav', 'main', 'footer', 'aside.help-bar'])
			if (!document.querySelector(sel))
				problems.push(`no ${sel}`);
		if (!document.querySelector('.help-bar a[href^="tel:"]') ||
		    !document.querySelector('.help-bar a[href^="sms:"]'))
			problems.push('help bar lacks tel: or sms: links');
		const bar = document.querySelector('.help-bar');
		const main = document.querySelector('main');
		if (bar && main && !(bar.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING))
			problems.push('help bar is not just before main');
		if (document.documentElement.scrollWidth > window.innerWidth + 1)
			problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
		for (const a of document.querySelectorAll('a[href^="http"]'))
			if ((!base || !a.href.startsWith(base)) &&
			    (!/noopener/.test(a.rel) || !/noreferrer/.test(a.rel)))
				problems.push(`outbound link without rel=noopener noreferrer: ${a.href}`);
		return problems;
	}, BASE);
}

let axeRuns = 0;
for (const theme of ['default', 'high-contrast'])
	for (const scheme of SCHEMES)
		test(`axe-core: 0 violations, ${theme} theme, ${scheme} scheme, ${WIDTHS.join(' and ')} px`, async ({ browser }) => {
			const out = site(theme);
			const problems = [];
			for (const width of WIDTHS) {
				const ctx = await browser.newContext({ colorScheme: scheme,
				    viewport: { width, height: 800 }, bypassCSP: true });
				try {
					const page = await ctx.newPage();
					for (const [name, rel] of Object.entries(PAGES)) {
						await page.goto(fileUrl(out, rel));
						for (const v of await axe(page))
							problems.push(`${name} @${width}: ${v}`);
						axeRuns++;
						for (const p of await structure(page))
							problems.push(`${name} @${width}: ${p}`);
						if (scheme === 'light')
							await page.screenshot({ fullPage: theme === 'default',
							    path: path.join(SCREENSHOTS, `${theme}-${width}-${name}.png`) });
					}
				} finally {
					await ctx.close();
				}
			}
			assert(!problems.length, problems.join('\n     '));
			console.log(`     ${Object.keys(PAGES).length * WIDTHS.length} pages checked, 0 violations (axe runs so far: ${axeRuns})`);
		});

test('every page type reads and navigates without JavaScript', async ({ browser }) => {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await ctx.newPage();
		const w = watch(page);
		const out = site('default');
		for (const [name, rel] of Object.entries(PAGES)) {
			await page.goto(fileUrl(out, rel));
			const h1 = await page.$eval('h1', (e) => e.textContent.trim());
			assert(h1.length > 0, `${name}: no h1 text`);
			const visible = await page.$eval('main', (m) => m.innerText.trim().length);
			assert(visible > 20, `${name}: main is empty without JavaScript`);
			assert(await page.$('.help-bar a[href^="tel:"]'), `${name}: no help line`);
		}
		await page.goto(fileUrl(out, 'index.html'));
		await page.click('.site-nav a:text-is("Find support")');
		await page.click('h2 a:text-is("Crisis support")');
		await page.click('h2 a >> nth=0');
		assert(/services\/.*\.html$/.test(page.url()), `ended at ${page.url()}`);
		const badge = await page.$eval('.open-now', (e) => e.hidden);
		assert(badge, 'the open-now badge shows without JavaScript');
		w.assertClean();
	} finally {
		await ctx.close();
	}
});

test('readable at 200% zoom: a 1280 px window is 640 CSS px wide', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
	try {
		const page = await ctx.newPage();
		const wide = [];
		for (const [name, rel] of Object.entries(PAGES)) {
			await page.goto(fileUrl(site('default'), rel));
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			if (w > 641)
				wide.push(`${name}: ${w} px`);
		}
		assert(!wide.length, `scrolls sideways: ${wide.join(', ')}`);
	} finally {
		await ctx.close();
	}
});

test('help box and content note come before the article body', async ({ context }) => {
	const page = await context.newPage();
	await page.goto(fileUrl(site('default'), PAGES.article));
	const order = await page.evaluate(() => {
		const box = document.querySelector('.help-box');
		const note = document.querySelector('.content-warning');
		const body = document.querySelector('.prose');
		const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
		return { box: !!box, note: !!note, ok: box && note && before(box, body) && before(note, body),
		    tel: box ? box.querySelectorAll('a[href^="tel:"]').length : 0 };
	});
	assert(order.box && order.note, 'no help box or content note on a page about suicide');
	assert(order.ok, 'the help box or content note comes after the body');
	assert(order.tel >= 2, `help box has ${order.tel} tel: links`);
	await page.goto(fileUrl(site('default'), PAGES.page));
	assert(!(await page.$('.help-box')), 'help box on a page that does not need one');
});

// The quick-exit target is another site: answer it locally so nothing leaves.
async function fakeExit(ctx) {
	await ctx.route('https://www.bbc.co.uk/**', (r) => r.fulfill({
		contentType: 'text/html', body: '<!DOCTYPE html><title>Weather</title><p>Weather',
	}));
}

for (const how of ['button', 'Shift three times'])
	test(`quick exit by ${how} leaves and replaces the history entry`, async ({ browser }) => {
		const srv = await serve(site('default'));
		const ctx = await browser.newContext();
		try {
			await fakeExit(ctx);
			const page = await ctx.newPage();
			await page.goto(srv.url + 'index.html');
			await page.goto(srv.url + 'articles/learning-early.html');
			const before = await page.evaluate(() => history.length);
			const nav = page.waitForURL('https://www.bbc.co.uk/**');
			if (how === 'button') {
				await page.click('#quick-exit');
			} else {
				for (let i = 0; i < 3; i++)
					await page.keyboard.press('Shift');
			}
			await nav;
			assert(await page.evaluate(() => history.length) === before,
			    'quick exit added a history entry');
			await page.goBack();
			assert(page.url().endsWith('/index.html'),
			    `Back returned to ${page.url()}, not the page before`);
		} finally {
			await ctx.close();
			await srv.close();
		}
	});

test('two Shift presses, or slow ones, do not leave', async ({ browser }) => {
	const ctx = await browser.newContext();
	try {
		await fakeExit(ctx);
		const page = await ctx.newPage();
		await page.goto(fileUrl(site('default'), 'index.html'));
		await page.keyboard.press('Shift');
		await page.keyboard.press('Shift');
		await page.waitForTimeout(300);
		assert(page.url().startsWith('file:'), 'left after two presses');
	} finally {
		await ctx.close();
	}
});

// The CSP meta is enforced (an injected inline script is refused) while the
// site's own stylesheet and script still work, from file:// and over http.
async function cspHolds(page, url) {
	const w = watch(page);
	await page.goto(url);
	const r = await page.evaluate(() => new Promise((resolve) => {
		const blocked = [];
		document.addEventListener('securitypolicyviolation',
		    (e) => blocked.push(e.violatedDirective));
		const s = document.createElement('script');
		s.textContent = 'window.__inline = 1';
		document.head.appendChild(s);
		const img = new Image();
		img.src = 'https://example.com/pixel.png';
		setTimeout(() => resolve({ blocked, inline: window.__inline,
		    bg: getComputedStyle(document.body).backgroundColor,
		    badge: !document.querySelector('.open-now').hidden,
		    cookies: document.cookie, local: localStorage.length,
		    session: sessionStorage.length }), 300);
	}));
	assert(r.inline === undefined, 'an inline script ran despite the CSP');
	assert(r.blocked.some((d) => /^script-src/.test(d)), `inline script not reported: ${r.blocked}`);
	assert(r.blocked.some((d) => /^img-src/.test(d)), `outside image not reported: ${r.blocked}`);
	assert(r.bg !== 'rgba(0, 0, 0, 0)', 'the stylesheet did not apply');
	assert(r.badge, 'site.js did not run (open-now badge hidden)');
	assert(r.cookies === '' && r.local === 0 && r.session === 0, 'the page stored something');
	// The refused inline script and image show as console errors; nothing else may.
	w.errors = w.errors.filter((e) => !/Content Security Policy/.test(e));
	w.failed = w.failed.filter((e) => !/example\.com/.test(e));
	w.outside = w.outside.filter((u) => !/example\.com/.test(u));
	w.assertClean();
}

test('Content-Security-Policy works from file://', async ({ context }) => {
	await cspHolds(await context.newPage(), fileUrl(site('default'), PAGES.service));
	const cookies = await context.cookies();
	assert(cookies.length === 0, 'cookies were set');
});

test('Content-Security-Policy works over http', async ({ context }) => {
	const srv = await serve(site('default'));
	try {
		await cspHolds(await context.newPage(), srv.url + PAGES.service);
		assert((await context.cookies()).length === 0, 'cookies were set');
	} finally {
		await srv.close();
	}
});

test(`article pages weigh at most ${BUDGET / 1024} KB of HTML, CSS and JS`, async ({ context }) => {
	const srv = await serve(site('default'));
	try {
		const page = await context.newPage();
		let worst = { bytes: 0 };
		const dir = path.join(site('default'), 'articles');
		for (const f of fs.readdirSync(dir)) {
			if (!f.endsWith('.html') || /^(index|page-\d+)\.html$/.test(f))
				continue;
			let bytes = 0;
			const pending = [];
			const onResponse = (resp) => {
				const type = resp.request().resourceType();
				if (['document', 'stylesheet', 'script'].includes(type))
					pending.push(resp.body().then((b) => { bytes += b.length; }));
			};
			page.on('response', onResponse);
			await page.goto(srv.url + 'articles/' + f, { waitUntil: 'load' });
			await Promise.all(pending);
			page.off('response', onResponse);
			if (bytes > worst.bytes)
				worst = { bytes, f };
		}
		console.log(`     heaviest article: ${worst.f}, ${worst.bytes} bytes ` +
		    `(${(worst.bytes / 1024).toFixed(1)} KB of ${BUDGET / 1024} KB)`);
		assert(worst.bytes > 0 && worst.bytes <= BUDGET, `${worst.f} weighs ${worst.bytes} bytes`);
	} finally {
		await srv.close();
	}
});

test('print: no navigation, link addresses and phone numbers shown', async ({ context }) => {
	const page = await context.newPage();
	await page.emulateMedia({ media: 'print' });
	const out = site('default');
	for (const rel of [PAGES.article, PAGES.service, PAGES.print]) {
		await page.goto(fileUrl(out, rel));
		const r = await page.evaluate(() => {
			const shown = (s) => [...document.querySelectorAll(s)]
			    .some((e) => getComputedStyle(e).display !== 'none');
			const web = document.querySelector('.contact a[href^="http"]');
			return {
				nav: shown('.site-nav') || shown('.site-search') || shown('.quick-exit'),
				url: shown('.help-bar .print-url'),
				after: web ? getComputedStyle(web, '::after').content : 'none-needed',
				phones: document.querySelector('.help-bar').innerText,
			};
		});
		assert(!r.nav, `${rel}: navigation prints`);
		assert(r.url, `${rel}: help line addresses are not printed`);
		assert(r.after !== 'none' && r.after !== 'normal', `${rel}: website address not printed`);
		assert(/0808 157 0421/.test(r.phones), `${rel}: phone numbers not printed`);
	}
	await page.goto(fileUrl(out, PAGES.print));
	const names = await page.$$eval('.print-service h3', (h) => h.length);
	assert(names >= 10, `printable directory lists ${names} services`);
	await page.pdf({ path: path.join(SCREENSHOTS, 'print-directory.pdf') });
});

test('focus is never hidden under the sticky quick-exit bar', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 600 } });
	try {
		const page = await ctx.newPage();
		await page.goto(fileUrl(site('default'), PAGES.article));
		const hidden = [];
		for (let i = 0; i < 45; i++) {
			await page.keyboard.press('Tab');
			const r = await page.evaluate(() => {
				const e = document.activeElement;
				const b = e.getBoundingClientRect();
				const x = b.left + Math.min(b.width / 2, 5), y = b.top + b.height / 2;
				const at = document.elementFromPoint(x, y);
				return { ok: !at || e.contains(at) || at.contains(e), what: e.textContent.trim().slice(0, 40) };
			});
			if (!r.ok)
				hidden.push(r.what);
		}
		assert(!hidden.length, `covered when focused: ${hidden.join(', ')}`);
	} finally {
		await ctx.close();
	}
});

test('stylesheets use logical properties only, so right-to-left mirrors', async () => {
	const physical = /(?:margin|padding|border)-(?:left|right|top|bottom)\b|(?:^|[\s;{])(?:left|right|top|bottom|width|height)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)/;
	const bad = [];
	for (const theme of fs.readdirSync(path.join(ROOT, 'themes'))) {
		const css = fs.readFileSync(path.join(ROOT, 'themes', theme, 'style.css'), 'utf8');
		css.split('\n').forEach((line, i) => {
			const code = line.replace(/\/\*.*?\*\//g, '').replace(/url\([^)]*\)/g, '');
			if (physical.test(code))
				bad.push(`themes/${theme}/style.css:${i + 1}: ${line.trim()}`);
		});
	}
	assert(!bad.length, bad.join('\n     '));
});

// A right-to-left site: the help bar starts at the right edge.
test('right-to-left: dir="rtl", axe clean, layout mirrored', async ({ browser }) => {
	const src = path.join(OUT, 'src-rtl');
	fs.rmSync(src, { recursive: true, force: true });
	fs.mkdirSync(path.join(src, 'content', 'articles'), { recursive: true });
	fs.writeFileSync(path.join(src, 'site.yml'), 'title: أبواب مفتوحة\nlanguage: ar\ncountry: GB\n' +
	    'crisis:\n  - {name: خط الاستماع, phone: "0808 157 0421", text: "07700 900461", always: true}\n');
	fs.writeFileSync(path.join(src, 'content', 'articles', 'salam.md'),
	    '---\ntitle: الدعم بين الأقران\ndate: 2026-03-14\n---\nيساعد الناس بعضهم بعضاً.\n');
	const out = build(src, 'rtl');
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
	try {
		const page = await ctx.newPage();
		for (const rel of ['index.html', 'articles/salam.html']) {
			await page.goto(fileUrl(out, rel));
			assert(await page.$eval('html', (h) => h.dir) === 'rtl', `${rel}: not rtl`);
			const v = await axe(page);
			assert(!v.length, `${rel}: ${v.join('\n')}`);
			const edge = await page.$eval('.help-line-name', (e) => {
				const r = e.getBoundingClientRect(), w = e.closest('.wrap').getBoundingClientRect();
				return { right: w.right - r.right, left: r.left - w.left };
			});
			assert(edge.right < edge.left, `${rel}: help line not at the right edge`);
		}
		await page.screenshot({ path: path.join(SCREENSHOTS, 'rtl-1280-article.png') });
	} finally {
		await ctx.close();
	}
});
