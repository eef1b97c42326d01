/* SPDX-License-Identifier: ISC */
/* A fast pass over the start tags of well-formed HTML, as libxml2 reports them. */
#ifndef HTMLSCAN_H
#define HTMLSCAN_H

#include <stddef.h>

/*
 * Called for every start tag: name and attribute names in lower case,
 * atts as name, value pairs ending in NULL (a value is NULL for an
 * attribute without one, with character references decoded), line the
 * line of the tag's end, counted from 1.
 */
typedef void	(*hs_start_fn)(void *ud, const char *name, const char **atts,
		    unsigned line);

/*
 * Report the start tags of html to fn (which may be NULL: then only check
 * that the page can be scanned).  The tags are reported once the whole
 * page is read, so none is when the scan fails.  The scanner knows the
 * HTML Signpost and cmark write: it returns -1, having reported nothing,
 * for anything whose reading by libxml2's HTML parser it does not copy
 * exactly (invalid UTF-8, control characters, unquoted or bogus
 * attributes, an entity it does not know, processing instructions,
 * CDATA, an id on html, head or body ...); the caller then uses libxml2.
 * Returns 0 when the page was scanned.
 */
int	hs_scan(const char *html, size_t len, hs_start_fn fn, void *ud);

#endif
