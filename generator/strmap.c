/* SPDX-License-Identifier: ISC */
/* String-keyed hash map used for link resolution, tags and duplicate checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct strmap_slot *
slot_for(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	const struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = slot_for(m, key);
	return s->key != NULL ? s->val : NULL;
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
			*slot_for(m, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot *s;
	void *prev;

	if ((m->len + 1) * 4 >= m->cap * 3)
		grow(m);
	s = slot_for(m, key);
	if (s->key != NULL) {
		prev = s->val;
		s->val = val;
		return prev;
	}
	s->key = xstrdup(key);
	s->val = val;
	m->len++;
	return NULL;
}

void
strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
