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

/* One round: f is the round function of b, c, d; k its constant. */
#define ROUND(f, k) do {						\
	t = ROL(a, 5) + (f) + e + (k) + w[i];				\
	e = d;								\
	d = c;								\
	c = ROL(b, 30);							\
	b = a;								\
	a = t;								\
} while (0)

static void
compress(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	/* The four kinds of round in loops of their own: no test a round. */
	for (i = 0; i < 20; i++)
		ROUND((b & c) | (~b & d), 0x5A827999);
	for (; i < 40; i++)
		ROUND(b ^ c ^ d, 0x6ED9EBA1);
	for (; i < 60; i++)
		ROUND((b & c) | (b & d) | (c & d), 0x8F1BBCDC);
	for (; i < 80; i++)
		ROUND(b ^ c ^ d, 0xCA62C1D6);
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
