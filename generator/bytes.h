/* SPDX-License-Identifier: ISC */
/* Numbers in byte strings: little-endian fixed widths, 7-bit groups. */
#ifndef BYTES_H
#define BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Eight bytes read as one word, for tests of all eight at once:
 * BYTES_ONES * c has c in every byte, BYTES_HIGHS every byte's top bit.
 */
#define BYTES_ONES	0x0101010101010101ULL
#define BYTES_HIGHS	(BYTES_ONES * 0x80)

/* v as n (at most 8) little-endian bytes at x. */
static inline void
le_bytes(unsigned char *x, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = (unsigned char)(v >> (8 * i));
}

/* v as n (at most 8) little-endian bytes at the end of b. */
static inline void
le_put(struct buf *b, uint64_t v, int n)
{
	unsigned char x[8];

	le_bytes(x, v, n);
	buf_put(b, x, (size_t)n);
}

/*
 * Bytes that le_span reads back, written in two steps: le_span_open
 * holds the place of their u32 length (returned), le_span_close fills
 * it in once they are at the end of b.
 */
static inline size_t
le_span_open(struct buf *b)
{
	size_t at = b->len;

	le_put(b, 0, 4);
	return at;
}

static inline void
le_span_close(struct buf *b, size_t at)
{
	le_bytes((unsigned char *)b->ptr + at, b->len - at - 4, 4);
}

/*
 * n little-endian bytes at *p, which moves past them; 0 and *bad set
 * when fewer than n are left before end (or *bad was set already).
 */
static inline uint64_t
le_get(const unsigned char **p, const unsigned char *end, int n, int *bad)
{
	uint64_t v = 0;
	int i;

	if (*bad || end - *p < n) {
		*bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)(*p)[i] << (8 * i);
	*p += n;
	return v;
}

/*
 * A u32 length at *p and that many bytes after it: the bytes (*lenp of
 * them), with *p past them; NULL and *bad set when they do not fit
 * before end (or *bad was set already).
 */
static inline const unsigned char *
le_span(const unsigned char **p, const unsigned char *end, size_t *lenp,
    int *bad)
{
	size_t n = (size_t)le_get(p, end, 4, bad);
	const unsigned char *s = *p;

	if (*bad || (size_t)(end - s) < n) {
		*bad = 1;
		return NULL;
	}
	*p = s + n;
	*lenp = n;
	return s;
}

/* Bytes a 32-bit number takes at most in 7-bit groups. */
#define SEVEN_MAX	5

/* v in 7-bit groups, low first, the high bit set on all but the last. */
static inline size_t
seven_put(unsigned char *p, uint32_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* Two numbers in 7-bit groups at the end of b: a (term, weight) pair. */
static inline void
seven_put_pair(struct buf *b, uint32_t x, uint32_t y)
{
	buf_grow(b, 2 * SEVEN_MAX);
	b->len += seven_put((unsigned char *)b->ptr + b->len, x);
	b->len += seven_put((unsigned char *)b->ptr + b->len, y);
}

/* The number at *p (which moves past it) read within end: 0, else -1. */
static inline int
seven_get(const unsigned char **pp, const unsigned char *end, uint32_t *v)
{
	const unsigned char *p = *pp;
	unsigned sh = 0;

	*v = 0;
	while (p < end && sh < 35) {
		*v |= (uint32_t)(*p & 0x7F) << sh;
		if ((*p++ & 0x80) == 0) {
			*pp = p;
			return 0;
		}
		sh += 7;
	}
	return -1;
}

#endif
