/* SPDX-License-Identifier: ISC */
/* Name-based UUIDs (RFC 4122 version 5, SHA-1) for stable export ids. */
#ifndef UUID_H
#define UUID_H

#include <stddef.h>

/* The RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
extern const unsigned char uuid_ns_url[16];

/* Parse "xxxxxxxx-xxxx-..." into 16 bytes; 0, or -1 if malformed. */
int	 uuid_parse(const char *, unsigned char out[16]);
/* The version 5 UUID of name in ns, in binary. */
void	 uuid_v5_bin(const unsigned char ns[16], const char *name,
	    size_t len, unsigned char out[16]);
/* The same as a lower-case string with hyphens (36 chars plus NUL). */
void	 uuid_v5(const unsigned char ns[16], const char *name, size_t len,
	    char out[37]);

#endif
