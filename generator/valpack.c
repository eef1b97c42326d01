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

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_put(b, &v, sizeof(v));
}

static void
put_loc(struct buf *b, const struct loc *l)
{
	put_u32(b, l->line);
	put_u32(b, l->col);
	if (l->file == NULL)
		put_u32(b, UINT32_MAX);
	else {
		put_u32(b, (uint32_t)strlen(l->file));
		buf_puts(b, l->file);
	}
}

void
valpack_put(struct buf *b, const struct value *v)
{
	size_t i;

	v = value_deref(v);
	if (v == NULL) {
		buf_putc(b, T_ABSENT);
		return;
	}
	buf_putc(b, (int)v->type);
	put_loc(b, &v->loc);
	switch (v->type) {
	case VALUE_BOOL:
		buf_putc(b, v->boolean != 0);
		break;
	case VALUE_STRING:
		put_u32(b, (uint32_t)v->str.len);
		buf_put(b, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		put_u32(b, (uint32_t)v->list.len);
		for (i = 0; i < v->list.len; i++)
			valpack_put(b, v->list.items[i]);
		break;
	case VALUE_MAP:
		put_u32(b, (uint32_t)v->map.len);
		for (i = 0; i < v->map.len; i++) {
			put_u32(b, v->map.items[i].keylen);
			buf_put(b, v->map.items[i].key,
			    v->map.items[i].keylen);
			put_loc(b, &v->map.items[i].loc);
			valpack_put(b, v->map.items[i].val);
		}
		break;
	default:
		break;
	}
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

	if (r->bad || (size_t)(r->end - r->p) < sizeof(v)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
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
	if ((n = get_u32(r)) == UINT32_MAX || r->bad)
		return;
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
