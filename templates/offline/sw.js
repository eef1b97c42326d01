/* Signpost's service worker: every page and asset of the site is kept in
 * a cache named after the content, so a reader who opened the site once
 * can open any page again with no signal.  VERSION and FILES are set
 * above by the build. */
'use strict';
var CACHE = 'signpost-' + VERSION;

self.addEventListener('install', function (e) {
	e.waitUntil(caches.open(CACHE).then(function (c) {
		return c.addAll(FILES);
	}).then(function () {
		return self.skipWaiting();
	}));
});

self.addEventListener('activate', function (e) {
	e.waitUntil(caches.keys().then(function (keys) {
		return Promise.all(keys.filter(function (k) {
			return k.indexOf('signpost-') === 0 && k !== CACHE;
		}).map(function (k) {
			return caches.delete(k);
		}));
	}).then(function () {
		return self.clients.claim();
	}));
});

/* Pages: the network first, so a reader online sees the newest; the cache
 * when there is no signal.  Assets carry a hash in their name: the cache
 * first. */
self.addEventListener('fetch', function (e) {
	var req = e.request;
	if (req.method !== 'GET' ||
	    new URL(req.url).origin !== self.location.origin)
		return;
	var page = req.mode === 'navigate';
	e.respondWith(caches.open(CACHE).then(function (c) {
		var cached = c.match(req, { ignoreSearch: true });
		if (!page)
			return cached.then(function (hit) {
				return hit || fetch(req);
			});
		return fetch(req).catch(function () {
			return cached.then(function (hit) {
				return hit || c.match('404.html');
			});
		});
	}));
});
