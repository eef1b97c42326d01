/* SPDX-License-Identifier: ISC */
/* Checking a YAML map against a list of expected keys and types. */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stddef.h>

struct value;

enum schema_type {
	SCHEMA_ANY,
	SCHEMA_STRING,		/* a non-empty string */
	SCHEMA_BOOL,
	SCHEMA_LIST,
	SCHEMA_MAP,
	SCHEMA_STRINGS,		/* a list of non-empty strings */
	SCHEMA_DATE,		/* a string YYYY-MM-DD naming a real day */
	SCHEMA_UINT		/* a string of digits */
};

struct schema_field {
	const char		*key;
	enum schema_type	 type;
	int			 required;
};

/*
 * Check map against fields (terminated by a NULL key).  what names the
 * map in messages ("site.yml", "front matter").  Unknown keys are errors
 * when strict, else warnings, with a "did you mean" note; a wrong type or
 * a missing required key is an error.  Returns the number of errors.
 */
size_t	 schema_check(const struct value *map,
	    const struct schema_field *fields, const char *what, int strict);
/* Check one value against a type; reports and returns -1 on mismatch. */
int	 schema_type_check(const struct value *v, const char *key,
	    enum schema_type);
/*
 * The candidate closest to word by edit distance (a swap of neighbours is
 * one edit), the first of equals, when at most 2 edits and fewer edits
 * than word has bytes; else NULL.
 */
const char *schema_suggest(const char *word, const char *const *cands,
	    size_t n);

#endif
