/* SPDX-License-Identifier: ISC */
/* Map checking shared by site.yml, front matter and the other loaders. */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "diag.h"
#include "schema.h"
#include "value.h"
#include "xalloc.h"

static const char *
type_word(enum schema_type t)
{
	switch (t) {
	case SCHEMA_STRING:
		return "a string";
	case SCHEMA_BOOL:
		return "true or false";
	case SCHEMA_LIST:
		return "a list";
	case SCHEMA_MAP:
		return "a map of keys and values";
	case SCHEMA_STRINGS:
		return "a list of strings";
	case SCHEMA_DATE:
		return "a date written YYYY-MM-DD";
	case SCHEMA_UINT:
		return "a whole number";
	default:
		return "a value";
	}
}

static const char *
found_word(const struct value *v)
{
	switch (v->type) {
	case VALUE_NULL:
		return "nothing";
	case VALUE_BOOL:
		return v->boolean ? "true" : "false";
	case VALUE_STRING:
		return "text";
	case VALUE_LIST:
		return "a list";
	case VALUE_MAP:
		return "a map";
	default:
		return "a reference";
	}
}

int
schema_type_check(const struct value *v, const char *key,
    enum schema_type t)
{
	struct date d;
	size_t i;

	switch (t) {
	case SCHEMA_ANY:
		return 0;
	case SCHEMA_STRING:
		if (v->type == VALUE_STRING && v->str.len > 0)
			return 0;
		if (v->type == VALUE_STRING || v->type == VALUE_NULL)
			return diag_error(&v->loc, "'%s' is empty", key);
		break;
	case SCHEMA_BOOL:
		if (v->type == VALUE_BOOL)
			return 0;
		if (v->type == VALUE_STRING) {
			diag_error(&v->loc, "'%s' must be true or false, not "
			    "'%s'", key, v->str.ptr);
			diag_note(NULL, "write true or false without quotes");
			return -1;
		}
		break;
	case SCHEMA_LIST:
		if (v->type == VALUE_LIST)
			return 0;
		break;
	case SCHEMA_MAP:
		if (v->type == VALUE_MAP)
			return 0;
		break;
	case SCHEMA_STRINGS:
		if (v->type != VALUE_LIST)
			break;
		for (i = 0; i < v->list.len; i++)
			if (schema_type_check(v->list.items[i], key,
			    SCHEMA_STRING) == -1)
				return -1;
		return 0;
	case SCHEMA_DATE:
		if (v->type == VALUE_STRING && date_parse(v->str.ptr, &d) == 0)
			return 0;
		if (v->type == VALUE_STRING) {
			diag_error(&v->loc, "'%s' is not a real date: '%s'",
			    key, v->str.ptr);
			diag_note(NULL, "write dates as YYYY-MM-DD, for "
			    "example 2026-03-14");
			return -1;
		}
		break;
	case SCHEMA_UINT:
		if (v->type == VALUE_STRING && v->str.len > 0 &&
		    v->str.len < 10 &&
		    strspn(v->str.ptr, "0123456789") == v->str.len)
			return 0;
		break;
	}
	return diag_error(&v->loc, "'%s' must be %s, not %s", key,
	    type_word(t), found_word(v));
}

/*
 * Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment: "phnoe" is one edit from "phone"); long words are far apart.
 */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	unsigned char d[65][65];

	if (la > 64 || lb > 64)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned char)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned char)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			best = (size_t)d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if ((size_t)d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if ((size_t)d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    (size_t)d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = (unsigned char)best;
		}
	return d[la][lb];
}

const char *
schema_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = 99;

	for (i = 0; i < n; i++) {
		d = distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	/* Two edits at most, and fewer than the word has letters. */
	return bestd <= 2 && bestd < strlen(word) ? best : NULL;
}

static void
unknown_key(const struct value_pair *p, const struct schema_field *fields,
    const char *what, int strict)
{
	const char *cands[64], *s;
	size_t n = 0;

	for (; fields->key != NULL && n < 64; fields++)
		cands[n++] = fields->key;
	if (strict)
		diag_error(&p->loc, "unknown key '%s' in %s", p->key, what);
	else
		diag_warn(&p->loc, "unknown key '%s' in %s", p->key, what);
	if ((s = schema_suggest(p->key, cands, n)) != NULL)
		diag_note(NULL, "did you mean '%s'?", s);
}

size_t
schema_check(const struct value *map, const struct schema_field *fields,
    const char *what, int strict)
{
	const struct schema_field *f;
	const struct value *v;
	size_t i, errors = 0;

	if (map->type != VALUE_MAP) {
		diag_error(&map->loc, "%s must be a map of keys and values, "
		    "not %s", what, found_word(map));
		return 1;
	}
	for (i = 0; i < map->map.len; i++) {
		for (f = fields; f->key != NULL; f++)
			if (strcmp(f->key, map->map.items[i].key) == 0)
				break;
		if (f->key == NULL) {
			unknown_key(&map->map.items[i], fields, what, strict);
			errors += strict;
			continue;
		}
		v = map->map.items[i].val;
		if (v->type == VALUE_NULL && !f->required)
			continue;
		if (schema_type_check(v, f->key, f->type) == -1)
			errors++;
	}
	for (f = fields; f->key != NULL; f++)
		if (f->required && value_get(map, f->key) == NULL) {
			diag_error(&map->loc, "%s has no '%s'", what, f->key);
			errors++;
		}
	return errors;
}
