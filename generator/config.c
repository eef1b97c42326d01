/* SPDX-License-Identifier: ISC */
/* site.yml: loading, checking, defaults. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "fsutil.h"
#include "phone.h"
#include "schema.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

static const struct schema_field site_fields[] = {
	{ "title", SCHEMA_STRING, 1 },
	{ "description", SCHEMA_STRING, 0 },
	{ "language", SCHEMA_STRING, 0 },
	{ "languages", SCHEMA_LIST, 0 },
	{ "base_url", SCHEMA_STRING, 0 },
	{ "theme", SCHEMA_STRING, 0 },
	{ "colors", SCHEMA_MAP, 0 },
	{ "logo", SCHEMA_STRING, 0 },
	{ "country", SCHEMA_STRING, 0 },
	{ "timezone", SCHEMA_STRING, 0 },
	{ "markdown", SCHEMA_MAP, 0 },
	{ "articles", SCHEMA_MAP, 0 },
	{ "services", SCHEMA_MAP, 0 },
	{ "footer", SCHEMA_STRING, 0 },
	{ "menu", SCHEMA_LIST, 0 },
	{ "crisis", SCHEMA_LIST, 1 },
	{ "categories", SCHEMA_LIST, 0 },
	{ "quick_exit", SCHEMA_MAP, 0 },
	{ "check", SCHEMA_MAP, 0 },
	{ "hosts", SCHEMA_STRINGS, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field crisis_fields[] = {
	{ "name", SCHEMA_STRING, 1 },
	{ "phone", SCHEMA_STRING, 0 },
	{ "text", SCHEMA_STRING, 0 },
	{ "url", SCHEMA_STRING, 0 },
	{ "hours", SCHEMA_STRING, 0 },
	{ "always", SCHEMA_BOOL, 0 },
	{ "description", SCHEMA_STRING, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field menu_fields[] = {
	{ "label", SCHEMA_STRING, 1 },
	{ "link", SCHEMA_STRING, 1 },
	{ NULL, 0, 0 }
};

static const struct schema_field category_fields[] = {
	{ "key", SCHEMA_STRING, 1 },
	{ "label", SCHEMA_STRING, 1 },
	{ "description", SCHEMA_STRING, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field lang_fields[] = {
	{ "code", SCHEMA_STRING, 1 },
	{ "name", SCHEMA_STRING, 1 },
	{ "dir", SCHEMA_STRING, 0 },
	{ "default", SCHEMA_BOOL, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field markdown_fields[] = {
	{ "unsafe", SCHEMA_BOOL, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field articles_fields[] = {
	{ "per_page", SCHEMA_UINT, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field services_fields[] = {
	{ "stale_after", SCHEMA_UINT, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field quick_exit_fields[] = {
	{ "url", SCHEMA_STRING, 1 },
	{ "label", SCHEMA_STRING, 0 },
	{ NULL, 0, 0 }
};

static const char *const default_categories[][3] = {
	{ "peer-support", "Peer support",
	    "Groups and one-to-one support from people with lived experience." },
	{ "group-therapy", "Group therapy",
	    "Therapy in a small group, led by a trained practitioner." },
	{ "counselling", "Counselling",
	    "Talking therapies with a counsellor, one to one." },
	{ "crisis-support", "Crisis support",
	    "Help right now, by phone, text or in person." },
	{ "prevention-education", "Prevention and education",
	    "Courses and talks that help people look after their mental health." },
	{ "youth", "Children and young people",
	    "Support for children, young people and students." },
	{ "carers-family", "Carers and family",
	    "Support for the people who care for someone." },
	{ "substance-use", "Alcohol and drugs",
	    "Support with alcohol, drugs and gambling." },
	{ "wellbeing-activities", "Wellbeing activities",
	    "Walking, gardening, arts and other activities with others." },
};

static const char *const rtl_langs[] = { "ar", "arc", "ckb", "dv", "fa",
    "he", "ku", "ps", "sd", "ug", "ur", "yi" };

struct value *
config_default_categories(void)
{
	struct value *list = value_new(VALUE_LIST, NULL), *m;
	size_t i;

	for (i = 0; i < sizeof(default_categories) /
	    sizeof(default_categories[0]); i++) {
		m = value_list_push_take(list, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "key", default_categories[i][0]);
		value_map_set_str(m, "label", default_categories[i][1]);
		value_map_set_str(m, "description", default_categories[i][2]);
	}
	return list;
}

static int
is_rtl(const char *code)
{
	size_t i, n = strcspn(code, "-_");

	for (i = 0; i < sizeof(rtl_langs) / sizeof(rtl_langs[0]); i++)
		if (strlen(rtl_langs[i]) == n &&
		    strncasecmp(rtl_langs[i], code, n) == 0)
			return 1;
	return 0;
}

/* A light BCP 47 check: a 2-3 letter language, then 1-8 char subtags. */
static int
bcp47_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (n < 2 || n > 3)
		return 0;
	for (s += n; *s != '\0'; s += n) {
		if (*s++ != '-')
			return 0;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n < 1 || n > 8)
			return 0;
	}
	return 1;
}

/* A help line's number must be one people can dial; 1 when it is fictional. */
static int
check_number(const struct config *c, const struct value *cl, const char *key)
{
	const struct value *v = value_get(cl, key);
	struct buf err = BUF_INIT;
	struct phone ph;
	int fiction = 0;

	if (v == NULL || v->type != VALUE_STRING)
		return 0;
	if (phone_parse(v->str.ptr, c->country, &ph, &err) == -1) {
		diag_error(&v->loc, "crisis line '%s': %s",
		    value_get_str(cl, "name", ""), err.ptr);
	} else if (phone_is_fictional(&ph))
		fiction = 1;
	buf_release(&err);
	return fiction;
}

static void
check_crisis(const struct config *c, const struct value *list)
{
	const struct value *cl;
	size_t i;

	if (list->list.len == 0)
		diag_error(&list->loc, "'crisis' lists no help lines");
	for (i = 0; i < list->list.len; i++) {
		cl = list->list.items[i];
		if (schema_check(cl, crisis_fields, "a crisis line", 1) > 0)
			continue;
		if (value_get(cl, "phone") == NULL &&
		    value_get(cl, "text") == NULL && value_get(cl, "url") == NULL)
			diag_error(&cl->loc, "crisis line '%s' has no phone, "
			    "text or url", value_get_str(cl, "name", ""));
		if (check_number(c, cl, "phone") + check_number(c, cl,
		    "text") > 0) {
			diag_warn(&cl->loc, "crisis line '%s' uses a number "
			    "reserved for fiction", value_get_str(cl, "name",
			    ""));
			diag_note(NULL, "replace the example help lines with "
			    "real ones before you publish");
		}
	}
}

static void
check_list_of(const struct value *list, const struct schema_field *f,
    const char *what)
{
	size_t i;

	for (i = 0; i < list->list.len; i++)
		schema_check(list->list.items[i], f, what, 1);
}

/* "pl/" for "pl", "pt-br/" for "pt-BR": where a language's pages go. */
static char *
lang_prefix(const char *code)
{
	char *p = xmalloc(strlen(code) + 2), *q = p;

	if (*code == '\0') {
		*p = '\0';
		return p;
	}
	for (; *code != '\0'; code++)
		*q++ = (char)tolower((unsigned char)*code);
	*q++ = '/';
	*q = '\0';
	return p;
}

static void
load_langs(struct config *c)
{
	const struct value *list = value_get(c->tree, "languages"), *l;
	size_t i, k, def = 0;
	const char *dir;

	if (list == NULL || list->type != VALUE_LIST || list->list.len == 0) {
		c->langs = xcalloc(1, sizeof(*c->langs));
		c->nlangs = 1;
		c->langs[0].code = c->language;
		c->langs[0].name = c->language;
		c->langs[0].rtl = is_rtl(c->language);
		c->langs[0].prefix = xstrdup("");
		return;
	}
	check_list_of(list, lang_fields, "a language");
	c->langs = xcalloc(list->list.len, sizeof(*c->langs));
	for (i = 0; i < list->list.len; i++)
		if (value_get_bool(list->list.items[i], "default", 0))
			def = i;
	for (i = 0; i < list->list.len; i++) {
		struct config_lang *cl = &c->langs[c->nlangs++];

		l = list->list.items[i == 0 ? def : (i <= def ? i - 1 : i)];
		cl->code = value_get_str(l, "code", "en");
		cl->name = value_get_str(l, "name", cl->code);
		dir = value_get_str(l, "dir", NULL);
		cl->rtl = dir ? strcmp(dir, "rtl") == 0 : is_rtl(cl->code);
		if (dir && strcmp(dir, "rtl") != 0 && strcmp(dir, "ltr") != 0)
			diag_error(&value_get(l, "dir")->loc, "'dir' must be "
			    "ltr or rtl, not '%s'", dir);
		if (!bcp47_ok(cl->code))
			diag_error(&value_get(l, "code")->loc, "'%s' is not "
			    "a BCP 47 language tag", cl->code);
		cl->prefix = lang_prefix(i == 0 ? "" : cl->code);
		for (k = 0; k + 1 < c->nlangs; k++)
			if (strcasecmp(c->langs[k].code, cl->code) == 0)
				diag_error(&value_get(l, "code")->loc,
				    "language '%s' is listed twice", cl->code);
	}
	c->language = c->langs[0].code;
}

static void
set_defaults(struct config *c, const char *base_url)
{
	const struct value *t = c->tree, *v;
	const char *s;

	c->title = value_get_str(t, "title", "Untitled campaign");
	c->description = value_get_str(t, "description", "");
	c->language = value_get_str(t, "language", "en");
	c->theme = value_get_str(t, "theme", "default");
	c->country = value_get_str(t, "country", NULL);
	c->timezone = value_get_str(t, "timezone", "UTC");
	c->unsafe = value_get_bool(value_get(t, "markdown"), "unsafe", 0);
	s = value_get_str(value_get(t, "articles"), "per_page", "10");
	c->per_page = (unsigned)atoi(s) > 0 ? (unsigned)atoi(s) : 10;
	s = value_get_str(value_get(t, "services"), "stale_after", "365");
	c->stale_after = (unsigned)atoi(s);
	if ((v = value_get(t, "language")) != NULL &&
	    v->type == VALUE_STRING && !bcp47_ok(v->str.ptr)) {
		diag_error(&v->loc, "'%s' is not a BCP 47 language tag",
		    v->str.ptr);
		diag_note(NULL, "for example en, en-GB, pl or ar");
	}
	s = base_url ? base_url : value_get_str(t, "base_url", NULL);
	if (s != NULL && strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "http://", 7) != 0) {
		v = value_get(t, "base_url");
		if (base_url != NULL || v == NULL)
			diag_sys("--base-url must start with https:// or "
			    "http://, not '%s'", s);
		else
			diag_error(&v->loc, "'base_url' must start with "
			    "https:// or http://");
		s = NULL;
	}
	if (s != NULL) {
		size_t n = strlen(s);

		c->base_url_owned = xmalloc(n + 2);
		memcpy(c->base_url_owned, s, n + 1);
		if (n == 0 || s[n - 1] != '/')
			strcpy(c->base_url_owned + n, "/");
		c->base_url = c->base_url_owned;
	}
}

int
config_load(const char *srcdir, const char *base_url, struct config *c)
{
	char *path = fs_join(srcdir, "site.yml");
	const struct value *v;
	size_t before = diag_errors();

	memset(c, 0, sizeof(*c));
	c->tree = yamlload_file(path, "site.yml", NULL, &c->text);
	free(path);
	if (c->tree == NULL)
		return -1;
	if (c->tree->type != VALUE_MAP) {
		diag_error(&c->tree->loc, "site.yml must be a map of settings");
		return -1;
	}
	c->file = c->tree->loc.file;
	schema_check(c->tree, site_fields, "site.yml", 0);
	set_defaults(c, base_url);
	if ((v = value_get(c->tree, "crisis")) && v->type == VALUE_LIST)
		check_crisis(c, v);
	if ((v = value_get(c->tree, "menu")) && v->type == VALUE_LIST)
		check_list_of(v, menu_fields, "a menu item");
	if ((v = value_get(c->tree, "markdown")) && v->type == VALUE_MAP)
		schema_check(v, markdown_fields, "'markdown'", 1);
	if ((v = value_get(c->tree, "articles")) && v->type == VALUE_MAP)
		schema_check(v, articles_fields, "'articles'", 1);
	if ((v = value_get(c->tree, "services")) && v->type == VALUE_MAP)
		schema_check(v, services_fields, "'services'", 1);
	if ((v = value_get(c->tree, "quick_exit")) && v->type == VALUE_MAP)
		schema_check(v, quick_exit_fields, "'quick_exit'", 1);
	if ((v = value_get(c->tree, "categories")) && v->type == VALUE_LIST) {
		check_list_of(v, category_fields, "a category");
		c->categories = value_copy(v);
	} else
		c->categories = config_default_categories();
	load_langs(c);
	return diag_errors() > before ? -1 : 0;
}

void
config_release(struct config *c)
{
	if (c->file != NULL)
		diag_file_text(c->file, NULL, 0);
	value_free(c->tree);
	value_free(c->categories);
	free(c->text);
	for (size_t i = 0; i < c->nlangs; i++)
		free(c->langs[i].prefix);
	free(c->langs);
	free(c->base_url_owned);
	memset(c, 0, sizeof(*c));
}
