/* SPDX-License-Identifier: ISC */
/* Paths inside the site: normalising, and links relative to a page. */
#ifndef URLPATH_H
#define URLPATH_H

struct buf;

/*
 * Resolve rel against the folder of base (both relative to one root,
 * '/'-separated) and normalise "." and "..": "articles/a.md" + "../pages/
 * b.md" is "pages/b.md".  Returns a new string, or NULL when the result
 * would leave the root.
 */
char	*urlpath_resolve(const char *base, const char *rel);
/* The same into b (reset first): 0, or -1 when it would leave the root. */
int	 urlpath_resolve_buf(struct buf *b, const char *base, const char *rel);
/*
 * Append to out the link from the page at from to the file at to (both
 * relative to the same root): from "articles/a.html" to "about.html" is
 * "../about.html".
 */
void	 urlpath_rel(struct buf *out, const char *from, const char *to);
/* Append "../" once per folder in page: the page's way back to the root. */
void	 urlpath_root(struct buf *out, const char *page);

#endif
