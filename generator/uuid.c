/* SPDX-License-Identifier: ISC */
/* Version 5 UUIDs: SHA-1 of namespace and name, version and variant set. */
#include <string.h>

#include "escape.h"
#include "sha1.h"
#include "uuid.h"

const unsigned char uuid_ns_url[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
};

int
uuid_parse(const char *s, unsigned char out[16])
{
	int i, hi, lo;

	for (i = 0; i < 16; i++) {
		if (*s == '-' && (i == 4 || i == 6 || i == 8 || i == 10))
			s++;
		if ((hi = esc_hexval(s[0])) < 0 || (lo = esc_hexval(s[1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
		s += 2;
	}
	return *s == '\0' ? 0 : -1;
}

void
uuid_v5_bin(const unsigned char ns[16], const char *name, size_t len,
    unsigned char out[16])
{
	unsigned char d[20];
	struct sha1 s;

	sha1_init(&s);
	sha1_update(&s, ns, 16);
	sha1_update(&s, name, len);
	sha1_final(&s, d);
	memcpy(out, d, 16);
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x50);
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80);
}

void
uuid_v5(const unsigned char ns[16], const char *name, size_t len,
    char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char u[16];
	char *p = out;
	int i;

	uuid_v5_bin(ns, name, len, u);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[u[i] >> 4];
		*p++ = hex[u[i] & 15];
	}
	*p = '\0';
}
