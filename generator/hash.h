/* SPDX-License-Identifier: ISC */
/* The string hash of the build's in-memory tables (map keys, paths, ids). */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
hash_load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

static inline uint64_t
hash_load32(const char *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * Keys are a few to tens of bytes: mix them eight bytes at a step, the
 * last step reading the final eight (or two overlapping fours, or three
 * single) bytes.  Not for anything written out: tables in memory only.
 */
static inline uint32_t
hash_str(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	if (len >= 8) {
		for (; len > 8; s += 8, len -= 8) {
			h = (h ^ hash_load64(s)) * 0xff51afd7ed558ccdULL;
			h ^= h >> 32;
		}
		w = hash_load64(s + len - 8);
	} else if (len >= 4)
		w = hash_load32(s) | hash_load32(s + len - 4) << 32;
	else if (len > 0)
		w = (uint64_t)(unsigned char)s[0] |
		    (uint64_t)(unsigned char)s[len / 2] << 8 |
		    (uint64_t)(unsigned char)s[len - 1] << 16;
	else
		w = 0;
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)(h >> 32);
}

#endif
