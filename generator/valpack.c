/* SPDX-License-Identifier: ISC */
/* Value trees packed for the build cache: contents and locations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "valpack.h"
#include "value.h"
#include "xalloc.h"

#define MAX_DEPTH	64
#define T_ABSENT	0xffu
/* A location's file: none, the one before, or a name that follows. */
#define F_NONE		0u
#define F_SAME		1u
#define F_NAME		2u

/* Numbers as 7-bit groups, low first: most are small. */
static unsigned char *
varint(unsigned char *q, uint32_t v)
{
	while (v >= 0x80) {
		*q++ = (unsigned char)(v & 0x7f) | 0x80;
		v >>= 7;
	}
	*q++ = (unsigned char)v;
	return q;
}

/*
 * Room for a node's fixed part: a type, a location (three numbers, a
 * name's length) and a length, five bytes a number at most; then the
 * bytes written from q are counted in.
 */
#define NODE_MAX	(1 + 5 * 5)

static unsigned char *
room(struct buf *b, size_t extra)
{
	buf_grow(b, NODE_MAX + extra);
	return (unsigned char *)b->ptr + b->len;
}

static void
done(struct buf *b, const unsigned char *q)
{
	b->len = (size_t)(q - (unsigned char *)b->ptr);
	b->ptr[b->len] = '\0';
}

static unsigned char *
put_loc(struct buf *b, unsigned char *q, const struct loc *l,
    const char **last)
{
	size_t n;

	q = varint(q, l->line);
	q = varint(q, l->col);
	if (l->file == NULL)
		*q++ = F_NONE;
	else if (*last != NULL && (*last == l->file ||
	    strcmp(*last, l->file) == 0))
		*q++ = F_SAME;
	else {
		*q++ = F_NAME;
		n = strlen(l->file);
		q = varint(q, (uint32_t)n);
		done(b, q);
		buf_put(b, l->file, n);
		q = room(b, 0);
		*last = l->file;
	}
	return q;
}

static void
put_value(struct buf *b, const struct value *v, const char **last)
{
	unsigned char *q;
	size_t i;

	v = value_deref(v);
	q = room(b, 0);
	if (v == NULL) {
		*q++ = T_ABSENT;
		done(b, q);
		return;
	}
	*q++ = (unsigned char)v->type;
	q = put_loc(b, q, &v->loc, last);
	switch (v->type) {
	case VALUE_BOOL:
		*q++ = v->boolean != 0;
		done(b, q);
		break;
	case VALUE_STRING:
		q = varint(q, (uint32_t)v->str.len);
		done(b, q);
		buf_put(b, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		q = varint(q, (uint32_t)v->list.len);
		done(b, q);
		for (i = 0; i < v->list.len; i++)
			put_value(b, v->list.items[i], last);
		break;
	case VALUE_MAP:
		q = varint(q, (uint32_t)v->map.len);
		done(b, q);
		for (i = 0; i < v->map.len; i++) {
			q = room(b, v->map.items[i].keylen);
			q = varint(q, v->map.items[i].keylen);
			memcpy(q, v->map.items[i].key, v->map.items[i].keylen);
			q += v->map.items[i].keylen;
			q = put_loc(b, q, &v->map.items[i].loc, last);
			done(b, q);
			put_value(b, v->map.items[i].val, last);
		}
		break;
	default:
		done(b, q);
		break;
	}
}

void
valpack_put(struct buf *b, const struct value *v)
{
	const char *last = NULL;

	put_value(b, v, &last);
}

struct rd {
	const char	*p, *end;
	int		 bad;
	/* The last file name met, interned: most nodes share it. */
	const char	*file;
	size_t		 flen;
};

static uint32_t
get_u32(struct rd *r)
{
	uint32_t v = 0;
	int shift;

	for (shift = 0; !r->bad; shift += 7) {
		if (r->p == r->end || shift > 28) {
			r->bad = 1;
			return 0;
		}
		v |= (uint32_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return v;
	}
	return 0;
}

/* n bytes in place, or NULL. */
static const char *
get_bytes(struct rd *r, uint32_t n)
{
	const char *s;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += n;
	return s;
}

static void
get_loc(struct rd *r, struct loc *l)
{
	uint32_t n;
	const char *s;
	char *name;

	l->line = get_u32(r);
	l->col = get_u32(r);
	l->file = NULL;
	switch (get_u32(r)) {
	case F_NONE:
		return;
	case F_SAME:
		if (r->file == NULL)
			r->bad = 1;
		l->file = r->file;
		return;
	case F_NAME:
		break;
	default:
		r->bad = 1;
		return;
	}
	n = get_u32(r);
	if ((s = get_bytes(r, n)) == NULL || memchr(s, '\0', n) != NULL) {
		r->bad = 1;
		return;
	}
	if (r->file == NULL || r->flen != n || memcmp(r->file, s, n) != 0) {
		name = xstrndup(s, n);
		r->file = diag_file(name, NULL, 0);
		r->flen = n;
		free(name);
	}
	l->file = r->file;
}

static struct value *
get_value(struct rd *r, int depth)
{
	struct value *v = NULL, *item;
	struct loc l;
	const char *s;
	uint32_t n, i, kl;
	unsigned type;

	if (r->bad || r->p == r->end || depth > MAX_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	type = (unsigned char)*r->p++;
	if (type == T_ABSENT)
		return NULL;
	get_loc(r, &l);
	if (r->bad)
		return NULL;
	switch (type) {
	case VALUE_NULL:
		v = value_new(VALUE_NULL, &l);
		break;
	case VALUE_BOOL:
		if ((s = get_bytes(r, 1)) == NULL)
			return NULL;
		v = value_new_bool(*s != 0);
		v->loc = l;
		break;
	case VALUE_STRING:
		n = get_u32(r);
		if ((s = get_bytes(r, n)) == NULL)
			return NULL;
		v = value_new_str(s, n, &l);
		break;
	case VALUE_LIST:
		n = get_u32(r);
		v = value_new(VALUE_LIST, &l);
		for (i = 0; i < n && !r->bad; i++) {
			item = get_value(r, depth + 1);
			if (item != NULL)
				value_list_push_take(v, item);
			else
				r->bad = 1;
		}
		break;
	case VALUE_MAP:
		n = get_u32(r);
		v = value_new(VALUE_MAP, &l);
		for (i = 0; i < n && !r->bad; i++) {
			kl = get_u32(r);
			if ((s = get_bytes(r, kl)) == NULL ||
			    memchr(s, '\0', kl) != NULL) {
				r->bad = 1;
				break;
			}
			get_loc(r, &l);
			item = get_value(r, depth + 1);
			if (item == NULL) {
				r->bad = 1;
				break;
			}
			value_map_add_take(v, s, kl, &l, item);
		}
		break;
	default:
		r->bad = 1;
		break;
	}
	if (r->bad) {
		value_free(v);
		return NULL;
	}
	return v;
}

struct value *
valpack_get(const char **p, const char *end, int *ok)
{
	struct rd r;
	struct value *v;

	memset(&r, 0, sizeof(r));
	r.p = *p;
	r.end = end;
	v = get_value(&r, 0);
	*ok = !r.bad;
	if (!r.bad)
		*p = r.p;
	return v;
}
