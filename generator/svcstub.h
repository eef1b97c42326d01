/* SPDX-License-Identifier: ISC */
/* Listing stubs: what a rebuild needs of a listing that did not change. */
#ifndef SVCSTUB_H
#define SVCSTUB_H

#include <stddef.h>

struct buf;
struct value;

/*
 * When no listing changed since the last build and their pages are taken
 * from it, the build needs of each listing only its address, whether and
 * where it is listed, what the search filters and the help box show:
 * svc_stub_put appends that part of a loaded listing (name, slug, url,
 * vcard_url, is_listed, crisis, summary, category_keys, towns, free; of
 * hours its zone, always and rules, of access the keys, of languages the
 * codes, and of a crisis line's contact its phones) to b;
 * svc_stub_get reads one back as a tree of its own whose root carries
 * file (an interned name) as its location, or NULL (and *p unchanged)
 * when the bytes do not read well.  Anything that needs more of a
 * listing loads it whole (listings_materialize).
 */
void		 svc_stub_put(struct buf *b, const struct value *svc);
struct value	*svc_stub_get(const unsigned char **p, const unsigned char *end,
		    const char *file);

#endif
