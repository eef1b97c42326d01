/* SPDX-License-Identifier: ISC */
/* Where a build's time goes: phase marks, printed when SIGNPOST_TIMING is set. */
#ifndef TIMING_H
#define TIMING_H

/*
 * End the phase running since the previous mark (or since the first call)
 * and name it: with SIGNPOST_TIMING in the environment, prints
 * "timing: NAME  WALL s wall CPU s cpu  (TOTAL s)" to stderr; otherwise does nothing.
 */
void	timing_mark(const char *name);
/* Seconds on the monotonic clock, for durations. */
double	timing_now(void);

#endif
