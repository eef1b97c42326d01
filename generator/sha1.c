/* SPDX-License-Identifier: ISC */
/* SHA-1 per FIPS 180-4, written from the standard; tested with RFC 3174. */
#include <string.h>

#include "sha1.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

void
sha1_init(struct sha1 *s)
{
	s->h[0] = 0x67452301;
	s->h[1] = 0xEFCDAB89;
	s->h[2] = 0x98BADCFE;
	s->h[3] = 0x10325476;
	s->h[4] = 0xC3D2E1F0;
	s->len = 0;
	s->n = 0;
}

/* The round functions of b, c, d. */
#define F1(b, c, d)	((d) ^ ((b) & ((c) ^ (d))))
#define F2(b, c, d)	((b) ^ (c) ^ (d))
#define F3(b, c, d)	(((b) & (c)) | ((d) & ((b) | (c))))

/* Word i of the schedule, i >= 16, kept in a ring of the last 16. */
#define W(i)	(w[(i) & 15] = ROL(w[((i) + 13) & 15] ^ w[((i) + 8) & 15] ^ \
		    w[((i) + 2) & 15] ^ w[(i) & 15], 1))

/*
 * One round with the five words renamed instead of moved: the caller
 * rotates the arguments from one round to the next.
 */
#define R(a, b, c, d, e, f, k, x) do {					\
	(e) += ROL(a, 5) + f(b, c, d) + (k) + (x);			\
	(b) = ROL(b, 30);						\
} while (0)

/* Five rounds, after which the words are back in their places. */
#define R5(f, k, x0, x1, x2, x3, x4) do {				\
	R(a, b, c, d, e, f, k, x0);					\
	R(e, a, b, c, d, f, k, x1);					\
	R(d, e, a, b, c, f, k, x2);					\
	R(c, d, e, a, b, f, k, x3);					\
	R(b, c, d, e, a, f, k, x4);					\
} while (0)

static void
compress(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[16], a, b, c, d, e;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	/* Every round written out: the ring's indexes are constants. */
	R5(F1, 0x5A827999, w[0], w[1], w[2], w[3], w[4]);
	R5(F1, 0x5A827999, w[5], w[6], w[7], w[8], w[9]);
	R5(F1, 0x5A827999, w[10], w[11], w[12], w[13], w[14]);
	R5(F1, 0x5A827999, w[15], W(16), W(17), W(18), W(19));
	R5(F2, 0x6ED9EBA1, W(20), W(21), W(22), W(23), W(24));
	R5(F2, 0x6ED9EBA1, W(25), W(26), W(27), W(28), W(29));
	R5(F2, 0x6ED9EBA1, W(30), W(31), W(32), W(33), W(34));
	R5(F2, 0x6ED9EBA1, W(35), W(36), W(37), W(38), W(39));
	R5(F3, 0x8F1BBCDC, W(40), W(41), W(42), W(43), W(44));
	R5(F3, 0x8F1BBCDC, W(45), W(46), W(47), W(48), W(49));
	R5(F3, 0x8F1BBCDC, W(50), W(51), W(52), W(53), W(54));
	R5(F3, 0x8F1BBCDC, W(55), W(56), W(57), W(58), W(59));
	R5(F2, 0xCA62C1D6, W(60), W(61), W(62), W(63), W(64));
	R5(F2, 0xCA62C1D6, W(65), W(66), W(67), W(68), W(69));
	R5(F2, 0xCA62C1D6, W(70), W(71), W(72), W(73), W(74));
	R5(F2, 0xCA62C1D6, W(75), W(76), W(77), W(78), W(79));
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

void
sha1_update(struct sha1 *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t take;

	s->len += len;
	while (len > 0) {
		take = 64 - s->n < len ? 64 - s->n : len;
		memcpy(s->block + s->n, p, take);
		s->n += take;
		p += take;
		len -= take;
		if (s->n == 64) {
			compress(s, s->block);
			s->n = 0;
		}
	}
}

void
sha1_final(struct sha1 *s, unsigned char out[20])
{
	static const unsigned char pad[64] = { 0x80 };
	uint64_t bits = s->len * 8;
	unsigned char lenb[8];
	int i;

	/* 0x80, then zeros up to 56 bytes into a block. */
	sha1_update(s, pad, s->n < 56 ? 56 - s->n : 120 - s->n);
	for (i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, lenb, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}
