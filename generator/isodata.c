/* SPDX-License-Identifier: ISC */
/* Lookups in the bundled ISO 639 and ISO 3166-1 tables (sorted, bsearch). */
#include <stdlib.h>
#include <string.h>

#include "isodata.h"

struct code_name {
	const char	*code;
	const char	*name;
};

#include "isodata.inc"

static int
cmp_code(const void *key, const void *elem)
{
	const struct code_name *e = elem;

	return strcmp(key, e->code);
}

static const char *
lookup(const struct code_name *tab, size_t n, const char *code)
{
	const struct code_name *e;

	if (code == NULL)
		return NULL;
	e = bsearch(code, tab, n, sizeof(*tab), cmp_code);
	return e != NULL ? e->name : NULL;
}

const char *
isodata_language_name(const char *code)
{
	size_t len = code != NULL ? strlen(code) : 0;

	if (len != 2 && len != 3)
		return NULL;
	return lookup(languages, sizeof(languages) / sizeof(languages[0]),
	    code);
}

const char *
isodata_country_name(const char *alpha2)
{
	if (alpha2 == NULL || strlen(alpha2) != 2)
		return NULL;
	return lookup(countries, sizeof(countries) / sizeof(countries[0]),
	    alpha2);
}

int
isodata_country_valid(const char *alpha2)
{
	return isodata_country_name(alpha2) != NULL;
}
