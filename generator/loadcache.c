/* SPDX-License-Identifier: ISC */
/* A service listing's load, kept between builds: its value and messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "fsutil.h"
#include "loadcache.h"
#include "output.h"
#include "pool.h"
#include "valpack.h"
#include "value.h"
#include "xalloc.h"

static uint64_t
key_of(const char *text, size_t len, const char *name, const char *salt)
{
	struct buf b = BUF_INIT;
	uint64_t k;

	buf_put(&b, name, strlen(name) + 1);
	buf_put(&b, salt, strlen(salt) + 1);
	k = out_hash(b.ptr, b.len) ^ out_hash(text, len) *
	    0x9e3779b97f4a7c15ULL;
	buf_release(&b);
	return k != 0 ? k : 1;
}

int
loadcache_get(struct cache *c, const char *path, const char *name,
    const char *salt, uint64_t *key, struct value **svc)
{
	const char *p, *q, *end;
	struct value *v;
	char *text;
	size_t len, n;
	int ok;

	*key = 0;
	*svc = NULL;
	if (c == NULL || fs_read(path, &text, &len) == -1)
		return -1;
	*key = key_of(text, len, name, salt);
	free(text);
	if (cache_blob_get(c, name, *key, (const void **)&p, &n) == -1)
		return -1;
	q = p;
	end = p + n;
	v = valpack_get(&q, end, &ok);
	if (!ok)
		return -1;
	if (cache_diag_replay(c, q, (size_t)(end - q)) == -1) {
		value_free(v);
		return -1;
	}
	cache_blob_keep(c, name, *key, p, n, 0);
	*svc = v;
	return 0;
}

struct keep_job {
	struct cache		 *c;
	char *const		 *names;
	const uint64_t		 *key;
	const char		 *hit;
	struct value *const	 *svcs;
	size_t			  mark;
};

static void
keep_one(void *arg, size_t i)
{
	struct keep_job *j = arg;
	struct buf b = BUF_INIT;
	char *blob;
	size_t n;

	if (j->hit[i] || j->key[i] == 0 || j->names[i] == NULL)
		return;
	valpack_put(&b, j->svcs[i]);
	if (cache_diag_pack(&b, j->mark, j->names[i]) == -1) {
		buf_release(&b);
		return;
	}
	blob = buf_detach(&b, &n);
	cache_blob_keep(j->c, j->names[i], j->key[i], blob, n, 1);
}

void
loadcache_keep_all(struct cache *c, char *const *names, const uint64_t *key,
    const char *hit, struct value *const *svcs, size_t n, size_t mark)
{
	struct keep_job j = { c, names, key, hit, svcs, mark };

	if (c != NULL)
		pool_run(n, keep_one, &j);
}
