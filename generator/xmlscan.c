/* SPDX-License-Identifier: ISC */
/*
 * The start tags of a page that is well-formed XML, read without a full
 * parser.  The page check reads every page Signpost writes, and libxml2's
 * XML parser spent about a quarter of the build doing it; the pages are
 * plain (lower-case names, quoted attributes, void elements closed, only
 * the five predefined entities), so this reader accepts exactly that
 * plain kind and declines everything else, leaving it to libxml2.  What
 * it accepts it reads as libxml2 would: the same start tags, the same
 * attribute values, the same lines (tests/unit/test_xmlscan.c compares
 * the two on real and mangled pages).
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "xmlscan.h"

/*
 * libxml2 refuses to nest deeper than 256 elements; decline well before,
 * so that the two never disagree about depth.
 */
#define MAX_DEPTH	200
/* Longer character references are declined rather than range-checked. */
#define MAX_REF		10

enum {
	T = 1,		/* ends a run of plain text */
	A = 2,		/* ends a run of a plain attribute value */
	N = 4,		/* in a name */
	S = 8,		/* starts a name */
	W = 16		/* white space: space, tab, newline (CR is declined) */
};

static const unsigned char cls[256] = {
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 00 */
	T|A, A|W, T|A|W, T|A, T|A, T|A, T|A, T|A,	/* 08 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 10 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 18 */
	W, 0, A, 0, 0, 0, T|A, A,	/* 20 */
	0, 0, 0, 0, 0, N, N, 0,	/* 28 */
	N, N, N, N, N, N, N, N,	/* 30 */
	N, N, N|S, 0, T|A, 0, 0, 0,	/* 38 */
	0, 0, 0, 0, 0, 0, 0, 0,	/* 40 */
	0, 0, 0, 0, 0, 0, 0, 0,	/* 48 */
	0, 0, 0, 0, 0, 0, 0, 0,	/* 50 */
	0, 0, 0, 0, 0, T, 0, N|S,	/* 58 */
	0, N|S, N|S, N|S, N|S, N|S, N|S, N|S,	/* 60 */
	N|S, N|S, N|S, N|S, N|S, N|S, N|S, N|S,	/* 68 */
	N|S, N|S, N|S, N|S, N|S, N|S, N|S, N|S,	/* 70 */
	N|S, N|S, N|S, 0, 0, 0, 0, 0,	/* 78 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 80 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 88 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 90 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* 98 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* a0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* a8 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* b0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* b8 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* c0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* c8 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* d0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* d8 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* e0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* e8 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* f0 */
	T|A, T|A, T|A, T|A, T|A, T|A, T|A, T|A,	/* f8 */
};

struct open {
	const unsigned char	*name;
	size_t			 len;
};

struct rd {
	const unsigned char	*p, *end;
	unsigned		 line;
	struct buf		*tags;
	struct open		 open[MAX_DEPTH];
	size_t			 depth;
};

/*
 * The end of the UTF-8 sequence starting at p (a byte of 0x80 or more)
 * when it encodes a character XML allows, else NULL.
 */
static const unsigned char *
utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n = (size_t)(end - p);

	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? p + 2 : NULL;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return NULL;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))
			return NULL;	/* overlong, or a surrogate */
		if (c == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
			return NULL;	/* U+FFFE, U+FFFF */
		return p + 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return NULL;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return NULL;
		return p + 4;
	}
	return NULL;
}

/* Append code point c as UTF-8. */
static void
put_utf8(struct buf *b, unsigned long c)
{
	char u[4];

	if (c < 0x80) {
		buf_putc(b, (int)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 4);
	}
}

/*
 * The reference at p (its '&'): the character it stands for in *c, and
 * the byte after its ';'; NULL unless it is one of the five predefined
 * entities or a character reference to a character XML allows.
 */
static const unsigned char *
ref(const unsigned char *p, const unsigned char *end, unsigned long *c)
{
	static const struct {
		const char	*name;
		size_t		 len;
		char		 c;
	} named[] = {
		{ "amp;", 4, '&' }, { "lt;", 3, '<' }, { "gt;", 3, '>' },
		{ "quot;", 5, '"' }, { "apos;", 5, '\'' }
	};
	unsigned long v = 0;
	size_t i, n;
	int hex;

	p++;
	if (p < end && *p == '#') {
		p++;
		hex = p < end && *p == 'x';
		p += hex;
		for (n = 0; p < end && *p != ';'; p++, n++) {
			if (n == MAX_REF)
				return NULL;
			if (*p >= '0' && *p <= '9')
				v = v * (hex ? 16 : 10) + (unsigned long)(*p - '0');
			else if (hex && *p >= 'a' && *p <= 'f')
				v = v * 16 + (unsigned long)(*p - 'a' + 10);
			else if (hex && *p >= 'A' && *p <= 'F')
				v = v * 16 + (unsigned long)(*p - 'A' + 10);
			else
				return NULL;
		}
		if (n == 0 || p == end)
			return NULL;
		if (!(v == 0x9 || v == 0xa || v == 0xd ||
		    (v >= 0x20 && v <= 0xd7ff) ||
		    (v >= 0xe000 && v <= 0xfffd) ||
		    (v >= 0x10000 && v <= 0x10ffff)))
			return NULL;
		*c = v;
		return p + 1;
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if ((size_t)(end - p) >= named[i].len &&
		    memcmp(p, named[i].name, named[i].len) == 0) {
			*c = (unsigned char)named[i].c;
			return p + named[i].len;
		}
	return NULL;
}

/* Character data up to the next '<' or the end; 0 to decline. */
static int
text(struct rd *r)
{
	const unsigned char *p = r->p, *end = r->end;
	unsigned long c;

	for (;;) {
		while (p < end && !(cls[*p] & T))
			p++;
		if (p == end || *p == '<')
			break;
		if (*p == '\n') {
			r->line++;
			p++;
		} else if (*p == '&') {
			if ((p = ref(p, end, &c)) == NULL)
				return 0;
		} else if (*p == ']') {
			if (end - p >= 3 && p[1] == ']' && p[2] == '>')
				return 0;
			p++;
		} else if (*p >= 0x80) {
			if ((p = utf8(p, end)) == NULL)
				return 0;
		} else
			return 0;	/* a control character, or CR */
	}
	r->p = p;
	return 1;
}

/* Skip white space; the number of bytes skipped. */
static size_t
blanks(struct rd *r)
{
	const unsigned char *p = r->p;
	size_t n;

	while (p < r->end && (cls[*p] & W)) {
		if (*p == '\n')
			r->line++;
		p++;
	}
	n = (size_t)(p - r->p);
	r->p = p;
	return n;
}

/* A name at r->p, its length in *len; NULL (and nothing read) if none. */
static const unsigned char *
name(struct rd *r, size_t *len)
{
	const unsigned char *p = r->p, *start = p;

	if (p == r->end || !(cls[*p] & S))
		return NULL;
	while (p < r->end && (cls[*p] & N))
		p++;
	*len = (size_t)(p - start);
	r->p = p;
	return start;
}

/*
 * An attribute value at r->p (its opening quote), decoded into the tags
 * as libxml2's SAX1 interface gives it, NUL-terminated; 0 to decline.
 */
static int
value(struct rd *r)
{
	struct buf *b = r->tags;
	const unsigned char *p = r->p, *end = r->end, *run;
	unsigned long c;
	unsigned char q;

	if (p == end || (*p != '"' && *p != '\''))
		return 0;
	q = *p++;
	for (;;) {
		run = p;
		while (p < end && !(cls[*p] & A))
			p++;
		buf_put(b, run, (size_t)(p - run));
		if (p == end)
			return 0;
		if (*p == q)
			break;
		if (*p == '&') {
			if ((p = ref(p, end, &c)) == NULL)
				return 0;
			if (c == '&')
				buf_put(b, "&#38;", 5);
			else
				put_utf8(b, c);
		} else if (*p == '"' || *p == '\'') {
			buf_putc(b, *p++);
		} else if (*p == '\t' || *p == '\n') {
			if (*p == '\n')
				r->line++;
			buf_putc(b, ' ');
			p++;
		} else if (*p >= 0x80) {
			run = p;
			if ((p = utf8(p, end)) == NULL)
				return 0;
			buf_put(b, run, (size_t)(p - run));
		} else
			return 0;	/* '<', a control character, CR */
	}
	buf_putc(b, '\0');
	r->p = p + 1;
	return 1;
}

/* More attributes on one tag are declined, not compared. */
#define MAX_ATTS	32

/* A start tag at r->p (just after its '<'); 0 to decline. */
static int
start_tag(struct rd *r)
{
	struct buf *b = r->tags;
	struct open att[MAX_ATTS];
	const unsigned char *n, *an;
	size_t len, alen, at, natt = 0, i;
	unsigned line;

	if ((n = name(r, &len)) == NULL)
		return 0;
	at = b->len;
	line = 0;
	buf_put(b, &line, sizeof(line));
	buf_put(b, n, len);
	buf_putc(b, '\0');
	for (;;) {
		alen = blanks(r);
		if (r->p == r->end)
			return 0;
		if (*r->p == '>' || (*r->p == '/' && r->end - r->p >= 2 &&
		    r->p[1] == '>'))
			break;
		if (alen == 0 || (an = name(r, &alen)) == NULL)
			return 0;
		/* A name given twice is not well-formed. */
		for (i = 0; i < natt; i++)
			if (att[i].len == alen &&
			    memcmp(att[i].name, an, alen) == 0)
				return 0;
		if (natt == MAX_ATTS)
			return 0;
		att[natt].name = an;
		att[natt++].len = alen;
		buf_put(b, an, alen);
		buf_putc(b, '\0');
		blanks(r);
		if (r->p == r->end || *r->p != '=')
			return 0;
		r->p++;
		blanks(r);
		if (!value(r))
			return 0;
	}
	line = r->line;
	memcpy(b->ptr + at, &line, sizeof(line));
	buf_putc(b, '\0');
	if (*r->p == '/') {
		r->p += 2;
		return 1;
	}
	r->p++;
	if (r->depth == MAX_DEPTH)
		return 0;
	r->open[r->depth].name = n;
	r->open[r->depth].len = len;
	r->depth++;
	return 1;
}

/* An end tag at r->p (just after its "</"); 0 to decline. */
static int
end_tag(struct rd *r)
{
	const unsigned char *n;
	size_t len;

	if (r->depth == 0 || (n = name(r, &len)) == NULL)
		return 0;
	r->depth--;
	if (len != r->open[r->depth].len ||
	    memcmp(n, r->open[r->depth].name, len) != 0)
		return 0;
	blanks(r);
	if (r->p == r->end || *r->p != '>')
		return 0;
	r->p++;
	return 1;
}

/* A comment at r->p (just after its "<!--"); 0 to decline. */
static int
comment(struct rd *r)
{
	const unsigned char *p = r->p, *end = r->end;

	if (p < end && *p == '-')
		return 0;
	for (;;) {
		while (p < end && *p != '-' && !(cls[*p] & T))
			p++;
		if (p == end)
			return 0;
		if (*p == '-') {
			if (end - p >= 2 && p[1] == '-') {
				if (end - p >= 3 && p[2] == '>')
					break;
				return 0;
			}
			p++;
		} else if (*p == '\n') {
			r->line++;
			p++;
		} else if (*p >= 0x80) {
			if ((p = utf8(p, end)) == NULL)
				return 0;
		} else if (*p == '<' || *p == '&' || *p == ']')
			p++;
		else
			return 0;
	}
	r->p = p + 3;
	return 1;
}

/*
 * Outside the root element: white space, comments and (before it) one
 * <!DOCTYPE html>.  Returns 1 at the root's '<' (after), 2 at the end
 * of the page, 0 to decline.
 */
static int
misc(struct rd *r, int before)
{
	static const char doctype[] = "<!DOCTYPE html>";
	size_t n;

	for (;;) {
		blanks(r);
		n = (size_t)(r->end - r->p);
		if (n == 0)
			return 2;
		if (*r->p != '<')
			return 0;
		if (n >= 4 && memcmp(r->p, "<!--", 4) == 0) {
			r->p += 4;
			if (!comment(r))
				return 0;
		} else if (before == 1 && n >= sizeof(doctype) - 1 &&
		    memcmp(r->p, doctype, sizeof(doctype) - 1) == 0) {
			r->p += sizeof(doctype) - 1;
			before = 2;
		} else if (before && n >= 2 && (cls[r->p[1]] & S)) {
			r->p++;
			return 1;
		} else
			return 0;
	}
}

int
xmlscan_tags(const char *s, size_t len, struct buf *tags)
{
	struct rd r;

	r.p = (const unsigned char *)s;
	r.end = r.p + len;
	r.line = 1;
	r.tags = tags;
	r.depth = 0;
	if (misc(&r, 1) != 1 || !start_tag(&r))
		return 0;
	while (r.depth > 0) {
		if (!text(&r) || r.p == r.end)
			return 0;
		r.p++;	/* the '<' */
		if (r.p == r.end)
			return 0;
		if (*r.p == '/') {
			r.p++;
			if (!end_tag(&r))
				return 0;
		} else if (r.end - r.p >= 3 && memcmp(r.p, "!--", 3) == 0) {
			r.p += 3;
			if (!comment(&r))
				return 0;
		} else if (!start_tag(&r))
			return 0;
	}
	return misc(&r, 0) == 2;
}
