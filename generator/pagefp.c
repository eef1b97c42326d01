/* SPDX-License-Identifier: ISC */
/* A fingerprint of a page's template data, to tell an unchanged page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "output.h"
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

static void
put_len(struct buf *b, size_t n)
{
	uint64_t v = n;

	buf_put(b, &v, sizeof(v));
}

/* Everything a template can read of v, in a form no other tree shares. */
static void
serialize(struct buf *b, const struct pagefp_memo *m, const struct value *v)
{
	const uint64_t *h;
	size_t i;

	while (v != NULL && v->type == VALUE_REF)
		v = v->ref;
	if (v == NULL) {
		buf_putc(b, 'N');
		return;
	}
	switch (v->type) {
	case VALUE_BOOL:
		buf_putc(b, v->boolean ? 'T' : 'F');
		break;
	case VALUE_STRING:
		buf_putc(b, 'S');
		put_len(b, v->str.len);
		buf_put(b, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		buf_putc(b, 'L');
		put_len(b, v->list.len);
		for (i = 0; i < v->list.len; i++)
			serialize(b, m, v->list.items[i]);
		break;
	case VALUE_MAP:
		if ((h = memo_get(m, v)) != NULL) {
			buf_putc(b, 'M');
			buf_put(b, h, sizeof(*h));
			break;
		}
		buf_putc(b, 'D');
		put_len(b, v->map.len);
		for (i = 0; i < v->map.len; i++) {
			put_len(b, v->map.items[i].keylen);
			buf_put(b, v->map.items[i].key,
			    v->map.items[i].keylen);
			serialize(b, m, v->map.items[i].val);
		}
		break;
	default:
		buf_putc(b, 'N');
		break;
	}
}

uint64_t
pagefp_of(const struct pagefp_memo *m, const char *tpl,
    const struct value *ctx)
{
	struct buf b = BUF_INIT;
	uint64_t h;

	put_len(&b, strlen(tpl));
	buf_puts(&b, tpl);
	serialize(&b, m, ctx);
	h = out_hash(b.ptr, b.len);
	buf_release(&b);
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
