/* SPDX-License-Identifier: ISC */
/*
 * A strict reader for the pages Signpost writes: HTML that is also
 * well-formed XML, read for its start tags only.
 */
#ifndef XMLSCAN_H
#define XMLSCAN_H

#include <stddef.h>

struct buf;

/*
 * Read the page s[0..len) and append each start tag to tags, in order:
 * the line of its closing '>' (an unsigned, in host byte order), the
 * name, then each attribute's name and value, every string
 * NUL-terminated, and a final empty string.  Attribute values are as
 * libxml2's XML parser hands them to a SAX1 start-tag handler: references
 * decoded, except that '&' stays the reference "&#38;", and tab and
 * newline read as a space.
 *
 * Returns 1 when the page is well-formed XML of the plain kind Signpost
 * writes (an optional <!DOCTYPE html>, comments, elements and attributes
 * with lower-case names, the five predefined entities and character
 * references, UTF-8 text).  Returns 0, with tags in an unspecified state,
 * for anything else, whether or not it is well-formed: the caller then
 * reads the page with a full parser.  It never returns 1 for a page
 * libxml2 would find not well-formed.
 */
int	xmlscan_tags(const char *s, size_t len, struct buf *tags);

#endif
