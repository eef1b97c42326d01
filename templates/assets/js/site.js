/* Signpost: small progressive enhancements. Every page works without it. */
(function () {
	'use strict';

	/* Quick exit: the button replaces this page in the history, and
	 * pressing Shift three times within two seconds does the same. */
	function quickExit() {
		var link = document.getElementById('quick-exit');
		if (!link) return;
		var go = function (e) {
			if (e) e.preventDefault();
			document.body.style.visibility = 'hidden';
			window.location.replace(link.href);
		};
		link.addEventListener('click', go);
		var presses = [];
		document.addEventListener('keydown', function (e) {
			if (e.key !== 'Shift' || e.repeat) return;
			var now = Date.now();
			presses = presses.filter(function (t) { return now - t < 2000; });
			presses.push(now);
			if (presses.length >= 3) go();
		});
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', quickExit);
	else
		quickExit();
}());
