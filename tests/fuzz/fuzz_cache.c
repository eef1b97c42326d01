/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the build cache reader.  The input is a cache without
 * its trailing checksum; the target appends the right one, so that the
 * fuzzer reaches the parser behind it.  Run by hand:
 *   clang ... -o build-fuzz/fuzz_cache tests/fuzz/fuzz_cache.c \
 *       build-fuzz/libsignpost.a ... (as tests/fuzz/smoke builds its target)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "output.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char *p = malloc(len + 8);
	uint64_t sum;
	int i;

	if (p == NULL)
		return 0;
	memcpy(p, data, len);
	sum = out_hash(data, len);
	for (i = 0; i < 8; i++)
		p[len + i] = (unsigned char)(sum >> (8 * i));
	(void)cache_parse_check(p, len + 8);
	free(p);
	return 0;
}
