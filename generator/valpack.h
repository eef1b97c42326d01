/* SPDX-License-Identifier: ISC */
/* A value tree, with where each part was written, as bytes and back. */
#ifndef VALPACK_H
#define VALPACK_H

#include <stddef.h>

struct buf;
struct value;

/*
 * Append v (NULL too) to b: every node's type, contents and location,
 * references followed (they come back as copies).
 */
void		 valpack_put(struct buf *, const struct value *);
/*
 * The tree at *p (not past end), *p moved past it; file names come back
 * interned with diag_file.  *ok is 0 when the bytes are not a whole tree
 * (the result is then NULL); a packed NULL gives NULL with *ok 1.
 */
struct value	*valpack_get(const char **p, const char *end, int *ok);

#endif
