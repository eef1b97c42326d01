/* SPDX-License-Identifier: ISC */
/*
 * The start tags of a page Signpost wrote, read without libxml2 when the
 * page keeps to a strict subset of XML.  The page check needs only the
 * start tags (and the certainty that the page is well-formed); libxml2's
 * XML parser, fast as it is, was more than half of the check's time (at
 * 10,000 articles and 5,000 listings, 0.25 CPU s; this reader takes 0.07).
 * The subset is chosen so that a page it reads, libxml2 reads the same
 * way: anything else (upper-case or non-ASCII names, processing
 * instructions, CDATA, named entities beyond XML's five, a carriage
 * return, an attribute named xml...) makes it say 0 and the caller asks
 * libxml2, as it always did.  The tests compare the two on crafted and
 * mutated pages (unit) and on every page of every site they build
 * (SIGNPOST_TAGSCAN_CHECK, htmlcheck.c).
 */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && !defined(TAGSCAN_SCALAR)
#define TAGSCAN_SSE2
#include <emmintrin.h>
#endif

#include "buf.h"
#include "normalize.h"
#include "tagscan.h"

#define MAX_DEPTH	200		/* libxml2 stops at 256 */
#define MAX_ATTS	64
#define MAX_PAGE	(4u << 20)	/* past it, libxml2's own limits */

/*
 * Bytes of text: '_' stands for itself, 'N' a newline, 'L' '<', 'A' '&',
 * 'R' ']' (no "]]>" in text), 'H' the start of a UTF-8 sequence or a
 * stray byte, 'X' a control character XML forbids (and the carriage
 * return, which libxml2 would fold).
 */
static const char text_cls[257] =
	"XXXXXXXXX_NXXXXXXXXXXXXXXXXXXXXX"
	"______A_____________________L___"
	"_____________________________R__"
	"________________________________"
	"HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH"
	"HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH"
	"HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH"
	"HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH";

struct scan {
	const char	*p, *end;
	const char	*counted;	/* lines are counted up to here */
	unsigned	 line;		/* the line of counted */
	struct buf	*tags;
};

/*
 * The first byte from p on that text does not take as it stands: '<',
 * '&', ']', stop, a control character or a byte past ASCII; tab and
 * newline too when ws.  end if there is none.  Sixteen bytes a step where
 * SSE2 is (every x86-64): most of a page is plain ASCII between tags.
 */
static const char *
plain_end(const char *p, const char *end, char stop, int ws)
{
#ifdef TAGSCAN_SSE2
	const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'),
	    rsqb = _mm_set1_epi8(']'), q = _mm_set1_epi8(stop),
	    space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'),
	    nl = _mm_set1_epi8('\n');
	__m128i v, odd, low;
	unsigned m;

	for (; end - p >= 16; p += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt),
		    _mm_cmpeq_epi8(v, amp)), _mm_or_si128(_mm_cmpeq_epi8(v,
		    rsqb), _mm_cmpeq_epi8(v, q)));
		/* Signed: bytes past ASCII are below the space too. */
		low = _mm_cmplt_epi8(v, space);
		if (!ws)
			low = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v,
			    tab), _mm_cmpeq_epi8(v, nl)), low);
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(odd, low));
		if (m != 0)
			return p + __builtin_ctz(m);
	}
#endif
	for (; p < end; p++) {
		char k = text_cls[(unsigned char)*p];

		if (*p == stop || (ws && *p == '\t') ||
		    (k != '_' && (k != 'N' || ws)))
			break;
	}
	return p;
}

/* The newlines in [p, end). */
static unsigned
newlines(const char *p, const char *end)
{
	unsigned n = 0;

#ifdef TAGSCAN_SSE2
	const __m128i nl = _mm_set1_epi8('\n');
	unsigned m;

	/* A line is longer than 16 bytes: a loop, not popcount's libgcc call. */
	for (; end - p >= 16; p += 16)
		for (m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)p), nl)); m;
		    m &= m - 1)
			n++;
#endif
	for (; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p++)
		n++;
	return n;
}

/* The line s->p is on (libxml2's count: 1 + the newlines before it). */
static unsigned
line_now(struct scan *s)
{
	s->line += newlines(s->counted, s->p);
	s->counted = s->p;
	return s->line;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Bytes of names: 's' may start one, 'c' may follow. */
static const char name_cls[129] =
	"                                "
	"             cc ccccccccccs     "
	"                               s"
	" ssssssssssssssssssssssssss     ";

static int
name_start(char c)
{
	return (unsigned char)c < 128 && name_cls[(unsigned char)c] == 's';
}

static int
name_char(char c)
{
	return (unsigned char)c < 128 && name_cls[(unsigned char)c] != ' ';
}

/* Skip white space; the number of bytes skipped. */
static size_t
skip_space(struct scan *s)
{
	const char *from = s->p;

	while (s->p < s->end && is_space(*s->p))
		s->p++;
	return (size_t)(s->p - from);
}

/* A name at s->p: its length, or 0 when there is none in the subset. */
static size_t
name(struct scan *s)
{
	const char *q = s->p;

	if (q >= s->end || !name_start(*q))
		return 0;
	for (q++; q < s->end && name_char(*q); q++)
		continue;
	if (q - s->p > 1000)
		return 0;
	return (size_t)(q - s->p);
}

/*
 * The length of the UTF-8 sequence at p for a character XML allows, or 0:
 * no overlong forms, surrogates, U+FFFE, U+FFFF or code points past
 * U+10FFFF (libxml2 rejects each of them).
 */
static size_t
utf8_char(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;

	if (p[0] < 0xc2)
		return 0;
	if (p[0] < 0xe0)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] < 0xf0) {
		if (end - p < 3 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) <<
		    6 | (p[2] & 0x3f);
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp >= 0xfffe)
			return 0;
		return 3;
	}
	if (p[0] < 0xf5) {
		if (end - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) <<
		    12 | (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		if (cp < 0x10000 || cp > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

static int
xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/*
 * A reference at s->p ('&'): one of XML's five entities or a character
 * reference.  Its character in *c; *amp when it is the ampersand, which
 * libxml2 hands on in an attribute as "&#38;".  The bytes read, or 0.
 */
static size_t
reference(const struct scan *s, uint32_t *c, int *amp)
{
	static const struct {
		const char	*name;
		size_t		 len;
		char		 c;
	} named[] = {
		{ "&amp;", 5, '&' }, { "&lt;", 4, '<' }, { "&gt;", 4, '>' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' }
	};
	const char *q = s->p + 2;
	size_t i, left = (size_t)(s->end - s->p), digits;
	uint32_t v = 0;
	int hex;

	*amp = 0;
	if (left > 1 && s->p[1] != '#') {
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (left >= named[i].len &&
			    memcmp(s->p, named[i].name, named[i].len) == 0) {
				*c = (unsigned char)named[i].c;
				*amp = named[i].c == '&';
				return named[i].len;
			}
		return 0;
	}
	if (left < 4)
		return 0;
	hex = *q == 'x';
	q += hex;
	for (digits = 0; q < s->end && digits < 8; q++, digits++) {
		if (*q >= '0' && *q <= '9')
			v = v * (hex ? 16 : 10) + (uint32_t)(*q - '0');
		else if (hex && *q >= 'a' && *q <= 'f')
			v = v * 16 + (uint32_t)(*q - 'a' + 10);
		else if (hex && *q >= 'A' && *q <= 'F')
			v = v * 16 + (uint32_t)(*q - 'A' + 10);
		else
			break;
	}
	if (digits == 0 || digits >= 8 || q >= s->end || *q != ';' ||
	    !xml_char(v))
		return 0;
	*c = v;
	*amp = v == '&';
	return (size_t)(q + 1 - s->p);
}

/*
 * Text up to the next '<' or the end: characters XML allows, references,
 * no "]]>".  -1 when it leaves the subset.
 */
static int
text(struct scan *s)
{
	const char *p = s->p, *end = s->end;
	uint32_t c;
	size_t n;
	int amp;

	while ((p = plain_end(p, end, '<', 0)) < end) {
		switch (text_cls[(unsigned char)*p]) {
		case 'L':
			s->p = p;
			return 0;
		case 'A':
			s->p = p;
			if ((n = reference(s, &c, &amp)) == 0)
				return -1;
			p += n;
			break;
		case 'R':
			if (end - p >= 3 && p[1] == ']' && p[2] == '>')
				return -1;
			p++;
			break;
		case 'H':
			if ((n = utf8_char((const unsigned char *)p,
			    (const unsigned char *)end)) == 0)
				return -1;
			p += n;
			break;
		default:
			return -1;
		}
	}
	s->p = p;
	return 0;
}

/* A comment at s->p ("<!--"): no "--" inside, characters XML allows. */
static int
comment(struct scan *s)
{
	const char *p = s->p + 4, *end = s->end;
	size_t n;

	while ((p = plain_end(p, end, '-', 0)) < end) {
		if (*p == '-') {
			if (end - p >= 2 && p[1] == '-') {
				if (end - p >= 3 && p[2] == '>') {
					s->p = p + 3;
					return 0;
				}
				return -1;
			}
			p++;
		} else if (text_cls[(unsigned char)*p] == 'H') {
			if ((n = utf8_char((const unsigned char *)p,
			    (const unsigned char *)end)) == 0)
				return -1;
			p += n;
		} else if (text_cls[(unsigned char)*p] == 'X')
			return -1;
		else
			p++;		/* < & ] stand for themselves here */
	}
	return -1;
}

/*
 * An attribute's value at s->p (the quote), appended to the tags as
 * libxml2 gives it: tab and newline as spaces, references replaced (but
 * the ampersand as "&#38;"), then a NUL.
 */
static int
value(struct scan *s)
{
	char quote = *s->p;
	const char *p = s->p + 1, *end = s->end, *run = p;
	uint32_t c;
	size_t n;
	int amp;

	while ((p = plain_end(p, end, quote, 1)) < end && *p != quote) {
		switch (text_cls[(unsigned char)*p]) {
		case 'R':
			p++;
			break;
		case '_':	/* a tab */
		case 'N':
			buf_put(s->tags, run, (size_t)(p - run));
			buf_putc(s->tags, ' ');
			run = ++p;
			break;
		case 'A':
			buf_put(s->tags, run, (size_t)(p - run));
			s->p = p;
			if ((n = reference(s, &c, &amp)) == 0)
				return -1;
			if (amp)
				buf_put(s->tags, "&#38;", 5);
			else
				norm_utf8_put(s->tags, c);
			run = p += n;
			break;
		case 'H':
			if ((n = utf8_char((const unsigned char *)p,
			    (const unsigned char *)end)) == 0)
				return -1;
			p += n;
			break;
		default:	/* '<' or a control character */
			return -1;
		}
	}
	if (p >= end)
		return -1;
	buf_put(s->tags, run, (size_t)(p - run));
	buf_putc(s->tags, '\0');
	s->p = p + 1;
	return 0;
}

/*
 * A start tag at s->p ('<' then a name), kept in the tags.  1 when it
 * ends in "/>" (no content), 0 after ">", -1 outside the subset.  Its
 * name in *nm, *nlen.
 */
static int
start_tag(struct scan *s, const char **nm, size_t *nlen)
{
	size_t at = s->tags->len, names[MAX_ATTS], natts = 0, n, i, sp;
	unsigned line = 0;

	s->p++;
	if ((n = name(s)) == 0)
		return -1;
	*nm = s->p;
	*nlen = n;
	buf_put(s->tags, &line, sizeof(line));
	buf_put(s->tags, s->p, n);
	buf_putc(s->tags, '\0');
	s->p += n;
	for (;;) {
		sp = skip_space(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == '>' || (*s->p == '/' && s->p + 1 < s->end &&
		    s->p[1] == '>'))
			break;
		/* Attributes are apart; xml... names have rules of their own. */
		if (sp == 0 || (n = name(s)) == 0 || natts == MAX_ATTS ||
		    (n >= 3 && memcmp(s->p, "xml", 3) == 0))
			return -1;
		for (i = 0; i < natts; i++)
			if (strlen(s->tags->ptr + names[i]) == n &&
			    memcmp(s->tags->ptr + names[i], s->p, n) == 0)
				return -1;
		names[natts++] = s->tags->len;
		buf_put(s->tags, s->p, n);
		buf_putc(s->tags, '\0');
		s->p += n;
		skip_space(s);
		if (s->p >= s->end || *s->p != '=')
			return -1;
		s->p++;
		skip_space(s);
		if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
			return -1;
		if (value(s) == -1)
			return -1;
	}
	/* libxml2 calls the handler here, before the ">" or "/>". */
	line = line_now(s);
	memcpy(s->tags->ptr + at, &line, sizeof(line));
	buf_putc(s->tags, '\0');
	if (*s->p == '>') {
		s->p++;
		return 0;
	}
	s->p += 2;
	return 1;
}

int
tagscan_read(const char *page, size_t len, struct buf *tags)
{
	struct scan s;
	const char *open[MAX_DEPTH], *nm;
	size_t olen[MAX_DEPTH], depth = 0, n;
	int root = 0, doctype = 0, rc;

	if (len == 0 || len > MAX_PAGE)
		return 0;
	s.p = page;
	s.end = page + len;
	s.line = 1;
	s.counted = page;
	s.tags = tags;
	buf_reset(tags);
	while (s.p < s.end) {
		/* Outside the root element, white space only. */
		if (depth == 0)
			skip_space(&s);
		else if (text(&s) == -1)
			return 0;
		if (s.p < s.end && *s.p != '<')
			return 0;
		if (s.p >= s.end)
			break;
		/* s.p is at '<' */
		if (s.end - s.p >= 4 && memcmp(s.p, "<!--", 4) == 0) {
			if (comment(&s) == -1)
				return 0;
		} else if (!root && !doctype && s.end - s.p >= 15 &&
		    memcmp(s.p, "<!DOCTYPE html>", 15) == 0) {
			doctype = 1;
			s.p += 15;
		} else if (s.end - s.p >= 2 && s.p[1] == '/') {
			if (depth == 0)
				return 0;
			s.p += 2;
			n = name(&s);
			if (n != olen[depth - 1] ||
			    memcmp(s.p, open[depth - 1], n) != 0)
				return 0;
			s.p += n;
			skip_space(&s);
			if (s.p >= s.end || *s.p != '>')
				return 0;
			s.p++;
			depth--;
		} else {
			if (depth == 0 && root)
				return 0;	/* a second root */
			if ((rc = start_tag(&s, &nm, &n)) == -1)
				return 0;
			root = 1;
			if (rc == 0) {
				if (depth == MAX_DEPTH)
					return 0;
				open[depth] = nm;
				olen[depth++] = n;
			}
		}
	}
	return root && depth == 0;
}
