/* SPDX-License-Identifier: ISC */
/* A parallel for loop over pthreads: workers take the next index until none is left. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "pool.h"
#include "xalloc.h"

struct job {
	size_t		  n;
	atomic_size_t	  next;
	void		(*fn)(void *, size_t);
	void		 *arg;
};

unsigned
pool_threads(void)
{
	const char *env = getenv("SIGNPOST_JOBS");
	long n = env != NULL ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > 64 ? 64 : (unsigned)n;
}

static void *
work(void *p)
{
	struct job *j = p;
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n)
		j->fn(j->arg, i);
	return NULL;
}

void
pool_run(size_t n, void (*fn)(void *, size_t), void *arg)
{
	unsigned t, nt = pool_threads(), started = 0;
	pthread_t *tids;
	struct job j;

	j.n = n;
	atomic_init(&j.next, 0);
	j.fn = fn;
	j.arg = arg;
	if (nt > n)
		nt = n > 0 ? (unsigned)n : 1;
	tids = xcalloc(nt, sizeof(*tids));
	for (t = 1; t < nt; t++)
		if (pthread_create(&tids[t], NULL, work, &j) == 0)
			started++;
		else
			break;
	work(&j);
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
}
