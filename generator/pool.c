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

void
pool_mutex_init(pthread_mutex_t *m)
{
#ifdef __GLIBC__
	pthread_mutexattr_t a;

	/*
	 * Two threads checking pages meet on the same locks thousands of
	 * times a build, each holding one for a hash lookup: sleeping on the
	 * futex and being woken costs far more than the wait.
	 */
	if (pthread_mutexattr_init(&a) == 0) {
		if (pthread_mutexattr_settype(&a,
		    PTHREAD_MUTEX_ADAPTIVE_NP) == 0 &&
		    pthread_mutex_init(m, &a) == 0) {
			pthread_mutexattr_destroy(&a);
			return;
		}
		pthread_mutexattr_destroy(&a);
	}
#endif
	pthread_mutex_init(m, NULL);
}

unsigned
pool_threads(void)
{
	static atomic_long cores;
	const char *env = getenv("SIGNPOST_JOBS");
	long n;

	if (env != NULL)
		n = atol(env);
	else if ((n = atomic_load(&cores)) == 0) {
		/* sysconf reads /sys each time: ask once. */
		n = sysconf(_SC_NPROCESSORS_ONLN);
		atomic_store(&cores, n > 0 ? n : 1);
	}
	if (n < 1)
		n = 1;
	return n > 64 ? 64 : (unsigned)n;
}

static void
work(struct job *j)
{
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n)
		j->fn(j->arg, i);
}

static void *
work_thread(void *p)
{
	work(p);
	return NULL;
}

/*
 * The workers live from the first pool_run to the end of the process, so
 * that a build's hundred or so runs (the search index alone makes one a
 * batch) do not each start and join threads, and what threads keep from
 * job to job (parser contexts, buffers, the allocator's caches) lasts.
 * A run takes the first want workers; a run from a worker, or while
 * another thread's run holds the pool, starts threads of its own.
 */
static struct {
	pthread_mutex_t	 use;		/* held by the run in progress */
	pthread_mutex_t	 lock;
	pthread_cond_t	 go, done;
	struct job	*job;
	unsigned long	 round;		/* runs started */
	unsigned	 nworkers, want, busy;
} pool = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0, 0
};
static _Thread_local int in_worker;

static void *
worker(void *p)
{
	unsigned id = (unsigned)(size_t)p;
	unsigned long seen = 0;
	struct job *j;

	in_worker = 1;
	for (;;) {
		pthread_mutex_lock(&pool.lock);
		while (pool.round == seen)
			pthread_cond_wait(&pool.go, &pool.lock);
		seen = pool.round;
		j = id < pool.want ? pool.job : NULL;
		pthread_mutex_unlock(&pool.lock);
		if (j == NULL)
			continue;
		work(j);
		pthread_mutex_lock(&pool.lock);
		if (--pool.busy == 0)
			pthread_cond_signal(&pool.done);
		pthread_mutex_unlock(&pool.lock);
	}
	return NULL;
}

/* Threads of its own for one run (nt - 1 besides the caller). */
static void
run_apart(struct job *j, unsigned nt)
{
	pthread_t *tids = xcalloc(nt, sizeof(*tids));
	unsigned t, started = 0;

	for (t = 1; t < nt; t++)
		if (pthread_create(&tids[t], NULL, work_thread, j) == 0)
			started++;
		else
			break;
	work(j);
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
}

void
pool_run(size_t n, void (*fn)(void *, size_t), void *arg)
{
	unsigned nt = pool_threads();
	pthread_t tid;
	struct job j;

	j.n = n;
	atomic_init(&j.next, 0);
	j.fn = fn;
	j.arg = arg;
	if (nt > n)
		nt = n > 0 ? (unsigned)n : 1;
	if (nt == 1) {
		work(&j);
		return;
	}
	if (in_worker || pthread_mutex_trylock(&pool.use) != 0) {
		run_apart(&j, nt);
		return;
	}
	pthread_mutex_lock(&pool.lock);
	while (pool.nworkers < nt - 1 && pthread_create(&tid, NULL, worker,
	    (void *)(size_t)pool.nworkers) == 0) {
		pthread_detach(tid);
		pool.nworkers++;
	}
	pool.job = &j;
	pool.want = nt - 1 < pool.nworkers ? nt - 1 : pool.nworkers;
	pool.busy = pool.want;
	pool.round++;
	pthread_cond_broadcast(&pool.go);
	pthread_mutex_unlock(&pool.lock);
	work(&j);
	pthread_mutex_lock(&pool.lock);
	while (pool.busy > 0)
		pthread_cond_wait(&pool.done, &pool.lock);
	pool.job = NULL;
	pthread_mutex_unlock(&pool.lock);
	pthread_mutex_unlock(&pool.use);
}
