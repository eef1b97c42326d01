/* SPDX-License-Identifier: ISC */
/* Split a Markdown file into its YAML front matter and its body. */
#ifndef FRONTMATTER_H
#define FRONTMATTER_H

#include <stddef.h>

/*
 * Pointers into the caller's text.  Lines count from 1: yaml_line is the
 * line after the opening "---", body_line the first line of the body.
 */
struct fm {
	const char	*yaml;
	size_t		 yaml_len;
	unsigned	 yaml_line;
	const char	*body;
	size_t		 body_len;
	unsigned	 body_line;
};

/*
 * Front matter starts with "---" alone on the first line (a UTF-8 byte
 * order mark before it is skipped) and ends with "---" or "..." alone on
 * a line.  Returns 1 when found, 0 when the file has none (the whole text
 * is body), -1 when it is opened but never closed.
 */
int	fm_split(const char *text, size_t len, struct fm *);

#endif
