/* SPDX-License-Identifier: ISC */
/* Value trees as bytes, for what the build cache keeps between builds. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "valpack.h"
#include "value.h"

/* Nesting deeper than a front matter or a listing has is a bad record. */
#define PACK_DEPTH	16

static void
put_u32(struct buf *b, size_t v)
{
	le_put(b, v, 4);
}

static void
put_loc(struct buf *b, const struct loc *l, int locs)
{
	if (!locs)
		return;
	put_u32(b, l->line);
	put_u32(b, l->col);
}

size_t
valpack_put_map(struct buf *b, size_t n)
{
	size_t at;

	buf_putc(b, 'm');
	at = b->len;
	put_u32(b, n);
	return at;
}

void
valpack_put_list(struct buf *b, size_t n)
{
	buf_putc(b, 'l');
	put_u32(b, n);
}

void
valpack_put_key(struct buf *b, const char *key, size_t len)
{
	put_u32(b, len);
	buf_put(b, key, len);
}

void
valpack_put(struct buf *b, const struct value *v, int locs)
{
	size_t i;

	v = value_deref(v);
	if (v == NULL) {
		buf_putc(b, 'n');
		if (locs) {
			put_u32(b, 0);
			put_u32(b, 0);
		}
		return;
	}
	switch (v->type) {
	case VALUE_BOOL:
		buf_putc(b, v->boolean ? 't' : 'f');
		put_loc(b, &v->loc, locs);
		break;
	case VALUE_STRING:
		buf_putc(b, 's');
		put_loc(b, &v->loc, locs);
		put_u32(b, v->str.len);
		buf_put(b, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		buf_putc(b, 'l');
		put_loc(b, &v->loc, locs);
		put_u32(b, v->list.len);
		for (i = 0; i < v->list.len; i++)
			valpack_put(b, v->list.items[i], locs);
		break;
	case VALUE_MAP:
		buf_putc(b, 'm');
		put_loc(b, &v->loc, locs);
		put_u32(b, v->map.len);
		for (i = 0; i < v->map.len; i++) {
			valpack_put_key(b, v->map.items[i].key,
			    v->map.items[i].keylen);
			put_loc(b, &v->map.items[i].loc, locs);
			valpack_put(b, v->map.items[i].val, locs);
		}
		break;
	default:
		buf_putc(b, 'n');
		put_loc(b, &v->loc, locs);
		break;
	}
}

struct rd {
	const unsigned char	*p, *end;
	const char		*file;
	int			 locs, bad;
};

static uint32_t
get_u32(struct rd *r)
{
	return (uint32_t)le_get(&r->p, r->end, 4, &r->bad);
}

static struct loc
get_loc(struct rd *r)
{
	struct loc l = { r->file, 0, 0 };

	if (r->locs) {
		l.line = get_u32(r);
		l.col = get_u32(r);
	}
	return l;
}

static struct value *
get_value(struct rd *r, int depth)
{
	struct value *v, *item;
	struct loc loc, kloc;
	const char *key;	/* a key's bytes, or a string's */
	uint32_t i, n;
	size_t len;
	int type;

	if (r->bad || r->p >= r->end || depth > PACK_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	type = *r->p++;
	loc = get_loc(r);
	if (r->bad)
		return NULL;
	switch (type) {
	case 'n':
		return value_new(VALUE_NULL, &loc);
	case 't':
	case 'f':
		v = value_new_bool(type == 't');
		v->loc = loc;
		return v;
	case 's':
		if ((key = (const char *)le_span(&r->p, r->end, &len,
		    &r->bad)) == NULL)
			return NULL;
		return value_new_str(key, len, &loc);
	case 'l':
		n = get_u32(r);
		if (r->bad || n > (size_t)(r->end - r->p)) {
			r->bad = 1;
			return NULL;
		}
		v = value_new(VALUE_LIST, &loc);
		for (i = 0; i < n && !r->bad; i++)
			if ((item = get_value(r, depth + 1)) != NULL)
				value_list_push_take(v, item);
		return v;
	case 'm':
		n = get_u32(r);
		if (r->bad || n > (size_t)(r->end - r->p) / 5) {
			r->bad = 1;
			return NULL;
		}
		v = value_new(VALUE_MAP, &loc);
		for (i = 0; i < n && !r->bad; i++) {
			key = (const char *)le_span(&r->p, r->end, &len,
			    &r->bad);
			if (key == NULL || memchr(key, '\0', len) != NULL) {
				r->bad = 1;
				break;
			}
			kloc = get_loc(r);
			if (r->bad || (item = get_value(r, depth + 1)) == NULL)
				break;
			value_map_add_take(v, key, len, &kloc, item);
		}
		return v;
	default:
		r->bad = 1;
		return NULL;
	}
}

struct value *
valpack_get(const unsigned char **p, const unsigned char *end,
    const char *file, int locs)
{
	struct rd r = { *p, end, file, locs, 0 };
	struct value *v;

	if (r.p >= r.end || *r.p != 'm')
		return NULL;
	value_block_begin(1024);
	v = value_block_end(get_value(&r, 0));
	if (r.bad) {
		value_free(v);
		return NULL;
	}
	*p = r.p;
	return v;
}
