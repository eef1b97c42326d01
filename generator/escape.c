/* SPDX-License-Identifier: ISC */
/* Escaping of text for HTML, URLs and JSON. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "escape.h"
#include "xalloc.h"

/*
 * The length of the run of s (n bytes) free of & < > " ': most text is,
 * so look at 16 bytes a step where SSE2 is there (every x86-64).
 */
static size_t
html_plain(const char *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'),
	    gt = _mm_set1_epi8('>'), dq = _mm_set1_epi8('"'),
	    sq = _mm_set1_epi8('\'');
	__m128i x, m;
	int bits;

	for (; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp),
		    _mm_cmpeq_epi8(x, lt)), _mm_or_si128(_mm_cmpeq_epi8(x, gt),
		    _mm_or_si128(_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, sq))));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	for (; i < n; i++)
		switch (s[i]) {
		case '&': case '<': case '>': case '"': case '\'':
			return i;
		default:
			break;
		}
	return n;
}

void
esc_html(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, run;
	const char *rep;

	while (i < n) {
		run = html_plain(s + i, n - i);
		buf_put(b, s + i, run);
		if ((i += run) == n)
			break;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: rep = "&#39;"; break;
		}
		buf_puts(b, rep);
		i++;
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
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
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

void
esc_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '%' && i + 2 < n && esc_hexval(s[i + 1]) >= 0 &&
		    esc_hexval(s[i + 2]) >= 0)
			buf_putc(b, '%');
		else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' ||
		    c == '<' || c == '>' || c == '\\' || c == '^' ||
		    c == '`' || c == '{' || c == '|' || c == '}' || c == '%') {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		} else
			buf_putc(b, c);
	}
}

void
esc_json(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '/':
			if (i > 0 && s[i - 1] == '<')
				buf_puts(b, "\\/");
			else
				buf_putc(b, '/');
			break;
		default:
			if (c < 0x20) {
				buf_puts(b, "\\u00");
				buf_putc(b, hex[c >> 4]);
				buf_putc(b, hex[c & 15]);
			} else
				buf_putc(b, c);
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
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': buf_puts(b, "\\\\"); break;
		case ',': buf_puts(b, "\\,"); break;
		case ';': buf_puts(b, "\\;"); break;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			buf_puts(b, "\\n");
			break;
		case '\n': buf_puts(b, "\\n"); break;
		default: buf_putc(b, s[i]); break;
		}
	}
}

/* RFC 4180: quote a field holding a comma, quote or line break. */
void
esc_csv(struct buf *b, const char *s, size_t n)
{
	size_t i;

	if (strcspn(s, ",\"\r\n") >= n && memchr(s, '\0', n) == NULL) {
		buf_put(b, s, n);
		return;
	}
	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}
