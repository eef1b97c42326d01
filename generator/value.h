/* SPDX-License-Identifier: ISC */
/* The value tree shared by site.yml, front matter, listings and templates. */
#ifndef VALUE_H
#define VALUE_H

#include <stddef.h>

#include "diag.h"

/*
 * Scalars stay as written: only YAML's plain true, false, null and ~ are
 * typed, everything else is a string (phone numbers keep their zeros).
 * VALUE_REF borrows another tree without owning it, so that page contexts
 * can point at shared data without copying it; lookups see through it.
 */
enum value_type {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP,
	VALUE_REF
};

struct value;

/*
 * A key shorter than VALUE_KEY_INLINE bytes lives in the pair's own kbuf
 * (key points there), so a pair's key pointer is valid only until its
 * map changes: copy it if the map may grow or lose keys meanwhile.
 */
#define VALUE_KEY_INLINE	16

struct value_pair {
	char		*key;		/* owned, NUL-terminated */
	unsigned	 keylen;	/* keys are shorter than 4 GiB */
	unsigned	 hash;		/* value_hash(key, keylen) */
	struct loc	 loc;		/* where the key was written */
	struct value	*val;		/* owned */
	char		 kbuf[VALUE_KEY_INLINE];	/* a longer key: value.c's */
};

struct value {
	enum value_type	 type;
	unsigned short	 flags;		/* value.c's own: where it lives */
	struct loc	 loc;
	union {
		int		 boolean;
		struct {
			char	*ptr;		/* owned, NUL-terminated */
			size_t	 len;
		} str;
		struct {
			struct value	**items;	/* owned */
			size_t		  len, cap;
		} list;
		struct {
			struct value_pair *items;	/* owned */
			/*
			 * From 16 slots up, items is followed in its
			 * allocation by a hash index of the keys (see
			 * value.c), kept up to date by every change.
			 */
			size_t		   len, cap;
		} map;
		const struct value *ref;	/* borrowed */
	};
};

/* Constructors: the caller owns the result; loc may be NULL. */
struct value	*value_new(enum value_type, const struct loc *);
struct value	*value_new_str(const char *, size_t, const struct loc *);
struct value	*value_new_strz(const char *);
struct value	*value_new_printf(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* Take ownership of a malloc'd NUL-terminated string of length len. */
struct value	*value_new_str_take(char *, size_t);
struct value	*value_new_bool(int);
/*
 * A process-wide true or false without a position, which any number of
 * trees may hold: never change it (value_free and blocks leave it be,
 * value_copy makes a new node).
 */
struct value	*value_bool_shared(int);
struct value	*value_new_ref(const struct value *);
/* Free a tree (never what a VALUE_REF points at); NULL is accepted. */
void		 value_free(struct value *);
/*
 * Ask the processor for the memory of v's allocation, a whole packed tree
 * for its root, before it is read: a page reads a listing's or an
 * article's data long after it was made, and waits less when all of its
 * cache lines are asked for at once than when each is missed in turn.
 */
void		 value_prefetch(const struct value *);
/* A deep copy; references stay references. */
struct value	*value_copy(const struct value *);

/*
 * Blocks: between value_block_begin and value_block_end, the nodes this
 * thread makes (with their arrays) are cut from a few scratch chunks,
 * not one malloc each; hint is the first chunk's size in bytes (0 for a
 * default).  value_block_end(root) returns a copy of root's tree packed
 * into one allocation of the exact size, in the tree's order, frees
 * root and the chunks, and closes the block; value_block_end(NULL) just
 * frees the chunks.  Everything made in between is gone then: only the
 * copy lives on, and nothing may point into root (a VALUE_REF in the
 * tree may point at other trees).  The copy acts as any tree: it can be
 * changed, grown and freed in part with value_free (that memory is kept
 * until the root is freed).  Blocks do not nest, and in between the
 * thread must not change trees made outside.
 */
void		 value_block_begin(size_t hint);
struct value	*value_block_end(struct value *root);
/*
 * Make this thread's nodes on the heap again, for data that must outlive
 * an open block, until value_block_resume(the result).
 */
int		 value_block_suspend(void);
void		 value_block_resume(int);

/* Append item to a list, taking ownership. Returns item. */
struct value	*value_list_push_take(struct value *list, struct value *item);
/*
 * Put key in a map, taking ownership of val: an existing key's value is
 * freed and replaced in place, a new key is appended (maps keep order).
 * Returns val.
 */
struct value	*value_map_set_take(struct value *map, const char *key,
		    struct value *val);
/* Append without looking for the key (the YAML loader checks first). */
struct value_pair *value_map_add_take(struct value *map, const char *key,
		    size_t keylen, const struct loc *, struct value *val);
/* Convenience: set key to a copy of the string s. */
struct value	*value_map_set_str(struct value *map, const char *key,
		    const char *s);
/* Remove key from a map (freeing its value); 0 if found, -1 if not. */
int		 value_map_del(struct value *map, const char *key);

/*
 * The hash every key is stored with.  Callers that look the same name up
 * many times (Mustache) compute it once and use value_geth.
 */
unsigned	 value_hash(const char *key, size_t len);

/* Follow references. NULL stays NULL. */
const struct value *value_deref(const struct value *);
/* A map's entry by key, through references; NULL when absent or not a map. */
const struct value *value_get(const struct value *map, const char *key);
const struct value *value_getn(const struct value *map, const char *key,
		    size_t len);
/* As value_getn, with hash = value_hash(key, len). */
const struct value *value_geth(const struct value *map, const char *key,
		    size_t len, unsigned hash);
const struct value_pair *value_pair_get(const struct value *map,
		    const char *key);
/* A dotted path "a.b.c" from v; NULL when any step is missing. */
const struct value *value_path(const struct value *v, const char *path);
/* The string of a string value, else NULL. */
const char	*value_str(const struct value *);
/* The string at key, else def. */
const char	*value_get_str(const struct value *map, const char *key,
		    const char *def);
/* 1 if key holds boolean true, 0 if false or absent, def if absent. */
int		 value_get_bool(const struct value *map, const char *key,
		    int def);
/* Mustache truthiness: null, false and the empty list are false. */
int		 value_truthy(const struct value *);
/* Number of items of a list or map, 0 otherwise. */
size_t		 value_len(const struct value *);

#endif
