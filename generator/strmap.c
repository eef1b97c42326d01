/* SPDX-License-Identifier: ISC */
/* String-keyed hash map used for link resolution, tags and duplicate checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"
#include "xalloc.h"

/*
 * The keys' copies, packed into blocks freed with the map (a map never
 * drops a key): one allocation for many keys.  Blocks double up to 16 kB.
 */
struct strmap_keys {
	struct strmap_keys	*next;
	size_t			 used, size;
	char			 bytes[];
};

static char *
key_copy(struct strmap *m, const char *key, size_t n)
{
	struct strmap_keys *k = m->keys;
	size_t size;
	char *p;

	if (k == NULL || k->size - k->used < n + 1) {
		size = k == NULL ? 256 : k->size < 16384 ? k->size * 2 : k->size;
		if (size < n + 1)
			size = n + 1;
		k = xmalloc(sizeof(*k) + size);
		k->next = m->keys;
		k->used = 0;
		k->size = size;
		m->keys = k;
	}
	p = k->bytes + k->used;
	memcpy(p, key, n + 1);
	k->used += n + 1;
	return p;
}

static struct strmap_slot *
slot_for(const struct strmap *m, const char *key, unsigned long h)
{
	size_t i = (size_t)h & (m->cap - 1);
	struct strmap_slot *s;

	for (;; i = (i + 1) & (m->cap - 1)) {
		s = &m->slots[i];
		if (s->key == NULL ||
		    (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	const struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = slot_for(m, key, hash_str(key, strlen(key)));
	return s->key != NULL ? s->val : NULL;
}

/* Where a key known to be absent goes. */
static struct strmap_slot *
free_slot(const struct strmap *m, unsigned long h)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->slots[i].key != NULL)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*free_slot(m, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot *s;
	size_t n = strlen(key);
	unsigned long h = hash_str(key, n);
	void *prev;

	if ((m->len + 1) * 4 >= m->cap * 3)
		grow(m);
	s = slot_for(m, key, h);
	if (s->key != NULL) {
		prev = s->val;
		s->val = val;
		return prev;
	}
	s->key = key_copy(m, key, n);
	s->val = val;
	s->hash = h;
	m->len++;
	return NULL;
}

void
strmap_release(struct strmap *m)
{
	struct strmap_keys *k;

	while ((k = m->keys) != NULL) {
		m->keys = k->next;
		free(k);
	}
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
