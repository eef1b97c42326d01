/* SPDX-License-Identifier: ISC */
/* Loaded service listings kept in the build cache, with their messages. */
#ifndef LOADCACHE_H
#define LOADCACHE_H

#include <stddef.h>
#include <stdint.h>

struct cache;
struct value;

/*
 * A listing at path (name as messages show it) loaded in the last build
 * from the same bytes, with the same salt (what else the load reads that
 * the build cache does not follow: the language) and nothing outside
 * content/ changed since: 0, *svc the listing as the load made it (NULL
 * if it made none) and its messages printed again.  Else -1, with *key
 * for loadcache_keep_all (0 when the file could not be read).
 */
int	loadcache_get(struct cache *, const char *path, const char *name,
	    const char *salt, uint64_t *key, struct value **svc);
/*
 * After the loads (and diag_defer_end): keep, for the next build, each
 * listing i not taken from the cache (hit[i] 0, key[i] not 0), with the
 * messages made about names[i] since mark (cache_diag_mark).
 */
void	loadcache_keep_all(struct cache *, char *const *names,
	    const uint64_t *key, const char *hit, struct value *const *svcs,
	    size_t n, size_t mark);

#endif
