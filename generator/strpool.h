/* SPDX-License-Identifier: ISC */
/* Copies of strings packed into blocks and freed all at once. */
#ifndef STRPOOL_H
#define STRPOOL_H

#include <stddef.h>

struct strpool_blk;

/* Holds string copies for as long as their owner lives; zero = empty. */
struct strpool {
	struct strpool_blk	*head;		/* the newest block first */
};

#define STRPOOL_INIT { NULL }

/*
 * A copy of the n bytes at s with a NUL after them, valid until
 * strpool_release: one allocation for many strings.
 */
char	*strpool_copy(struct strpool *, const char *s, size_t n);
/* Free every copy; the pool is empty and usable again. */
void	 strpool_release(struct strpool *);

#endif
