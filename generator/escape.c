/* SPDX-License-Identifier: ISC */
/* Escaping of text for HTML, URLs and JSON. */
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "bytes.h"
#include "escape.h"
#include "xalloc.h"

/* Which bytes esc_html replaces, by index into html_rep. */
static const unsigned char html_special[256] = {
	['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5
};
static const char *const html_rep[] = {
	"", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"
};
static const unsigned char html_replen[] = { 0, 5, 4, 4, 6, 5 };

#define HAS_ZERO(v)	(((v) - BYTES_ONES) & ~(v) & (BYTES_ONES * 0x80))

/*
 * Whether any of eight bytes may need esc_html: & ' " < > and, as the
 * test is a quick one, also # = ? (the byte loop then looks closer).
 */
static int
html_maybe(const unsigned char *p)
{
	uint64_t x, a, c;

	memcpy(&x, p, sizeof(x));
	a = x | BYTES_ONES;			/* & ' to 0x27, " # to 0x23 */
	c = x | (BYTES_ONES * 3);		/* < = > ? to 0x3f */
	return (HAS_ZERO(a ^ (BYTES_ONES * 0x27)) |
	    HAS_ZERO(a ^ (BYTES_ONES * 0x23)) |
	    HAS_ZERO(c ^ (BYTES_ONES * 0x3f))) != 0;
}

#ifdef __SSE2__
/* Where in p[0..16) the first byte esc_html replaces is, or 16. */
static unsigned
html_find16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m;
	unsigned bits;

	m = _mm_or_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('&')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('<'))), _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('>')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\''))));
	bits = (unsigned)_mm_movemask_epi8(m);
	return bits != 0 ? (unsigned)__builtin_ctz(bits) : 16;
}
#endif

/* The first byte at or after i that esc_html replaces, or n. */
static size_t
html_next(const unsigned char *p, size_t i, size_t n)
{
	size_t end;
#ifdef __SSE2__
	unsigned k;

	/* Sixteen bytes a compare, exactly: no byte loop after a find. */
	for (; n - i >= 16; i += 16)
		if ((k = html_find16(p + i)) < 16)
			return i + k;
#endif
	for (;;) {
		while (n - i >= 8 && !html_maybe(p + i))
			i += 8;
		end = n - i >= 8 ? i + 8 : n;
		while (i < end && html_special[p[i]] == 0)
			i++;
		if (i < end || i == n)
			return i;
	}
}

/* Runs of plain bytes are copied whole; most text has few specials. */
void
esc_html(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start;
	unsigned k;

	if (n == 0)
		return;
	buf_grow(b, n);
	while (i < n) {
		start = i;
		i = html_next(p, i, n);
		buf_put(b, s + start, i - start);
		if (i == n)
			break;
		k = html_special[p[i++]];
		buf_put(b, html_rep[k], html_replen[k]);
	}
}

int
esc_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
esc_url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	const char *pct = memchr(s, '%', n);
	size_t i;
	int hi, lo;

	/* Most links have no escape at all: copy up to the first one. */
	i = pct != NULL ? (size_t)(pct - s) : n;
	memcpy(o, s, i);
	o += i;
	for (; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = esc_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = esc_hexval((unsigned char)s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* Printable ASCII that esc_url does not copy as it is. */
static const unsigned char url_odd[128] = {
	['&'] = 1, ['%'] = 1, ['"'] = 1, ['\''] = 1, ['<'] = 1, ['>'] = 1,
	['\\'] = 1, ['^'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1
};

#define URL_PLAIN(c)	((c) > 0x20 && (c) < 0x7f && !url_odd[(c)])

void
esc_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start;
	unsigned char c;
	char enc[3] = { '%', 0, 0 };

	if (n == 0)
		return;
	buf_grow(b, n);
	while (i < n) {
		start = i;
		while (i < n && URL_PLAIN(p[i]))
			i++;
		buf_put(b, s + start, i - start);
		if (i == n)
			break;
		c = p[i];
		if (c == '&')
			buf_put(b, "&amp;", 5);
		else if (c == '%' && i + 2 < n && esc_hexval(s[i + 1]) >= 0 &&
		    esc_hexval(s[i + 2]) >= 0)
			buf_putc(b, '%');
		else {
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			buf_put(b, enc, 3);
		}
		i++;
	}
}

/* Bytes esc_json looks at: controls, quote, backslash, and '/' (for "</"). */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1, ['/'] = 1
};

/* Runs of plain bytes are copied whole, as in esc_html. */
void
esc_json(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start;
	unsigned char c;
	char u[6] = { '\\', 'u', '0', '0', 0, 0 };

	if (n == 0)
		return;
	buf_grow(b, n);
	while (i < n) {
		start = i;
		while (i < n && json_special[p[i]] == 0)
			i++;
		buf_put(b, s + start, i - start);
		if (i == n)
			break;
		switch (c = p[i++]) {
		case '"': buf_put(b, "\\\"", 2); break;
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		case '/':
			if (i >= 2 && p[i - 2] == '<')
				buf_put(b, "\\/", 2);
			else
				buf_putc(b, '/');
			break;
		default:
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_put(b, u, sizeof(u));
		}
	}
}

void
esc_json_str(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	esc_json(b, s, n);
	buf_putc(b, '"');
}

/* RFC 6350 3.4: backslash, comma, semicolon and newlines in a text value. */
void
esc_vcard(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, start;

	while (i < n) {
		start = i;
		while (i < n && s[i] != '\\' && s[i] != ',' && s[i] != ';' &&
		    s[i] != '\r' && s[i] != '\n')
			i++;
		buf_put(b, s + start, i - start);
		if (i == n)
			break;
		switch (s[i]) {
		case '\\': buf_put(b, "\\\\", 2); break;
		case ',': buf_put(b, "\\,", 2); break;
		case ';': buf_put(b, "\\;", 2); break;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			buf_put(b, "\\n", 2);
			break;
		default: buf_put(b, "\\n", 2); break;
		}
		i++;
	}
}

/* RFC 4180: quote a field holding a comma, quote or line break. */
void
esc_csv(struct buf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	if (strcspn(s, ",\"\r\n") >= n && memchr(s, '\0', n) == NULL) {
		buf_put(b, s, n);
		return;
	}
	buf_putc(b, '"');
	/* Each quote is doubled: copy up to and with it, then once more. */
	while ((q = memchr(p, '"', (size_t)(end - p))) != NULL) {
		buf_put(b, p, (size_t)(q - p) + 1);
		buf_putc(b, '"');
		p = q + 1;
	}
	buf_put(b, p, (size_t)(end - p));
	buf_putc(b, '"');
}
