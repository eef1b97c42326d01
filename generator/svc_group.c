/* SPDX-License-Identifier: ISC */
/* The directory model: listed services grouped by the site's categories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services.h"
#include "value.h"
#include "xalloc.h"

static int
cmp_name(const void *a, const void *b)
{
	const struct value *x = value_deref(*(const struct value *const *)a);
	const struct value *y = value_deref(*(const struct value *const *)b);
	int r = strcasecmp(value_get_str(x, "name", ""),
	    value_get_str(y, "name", ""));

	return r ? r : strcmp(value_get_str(x, "slug", ""),
	    value_get_str(y, "slug", ""));
}

/* Sort a list of references in place by name, then slug. */
static void
sort_services(struct value *list)
{
	if (list->list.len > 1)
		qsort(list->list.items, list->list.len,
		    sizeof(list->list.items[0]), cmp_name);
}

/* The group of key, or NULL; groups are few, a scan is enough. */
static struct value *
group_of(struct value *groups, const char *key)
{
	size_t i;

	for (i = 0; i < groups->list.len; i++)
		if (strcmp(value_get_str(groups->list.items[i], "key", ""),
		    key) == 0)
			return (struct value *)value_get(groups->list.items[i],
			    "services");
	return NULL;
}

static struct value *
new_group(const struct value *cat)
{
	struct value *g = value_new(VALUE_MAP, NULL);
	const char *key = value_get_str(cat, "key", "");
	const char *desc = value_get_str(cat, "description", NULL);

	value_map_set_str(g, "key", key);
	value_map_set_str(g, "label", value_get_str(cat, "label", key));
	if (desc != NULL)
		value_map_set_str(g, "description", desc);
	value_map_set_take(g, "url", value_new_printf("categories/%s.html",
	    key));
	value_map_set_take(g, "services", value_new(VALUE_LIST, NULL));
	return g;
}

struct value *
svc_group_by_category(const struct value *list, const struct value *cats)
{
	struct value *defcats = NULL, *groups, *g, *svcs;
	const struct value *svc, *keys;
	size_t i, j;

	if (cats == NULL)
		cats = defcats = svc_default_categories();
	groups = value_new(VALUE_LIST, NULL);
	for (i = 0; i < value_len(cats); i++)
		value_list_push_take(groups, new_group(cats->list.items[i]));
	for (i = 0; i < value_len(list); i++) {
		svc = value_deref(list->list.items[i]);
		if (!value_get_bool(svc, "is_listed", 0))
			continue;
		keys = value_get(svc, "category_keys");
		for (j = 0; j < value_len(keys); j++)
			if ((svcs = group_of(groups, value_str(
			    keys->list.items[j]))) != NULL)
				value_list_push_take(svcs,
				    value_new_ref(svc));
	}
	for (i = 0; i < groups->list.len; i++) {
		g = groups->list.items[i];
		svcs = (struct value *)value_get(g, "services");
		sort_services(svcs);
		value_map_set_take(g, "count", value_new_printf("%zu",
		    svcs->list.len));
		value_map_set_take(g, "has_services",
		    value_new_bool(svcs->list.len > 0));
	}
	value_free(defcats);
	return groups;
}
