/* Signpost: small progressive enhancements. Every page works without this
 * file. It keeps nothing: no cookies, no storage, no requests. */
(function () {
	'use strict';

	/* Quick exit (the GOV.UK "Exit this page" pattern): the button and
	 * Shift pressed three times within three seconds both blank the page
	 * and replace it in the history, so Back does not return to it. */
	function quickExit() {
		var link = document.getElementById('quick-exit');
		var presses = [];
		if (!link)
			return;
		function go(e) {
			if (e)
				e.preventDefault();
			document.body.style.visibility = 'hidden';
			document.title = '';
			window.location.replace(link.href);
		}
		link.addEventListener('click', go);
		document.addEventListener('keydown', function (e) {
			var now = Date.now();
			if (e.key !== 'Shift' || e.repeat)
				return;
			presses = presses.filter(function (t) { return now - t < 3000; });
			presses.push(now);
			if (presses.length >= 3)
				go();
		});
	}

	var DAYS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];

	/* The date, weekday and minutes since midnight now in zone. */
	function zoneNow(zone, when) {
		var parts = {}, list;
		list = new Intl.DateTimeFormat('en-GB', {
			timeZone: zone, year: 'numeric', month: '2-digit',
			day: '2-digit', hour: '2-digit', minute: '2-digit',
			hourCycle: 'h23'
		}).formatToParts(when);
		list.forEach(function (p) { parts[p.type] = p.value; });
		var date = parts.year + '-' + parts.month + '-' + parts.day;
		var utc = new Date(date + 'T00:00:00Z');
		return { date: date, day: DAYS[utc.getUTCDay()],
		    minutes: (+parts.hour % 24) * 60 + +parts.minute };
	}

	function minutes(hhmm) {
		var p = hhmm.split(':');
		return +p[0] * 60 + +p[1];
	}

	function inRange(rule, date) {
		return (!rule.from || date >= rule.from) && (!rule.to || date <= rule.to);
	}

	/* Whether a listing's hours (services.h "json") are open at when. */
	function isOpen(hours, when) {
		var now = zoneNow(hours.timezone || 'UTC', when);
		var before = zoneNow(hours.timezone || 'UTC', new Date(when.getTime() - 86400000));
		if (hours.always)
			return true;
		return (hours.rules || []).some(function (r) {
			var o = minutes(r.opens), c = minutes(r.closes);
			var today = r.days.indexOf(now.day) >= 0 && inRange(r, now.date);
			if (!r.overnight)
				return today && now.minutes >= o && now.minutes < c;
			if (today && now.minutes >= o)
				return true;
			return r.days.indexOf(before.day) >= 0 &&
			    inRange(r, before.date) && now.minutes < c;
		});
	}

	/* The "open now" badge on service pages, from the listing's hours. */
	function openNow() {
		var els = document.querySelectorAll('.open-now[data-hours]');
		Array.prototype.forEach.call(els, function (el) {
			var open;
			try {
				open = isOpen(JSON.parse(el.getAttribute('data-hours')), new Date());
			} catch (err) {
				return;
			}
			el.textContent = el.getAttribute(open ? 'data-open' : 'data-closed');
			el.className = 'open-now ' + (open ? 'is-open' : 'is-closed');
			el.hidden = false;
		});
	}

	function start() {
		quickExit();
		openNow();
	}

	window.signpostOpen = isOpen;
	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
}());
