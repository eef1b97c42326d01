/* Signpost: the offline cache, for sites served over https (or from this
 * computer while testing).  Pages opened from a folder or a USB stick
 * (file://) cannot use a service worker, so nothing happens there. */
(function () {
	'use strict';
	var me = document.currentScript;
	var here = window.location;
	var local = here.hostname === 'localhost' ||
	    here.hostname === '127.0.0.1' || here.hostname === '[::1]';
	if (!me || !('serviceWorker' in navigator))
		return;
	if (here.protocol !== 'https:' && !(here.protocol === 'http:' && local))
		return;
	var root = new URL(SIGNPOST_ROOT, me.src);
	var manifest = document.createElement('link');
	manifest.rel = 'manifest';
	manifest.href = new URL('manifest.webmanifest', root).href;
	document.head.appendChild(manifest);
	navigator.serviceWorker.register(new URL('sw.js', root).href,
	    { scope: root.href }).catch(function () {});
}());
