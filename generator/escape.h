/* SPDX-License-Identifier: ISC */
/* Escaping of text into a buffer: HTML, URLs, JSON. The only place that escapes. */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>

struct buf;

/* HTML text and attribute values: & < > " ' become entities. */
void	esc_html(struct buf *, const char *, size_t);
/*
 * A URL for an href or src attribute: bytes that may not appear in a URL
 * (space, controls, non-ASCII, quotes, <, >) are percent-encoded, and the
 * result is HTML-escaped.  Existing %XX escapes are kept.
 */
void	esc_url(struct buf *, const char *, size_t);
/* The value of a hexadecimal digit, or -1. */
int	esc_hexval(int c);
/*
 * Decode %XX escapes of a URL path into a new string (the caller frees
 * it); a '%' not followed by two hex digits stays as it is.
 */
char	*esc_url_decode(const char *, size_t);
/* A JSON string body without the quotes; "</" is written "<\/" for <script>. */
void	esc_json(struct buf *, const char *, size_t);
/* A JSON string with its quotes. */
void	esc_json_str(struct buf *, const char *, size_t);
/* A vCard text value (RFC 6350 3.4): \\ , ; and newlines escaped. */
void	esc_vcard(struct buf *, const char *, size_t);
/* A CSV field (RFC 4180): quoted when it holds , " or a line break. */
void	esc_csv(struct buf *, const char *, size_t);

#endif
