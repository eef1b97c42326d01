/* SPDX-License-Identifier: ISC */
/* Internal to yamlload.c: the common subset of YAML read without libyaml. */
#ifndef YAMLFAST_H
#define YAMLFAST_H

#include <stddef.h>

struct value;

/*
 * The value tree of text when it keeps to the subset that listings,
 * front matter and site files are written in: a block mapping at the
 * top with plain keys; plain, quoted (without escapes) and literal (|, |-)
 * scalars; block sequences; flow sequences and mappings on one line;
 * whole-line comments.  The tree and every loc are the ones libyaml's
 * events give through yamlload_parse.  Returns NULL, having reported
 * nothing, for anything else (including every error, and nesting at
 * max_depth): the caller then reads text with libyaml.
 */
struct value	*yamlfast_parse(const char *file, const char *text, size_t len,
		    unsigned line_offset, unsigned max_depth);

#endif
