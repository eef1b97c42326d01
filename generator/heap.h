/* SPDX-License-Identifier: ISC */
/* The process's heap at its end: freed piece by piece, or given back whole. */
#ifndef HEAP_H
#define HEAP_H

/*
 * Whether the process frees all it holds before it ends: in sanitizer
 * builds and with SIGNPOST_FREE_ALL, so that leak checks see everything.
 * Otherwise a build leaves its data for heap_exit.
 */
int	heap_free_all(void);
/* Note where the heap starts: the first thing main does. */
void	heap_start(void);
/*
 * Flush stdout and stderr and end the process with status rc, without
 * exit handlers.  On Linux the heap is first given back to the system on
 * up to threads cores at once: the kernel would otherwise take back the
 * few hundred megabytes of a large build on one core after the process
 * has ended, a twentieth of the build's time.  Nothing may run after it
 * that needs the heap, which is why it does not return.
 */
void	heap_exit(int rc, unsigned threads) __attribute__((noreturn));

#endif
