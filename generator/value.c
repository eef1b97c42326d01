/* SPDX-License-Identifier: ISC */
/* The value tree: construction, lookup and freeing. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "value.h"
#include "xalloc.h"

struct value *
value_new(enum value_type type, const struct loc *loc)
{
	struct value *v = xcalloc(1, sizeof(*v));

	v->type = type;
	if (loc != NULL)
		v->loc = *loc;
	if (type == VALUE_STRING)
		v->str.ptr = xstrdup("");
	return v;
}

struct value *
value_new_str(const char *s, size_t n, const struct loc *loc)
{
	struct value *v = value_new(VALUE_NULL, loc);

	v->type = VALUE_STRING;
	v->str.ptr = xstrndup(s, n);
	v->str.len = n;
	return v;
}

struct value *
value_new_strz(const char *s)
{
	return value_new_str(s, strlen(s), NULL);
}

struct value *
value_new_str_take(char *s, size_t n)
{
	struct value *v = value_new(VALUE_NULL, NULL);

	v->type = VALUE_STRING;
	v->str.ptr = s;
	v->str.len = n;
	return v;
}

struct value *
value_new_printf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t n;
	char *s;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = buf_detach(&b, &n);
	return value_new_str_take(s, n);
}

struct value *
value_new_bool(int b)
{
	struct value *v = value_new(VALUE_BOOL, NULL);

	v->boolean = b != 0;
	return v;
}

struct value *
value_new_ref(const struct value *target)
{
	struct value *v = value_new(VALUE_REF, NULL);

	v->ref = target;
	return v;
}

void
value_free(struct value *v)
{
	size_t i;

	if (v == NULL)
		return;
	switch (v->type) {
	case VALUE_STRING:
		free(v->str.ptr);
		break;
	case VALUE_LIST:
		for (i = 0; i < v->list.len; i++)
			value_free(v->list.items[i]);
		free(v->list.items);
		break;
	case VALUE_MAP:
		for (i = 0; i < v->map.len; i++) {
			free(v->map.items[i].key);
			value_free(v->map.items[i].val);
		}
		free(v->map.items);
		break;
	default:
		break;
	}
	free(v);
}

struct value *
value_copy(const struct value *v)
{
	struct value *c;
	size_t i;

	if (v == NULL)
		return NULL;
	switch (v->type) {
	case VALUE_STRING:
		return value_new_str(v->str.ptr, v->str.len, &v->loc);
	case VALUE_LIST:
		c = value_new(VALUE_LIST, &v->loc);
		for (i = 0; i < v->list.len; i++)
			value_list_push_take(c, value_copy(v->list.items[i]));
		return c;
	case VALUE_MAP:
		c = value_new(VALUE_MAP, &v->loc);
		for (i = 0; i < v->map.len; i++)
			value_map_add_take(c, v->map.items[i].key,
			    v->map.items[i].keylen, &v->map.items[i].loc,
			    value_copy(v->map.items[i].val));
		return c;
	default:
		c = value_new(v->type, &v->loc);
		if (v->type == VALUE_BOOL)
			c->boolean = v->boolean;
		else if (v->type == VALUE_REF)
			c->ref = v->ref;
		return c;
	}
}

struct value *
value_list_push_take(struct value *list, struct value *item)
{
	if (list->list.len == list->list.cap) {
		list->list.cap = list->list.cap ? list->list.cap * 2 : 4;
		list->list.items = xreallocarray(list->list.items,
		    list->list.cap, sizeof(*list->list.items));
	}
	list->list.items[list->list.len++] = item;
	return item;
}

struct value_pair *
value_map_add_take(struct value *map, const char *key, size_t keylen,
    const struct loc *loc, struct value *val)
{
	struct value_pair *p;

	if (map->map.len == map->map.cap) {
		map->map.cap = map->map.cap ? map->map.cap * 2 : 4;
		map->map.items = xreallocarray(map->map.items, map->map.cap,
		    sizeof(*map->map.items));
	}
	p = &map->map.items[map->map.len++];
	p->key = xstrndup(key, keylen);
	p->keylen = keylen;
	if (loc != NULL)
		p->loc = *loc;
	else
		memset(&p->loc, 0, sizeof(p->loc));
	p->val = val;
	return p;
}

static struct value_pair *
find(const struct value *map, const char *key, size_t len)
{
	size_t i;

	if (map == NULL || map->type != VALUE_MAP)
		return NULL;
	for (i = 0; i < map->map.len; i++)
		if (map->map.items[i].keylen == len &&
		    memcmp(map->map.items[i].key, key, len) == 0)
			return &map->map.items[i];
	return NULL;
}

struct value *
value_map_set_take(struct value *map, const char *key, struct value *val)
{
	struct value_pair *p = find(map, key, strlen(key));

	if (p != NULL) {
		value_free(p->val);
		p->val = val;
	} else
		value_map_add_take(map, key, strlen(key), NULL, val);
	return val;
}

struct value *
value_map_set_str(struct value *map, const char *key, const char *s)
{
	return value_map_set_take(map, key, value_new_strz(s));
}

int
value_map_del(struct value *map, const char *key)
{
	struct value_pair *p = find(map, key, strlen(key));
	size_t i;

	if (p == NULL)
		return -1;
	i = (size_t)(p - map->map.items);
	free(p->key);
	value_free(p->val);
	memmove(p, p + 1, (map->map.len - i - 1) * sizeof(*p));
	map->map.len--;
	return 0;
}

const struct value *
value_deref(const struct value *v)
{
	while (v != NULL && v->type == VALUE_REF)
		v = v->ref;
	return v;
}

const struct value *
value_getn(const struct value *map, const char *key, size_t len)
{
	const struct value_pair *p = find(value_deref(map), key, len);

	return p != NULL ? value_deref(p->val) : NULL;
}

const struct value *
value_get(const struct value *map, const char *key)
{
	return value_getn(map, key, strlen(key));
}

const struct value_pair *
value_pair_get(const struct value *map, const char *key)
{
	return find(value_deref(map), key, strlen(key));
}

const struct value *
value_path(const struct value *v, const char *path)
{
	const char *dot;

	v = value_deref(v);
	while (v != NULL && *path != '\0') {
		dot = strchr(path, '.');
		if (dot == NULL)
			return value_get(v, path);
		v = value_getn(v, path, (size_t)(dot - path));
		path = dot + 1;
	}
	return v;
}

const char *
value_str(const struct value *v)
{
	v = value_deref(v);
	return v != NULL && v->type == VALUE_STRING ? v->str.ptr : NULL;
}

const char *
value_get_str(const struct value *map, const char *key, const char *def)
{
	const char *s = value_str(value_get(map, key));

	return s != NULL ? s : def;
}

int
value_get_bool(const struct value *map, const char *key, int def)
{
	const struct value *v = value_get(map, key);

	if (v == NULL || v->type != VALUE_BOOL)
		return def;
	return v->boolean;
}

int
value_truthy(const struct value *v)
{
	v = value_deref(v);
	if (v == NULL)
		return 0;
	switch (v->type) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		return v->boolean;
	case VALUE_LIST:
		return v->list.len > 0;
	default:
		return 1;
	}
}

size_t
value_len(const struct value *v)
{
	v = value_deref(v);
	if (v == NULL)
		return 0;
	if (v->type == VALUE_LIST)
		return v->list.len;
	if (v->type == VALUE_MAP)
		return v->map.len;
	return 0;
}

