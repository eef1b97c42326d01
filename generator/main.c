/* SPDX-License-Identifier: ISC */
/* Command line: parse options, run a command, map its status to the exit code. */
#include <stdio.h>

int
main(void)
{
	puts("signpost " SIGNPOST_VERSION);
	return 0;
}
