/* SPDX-License-Identifier: ISC */
/* The offline cache for hosted sites: a service worker and a web app manifest. */
#ifndef OFFLINE_H
#define OFFLINE_H

struct buf;
struct out;

struct offline_info {
	const char	*name;		/* the site's title */
	const char	*description;	/* may be NULL */
	const char	*lang;
	const char	*dir;		/* "ltr" or "rtl" */
	const char	*icon;		/* path from the root, or NULL */
	const char	*theme_color;	/* CSS colours, or NULL */
	const char	*background;
};

/*
 * Append the script that registers the service worker (from
 * share/templates/offline/register.js) to js, for the asset written at
 * relpath (the way back to the root is worked out from it).  It does
 * nothing on file:// and over plain http but to localhost.  0 or -1.
 */
int	offline_register_js(struct buf *js, const char *share,
	    const char *relpath);
/*
 * Write manifest.webmanifest, then sw.js at the output root: it
 * precaches every file written so far (but data/ exports, sitemap, feed
 * and robots.txt) under a version derived from their content.  Call it
 * when every page and asset is written.  0 or -1 (reported).
 */
int	offline_write(struct out *, const char *share,
	    const struct offline_info *);

#endif
