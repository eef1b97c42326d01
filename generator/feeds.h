/* SPDX-License-Identifier: ISC */
/* Files for hosts and readers: sitemap.xml, an Atom feed, robots.txt. */
#ifndef FEEDS_H
#define FEEDS_H

#include <stddef.h>

struct out;
struct strmap;

/* One article of a feed; urls are paths from the output root. */
struct feed_entry {
	const char	*title;
	const char	*url;
	const char	*summary;	/* may be NULL */
	const char	*date;		/* YYYY-MM-DD */
	const char	*updated;	/* YYYY-MM-DD, or NULL */
};

struct feed_info {
	const char	*base_url;	/* ends with '/' */
	const char	*title;
	const char	*description;	/* may be NULL */
	const char	*lang;
	const char	*prefix;	/* the language's folder, "" or "pl/" */
};

/*
 * Write sitemap.xml (sitemaps.org 0.9): every HTML page written to o but
 * 404 pages, sorted, as base_url + path; lastmod maps a path to its
 * YYYY-MM-DD date (may be NULL).  0 or -1 (reported).
 */
int	feeds_sitemap(struct out *, const char *base_url,
	    const struct strmap *lastmod);
/*
 * Write PREFIX/feed.xml, an Atom 1.0 feed of the entries (newest first),
 * with dates from the content only, so that a rebuild writes the same
 * bytes.  Nothing is written when n is 0.  0 or -1 (reported).
 */
int	feeds_atom(struct out *, const struct feed_info *,
	    const struct feed_entry *, size_t n);
/* Write robots.txt; with a Sitemap: line when base_url is not NULL. */
int	feeds_robots(struct out *, const char *base_url);

#endif
