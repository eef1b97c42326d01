/* SPDX-License-Identifier: ISC */
/* Listing stubs: what a rebuild needs of a listing that did not change. */
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "svcstub.h"
#include "valpack.h"
#include "value.h"

/*
 * What a crisis line's stub keeps: its contact too, since the help box
 * shows its phones; every other listing's stub keeps the rest.
 */
static const char *const crisis_keys[] = {
	"contact", "name", "slug", "url", "vcard_url", "is_listed", "crisis",
	"summary", "category_keys", "languages", "access", "towns", "free",
	"hours", NULL
};
static const char *const *const stub_keys = crisis_keys + 1;

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
		valpack_put_list(b, v->list.len);
		for (i = 0; i < v->list.len; i++)
			put_part(b, v->list.items[i], keys, name);
		return;
	}
	if (v == NULL || v->type != VALUE_MAP) {
		valpack_put(b, v, 0);
		return;
	}
	at = valpack_put_map(b, 0);
	for (i = 0; keys[i] != NULL; i++) {
		if ((e = value_get(v, keys[i])) == NULL)
			continue;
		valpack_put_key(b, keys[i], strlen(keys[i]));
		if (part_of(keys[i], name) != NULL)
			put_part(b, e, part_of(keys[i], name), keys[i]);
		else
			valpack_put(b, e, 0);
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

struct value *
svc_stub_get(const unsigned char **p, const unsigned char *end,
    const char *file)
{
	return valpack_get(p, end, file, 0);
}
