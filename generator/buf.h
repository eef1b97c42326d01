/* SPDX-License-Identifier: ISC */
/* A growable byte buffer, always NUL-terminated (after git's strbuf). */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

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
/* Make room for at least extra more bytes (plus the terminator). */
void	 buf_grow(struct buf *, size_t extra);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
/* Shorten to len bytes (len must not exceed the current length). */
void	 buf_truncate(struct buf *, size_t len);
/* Empty the buffer but keep its memory. */
void	 buf_reset(struct buf *);
/* Free the memory; the buffer is empty and usable again. */
void	 buf_release(struct buf *);
/* Hand the bytes to the caller (free() them); the buffer is left empty. */
char	*buf_detach(struct buf *, size_t *lenp);

#endif
