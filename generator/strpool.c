/* SPDX-License-Identifier: ISC */
/* Copies of strings packed into blocks and freed all at once. */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "xalloc.h"

/* Blocks double from FIRST up to LAST bytes; a longer string has its own. */
#define FIRST	256
#define LAST	(64 * 1024)

struct strpool_blk {
	struct strpool_blk	*next;
	size_t			 used, size;
	char			 bytes[];
};

char *
strpool_copy(struct strpool *p, const char *s, size_t n)
{
	struct strpool_blk *b = p->head;
	size_t size;
	char *c;

	if (b == NULL || b->size - b->used < n + 1) {
		size = b == NULL ? FIRST : b->size < LAST ? b->size * 2 :
		    b->size;
		if (size < n + 1)
			size = n + 1;
		b = xmalloc(sizeof(*b) + size);
		b->next = p->head;
		b->used = 0;
		b->size = size;
		p->head = b;
	}
	c = b->bytes + b->used;
	memcpy(c, s, n);
	c[n] = '\0';
	b->used += n + 1;
	return c;
}

void
strpool_release(struct strpool *p)
{
	struct strpool_blk *b;

	while ((b = p->head) != NULL) {
		p->head = b->next;
		free(b);
	}
}
