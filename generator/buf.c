/* SPDX-License-Identifier: ISC */
/* Growable byte buffer. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

char buf_slot[1];

void
buf_init(struct buf *b)
{
	b->ptr = buf_slot;
	b->len = b->cap = 0;
}

void
buf_grow_alloc(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap < 4096 ? cap * 2 : cap + cap / 2;
	if (b->cap == 0) {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	} else
		b->ptr = xrealloc(b->ptr, cap);
	b->cap = cap;
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/*
 * Print into the room left, and only when the text does not fit grow
 * and print again: formatting twice (once to measure) was most of the
 * cost of a short printf.
 */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room;
	int n;

	if (b->cap == 0)
		buf_grow_alloc(b, 63);
	room = b->cap - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, room, fmt, cp);
	va_end(cp);
	if (n <= 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		buf_grow_alloc(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void
buf_reset(struct buf *b)
{
	if (b->cap) {
		b->len = 0;
		b->ptr[0] = '\0';
	}
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

void
buf_shrink(struct buf *b)
{
	if (b->cap > b->len + 1) {
		b->ptr = xrealloc(b->ptr, b->len + 1);
		b->cap = b->len + 1;
	}
}

char *
buf_detach(struct buf *b, size_t *lenp)
{
	char *p;

	if (lenp)
		*lenp = b->len;
	if (b->cap == 0)
		return xstrdup("");
	p = b->ptr;
	buf_init(b);
	return p;
}

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void
scratch_free(void *p)
{
	struct buf *b = p;
	size_t i;

	for (i = 0; i < BUF_SCRATCH_SLOTS; i++)
		buf_release(&b[i]);
	free(b);
}

static void
scratch_key_make(void)
{
	if (pthread_key_create(&scratch_key, scratch_free) != 0)
		abort();
}

struct buf *
buf_scratch(enum buf_scratch_slot slot)
{
	struct buf *b;
	size_t i;

	pthread_once(&scratch_once, scratch_key_make);
	if ((b = pthread_getspecific(scratch_key)) == NULL) {
		b = xreallocarray(NULL, BUF_SCRATCH_SLOTS, sizeof(*b));
		for (i = 0; i < BUF_SCRATCH_SLOTS; i++)
			buf_init(&b[i]);
		if (pthread_setspecific(scratch_key, b) != 0)
			abort();
	}
	buf_reset(&b[slot]);
	return &b[slot];
}

void
buf_scratch_done(struct buf *b)
{
	if (b->cap > BUF_SCRATCH_KEEP)
		buf_release(b);
	else
		buf_reset(b);
}
