/* SPDX-License-Identifier: ISC */
/* String-keyed hash map used for link resolution, tags and duplicate checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"
#include "xalloc.h"

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
	s->key = strpool_copy(&m->keys, key, n);
	s->val = val;
	s->hash = h;
	m->len++;
	return NULL;
}

const char *
strmap_intern(struct strmap *m, const char *key)
{
	struct strmap_slot *s;
	size_t n = strlen(key);
	unsigned long h = hash_str(key, n);

	if ((m->len + 1) * 4 >= m->cap * 3)
		grow(m);
	s = slot_for(m, key, h);
	if (s->key == NULL) {
		s->key = strpool_copy(&m->keys, key, n);
		s->val = NULL;
		s->hash = h;
		m->len++;
	}
	return s->key;
}

void
strmap_release(struct strmap *m)
{
	strpool_release(&m->keys);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
