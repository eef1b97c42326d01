/* SPDX-License-Identifier: ISC */
/* YAML (libyaml events) into the value tree, with positions for every node. */
#ifndef YAMLLOAD_H
#define YAMLLOAD_H

#include <stddef.h>

struct value;

struct yamlload_opts {
	unsigned	line_offset;	/* added to every line (front matter) */
	unsigned	max_depth;	/* nesting bound; 0 means 64 */
	size_t		max_size;	/* bytes; 0 means 4 MiB */
	/*
	 * Type plain scalars by the YAML 1.2 core schema: integers and
	 * floats are rewritten in canonical form ("1.210" becomes "1.21").
	 * Only the Mustache spec runner asks for this; site data keeps
	 * scalars as written.
	 */
	int		core_schema;
};

/*
 * Parse one YAML document.  file must be a name interned by diag_file; it
 * goes into every node's loc.  Errors are reported through diag, with
 * positions; the result is NULL then.  An empty document gives a null
 * value.  Anchors, aliases, duplicate keys and non-scalar keys are
 * errors.  opts may be NULL.  The caller owns the result.
 */
struct value	*yamlload_parse(const char *file, const char *text, size_t len,
		    const struct yamlload_opts *opts);

/*
 * Read path and parse it; name is how diagnostics call the file.  The
 * file's text stays registered with diag for quoting while *textp is
 * alive: when textp is not NULL the caller receives the bytes (free them
 * after diag_file_text(name, NULL, 0)), otherwise they are freed here.
 * name is the result's loc.file.  When parsing fails (NULL) the text is
 * no longer registered and the caller only frees *textp.
 */
struct value	*yamlload_file(const char *path, const char *name,
		    const struct yamlload_opts *opts, char **textp);

#endif
