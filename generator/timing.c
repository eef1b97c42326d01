/* SPDX-License-Identifier: ISC */
/* Phase marks for bench/ and profiling; silent unless SIGNPOST_TIMING is set. */
#include <sys/resource.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef SIGNPOST_TCMALLOC
#include <gperftools/malloc_extension_c.h>
#endif

#include "timing.h"

/* Bytes the program has allocated and not freed, or -1 if unknown. */
static long long
heap_in_use(void)
{
#if defined(SIGNPOST_TCMALLOC)
	size_t n;

	return MallocExtension_GetNumericProperty(
	    "generic.current_allocated_bytes", &n) ? (long long)n : -1;
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	return (long long)mallinfo2().uordblks;
#else
	return -1;
#endif
}

double
timing_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void
timing_mark(const char *name)
{
	static int on = -1;
	static double start, last, lastcpu;
	struct rusage ru;
	double t, c;

	if (on == -1) {
		on = getenv("SIGNPOST_TIMING") != NULL;
		start = last = timing_now();
		lastcpu = cpu_now();
	}
	if (!on)
		return;
	t = timing_now();
	c = cpu_now();
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "timing: %-22s %7.3f s wall %7.3f s cpu  (%.3f s) "
	    "heap %lld MB, peak %ld MB\n", name, t - last, c - lastcpu,
	    t - start, heap_in_use() >> 20, ru.ru_maxrss >> 10);
	last = t;
	lastcpu = c;
}
