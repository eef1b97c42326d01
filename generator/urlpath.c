/* SPDX-License-Identifier: ISC */
/* Relative links between output files, so the site works from file://. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "urlpath.h"
#include "xalloc.h"

int
urlpath_resolve_buf(struct buf *b, const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/'), *p, *e;

	buf_reset(b);
	if (rel[0] != '/' && slash != NULL)
		buf_put(b, base, (size_t)(slash - base) + 1);
	for (p = rel[0] == '/' ? rel + 1 : rel; *p != '\0'; p = e) {
		e = strchr(p, '/');
		e = e ? e + 1 : p + strlen(p);
		if (p[0] == '.' && (p[1] == '/' || p[1] == '\0'))
			continue;
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' ||
		    p[2] == '\0')) {
			if (b->len == 0)
				return -1;
			/* Drop the last folder of b ("x/y/" to "x/"). */
			b->len--;
			while (b->len > 0 && b->ptr[b->len - 1] != '/')
				b->len--;
			b->ptr[b->len] = '\0';
			continue;
		}
		buf_put(b, p, (size_t)(e - p));
	}
	return 0;
}

char *
urlpath_resolve(const char *base, const char *rel)
{
	struct buf b = BUF_INIT;

	if (urlpath_resolve_buf(&b, base, rel) == -1) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

void
urlpath_rel(struct buf *out, const char *from, const char *to)
{
	size_t common = 0, i;

	/* Length of the shared folder prefix (up to and including a '/'). */
	for (i = 0; from[i] != '\0' && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	urlpath_root(out, from + common);
	buf_puts(out, to + common);
}

void
urlpath_root(struct buf *out, const char *page)
{
	for (; *page != '\0'; page++)
		if (*page == '/')
			buf_puts(out, "../");
}
