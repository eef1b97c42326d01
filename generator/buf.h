/* SPDX-License-Identifier: ISC */
/* A growable byte buffer, always NUL-terminated (after git's strbuf). */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * ptr is never NULL: an empty buffer points at a shared static slot, so
 * ptr can always be printed.  Bytes may include NUL; len counts them.
 */
struct buf {
	char	*ptr;
	size_t	 len;
	size_t	 cap;
};

extern char buf_slot[1];
#define BUF_INIT { buf_slot, 0, 0 }

void	 buf_init(struct buf *);
/* The allocating part of buf_grow. */
void	 buf_grow_alloc(struct buf *, size_t extra);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
/* Shorten to len bytes (len must not exceed the current length). */
void	 buf_truncate(struct buf *, size_t len);
/* Empty the buffer but keep its memory. */
void	 buf_reset(struct buf *);
/* Free the memory; the buffer is empty and usable again. */
void	 buf_release(struct buf *);
/*
 * Give back the room beyond the bytes and terminator, for a buffer kept
 * long after it is filled (a document's HTML); it can still grow.
 */
void	 buf_shrink(struct buf *);
/* Hand the bytes to the caller (free() them); the buffer is left empty. */
char	*buf_detach(struct buf *, size_t *lenp);

/*
 * Scratch buffers of the calling thread's own, kept from call to call so
 * that work done once a page (render it, check it) does not allocate and
 * grow a buffer every time: empty when handed out, theirs until the same
 * thread asks for the same slot again, freed when the thread ends.
 */
enum buf_scratch_slot {
	BUF_SCRATCH_PAGE,	/* pages.c: the page being written */
	BUF_SCRATCH_HREFS,	/* render.c: the hrefs of a document's links */
	BUF_SCRATCH_SLOTS
};
struct buf	*buf_scratch(enum buf_scratch_slot);
/*
 * Done with a scratch buffer (or any buffer kept for reuse): empty it,
 * and free its memory when it grew past BUF_SCRATCH_KEEP bytes for one
 * big page, rather than hold that to the end.
 */
#define BUF_SCRATCH_KEEP	(1024 * 1024)
void		 buf_scratch_done(struct buf *);

/* Make room for at least extra more bytes (plus the terminator). */
static inline void
buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra >= b->cap)
		buf_grow_alloc(b, extra);
}

/*
 * buf_put and buf_putc run for every byte a page is made of: inline, so
 * that the common case (room left) costs a compare and a store.
 */
static inline void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n >= b->cap)
		buf_grow_alloc(b, n);
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

static inline void
buf_putc(struct buf *b, int c)
{
	if (b->len + 1 >= b->cap)
		buf_grow_alloc(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

#endif
