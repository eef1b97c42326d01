/* SPDX-License-Identifier: ISC */
#ifndef TAGSCAN_H
#define TAGSCAN_H

#include <stddef.h>

struct buf;

/*
 * Read a page as strict XML, the subset Signpost's templates and Markdown
 * renderer write, and append each start tag to tags as libxml2's XML
 * parser gives it to a SAX1 start-tag handler: the line (an unsigned, as
 * bytes), the name, each attribute's name and value, each NUL-terminated,
 * and one more NUL.  1 when the whole page is in the subset (tags then
 * holds every start tag); 0 when it is not, and tags is to be ignored:
 * the caller asks libxml2.  The subset is narrower than XML (lower-case
 * ASCII names, no processing instructions, CDATA or entities beyond the
 * five of XML) so that whatever it reads, libxml2 reads the same way.
 */
int	 tagscan_read(const char *s, size_t len, struct buf *tags);

#endif
