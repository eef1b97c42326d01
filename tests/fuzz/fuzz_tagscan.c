/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the tag reader (tagscan.c) against libxml2's XML
 * parser.  Whatever page the reader takes, it must read to the same start
 * tags and lines as libxml2; a difference aborts.  Built and run by
 * tests/fuzz/smoke.
 */
#include <stdint.h>
#include <stdlib.h>

#include "htmlcheck.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	int read;

	if (!hc_tagscan_agrees((const char *)data, len, &read))
		abort();
	return 0;
}
