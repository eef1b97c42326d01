/* SPDX-License-Identifier: ISC */
/*
 * The YAML that listings and front matter are written in, read straight
 * into a value tree: libyaml costs about 200 instructions a byte through
 * its event stream.  Whatever this reader is not sure of it declines, and
 * yamlload.c gives the text to libyaml, which also reports every error:
 * so diagnostics and trees are libyaml's in every case.  Lines and
 * columns are libyaml's marks plus one (columns count characters).
 */
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "value.h"
#include "yamlfast.h"

struct fast {
	const char	*end;		/* of the text */
	const char	*file;
	unsigned	 line_offset;
	unsigned	 max_depth;
	const char	*bol;		/* start of the current line */
	const char	*eol;		/* its '\n', or end */
	unsigned	 line;		/* of bol, from 0 */
	const char	*colp;		/* a place on this line ... */
	unsigned	 col;		/* ... and its column, from 1 */
};

/* The bytes libyaml refuses, or reads as line breaks: -1 if any. */
static int
prescan(const unsigned char *s, size_t len)
{
	const unsigned char *end = s + len;
	unsigned long cp;
	int n, i;

	while (s < end) {
		/* Printable ASCII and line feeds first, most of any text. */
		while (s < end && ((unsigned)*s - 0x20 < 0x5f || *s == '\n'))
			s++;
		if (s == end)
			break;
		if (*s < 0x80) {
			if ((*s < 0x20 && *s != '\n') || *s == 0x7f)
				return -1;	/* tabs, CR, controls */
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0) {
			n = 1;
			cp = *s & 0x1f;
		} else if ((*s & 0xf0) == 0xe0) {
			n = 2;
			cp = *s & 0x0f;
		} else if ((*s & 0xf8) == 0xf0) {
			n = 3;
			cp = *s & 0x07;
		} else
			return -1;
		if (end - s <= n)
			return -1;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		/* Shortest form, printable, not a break or a BOM. */
		if ((n == 1 && cp < 0xa0) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xfeff || cp == 0xfffe ||
		    cp == 0xffff)
			return -1;
		s += n + 1;
	}
	return 0;
}

static void
set_line(struct fast *f, const char *bol)
{
	const char *nl;

	f->bol = f->colp = bol;
	f->col = 1;
	nl = bol < f->end ? memchr(bol, '\n', (size_t)(f->end - bol)) : NULL;
	f->eol = nl != NULL ? nl : f->end;
}

/* To the next line; 0, or -1 at the end of the text. */
static int
next_line(struct fast *f)
{
	if (f->eol >= f->end) {
		f->bol = f->eol = f->colp = f->end;
		f->col = 1;
		return -1;
	}
	f->line++;
	set_line(f, f->eol + 1);
	return 0;
}

static const char *
skip_spaces(const char *p, const char *eol)
{
	while (p < eol && *p == ' ')
		p++;
	return p;
}

/* To the next line with content (not blank, not a comment); -1 at end. */
static int
next_content(struct fast *f)
{
	const char *p;

	while (f->bol < f->end) {
		p = skip_spaces(f->bol, f->eol);
		if (p < f->eol && *p != '#')
			return 0;
		if (next_line(f) == -1)
			return -1;
	}
	return -1;
}

static unsigned
indent_of(const struct fast *f)
{
	return (unsigned)(skip_spaces(f->bol, f->eol) - f->bol);
}

/* Where p is: columns count characters, from the last place asked. */
static struct loc
loc_at(struct fast *f, const char *p)
{
	struct loc l;
	const char *q;

	if (p < f->colp) {
		f->colp = f->bol;
		f->col = 1;
	}
	for (q = f->colp; q < p; q++)
		if ((*q & 0xc0) != 0x80)
			f->col++;
	f->colp = p;
	l.file = f->file;
	l.line = f->line + 1 + f->line_offset;
	l.col = f->col;
	return l;
}

/* The characters that end a plain scalar in a flow collection. */
static int
flow_stop(int c)
{
	switch (c) {
	case ':': case ',': case '[': case ']': case '{': case '}': case '#':
		return 1;
	default:
		return 0;
	}
}

/* Characters that make a plain scalar something else when they start it. */
static int
is_indicator(int c)
{
	return c != '\0' && strchr("-?:,[]{}#&*!|>'\"%@`", c) != NULL;
}

/* Whether a plain scalar may start at p (not "- ", "--", "-", indicators). */
static int
plain_start(const char *p, const char *eol)
{
	if (p >= eol)
		return 0;
	if (*p == '-')
		return p + 1 < eol && p[1] != ' ' && p[1] != '-';
	return !is_indicator((unsigned char)*p);
}

/* A plain scalar typed as yamlload does: null, true, false or a string. */
static struct value *
plain_value(const char *s, size_t n, const struct loc *loc)
{
	struct value *v;

	if ((n == 4 && memcmp(s, "null", 4) == 0) || (n == 1 && *s == '~'))
		return value_new(VALUE_NULL, loc);
	if ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0)) {
		v = value_new_bool(*s == 't');
		v->loc = *loc;
		return v;
	}
	return value_new_str(s, n, loc);
}

/*
 * A quoted scalar at *pp closed on the same line, without escapes in
 * double quotes ('' in single quotes is a quote); *pp moves past it.
 */
static struct value *
quoted(struct fast *f, const char **pp)
{
	const char *p = *pp, *q;
	struct loc loc = loc_at(f, p);
	struct buf b = BUF_INIT;
	struct value *v;

	if (*p == '"') {
		for (q = p + 1; q < f->eol && *q != '"'; q++)
			if (*q == '\\')
				return NULL;
		if (q >= f->eol)
			return NULL;
		*pp = q + 1;
		return value_new_str(p + 1, (size_t)(q - p - 1), &loc);
	}
	for (q = p + 1; q < f->eol; q++) {
		if (*q != '\'')
			continue;
		if (q + 1 < f->eol && q[1] == '\'') {
			buf_put(&b, p + 1, (size_t)(q + 1 - p - 1));
			p = ++q;
			continue;
		}
		buf_put(&b, p + 1, (size_t)(q - p - 1));
		*pp = q + 1;
		v = value_new_str(b.ptr, b.len, &loc);
		buf_release(&b);
		return v;
	}
	buf_release(&b);
	return NULL;
}

static struct value *flow_node(struct fast *, const char **, unsigned);

/* Append the entries of a one-line flow collection; *pp after its end. */
static int
flow_entries(struct fast *f, const char **pp, struct value *c, int close,
    unsigned level)
{
	const char *p = skip_spaces(*pp, f->eol), *k;
	struct value *v;
	struct loc kl;
	size_t kn;

	if (p < f->eol && *p == close) {
		*pp = p + 1;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			/* A plain key, then ": " */
			if (!plain_start(p, f->eol))
				return -1;
			for (k = p; p < f->eol && !flow_stop(*p) &&
			    *p != '\'' && *p != '"'; p++)
				;
			if (p >= f->eol || *p != ':' || p + 1 >= f->eol ||
			    p[1] != ' ' || p[-1] == ' ')
				return -1;
			kn = (size_t)(p - k);
			if (kn > 1000 || value_getn(c, k, kn) != NULL)
				return -1;
			kl = loc_at(f, k);
			p = skip_spaces(p + 1, f->eol);
			if ((v = flow_node(f, &p, level)) == NULL)
				return -1;
			value_map_add_take(c, k, kn, &kl, v);
		} else {
			if ((v = flow_node(f, &p, level)) == NULL)
				return -1;
			value_list_push_take(c, v);
		}
		p = skip_spaces(p, f->eol);
		if (p < f->eol && *p == close) {
			*pp = p + 1;
			return 0;
		}
		if (p >= f->eol || *p != ',')
			return -1;
		p = skip_spaces(p + 1, f->eol);
		if (p < f->eol && (*p == ']' || *p == '}'))
			return -1;	/* a trailing comma */
	}
}

/* A node inside a flow collection, at level; *pp moves past it. */
static struct value *
flow_node(struct fast *f, const char **pp, unsigned level)
{
	const char *p = *pp, *q;
	struct value *c;
	struct loc loc;

	if (level >= f->max_depth || p >= f->eol)
		return NULL;
	loc = loc_at(f, p);
	if (*p == '[' || *p == '{') {
		c = value_new(*p == '[' ? VALUE_LIST : VALUE_MAP, &loc);
		*pp = p + 1;
		if (flow_entries(f, pp, c, *p == '[' ? ']' : '}',
		    level + 1) == -1) {
			value_free(c);
			return NULL;
		}
		return c;
	}
	if (*p == '"' || *p == '\'')
		return quoted(f, pp);
	if (!plain_start(p, f->eol))
		return NULL;
	for (q = p; q < f->eol && !flow_stop(*q); q++)
		;
	if (q < f->eol && (*q == ':' || *q == '[' || *q == '{' || *q == '#'))
		return NULL;
	*pp = q;
	while (q > p && q[-1] == ' ')
		q--;
	return plain_value(p, (size_t)(q - p), &loc);
}

/* Where the plain key starting at p ends (its ':'), or NULL. */
static const char *
key_end(const struct fast *f, const char *p)
{
	const char *q;

	if (!plain_start(p, f->eol))
		return NULL;
	for (q = p; q < f->eol; q++) {
		if (*q == ':' && (q + 1 == f->eol || q[1] == ' '))
			break;
		if ((flow_stop(*q) && *q != ':' && *q != '#') ||
		    (*q == '#' && q[-1] == ' '))
			return NULL;
	}
	if (q >= f->eol || q[-1] == ' ' || q - p > 1000)
		return NULL;
	return q;
}

static struct value *block_map(struct fast *, unsigned, const char *,
	    unsigned);

/*
 * A literal block scalar (| or |-) whose header is at p, the value of a
 * key in a block mapping indented by n; ends at the next content line.
 */
static struct value *
literal(struct fast *f, const char *p, unsigned n)
{
	struct loc loc = loc_at(f, p);
	struct buf b = BUF_INIT;
	struct value *v;
	const char *q;
	size_t k, sp, pend = 0;
	int strip = 0, lb = 0;

	q = p + 1;
	if (q < f->eol && *q == '-') {
		strip = 1;
		q++;
	}
	if (skip_spaces(q, f->eol) != f->eol || next_line(f) == -1)
		return NULL;
	/* The first line sets the indentation; no blank lines before it. */
	k = indent_of(f);
	if (f->bol + k == f->eol || k < n + 1)
		return NULL;
	for (;;) {
		sp = (size_t)(skip_spaces(f->bol, f->eol) - f->bol);
		if (f->bol + sp == f->eol && sp <= k) {
			pend++;			/* an empty line */
			if (next_line(f) == -1)
				break;
			continue;
		}
		if (sp < k)
			break;
		for (; pend > 0; pend--)
			buf_putc(&b, '\n');
		buf_put(&b, f->bol + k, (size_t)(f->eol - f->bol - k));
		lb = f->eol < f->end;
		if (next_line(f) == -1)
			break;
		pend = 1;
	}
	if (!strip && lb)
		buf_putc(&b, '\n');
	v = value_new_str(b.ptr, b.len, &loc);
	buf_release(&b);
	next_content(f);	/* past a comment indented less */
	return v;
}

/* The rest of the line after a scalar or flow collection: blank. */
static int
line_done(struct fast *f, const char *p)
{
	if (skip_spaces(p, f->eol) != f->eol)
		return -1;
	next_line(f);
	next_content(f);
	return 0;
}

/* A plain scalar filling the rest of a line in block context. */
static struct value *
block_plain(struct fast *f, const char *p)
{
	struct loc loc = loc_at(f, p);
	const char *q, *e = f->eol;

	if (!plain_start(p, e))
		return NULL;
	for (q = p; q < e; q++)
		if ((*q == ':' && (q + 1 == e || q[1] == ' ')) ||
		    (*q == '#' && q[-1] == ' '))
			return NULL;
	while (e > p && e[-1] == ' ')
		e--;
	next_line(f);
	next_content(f);
	return plain_value(p, (size_t)(e - p), &loc);
}

/* A scalar or flow collection starting at p that ends its line. */
static struct value *
inline_node(struct fast *f, const char *p, unsigned level)
{
	struct value *v;

	if (*p == '[' || *p == '{' || *p == '"' || *p == '\'') {
		if ((v = flow_node(f, &p, level)) == NULL)
			return NULL;
		if (line_done(f, p) == -1) {
			value_free(v);
			return NULL;
		}
		return v;
	}
	return block_plain(f, p);
}

static int
is_entry(const struct fast *f, const char *p)
{
	return p < f->eol && *p == '-' && (p + 1 == f->eol || p[1] == ' ');
}

/*
 * A block sequence whose first '-' is at column m of the current line,
 * the value of a key in a mapping indented by n (m == n: indentless).
 */
static struct value *
block_seq(struct fast *f, unsigned m, unsigned n, unsigned level)
{
	struct loc loc = loc_at(f, f->bol + m);
	struct value *seq = value_new(VALUE_LIST, &loc), *item;
	const char *p;

	for (;;) {
		p = skip_spaces(f->bol + m + 1, f->eol);
		if (p == f->bol + m + 1 || p >= f->eol ||
		    level + 1 >= f->max_depth || *p == '|' || *p == '>' ||
		    is_entry(f, p))
			goto fail;
		if (*p != '[' && *p != '{' && *p != '"' && *p != '\'' &&
		    key_end(f, p) != NULL)
			item = block_map(f, (unsigned)(p - f->bol), p,
			    level + 1);
		else
			item = inline_node(f, p, level + 1);
		if (item == NULL)
			goto fail;
		value_list_push_take(seq, item);
		if (f->bol >= f->end || indent_of(f) < m)
			break;
		if (indent_of(f) > m)
			goto fail;
		if (!is_entry(f, f->bol + m)) {
			if (m == n)
				break;	/* the mapping goes on */
			goto fail;
		}
	}
	return seq;
fail:
	value_free(seq);
	return NULL;
}

/* The value of a key in a mapping indented by n; p is after "key:". */
static struct value *
block_value(struct fast *f, const char *p, unsigned n, unsigned level)
{
	unsigned m;

	if (level >= f->max_depth)
		return NULL;
	p = skip_spaces(p, f->eol);
	if (p < f->eol && *p == '#')
		return NULL;
	if (p < f->eol)
		return *p == '|' ? literal(f, p, n) : inline_node(f, p, level);
	/* A nested mapping or sequence on the lines below. */
	if (next_line(f) == -1 || next_content(f) == -1)
		return NULL;
	m = indent_of(f);
	if (is_entry(f, f->bol + m))
		return m >= n ? block_seq(f, m, n, level) : NULL;
	if (m <= n || key_end(f, f->bol + m) == NULL)
		return NULL;
	return block_map(f, m, f->bol + m, level);
}

/*
 * A block mapping indented by n whose first key starts at p on the
 * current line (after "- " in a sequence); ends before the first
 * content line indented less, or at the end of the text.
 */
static struct value *
block_map(struct fast *f, unsigned n, const char *p, unsigned level)
{
	struct value *map = value_new(VALUE_MAP, NULL), *v;
	const char *k;
	struct loc kl;
	unsigned m;
	size_t kn;

	map->loc = loc_at(f, p);
	for (;;) {
		if ((k = key_end(f, p)) == NULL)
			goto fail;
		kn = (size_t)(k - p);
		if (value_getn(map, p, kn) != NULL)
			goto fail;	/* libyaml reports it */
		kl = loc_at(f, p);	/* before the value moves the line on */
		if ((v = block_value(f, k + 1, n, level + 1)) == NULL)
			goto fail;
		value_map_add_take(map, p, kn, &kl, v);
		if (f->bol >= f->end || (m = indent_of(f)) < n)
			break;
		if (m > n)
			goto fail;
		p = f->bol + n;
	}
	return map;
fail:
	value_free(map);
	return NULL;
}

struct value *
yamlfast_parse(const char *file, const char *text, size_t len,
    unsigned line_offset, unsigned max_depth)
{
	struct fast f;

	if (prescan((const unsigned char *)text, len) == -1)
		return NULL;
	memset(&f, 0, sizeof(f));
	f.end = text + len;
	f.file = file;
	f.line_offset = line_offset;
	f.max_depth = max_depth;
	set_line(&f, text);
	if (max_depth == 0 || next_content(&f) == -1 || indent_of(&f) != 0)
		return NULL;
	return block_map(&f, 0, f.bol, 0);
}
