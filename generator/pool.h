/* SPDX-License-Identifier: ISC */
/* Running independent jobs on every core: a parallel for loop. */
#ifndef POOL_H
#define POOL_H

#include <pthread.h>
#include <stddef.h>

/*
 * Call fn(arg, i) for every i in [0, n), on up to pool_threads() threads
 * (the caller's among them); returns when all calls have returned.  Calls
 * run in no particular order and must not depend on each other.
 */
void	 pool_run(size_t n, void (*fn)(void *arg, size_t i), void *arg);
/* How many threads pool_run uses: SIGNPOST_JOBS, else the cores online. */
unsigned pool_threads(void);
/*
 * A mutex for the short critical sections the pool's threads share (a
 * table lookup or insert): it spins a little before it sleeps, where the
 * C library can (glibc's adaptive mutex), else a plain one.
 */
void	 pool_mutex_init(pthread_mutex_t *);

#endif
