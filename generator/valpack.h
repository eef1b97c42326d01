/* SPDX-License-Identifier: ISC */
/* Value trees as bytes, for what the build cache keeps between builds. */
#ifndef VALPACK_H
#define VALPACK_H

#include <stddef.h>

struct buf;
struct value;

/*
 * A value as bytes: 'n' null, 't' or 'f', 's' u32 length and bytes, 'l'
 * u32 count and items, 'm' u32 count and (u32 length, key, value) pairs;
 * numbers little-endian.  With locs, each value and each key is followed
 * by its line and column (u32 each) after its type byte or its key.
 * References are written as what they refer to.
 */
void		 valpack_put(struct buf *, const struct value *, int locs);
/*
 * Headers (without locs) of a map of n keys, whose pairs follow, and of
 * a list of n items, for a part of a value; valpack_put_map returns
 * where its count is, for a count known only after (le_bytes).
 */
size_t		 valpack_put_map(struct buf *, size_t n);
void		 valpack_put_list(struct buf *, size_t n);
void		 valpack_put_key(struct buf *, const char *key, size_t len);
/*
 * Read one map written by valpack_put (with the same locs) from *p, as
 * a tree of its own in one allocation, whose locations name file (an
 * interned name); NULL, with *p unchanged, when the bytes do not read as
 * a map, or nest too deep.
 */
struct value	*valpack_get(const unsigned char **p, const unsigned char *end,
		    const char *file, int locs);

#endif
