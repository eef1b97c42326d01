/* SPDX-License-Identifier: ISC */
/* A hash map from strings to borrowed pointers (open addressing). */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>

#include "strpool.h"

/* Slots are in no useful order: iterate them only where order is moot. */
struct strmap_slot {
	char		*key;		/* map's copy, or NULL: a free slot */
	void		*val;		/* borrowed */
	unsigned long	 hash;		/* of key, compared before the bytes */
};

struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 len;
	struct strpool		 keys;	/* the key copies (a map never
					   drops a key) */
};

#define STRMAP_INIT { NULL, 0, 0, STRPOOL_INIT }

/* The value for key, or NULL. */
void	*strmap_get(const struct strmap *, const char *key);
/* Set key to val; returns the previous value or NULL. */
void	*strmap_put(struct strmap *, const char *key, void *val);
/*
 * The map's own copy of key, added with a NULL value when absent: a set
 * of strings each kept once (interning).
 */
const char *strmap_intern(struct strmap *, const char *key);
/* Free the keys and slots (not the values). */
void	 strmap_release(struct strmap *);

#endif
