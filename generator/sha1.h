/* SPDX-License-Identifier: ISC */
/* SHA-1 (FIPS 180-4), only for name-based UUIDs (RFC 4122 version 5). */
#ifndef SHA1_H
#define SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t	 h[5];
	uint64_t	 len;		/* bytes hashed so far */
	unsigned char	 block[64];
	size_t		 n;		/* bytes waiting in block */
};

void	 sha1_init(struct sha1 *);
void	 sha1_update(struct sha1 *, const void *, size_t);
/* Finish and write the 20-byte digest; the context must be re-initialised. */
void	 sha1_final(struct sha1 *, unsigned char out[20]);

#endif
