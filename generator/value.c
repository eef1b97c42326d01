/* SPDX-License-Identifier: ISC */
/* The value tree: construction, lookup and freeing. */
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "value.h"
#include "xalloc.h"

/*
 * A map with room for INDEX_CAP pairs or more keeps, after its cap pairs
 * and in the same allocation, an open addressing table of 2 * cap item
 * numbers + 1 (0 = free): a key is found in a probe or two, not by
 * scanning.  The bits of a slot above the item number hold those bits of
 * the key's hash, so that probing past other keys reads no pair.  It is
 * built when a change is made, never by a lookup, so shared data stays
 * read-only while threads render with it.
 */
#define INDEX_CAP	16

/*
 * Blocks (value_block_begin): while one is open, this thread's nodes,
 * their item arrays and long keys are cut from scratch chunks, and
 * value_block_end copies the finished tree into one allocation of the
 * exact size, the root first, then frees the chunks.  The flags say what
 * free() must skip.
 */
#define F_BLOCK		1	/* the node is not an allocation of its own */
#define F_ITEMS		2	/* nor is its items array */
#define F_SCRATCH	4	/* it lives in this thread's open block */
#define F_SHARED	8	/* one of value_bool_shared's: never changed */

/*
 * A key too long for kbuf is a malloc'd copy when kbuf[0] says so, else
 * it lives in a block (kbuf is free for the mark then).
 */
#define KEY_OWNED	1

static int
key_owned(const struct value_pair *p)
{
	return p->keylen >= VALUE_KEY_INLINE && p->kbuf[0] == KEY_OWNED;
}

/* Chunks double from the hint up to CHUNK_MAX bytes. */
#define CHUNK_MIN	1024
#define CHUNK_MAX	(256 * 1024)

struct chunk {
	struct chunk	*next;
	size_t		 used, size;
	char		 bytes[];	/* 8-byte aligned: three words before */
};

static void	idx_build(struct value *);

/* This thread's open block, if any. */
static _Thread_local struct {
	struct chunk	*head;
	size_t		 next_size;
	int		 on;
	int		 foreign;	/* a node from outside went in */
} blk;

/* n bytes, 8-byte aligned, from the open block. */
static void *
scratch(size_t n)
{
	struct chunk *c = blk.head;
	size_t size;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size = blk.next_size > n ? blk.next_size : n;
		c = xmalloc(sizeof(*c) + size);
		c->next = blk.head;
		c->used = 0;
		c->size = size;
		blk.head = c;
		if (blk.next_size < CHUNK_MAX)
			blk.next_size *= 2;
	}
	p = c->bytes + c->used;
	c->used += n;
	return p;
}

static void
chunks_free(struct chunk *c)
{
	struct chunk *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

/*
 * Note item going into container: a tree made outside the open block
 * has memory of its own that value_block_end must free.
 */
static void
note(const struct value *container, const struct value *item)
{
	if (blk.on && (container->flags & F_SCRATCH) &&
	    (item == NULL || !(item->flags & (F_SCRATCH | F_SHARED))))
		blk.foreign = 1;
}

/* Whether v's new items array comes from the open block. */
static int
in_scratch(const struct value *v)
{
	return blk.on && (v->flags & F_SCRATCH);
}

/*
 * A new items array of n elements of size sz for v, holding the first
 * keep bytes of the old one: from the open block for a node there, else
 * from the heap.
 */
static void *
items_grow(struct value *v, void *items, size_t keep, size_t n, size_t sz)
{
	void *p;

	if (in_scratch(v)) {
		if (n > SIZE_MAX / sz)
			xreallocarray(NULL, SIZE_MAX, 2);	/* no memory */
		p = scratch(n * sz);
		if (keep > 0)
			memcpy(p, items, keep);
		v->flags |= F_ITEMS;
		return p;
	}
	if (v->flags & F_SCRATCH)
		blk.foreign = 1;	/* a heap array in a block's tree */
	if (!(v->flags & F_ITEMS))
		return xreallocarray(items, n, sz);
	p = xreallocarray(NULL, n, sz);
	if (keep > 0)
		memcpy(p, items, keep);
	v->flags &= ~F_ITEMS;
	return p;
}

/*
 * A node with extra bytes after it: a string's bytes live there when the
 * node is made with them, so a string costs one allocation.
 */
static struct value *
node(enum value_type type, const struct loc *loc, size_t extra)
{
	struct value *v;

	if (blk.on) {
		v = scratch(sizeof(*v) + extra);
		memset(v, 0, sizeof(*v));
		v->flags = F_BLOCK | F_SCRATCH;
	} else {
		v = xmalloc(sizeof(*v) + extra);
		memset(v, 0, sizeof(*v));
	}
	v->type = type;
	if (loc != NULL)
		v->loc = *loc;
	return v;
}

/* Whether a string's bytes are the node's own tail (not malloc'd apart). */
static int
inline_str(const struct value *v)
{
	return v->str.ptr == (const char *)(v + 1);
}

struct value *
value_new(enum value_type type, const struct loc *loc)
{
	struct value *v;

	if (type != VALUE_STRING)
		return node(type, loc, 0);
	v = node(type, loc, 1);
	v->str.ptr = (char *)(v + 1);
	v->str.ptr[0] = '\0';
	return v;
}

struct value *
value_new_str(const char *s, size_t n, const struct loc *loc)
{
	struct value *v = node(VALUE_STRING, loc, n + 1);

	v->str.ptr = (char *)(v + 1);
	memcpy(v->str.ptr, s, n);
	v->str.ptr[n] = '\0';
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
	struct value *v;

	if (blk.on) {		/* all in the block: nothing to free later */
		v = value_new_str(s, n, NULL);
		free(s);
		return v;
	}
	v = node(VALUE_STRING, NULL, 0);

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

/* The two booleans everyone may point at (F_BLOCK: never freed). */
static struct value shared_bools[2] = {
	{ .type = VALUE_BOOL, .flags = F_BLOCK | F_SHARED, .boolean = 0 },
	{ .type = VALUE_BOOL, .flags = F_BLOCK | F_SHARED, .boolean = 1 }
};

struct value *
value_bool_shared(int b)
{
	return &shared_bools[b != 0];
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
		if (!inline_str(v))
			free(v->str.ptr);
		break;
	case VALUE_LIST:
		for (i = 0; i < v->list.len; i++)
			value_free(v->list.items[i]);
		if (!(v->flags & F_ITEMS))
			free(v->list.items);
		break;
	case VALUE_MAP:
		for (i = 0; i < v->map.len; i++) {
			if (key_owned(&v->map.items[i]))
				free(v->map.items[i].key);
			value_free(v->map.items[i].val);
		}
		if (!(v->flags & F_ITEMS))
			free(v->map.items);
		break;
	default:
		break;
	}
	/* A block's root is its allocation: its parts went just before. */
	if (!(v->flags & F_BLOCK))
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

void
value_block_begin(size_t hint)
{
	blk.on = 1;
	blk.foreign = 0;
	blk.head = NULL;
	blk.next_size = hint < CHUNK_MIN ? CHUNK_MIN : hint > CHUNK_MAX ?
	    CHUNK_MAX : hint;
}

int
value_block_suspend(void)
{
	int on = blk.on;

	blk.on = 0;
	return on;
}

void
value_block_resume(int on)
{
	blk.on = on;
}

/* Bytes of the pairs and index of a packed copy of map v. */
static size_t
cap_bytes(const struct value *v, size_t *capp)
{
	size_t cap = v->map.len;

	if (cap >= INDEX_CAP)
		for (cap = INDEX_CAP; cap < v->map.len; cap *= 2)
			continue;
	*capp = cap;
	return cap * sizeof(struct value_pair) +
	    (cap >= INDEX_CAP ? 2 * cap * sizeof(unsigned) : 0);
}

/* Bytes that pack() takes for n pairs: items, index, long keys after. */
static size_t
pairs_size(const struct value *v, size_t *capp)
{
	size_t n = cap_bytes(v, capp), i;

	for (i = 0; i < v->map.len; i++)
		if (v->map.items[i].keylen >= VALUE_KEY_INLINE)
			n += v->map.items[i].keylen + 1;
	return (n + 7) & ~(size_t)7;
}

static size_t
node_size(const struct value *v)
{
	size_t n = sizeof(*v);

	if (v->flags & F_SHARED)
		return 0;	/* pack() keeps the pointer */
	if (v->type == VALUE_STRING)
		n += v->str.len + 1;
	return (n + 7) & ~(size_t)7;
}

/* The bytes pack() needs for the tree v. */
static size_t
tree_size(const struct value *v)
{
	size_t n = node_size(v), cap, i;

	if (v->type == VALUE_LIST) {
		n += v->list.len * sizeof(*v->list.items);
		for (i = 0; i < v->list.len; i++)
			n += tree_size(v->list.items[i]);
	} else if (v->type == VALUE_MAP) {
		n += pairs_size(v, &cap);
		for (i = 0; i < v->map.len; i++)
			n += tree_size(v->map.items[i].val);
	}
	return n;
}

/* A copy of v at *at, which moves past it; items are exactly as long. */
static struct value *
pack(const struct value *v, char **at)
{
	struct value *c = (struct value *)*at;
	struct value_pair *p;
	size_t i, cap;
	char *key;

	if (v->flags & F_SHARED)
		return (struct value *)v;
	*at += node_size(v);
	*c = *v;
	c->flags = F_BLOCK;
	switch (v->type) {
	case VALUE_STRING:
		c->str.ptr = (char *)(c + 1);
		memcpy(c->str.ptr, v->str.ptr, v->str.len + 1);
		break;
	case VALUE_LIST:
		c->list.cap = v->list.len;
		c->list.items = NULL;
		if (v->list.len == 0)
			break;
		c->flags |= F_ITEMS;
		c->list.items = (struct value **)*at;
		*at += v->list.len * sizeof(*c->list.items);
		for (i = 0; i < v->list.len; i++)
			c->list.items[i] = pack(v->list.items[i], at);
		break;
	case VALUE_MAP:
		c->map.items = NULL;
		c->map.cap = 0;
		if (v->map.len == 0)
			break;
		c->flags |= F_ITEMS;
		p = c->map.items = (struct value_pair *)*at;
		key = *at + cap_bytes(v, &cap);
		*at += pairs_size(v, &cap);
		c->map.cap = cap;
		memcpy(p, v->map.items, v->map.len * sizeof(*p));
		for (i = 0; i < v->map.len; i++) {
			if (p[i].keylen < VALUE_KEY_INLINE)
				p[i].key = p[i].kbuf;
			else {
				memcpy(key, p[i].key, p[i].keylen + 1);
				p[i].key = key;
				p[i].kbuf[0] = 0;
				key += p[i].keylen + 1;
			}
			p[i].val = pack(v->map.items[i].val, at);
		}
		idx_build(c);
		break;
	default:
		break;
	}
	return c;
}

struct value *
value_block_end(struct value *root)
{
	struct chunk *chunks = blk.head;
	struct value *r = NULL;
	char *at;
	size_t n;

	blk.on = 0;
	blk.head = NULL;
	if (root != NULL && (root->flags & F_SHARED)) {
		chunks_free(chunks);
		return root;
	}
	if (root != NULL) {
		n = tree_size(root);
		r = xmalloc(n);
		at = (char *)r;
		pack(root, &at);
		r->flags &= ~F_BLOCK;	/* the root frees the allocation */
		if (blk.foreign || !(root->flags & F_SCRATCH))
			value_free(root);	/* what was not in the block */
	}
	chunks_free(chunks);
	return r;
}

struct value *
value_list_push_take(struct value *list, struct value *item)
{
	if (list->list.len == list->list.cap) {
		list->list.cap = list->list.cap ? list->list.cap * 2 : 4;
		list->list.items = items_grow(list, list->list.items,
		    list->list.len * sizeof(*list->list.items), list->list.cap,
		    sizeof(*list->list.items));
	}
	note(list, item);
	list->list.items[list->list.len++] = item;
	return item;
}

/* Keys are short: see hash_str. */
unsigned
value_hash(const char *key, size_t len)
{
	return hash_str(key, len);
}

/*
 * Whether pair p holds key: asked on a hash match, so nearly always yes.
 * Compared inline with the loads value_hash uses, so find() calls nothing.
 */
static inline int
same_key(const struct value_pair *p, const char *key, size_t len)
{
	const char *k = p->key;
	size_t i;

	if (p->keylen != len)
		return 0;
	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8)
			if (hash_load64(k + i) != hash_load64(key + i))
				return 0;
		return hash_load64(k + len - 8) == hash_load64(key + len - 8);
	}
	if (len >= 4)
		return hash_load32(k) == hash_load32(key) &&
		    hash_load32(k + len - 4) == hash_load32(key + len - 4);
	if (len > 0)
		return k[0] == key[0] && k[len / 2] == key[len / 2] &&
		    k[len - 1] == key[len - 1];
	return 1;
}

/* Point the short keys of items from on at their moved kbuf. */
static void
rekey(struct value *map, size_t from)
{
	size_t i;

	for (i = from; i < map->map.len; i++)
		if (map->map.items[i].keylen < VALUE_KEY_INLINE)
			map->map.items[i].key = map->map.items[i].kbuf;
}

/*
 * The next capacity of a map: doubled (a packed one by a quarter), and
 * from INDEX_CAP on a power of two, which the index's mask needs.
 */
static size_t
grow_cap(const struct value *map)
{
	size_t cap = map->map.cap, n = INDEX_CAP;

	if (cap < 2)
		return 4;
	/* A packed map (exactly full) rarely grows much: by a quarter. */
	if ((map->flags & F_ITEMS) && !in_scratch(map))
		cap += cap / 4 + 1;
	else
		cap *= 2;
	if (cap < INDEX_CAP)
		return cap;
	while (n < cap)
		n *= 2;
	return n;
}

static unsigned *
index_of(const struct value *map)
{
	return map->map.cap >= INDEX_CAP ?
	    (unsigned *)(map->map.items + map->map.cap) : NULL;
}

/* Enter item i into the map's index. */
static void
idx_put(struct value *map, size_t i)
{
	unsigned *idx = index_of(map);
	size_t mask = 2 * map->map.cap - 1;
	size_t j = map->map.items[i].hash & mask;

	while (idx[j] != 0)
		j = (j + 1) & mask;
	idx[j] = ((unsigned)i + 1) | (map->map.items[i].hash & ~(unsigned)mask);
}

/* Rebuild the map's index, if it has one, from its items. */
static void
idx_build(struct value *map)
{
	unsigned *idx = index_of(map);
	size_t i;

	if (idx == NULL)
		return;
	memset(idx, 0, 2 * map->map.cap * sizeof(*idx));
	for (i = 0; i < map->map.len; i++)
		idx_put(map, i);
}

/* Append key (whose value_hash is h) without looking for it. */
static struct value_pair *
add(struct value *map, const char *key, size_t keylen, unsigned h,
    const struct loc *loc, struct value *val)
{
	struct value_pair *p;
	int grown = 0;

	if (map->map.len == map->map.cap) {
		map->map.cap = grow_cap(map);
		/* cap pairs, then (from INDEX_CAP) 2 * cap index slots */
		map->map.items = items_grow(map, map->map.items,
		    map->map.len * sizeof(*p), map->map.cap, sizeof(*p) +
		    (map->map.cap >= INDEX_CAP ? 2 * sizeof(unsigned) : 0));
		rekey(map, 0);
		grown = 1;
	}
	if (keylen >= UINT_MAX)		/* cannot be stored: as if no memory */
		xreallocarray(NULL, SIZE_MAX, 2);
	p = &map->map.items[map->map.len++];
	if (keylen < VALUE_KEY_INLINE) {
		memcpy(p->kbuf, key, keylen);
		p->kbuf[keylen] = '\0';
		p->key = p->kbuf;
	} else if (in_scratch(map)) {
		p->key = scratch(keylen + 1);
		memcpy(p->key, key, keylen);
		p->key[keylen] = '\0';
		p->kbuf[0] = 0;
	} else {
		p->key = xstrndup(key, keylen);
		p->kbuf[0] = KEY_OWNED;
	}
	note(map, val);
	p->keylen = (unsigned)keylen;
	p->hash = h;
	if (loc != NULL)
		p->loc = *loc;
	else
		memset(&p->loc, 0, sizeof(p->loc));
	p->val = val;
	if (grown)
		idx_build(map);
	else if (map->map.cap >= INDEX_CAP)
		idx_put(map, map->map.len - 1);
	return p;
}

struct value_pair *
value_map_add_take(struct value *map, const char *key, size_t keylen,
    const struct loc *loc, struct value *val)
{
	return add(map, key, keylen, value_hash(key, keylen), loc, val);
}

/* The pair for key (with hash h) in map, through the index when it has one. */
static struct value_pair *
find(const struct value *map, const char *key, size_t len, unsigned h)
{
	struct value_pair *p, *end;
	const unsigned *idx;
	size_t mask, j;
	unsigned k;

	if (map == NULL || map->type != VALUE_MAP)
		return NULL;
	if (map->map.cap >= INDEX_CAP) {
		idx = index_of(map);
		mask = 2 * map->map.cap - 1;
		for (j = h & mask; (k = idx[j]) != 0; j = (j + 1) & mask) {
			if ((k ^ h) & ~(unsigned)mask)
				continue;	/* another key's hash */
			p = &map->map.items[(k & mask) - 1];
			if (p->hash == h && same_key(p, key, len))
				return p;
		}
		return NULL;
	}
	if (map->map.len == 0)
		return NULL;	/* items may be NULL: no pointer arithmetic */
	end = map->map.items + map->map.len;
	for (p = map->map.items; p < end; p++)
		if (p->hash == h && same_key(p, key, len))
			return p;
	return NULL;
}

static struct value_pair *
findz(const struct value *map, const char *key)
{
	size_t len = strlen(key);

	return find(map, key, len, value_hash(key, len));
}

struct value *
value_map_set_take(struct value *map, const char *key, struct value *val)
{
	size_t len = strlen(key);
	unsigned h = value_hash(key, len);
	struct value_pair *p = find(map, key, len, h);

	if (p != NULL) {
		value_free(p->val);
		note(map, val);
		p->val = val;
	} else
		add(map, key, len, h, NULL, val);
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
	struct value_pair *p = findz(map, key);
	size_t i;

	if (p == NULL)
		return -1;
	i = (size_t)(p - map->map.items);
	if (key_owned(p))
		free(p->key);
	value_free(p->val);
	memmove(p, p + 1, (map->map.len - i - 1) * sizeof(*p));
	map->map.len--;
	rekey(map, i);
	idx_build(map);
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
value_geth(const struct value *map, const char *key, size_t len,
    unsigned hash)
{
	const struct value_pair *p = find(value_deref(map), key, len, hash);

	return p != NULL ? value_deref(p->val) : NULL;
}

const struct value *
value_getn(const struct value *map, const char *key, size_t len)
{
	return value_geth(map, key, len, value_hash(key, len));
}

const struct value *
value_get(const struct value *map, const char *key)
{
	return value_getn(map, key, strlen(key));
}

const struct value_pair *
value_pair_get(const struct value *map, const char *key)
{
	return findz(value_deref(map), key);
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

/*
 * A node that is not part of a block is the start of its own allocation
 * (a packed tree's root is the start of the whole tree's).
 */
void
value_prefetch(const struct value *v)
{
	const char *p, *end;
	size_t n;

	if (v == NULL || (v->flags & F_BLOCK))
		return;
	n = malloc_usable_size((void *)v);
	for (p = (const char *)v, end = p + n; p < end; p += 64)
		__builtin_prefetch(p);
}
