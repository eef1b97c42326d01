/* SPDX-License-Identifier: ISC */
/* A fingerprint of a page's template data, to tell an unchanged page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagefp.h"
#include "pool.h"
#include "value.h"
#include "xalloc.h"

static size_t
slot_of(const struct pagefp_memo *m, const struct value *v)
{
	uint64_t x = (uint64_t)(uintptr_t)v;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (size_t)x & (m->cap - 1);
}

/* The shared map's fingerprint, or NULL. */
static const uint64_t *
memo_get(const struct pagefp_memo *m, const struct value *v)
{
	size_t i;

	if (m == NULL || m->n == 0)
		return NULL;
	for (i = slot_of(m, v); m->v[i] != NULL; i = (i + 1) & (m->cap - 1))
		if (m->v[i] == v)
			return &m->h[i];
	return NULL;
}

static void
memo_put(struct pagefp_memo *m, const struct value *v, uint64_t h)
{
	const struct value **ov = m->v;
	uint64_t *oh = m->h;
	size_t ocap = m->cap, i;

	if ((m->n + 1) * 2 > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		while ((m->n + 1) * 2 > m->cap)
			m->cap *= 2;
		m->v = xcalloc(m->cap, sizeof(*m->v));
		m->h = xcalloc(m->cap, sizeof(*m->h));
		m->n = 0;
		for (i = 0; i < ocap; i++)
			if (ov[i] != NULL)
				memo_put(m, ov[i], oh[i]);
		free(ov);
		free(oh);
	}
	for (i = slot_of(m, v); m->v[i] != NULL; i = (i + 1) & (m->cap - 1))
		if (m->v[i] == v) {
			m->h[i] = h;
			return;
		}
	m->v[i] = v;
	m->h[i] = h;
	m->n++;
}

/*
 * The fingerprint is made as the tree is walked, eight bytes a step,
 * with no copy: two lanes of multiply-xorshift, as out_hash does.
 */
struct fph {
	uint64_t	 a, b;
};

static inline void
mix(struct fph *f, uint64_t w)
{
	f->a = (f->a ^ w) * 0xff51afd7ed558ccdULL;
	f->a ^= f->a >> 32;
	f->b = (f->b ^ f->a) * 0xc4ceb9fe1a85ec53ULL;
	f->b ^= f->b >> 29;
}

/*
 * A tag and a length in one step, then the bytes.  Most keys and many
 * strings are shorter than eight bytes: one step holds all three.
 */
static void
mix_bytes(struct fph *f, int tag, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;

	if (n < 8) {
		w = 0;
		memcpy(&w, s, n);
		/* Bytes in bits 0-55, the length in 56-58, the tag above. */
		mix(f, w | (uint64_t)n << 56 | (uint64_t)(tag & 0x1f) << 59);
		return;
	}
	mix(f, (uint64_t)n << 8 | (unsigned char)tag);
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		mix(f, w);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		mix(f, w);
	}
}

/* Everything a template can read of v, in a form no other tree shares. */
static void
walk(struct fph *f, const struct pagefp_memo *m, const struct value *v)
{
	const uint64_t *h;
	size_t i;

	while (v != NULL && v->type == VALUE_REF)
		v = v->ref;
	if (v == NULL) {
		mix(f, 'N');
		return;
	}
	switch (v->type) {
	case VALUE_BOOL:
		mix(f, v->boolean ? 'T' : 'F');
		break;
	case VALUE_STRING:
		mix_bytes(f, 'S', v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		mix(f, (uint64_t)v->list.len << 8 | 'L');
		for (i = 0; i < v->list.len; i++)
			walk(f, m, v->list.items[i]);
		break;
	case VALUE_MAP:
		if ((h = memo_get(m, v)) != NULL) {
			mix(f, 'M');
			mix(f, *h);
			break;
		}
		mix(f, (uint64_t)v->map.len << 8 | 'D');
		for (i = 0; i < v->map.len; i++) {
			mix_bytes(f, 'K', v->map.items[i].key,
			    v->map.items[i].keylen);
			walk(f, m, v->map.items[i].val);
		}
		break;
	default:
		mix(f, 'N');
		break;
	}
}

uint64_t
pagefp_of(const struct pagefp_memo *m, const char *tpl,
    const struct value *ctx)
{
	struct fph f = { 0x9e3779b97f4a7c15ULL, 0x6a09e667f3bcc909ULL };
	uint64_t h;

	mix_bytes(&f, 'P', tpl, strlen(tpl));
	walk(&f, m, ctx);
	h = f.a ^ (f.b * 0x9e3779b97f4a7c15ULL);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	/* 0 is "no fingerprint" in the build cache. */
	return h != 0 ? h : 1;
}

void
pagefp_share(struct pagefp_memo *m, const struct value *v)
{
	v = value_deref(v);
	if (v == NULL || v->type != VALUE_MAP)
		return;
	memo_put(m, v, pagefp_of(m, "", v));
}

struct share_job {
	const struct pagefp_memo	 *m;
	const struct value *const	 *v;
	uint64_t			 *h;
};

static void
share_one(void *arg, size_t i)
{
	struct share_job *j = arg;

	j->h[i] = pagefp_of(j->m, "", j->v[i]);
}

void
pagefp_share_all(struct pagefp_memo *m, const struct value *const *v,
    size_t n)
{
	struct share_job j;
	size_t i;

	/* Computed against the memo as it is, then added. */
	j.m = m;
	j.v = v;
	j.h = xcalloc(n ? n : 1, sizeof(*j.h));
	pool_run(n, share_one, &j);
	for (i = 0; i < n; i++)
		if (value_deref(v[i]) != NULL &&
		    value_deref(v[i])->type == VALUE_MAP)
			memo_put(m, value_deref(v[i]), j.h[i]);
	free(j.h);
}

void
pagefp_memo_release(struct pagefp_memo *m)
{
	free(m->v);
	free(m->h);
	memset(m, 0, sizeof(*m));
}
