/* SPDX-License-Identifier: ISC */
/* The process's heap at its end: freed piece by piece, or given back whole. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include "heap.h"

#define MAX_PARTS	16

/* The page at or after the program break when main began; 0 if unknown. */
static uintptr_t heap_lo;
static uintptr_t page = 4096;	/* madvise takes whole pages */

int
heap_free_all(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 1;
#else
	return getenv("SIGNPOST_FREE_ALL") != NULL;
#endif
#else
	return getenv("SIGNPOST_FREE_ALL") != NULL;
#endif
}

#if defined(__linux__) && defined(MADV_DONTNEED)
struct part {
	char	*p;
	size_t	 n;
};

static void *
drop(void *arg)
{
	struct part *pt = arg;

	/* Pages read after this are zero: nothing reads them any more. */
	(void)madvise(pt->p, pt->n, MADV_DONTNEED);
	return NULL;
}

/* Give back [lo, hi) in parts, one per thread, the caller's among them. */
static void
drop_all(uintptr_t lo, uintptr_t hi, unsigned threads)
{
	struct part parts[MAX_PARTS];
	pthread_t tid[MAX_PARTS];
	int made[MAX_PARTS];
	size_t each;
	unsigned k, n = threads < MAX_PARTS ? threads : MAX_PARTS;

	each = ((hi - lo) / n + page - 1) & ~(page - 1);
	for (k = 0; k < n; k++) {
		parts[k].p = (char *)(lo + k * each);
		parts[k].n = k + 1 < n ? each : hi - (lo + k * each);
		if (lo + k * each >= hi)
			parts[k].n = 0;
		made[k] = k > 0 && parts[k].n > 0 &&
		    pthread_create(&tid[k], NULL, drop, &parts[k]) == 0;
	}
	for (k = 0; k < n; k++)
		if (!made[k] && parts[k].n > 0)
			drop(&parts[k]);
	for (k = 1; k < n; k++)
		if (made[k])
			pthread_join(tid[k], NULL);
}
#endif

void
heap_start(void)
{
	void *b = sbrk(0);
	long ps = sysconf(_SC_PAGESIZE);

	if (ps > 0 && (ps & (ps - 1)) == 0)
		page = (uintptr_t)ps;
	if (b != (void *)-1)
		heap_lo = ((uintptr_t)b + page - 1) & ~(page - 1);
}

void
heap_exit(int rc, unsigned threads)
{
	fflush(stdout);
	fflush(stderr);
#if defined(__linux__) && defined(MADV_DONTNEED)
	{
		void *b = sbrk(0);
		uintptr_t hi = (uintptr_t)b & ~(page - 1);

		/* Only worth threads on a large heap: a small one ends fast. */
		if (b != (void *)-1 && heap_lo != 0 && hi > heap_lo &&
		    hi - heap_lo >= ((uintptr_t)64 << 20) && threads > 1)
			drop_all(heap_lo, hi, threads);
	}
#endif
	_exit(rc);
}
