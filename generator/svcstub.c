/* SPDX-License-Identifier: ISC */
/* Listing stubs: what a rebuild needs of a listing that did not change. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "svcstub.h"
#include "value.h"

static const char *const stub_keys[] = {
	"name", "slug", "url", "vcard_url", "is_listed", "crisis", "summary",
	"category_keys", "languages", "access", "towns", "free", "hours",
	NULL
};
static const char *const crisis_keys[] = {
	"name", "slug", "url", "vcard_url", "is_listed", "crisis", "summary",
	"category_keys", "languages", "access", "towns", "free", "hours",
	"contact", NULL
};

/* Nesting deeper than a listing has is a bad record. */
#define STUB_DEPTH	16

/*
 * A value as bytes: 'n' null, 't' or 'f', 's' u32 length and bytes, 'l'
 * u32 count and items, 'm' u32 count and (u32 length, key, value) pairs;
 * numbers little-endian.  References are written as what they refer to.
 */
static void
put_u32(struct buf *b, size_t v)
{
	le_put(b, v, 4);
}

static void
put_value(struct buf *b, const struct value *v)
{
	size_t i;

	v = value_deref(v);
	if (v == NULL) {
		buf_putc(b, 'n');
		return;
	}
	switch (v->type) {
	case VALUE_BOOL:
		buf_putc(b, v->boolean ? 't' : 'f');
		break;
	case VALUE_STRING:
		buf_putc(b, 's');
		put_u32(b, v->str.len);
		buf_put(b, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		buf_putc(b, 'l');
		put_u32(b, v->list.len);
		for (i = 0; i < v->list.len; i++)
			put_value(b, v->list.items[i]);
		break;
	case VALUE_MAP:
		buf_putc(b, 'm');
		put_u32(b, v->map.len);
		for (i = 0; i < v->map.len; i++) {
			put_u32(b, v->map.items[i].keylen);
			buf_put(b, v->map.items[i].key,
			    v->map.items[i].keylen);
			put_value(b, v->map.items[i].val);
		}
		break;
	default:
		buf_putc(b, 'n');
		break;
	}
}

/*
 * Of some values only part is needed: the search filters read a
 * listing's hours (zone, always, each rule's days and times), the keys
 * of its access and the codes of its languages; the help box reads a
 * crisis line's phones.  NULL keeps a value whole.
 */
static const char *const hours_keys[] = {
	"timezone", "always", "rules", NULL
};
static const char *const rule_keys[] = {
	"days", "opens", "closes", "overnight", "from", "to", NULL
};
static const char *const key_keys[] = { "key", NULL };
static const char *const code_keys[] = { "code", NULL };
static const char *const contact_keys[] = { "phones", NULL };

static const char *const *
part_of(const char *key, const char *parent)
{
	if (parent == NULL) {
		if (strcmp(key, "hours") == 0)
			return hours_keys;
		if (strcmp(key, "access") == 0)
			return key_keys;
		if (strcmp(key, "languages") == 0)
			return code_keys;
		if (strcmp(key, "contact") == 0)
			return contact_keys;
	} else if (strcmp(parent, "hours") == 0 && strcmp(key, "rules") == 0)
		return rule_keys;
	return NULL;
}

/* A map with only keys (in their order), or each map of a list so. */
static void
put_part(struct buf *b, const struct value *v, const char *const *keys,
    const char *name)
{
	const struct value *e;
	size_t i, n = 0, at;

	v = value_deref(v);
	if (v != NULL && v->type == VALUE_LIST) {
		buf_putc(b, 'l');
		put_u32(b, v->list.len);
		for (i = 0; i < v->list.len; i++)
			put_part(b, v->list.items[i], keys, name);
		return;
	}
	if (v == NULL || v->type != VALUE_MAP) {
		put_value(b, v);
		return;
	}
	buf_putc(b, 'm');
	at = b->len;
	put_u32(b, 0);
	for (i = 0; keys[i] != NULL; i++) {
		if ((e = value_get(v, keys[i])) == NULL)
			continue;
		put_u32(b, strlen(keys[i]));
		buf_puts(b, keys[i]);
		if (part_of(keys[i], name) != NULL)
			put_part(b, e, part_of(keys[i], name), keys[i]);
		else
			put_value(b, e);
		n++;
	}
	le_bytes((unsigned char *)b->ptr + at, n, 4);
}

void
svc_stub_put(struct buf *b, const struct value *svc)
{
	/* The help box shows a crisis line's numbers. */
	put_part(b, svc, value_get_bool(svc, "crisis", 0) ? crisis_keys :
	    stub_keys, NULL);
}

struct rd {
	const unsigned char	*p, *end;
	int			 bad;
};

static uint32_t
get_u32(struct rd *r)
{
	return (uint32_t)le_get(&r->p, r->end, 4, &r->bad);
}

static struct value *
get_value(struct rd *r, const struct loc *loc, int depth)
{
	struct value *v, *item;
	const char *key;
	uint32_t i, n, len;

	if (r->bad || r->p >= r->end || depth > STUB_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	switch (*r->p++) {
	case 'n':
		return value_new(VALUE_NULL, loc);
	case 't':
	case 'f':
		v = value_new_bool(r->p[-1] == 't');
		return v;
	case 's':
		len = get_u32(r);
		if (r->bad || (size_t)(r->end - r->p) < len) {
			r->bad = 1;
			return NULL;
		}
		v = value_new_str((const char *)r->p, len, loc);
		r->p += len;
		return v;
	case 'l':
		n = get_u32(r);
		if (r->bad || n > (size_t)(r->end - r->p)) {
			r->bad = 1;
			return NULL;
		}
		v = value_new(VALUE_LIST, loc);
		for (i = 0; i < n && !r->bad; i++)
			if ((item = get_value(r, loc, depth + 1)) != NULL)
				value_list_push_take(v, item);
		return v;
	case 'm':
		n = get_u32(r);
		if (r->bad || n > (size_t)(r->end - r->p) / 5) {
			r->bad = 1;
			return NULL;
		}
		v = value_new(VALUE_MAP, loc);
		for (i = 0; i < n && !r->bad; i++) {
			len = get_u32(r);
			if (r->bad || (size_t)(r->end - r->p) < len ||
			    memchr(r->p, '\0', len) != NULL) {
				r->bad = 1;
				break;
			}
			key = (const char *)r->p;
			r->p += len;
			if ((item = get_value(r, loc, depth + 1)) == NULL)
				break;
			value_map_add_take(v, key, len, loc, item);
		}
		return v;
	default:
		r->bad = 1;
		return NULL;
	}
}

struct value *
svc_stub_get(const unsigned char **p, const unsigned char *end,
    const char *file)
{
	struct loc loc = { file, 0, 0 };
	struct rd r = { *p, end, 0 };
	struct value *v;

	if (r.p >= r.end || *r.p != 'm')
		return NULL;
	value_block_begin(1024);
	v = value_block_end(get_value(&r, &loc, 0));
	if (r.bad) {
		value_free(v);
		return NULL;
	}
	*p = r.p;
	return v;
}
