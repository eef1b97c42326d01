/* SPDX-License-Identifier: ISC */
/*
 * The start tags of a page in one pass, for the page check: libxml2's
 * HTML parser spends about a million instructions on a page to report
 * the same thing.  Only what the scanner copies exactly is scanned (see
 * htmlscan.h); anything else makes it give up so that libxml2 reads it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "htmlscan.h"
#include "xalloc.h"

#define HS_NAMEMAX	100	/* libxml2 cuts longer names */
#define HS_NONE		SIZE_MAX

struct tag {
	struct buf	 s;	/* names and values, each NUL-terminated */
	size_t		*off;	/* name, value pairs; HS_NONE: no value */
	size_t		 n, cap;
	const char	**atts;
	size_t		 acap;
};

static int
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* A name character of libxml2's htmlParseHTMLName. */
static int
is_namec(int c)
{
	return is_letter(c) || is_digit(c) || c == ':' || c == '-' ||
	    c == '_' || c == '.';
}

/*
 * Valid UTF-8 with no control characters but tab and newline; *first is
 * the offset of the first byte above ASCII (len if none).
 */
static int
text_ok(const unsigned char *s, size_t len, size_t *first)
{
	size_t i = 0;
	uint64_t w, m;
	uint32_t c;
	int n, k;

	*first = len;
	while (i < len) {
		/*
		 * Eight printable ASCII bytes at a time.  The lowest byte
		 * flagged is a true one (carries and borrows only move up),
		 * so on little-endian machines skip to it.
		 */
		while (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			m = (w | (w - 0x2020202020202020ULL) |
			    (w + 0x0101010101010101ULL)) &
			    0x8080808080808080ULL;
			if (m != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += (size_t)__builtin_ctzll(m) >> 3;
#endif
				break;
			}
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c == '\t' || c == '\n') {
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xf4)
			return 0;	/* control, DEL, stray or overlong */
		if (*first == len)
			*first = i;
		n = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
		if (i + (size_t)n >= len)
			return 0;
		c &= n == 1 ? 0x1f : n == 2 ? 0x0f : 0x07;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff)
			return 0;
		i += (size_t)n + 1;
	}
	return 1;
}

static void
put_utf8(struct buf *b, uint32_t c)
{
	char u[4];

	if (c < 0x80) {
		buf_putc(b, (char)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 4);
	}
}

/* A character libxml2 takes from a reference (its IS_CHAR). */
static int
is_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 &&
	    c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 &&
	    c <= 0x10ffff);
}

/*
 * The reference at s[*i] ('&') into b, as htmlParseHTMLAttribute reads
 * it; -1 for one it might read otherwise (a named entity not below).
 */
static int
reference(const char *s, size_t len, size_t *i, struct buf *b)
{
	static const struct {
		const char *name, *text;
	} ents[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" },
		{ "quot", "\"" }, { "nbsp", "\xc2\xa0" }
	};
	size_t j = *i + 1, start, k, digits = 0;
	uint32_t c = 0;
	int hex;

	if (j < len && s[j] == '#') {
		hex = j + 1 < len && (s[j + 1] == 'x' || s[j + 1] == 'X');
		j += hex ? 2 : 1;
		for (; j < len && s[j] != ';'; j++, digits++) {
			int d = s[j];

			if (digits >= 7)
				return -1;
			if (is_digit(d))
				c = c * (hex ? 16 : 10) + (uint32_t)(d - '0');
			else if (hex && ((d | 0x20) >= 'a' && (d | 0x20) <= 'f'))
				c = c * 16 + (uint32_t)((d | 0x20) - 'a' + 10);
			else
				return -1;
		}
		if (j >= len || digits == 0 || !is_char(c))
			return -1;
		put_utf8(b, c);
		*i = j + 1;
		return 0;
	}
	start = j;
	if (j < len && (is_letter(s[j]) || s[j] == '_' || s[j] == ':'))
		for (j++; j < len && (is_namec(s[j])); j++)
			;
	if (j < len && (unsigned char)s[j] >= 0x80)
		return -1;
	if (j == start) {		/* not a reference: a plain '&' */
		buf_putc(b, '&');
		*i = start;
		return 0;
	}
	if (j >= len || s[j] != ';') {	/* no ';': taken as written */
		buf_put(b, s + *i, j - *i);
		*i = j;
		return 0;
	}
	for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
		if (strlen(ents[k].name) == j - start &&
		    memcmp(ents[k].name, s + start, j - start) == 0) {
			buf_puts(b, ents[k].text);
			*i = j + 1;
			return 0;
		}
	return -1;
}

static void
tag_push(struct tag *t, size_t off)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->off = xreallocarray(t->off, t->cap, sizeof(*t->off));
	}
	t->off[t->n++] = off;
}

/* A name of letters and name characters at s[*i], lower-cased into b. */
static int
name(const char *s, size_t len, size_t *i, struct buf *b)
{
	size_t j = *i, at, k;

	if (j >= len || !(is_letter(s[j]) || s[j] == '_' || s[j] == ':' ||
	    s[j] == '.'))
		return -1;
	while (j < len && is_namec(s[j]))
		j++;
	if (j - *i >= HS_NAMEMAX)
		return -1;
	at = b->len;
	buf_put(b, s + *i, j - *i);
	for (k = at; k < b->len; k++)
		if (b->ptr[k] >= 'A' && b->ptr[k] <= 'Z')
			b->ptr[k] |= 0x20;
	buf_putc(b, '\0');
	*i = j;
	return 0;
}

static void
skip_blanks(const char *s, size_t len, size_t *i, unsigned *line)
{
	for (; *i < len && is_blank(s[*i]); (*i)++)
		if (s[*i] == '\n')
			(*line)++;
}

static void
count_lines(const char *s, size_t from, size_t to, unsigned *line)
{
	const char *p = s + from, *end = s + to;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p++;
	}
}

/* An end tag "</name>" at s[*i]; want, when not NULL, the name it must have. */
static int
end_tag(const char *s, size_t len, size_t *i, unsigned *line,
    const char *want)
{
	size_t j = *i + 2, start = j;

	if (!(j < len && is_letter(s[j])))
		return -1;
	while (j < len && is_namec(s[j]))
		j++;
	if (j - start >= HS_NAMEMAX || (want != NULL && (strlen(want) !=
	    j - start || strncasecmp(s + start, want, j - start) != 0)))
		return -1;
	skip_blanks(s, len, &j, line);
	if (j >= len || s[j] != '>')
		return -1;
	*i = j + 1;
	return 0;
}

/* The attribute value of this name, or NULL (also when it has none). */
static const char *
att(const struct tag *t, const char *n)
{
	size_t k;

	for (k = 1; k < t->n; k += 2)
		if (strcmp(t->s.ptr + t->off[k], n) == 0)
			return t->off[k + 1] == HS_NONE ? "" :
			    t->s.ptr + t->off[k + 1];
	return NULL;
}

/*
 * A start tag at s[*i] into t: off[0] is its name, then name, value
 * pairs; *self when it ends in "/>".  The line is the line of its end.
 */
static int
start_tag(const char *s, size_t len, size_t *i, unsigned *line,
    struct tag *t, int *self, int utf8)
{
	size_t j = *i + 1, an, k;
	char q;

	buf_reset(&t->s);
	t->n = 0;
	tag_push(t, 0);
	if (name(s, len, &j, &t->s) == -1)
		return -1;
	for (;;) {
		skip_blanks(s, len, &j, line);
		if (j >= len)
			return -1;
		if (s[j] == '>') {
			*self = 0;
			break;
		}
		if (s[j] == '/' && j + 1 < len && s[j + 1] == '>') {
			*self = 1;
			break;
		}
		an = t->s.len;
		if (name(s, len, &j, &t->s) == -1)
			return -1;
		skip_blanks(s, len, &j, line);
		/* libxml2 keeps the first of two attributes with one name. */
		for (k = 1; k < t->n; k += 2)
			if (strcmp(t->s.ptr + t->off[k], t->s.ptr + an) == 0)
				break;
		if (k < t->n) {
			if (j < len && s[j] == '=')
				return -1;	/* not worth copying */
			t->s.len = an;
			continue;
		}
		tag_push(t, an);
		if (j >= len || s[j] != '=') {
			tag_push(t, HS_NONE);
			continue;
		}
		j++;
		skip_blanks(s, len, &j, line);
		if (j >= len || (s[j] != '"' && s[j] != '\''))
			return -1;		/* unquoted */
		q = s[j++];
		tag_push(t, t->s.len);
		while (j < len && s[j] != q) {
			if (s[j] == '&') {
				if (reference(s, len, &j, &t->s) == -1)
					return -1;
				continue;
			}
			/* A run of plain bytes at once. */
			for (k = j; k < len && s[k] != q && s[k] != '&'; k++) {
				if (s[k] == '\n')
					(*line)++;
				/* Before <meta charset="utf-8"> libxml2 reads Latin-1. */
				if ((unsigned char)s[k] >= 0x80 && !utf8)
					return -1;
			}
			buf_put(&t->s, s + j, k - j);
			j = k;
		}
		if (j >= len)
			return -1;
		buf_putc(&t->s, '\0');
		j++;
	}
	*i = j + (*self ? 2 : 1);
	return 0;
}

/* Tags whose attributes libxml2 may drop or whose meaning it may change. */
static int
tag_odd(const struct tag *t)
{
	const char *n = t->s.ptr, *cs, *he;

	if ((strcmp(n, "html") == 0 || strcmp(n, "head") == 0 ||
	    strcmp(n, "body") == 0) && att(t, "id") != NULL)
		return 1;
	if (strcmp(n, "meta") == 0) {
		/* libxml2 changes its reading on a Content-Type. */
		if ((he = att(t, "http-equiv")) != NULL &&
		    strcasecmp(he, "content-type") == 0)
			return 1;
		if ((cs = att(t, "charset")) != NULL &&
		    strcasecmp(cs, "utf-8") != 0)
			return 1;
	}
	return 0;
}

/* The tags of a page, kept until the whole page is known to scan. */
struct rec {
	size_t		 off;	/* into the offsets: name, then pairs */
	size_t		 n;
	unsigned	 line;
};

struct recs {
	struct buf	 s;
	size_t		*off;
	size_t		 noff, capoff;
	struct rec	*v;
	size_t		 n, cap;
};

static void
rec_add(struct recs *r, const struct tag *t, unsigned line)
{
	size_t base = r->s.len, k;

	buf_put(&r->s, t->s.ptr, t->s.len);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	if (r->noff + t->n > r->capoff) {
		r->capoff = (r->noff + t->n) * 2;
		r->off = xreallocarray(r->off, r->capoff, sizeof(*r->off));
	}
	r->v[r->n].off = r->noff;
	r->v[r->n].n = t->n;
	r->v[r->n++].line = line;
	for (k = 0; k < t->n; k++)
		r->off[r->noff++] = t->off[k] == HS_NONE ? HS_NONE :
		    base + t->off[k];
}

/* Report the kept tags through t's pointer array. */
static void
rec_replay(const struct recs *r, struct tag *t, hs_start_fn fn, void *ud)
{
	const size_t *o;
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		o = r->off + r->v[i].off;
		if (t->acap < r->v[i].n) {
			t->acap = r->v[i].n;
			t->atts = xreallocarray(t->atts, t->acap,
			    sizeof(*t->atts));
		}
		for (k = 1; k < r->v[i].n; k++)
			t->atts[k - 1] = o[k] == HS_NONE ? NULL :
			    r->s.ptr + o[k];
		t->atts[r->v[i].n - 1] = NULL;
		fn(ud, r->s.ptr + o[0], t->atts, r->v[i].line);
	}
}

int
hs_scan(const char *s, size_t len, hs_start_fn fn, void *ud)
{
	struct recs r;
	struct tag t;
	const char *p, *e;
	size_t i = 0, tag_at, first;
	unsigned line = 1;
	int self, utf8 = 0, rc = -1;

	if (!text_ok((const unsigned char *)s, len, &first))
		return -1;
	memset(&t, 0, sizeof(t));
	buf_init(&t.s);
	memset(&r, 0, sizeof(r));
	buf_init(&r.s);
	while (i < len) {
		if ((p = memchr(s + i, '<', len - i)) == NULL) {
			i = len;
			break;
		}
		tag_at = (size_t)(p - s);
		count_lines(s, i, tag_at, &line);
		i = tag_at;
		if (i + 1 >= len)
			goto out;
		if (s[i + 1] == '!') {
			if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
				e = NULL;
				for (p = s + i + 4; p + 3 <= s + len; p++)
					if (p[0] == '-' && p[1] == '-' &&
					    p[2] == '>') {
						e = p;
						break;
					} else if (p[0] == '-' && p[1] == '-' &&
					    p[2] == '!')
						goto out;
				if (e == NULL)
					goto out;
				count_lines(s, i, (size_t)(e - s), &line);
				i = (size_t)(e - s) + 3;
				continue;
			}
			if (len - i >= 9 && strncasecmp(s + i, "<!doctype", 9)
			    == 0) {
				for (e = s + i + 9; e < s + len && *e != '>';
				    e++)
					if (*e == '"' || *e == '\'' ||
					    *e == '<')
						goto out;
				if (e >= s + len)
					goto out;
				count_lines(s, i, (size_t)(e - s), &line);
				i = (size_t)(e - s) + 1;
				continue;
			}
			goto out;
		}
		if (s[i + 1] == '/') {
			if (end_tag(s, len, &i, &line, NULL) == -1)
				goto out;
			continue;
		}
		if (!is_letter(s[i + 1]))
			goto out;
		if (start_tag(s, len, &i, &line, &t, &self, utf8) == -1 ||
		    tag_odd(&t))
			goto out;
		/*
		 * tag_odd lets only utf-8 through; libxml2 keeps to Latin-1
		 * when it met a byte above ASCII before.
		 */
		if (strcmp(t.s.ptr, "meta") == 0 && att(&t, "charset") != NULL &&
		    first >= tag_at)
			utf8 = 1;
		if (fn != NULL)
			rec_add(&r, &t, line);
		if (!self && (strcmp(t.s.ptr, "script") == 0 ||
		    strcmp(t.s.ptr, "style") == 0)) {
			/* Raw text up to "</" and a letter, which must end it. */
			for (p = s + i; p + 2 < s + len; p++)
				if (p[0] == '<' && p[1] == '/' &&
				    is_letter(p[2]))
					break;
			if (p + 2 >= s + len)
				goto out;
			count_lines(s, i, (size_t)(p - s), &line);
			i = (size_t)(p - s);
			if (end_tag(s, len, &i, &line, t.s.ptr) == -1)
				goto out;
		}
	}
	rc = 0;
	if (fn != NULL)
		rec_replay(&r, &t, fn, ud);
out:
	buf_release(&r.s);
	free(r.off);
	free(r.v);
	buf_release(&t.s);
	free(t.off);
	free(t.atts);
	return rc;
}
