/* SPDX-License-Identifier: ISC */
/* Mustache: find templates, parse them into an operation tree, resolve partials. */
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "mustache.h"
#include "mustache_priv.h"
#include "pool.h"
#include "value.h"
#include "xalloc.h"

#define MAX_NEST	100	/* sections inside sections, per template */

enum tok_kind {
	T_TEXT,
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_COMMENT,
	T_DELIM,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK
};

/* A token: a piece of text (at most one line) or a tag. */
struct tok {
	enum tok_kind	 kind;
	size_t		 pos;		/* first byte (the open delimiter) */
	struct span	 s;		/* text, or the tag's name */
	int		 dynamic;
	int		 drop;		/* blank text on a standalone line */
	int		 alone;		/* tag on a standalone line */
	int		 closes_parent;
	struct span	 indent;	/* blanks before it, when alone */
};

struct parser {
	struct mus_tpl	*tpl;
	struct tok	*toks;
	size_t		 ntoks, cap;
};

/* A section being built: its opening token and the ops so far. */
struct level {
	size_t		 tok;
	struct op	*ops;
	size_t		 n, cap;
};

static void	free_op(struct op *);
static void	free_ops(struct op *, size_t);
static int	resolve(struct mus_set *, struct mus_tpl *, struct op *,
		    size_t);

void
mus_loc(const struct mus_tpl *t, size_t pos, struct loc *loc)
{
	size_t i;

	loc->file = t->file;
	loc->line = 1;
	loc->col = 1;
	for (i = 0; i < pos && i < t->len; i++) {
		if (t->src[i] == '\n') {
			loc->line++;
			loc->col = 1;
		} else if (((unsigned char)t->src[i] & 0xc0) != 0x80)
			loc->col++;
	}
}

static int	perr(struct parser *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, size_t pos, const char *fmt, ...)
{
	struct loc loc;
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mus_loc(p->tpl, pos, &loc);
	diag_error(&loc, "%s", msg.ptr);
	buf_release(&msg);
	return -1;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

static struct span
trim(const char *p, size_t n)
{
	struct span s;

	while (n > 0 && is_space((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)p[n - 1]))
		n--;
	s.ptr = p;
	s.len = n;
	return s;
}

static int
span_eq(struct span a, struct span b)
{
	return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* Only blanks, save a final "\n" or "\r\n". */
static int
blank_line(struct span s)
{
	size_t n = s.len;

	if (n > 0 && s.ptr[n - 1] == '\n') {
		n--;
		if (n > 0 && s.ptr[n - 1] == '\r')
			n--;
	}
	while (n > 0)
		if (!is_blank((unsigned char)s.ptr[--n]))
			return 0;
	return 1;
}

static int
ends_line(struct span s)
{
	return s.len > 0 && s.ptr[s.len - 1] == '\n';
}

/* The first occurrence of needle in [p, end), or NULL. */
static const char *
find(const char *p, const char *end, struct span needle)
{
	const char *q;

	while (p < end && (size_t)(end - p) >= needle.len) {
		q = memchr(p, needle.ptr[0], (size_t)(end - p));
		if (q == NULL || (size_t)(end - q) < needle.len)
			return NULL;
		if (memcmp(q, needle.ptr, needle.len) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

static struct tok *
push_tok(struct parser *p, enum tok_kind kind, size_t pos)
{
	struct tok *t;

	if (p->ntoks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = xreallocarray(p->toks, p->cap, sizeof(*p->toks));
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->pos = pos;
	return t;
}

/* Text from a to b, one token per line so that lines can be indented. */
static void
push_text(struct parser *p, size_t a, size_t b)
{
	const char *src = p->tpl->src, *nl;
	struct tok *t;
	size_t end;

	while (a < b) {
		nl = memchr(src + a, '\n', b - a);
		end = nl != NULL ? (size_t)(nl - src) + 1 : b;
		t = push_tok(p, T_TEXT, a);
		t->s.ptr = src + a;
		t->s.len = end - a;
		a = end;
	}
}

/* "{{=<% %>=}}": the new delimiters, or an error. */
static int
set_delims(struct parser *p, size_t pos, struct span c, struct span *open,
    struct span *close)
{
	const char *q, *end;
	struct span o, s;

	if (c.len < 2 || c.ptr[c.len - 1] != '=')
		return perr(p, pos, "set-delimiter tag must end with '='");
	s = trim(c.ptr + 1, c.len - 2);
	end = s.ptr + s.len;
	for (q = s.ptr; q < end && !is_space((unsigned char)*q); q++)
		continue;
	o.ptr = s.ptr;
	o.len = (size_t)(q - s.ptr);
	s = trim(q, (size_t)(end - q));
	for (q = s.ptr; q < end; q++)
		if (is_space((unsigned char)*q))
			break;
	if (o.len == 0 || s.len == 0 || q != end ||
	    memchr(o.ptr, '=', o.len) != NULL ||
	    memchr(s.ptr, '=', s.len) != NULL)
		return perr(p, pos, "bad set-delimiter tag: want two delimiters "
		    "without '=' and spaces, as in '{{=<%% %%>=}}'");
	*open = o;
	*close = s;
	return 0;
}

/* Check a tag's name and note a leading '*' (partials and parents). */
static int
tag_name(struct parser *p, struct tok *t, struct span c)
{
	size_t i;

	c = trim(c.ptr, c.len);
	if ((t->kind == T_PARTIAL || t->kind == T_PARENT ||
	    t->kind == T_CLOSE) && c.len > 0 && c.ptr[0] == '*') {
		t->dynamic = 1;
		c = trim(c.ptr + 1, c.len - 1);
	}
	if (c.len == 0)
		return perr(p, t->pos, "tag has no name");
	for (i = 0; i < c.len; i++)
		if (is_space((unsigned char)c.ptr[i]))
			return perr(p, t->pos, "tag name '%.*s' contains a "
			    "space", (int)c.len, c.ptr);
	t->s = c;
	return 0;
}

/* The tag kind for a sigil, T_VAR for a name, T_TEXT when unknown. */
static enum tok_kind
sigil(int c)
{
	switch (c) {
	case '!':
		return T_COMMENT;
	case '=':
		return T_DELIM;
	case '#':
		return T_SECTION;
	case '^':
		return T_INVERTED;
	case '/':
		return T_CLOSE;
	case '>':
		return T_PARTIAL;
	case '<':
		return T_PARENT;
	case '$':
		return T_BLOCK;
	case '&':
		return T_RAW;
	default:
		if (c != '\0' && strchr("%+*@?:;|~`,'\"()[]{}\\", c) != NULL)
			return T_TEXT;
		return T_VAR;
	}
}

/* One tag whose content is c; updates the delimiters on "{{=...=}}". */
static int
tag(struct parser *p, size_t pos, struct span c, int triple,
    struct span *open, struct span *close)
{
	struct span s = trim(c.ptr, c.len);
	enum tok_kind kind;
	struct tok *t;

	if (!triple && s.len >= 2 && s.ptr[0] == '{' &&
	    s.ptr[s.len - 1] == '}') {
		/* "<%{name}%>": the triple form with other delimiters. */
		triple = 1;
		s = trim(s.ptr + 1, s.len - 2);
	}
	kind = triple ? T_RAW : sigil(s.len > 0 ? (unsigned char)s.ptr[0] : 0);
	if (kind == T_TEXT)
		return perr(p, pos, "unknown tag type '%c'", s.ptr[0]);
	t = push_tok(p, kind, pos);
	if (kind == T_COMMENT)
		return 0;
	if (kind == T_DELIM)
		return set_delims(p, pos, s, open, close);
	if (kind != T_VAR && !triple) {
		s.ptr++;
		s.len--;
	}
	return tag_name(p, t, s);
}

/* Split the source into text lines and tags, following delimiter changes. */
static int
tokenize(struct parser *p)
{
	const char *src = p->tpl->src, *end = src + p->tpl->len, *q, *e;
	struct span open = { "{{", 2 }, close = { "}}", 2 }, c, brace;
	size_t pos = 0, start;
	int triple;

	while (src + pos < end) {
		q = find(src + pos, end, open);
		if (q == NULL) {
			push_text(p, pos, p->tpl->len);
			break;
		}
		start = (size_t)(q - src);
		push_text(p, pos, start);
		c.ptr = q + open.len;
		triple = c.ptr < end && *c.ptr == '{' && open.len == 2 &&
		    memcmp(open.ptr, "{{", 2) == 0;
		if (triple) {
			brace.ptr = "}}}";
			brace.len = 3;
			c.ptr++;
		}
		e = find(c.ptr, end, triple ? brace : close);
		if (e == NULL)
			return perr(p, start, "tag '%.*s' is never closed "
			    "(no '%.*s' follows)", (int)open.len, open.ptr,
			    triple ? 3 : (int)close.len,
			    triple ? "}}}" : close.ptr);
		c.len = (size_t)(e - c.ptr);
		pos = (size_t)(e - src) + (triple ? 3 : close.len);
		if (tag(p, start, c, triple, &open, &close) == -1)
			return -1;
	}
	return 0;
}

/*
 * A line of blanks and tags that print nothing is left out of the output
 * with its blanks and newline.  Parent tags do not count, so that
 * "{{<base}}{{$main}}" is standalone, but "{{$a}}{{/a}}" is content.
 */
static void
mark_standalone(struct parser *p)
{
	struct tok *t;
	char *open;
	size_t a, b, i, depth = 0, ntags, nother;
	int ok;

	open = xmalloc(p->ntoks + 1);
	for (a = 0; a < p->ntoks; a = b + 1) {
		for (b = a; b + 1 < p->ntoks; b++)
			if (p->toks[b].kind == T_TEXT && ends_line(p->toks[b].s))
				break;
		ok = 1;
		ntags = nother = 0;
		for (i = a; i <= b; i++) {
			t = &p->toks[i];
			if (t->kind == T_SECTION || t->kind == T_INVERTED ||
			    t->kind == T_PARENT || t->kind == T_BLOCK)
				open[depth++] = t->kind == T_PARENT;
			else if (t->kind == T_CLOSE && depth > 0)
				t->closes_parent = open[--depth];
			if (t->kind == T_TEXT) {
				if (!blank_line(t->s))
					ok = 0;
			} else if (t->kind == T_VAR || t->kind == T_RAW)
				ok = 0;
			else if (ntags++, t->kind != T_PARENT &&
			    !t->closes_parent)
				nother++;
		}
		if (!ok || ntags == 0 || nother > 1)
			continue;
		for (i = a; i <= b; i++) {
			t = &p->toks[i];
			if (t->kind == T_TEXT) {
				t->drop = 1;
				continue;
			}
			t->alone = 1;
			if (p->toks[a].kind == T_TEXT &&
			    !ends_line(p->toks[a].s))
				t->indent = p->toks[a].s;
		}
	}
	free(open);
}

static struct op *
add_op(struct level *lv, enum op_kind kind, const struct tok *t)
{
	struct op *op;

	if (lv->n == lv->cap) {
		lv->cap = lv->cap ? lv->cap * 2 : 8;
		lv->ops = xreallocarray(lv->ops, lv->cap, sizeof(*lv->ops));
	}
	op = &lv->ops[lv->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->pos = t->pos;
	op->text = t->s;
	if (t->dynamic)
		op->flags |= OPF_DYNAMIC;
	if (t->alone) {
		op->flags |= OPF_ALONE;
		op->indent = t->indent;
	}
	return op;
}

/* "a.b.c" into its parts; "." is the empty list (the implicit iterator). */
static void
split_name(struct op *op)
{
	const char *p = op->text.ptr, *end = p + op->text.len, *dot;
	size_t n = 1;

	if (op->text.len == 1 && *p == '.')
		return;
	for (dot = p; dot < end; dot++)
		if (*dot == '.')
			n++;
	op->parts = xreallocarray(NULL, n, sizeof(*op->parts));
	for (n = 0; ; n++) {
		dot = memchr(p, '.', (size_t)(end - p));
		op->parts[n].ptr = p;
		op->parts[n].len = (size_t)((dot ? dot : end) - p);
		op->parts[n].hash = value_hash(p, op->parts[n].len);
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	op->nparts = n + 1;
}

/* Remove up to ind's bytes of the blanks at the start of s. */
static void
strip_span(struct span *s, struct span ind)
{
	size_t i;

	for (i = 0; i < ind.len && i < s->len && s->ptr[i] == ind.ptr[i] &&
	    is_blank((unsigned char)s->ptr[i]); i++)
		continue;
	if (i > 0) {
		s->ptr += i;
		s->len -= i;
	}
}

/*
 * A block's content is kept without the indentation it was written
 * with, so that it takes the indentation of the place it fills.
 */
static void
strip_ops(struct op *ops, size_t n, struct span ind)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (ops[i].kind) {
		case OP_TEXT:
			if (ops[i].flags & OPF_BOL)
				strip_span(&ops[i].text, ind);
			break;
		case OP_BLOCK:
			strip_span(&ops[i].indent, ind);
			if (!(ops[i].flags & OPF_ALONE))
				strip_ops(ops[i].kids, ops[i].nkids, ind);
			break;
		case OP_PARTIAL:
			strip_span(&ops[i].indent, ind);
			break;
		case OP_PARENT:
			strip_span(&ops[i].indent, ind);
			/* FALLTHROUGH */
		default:
			strip_ops(ops[i].kids, ops[i].nkids, ind);
			break;
		}
	}
}

static void
dedent_block(struct op *op, const struct tok *open)
{
	const struct op *first = op->nkids > 0 ? &op->kids[0] : NULL;
	struct span ind = { "", 0 };

	if (first == NULL)
		ind = open->indent;
	else if (first->kind == OP_TEXT && (first->flags & OPF_BOL)) {
		ind.ptr = first->text.ptr;
		while (ind.len < first->text.len &&
		    is_blank((unsigned char)ind.ptr[ind.len]))
			ind.len++;
	} else if (first->flags & OPF_ALONE)
		ind = first->indent;
	strip_ops(op->kids, op->nkids, ind);
	op->indent = ind;
}

/* Text inside a parent tag is ignored: keep its blocks only. */
static void
keep_blocks(struct op *op)
{
	size_t i, n = 0;

	for (i = 0; i < op->nkids; i++) {
		if (op->kids[i].kind == OP_BLOCK)
			op->kids[n++] = op->kids[i];
		else
			free_op(&op->kids[i]);
	}
	op->nkids = n;
}

static const char *
kind_word(enum tok_kind k)
{
	switch (k) {
	case T_INVERTED:
		return "inverted section";
	case T_PARENT:
		return "parent";
	case T_BLOCK:
		return "block";
	default:
		return "section";
	}
}

static void
note_open(struct parser *p, const struct tok *t)
{
	struct loc loc;

	mus_loc(p->tpl, t->pos, &loc);
	diag_note(&loc, "%s '%.*s' opened here", kind_word(t->kind),
	    (int)t->s.len, t->s.ptr);
}

static int
close_level(struct parser *p, struct level *lv, size_t *depth,
    const struct tok *t)
{
	const struct tok *open;
	struct op *op;

	if (*depth == 0)
		return perr(p, t->pos, "closing tag '%.*s' has no open section",
		    (int)t->s.len, t->s.ptr);
	open = &p->toks[lv[*depth].tok];
	if (!span_eq(open->s, t->s) || open->dynamic != t->dynamic) {
		perr(p, t->pos, "closing tag '%.*s' does not match %s '%.*s'",
		    (int)t->s.len, t->s.ptr, kind_word(open->kind),
		    (int)open->s.len, open->s.ptr);
		note_open(p, open);
		return -1;
	}
	op = &lv[*depth - 1].ops[lv[*depth - 1].n - 1];
	op->kids = lv[*depth].ops;
	op->nkids = lv[*depth].n;
	memset(&lv[*depth], 0, sizeof(lv[*depth]));
	if (op->kind == OP_PARENT)
		keep_blocks(op);
	else if (op->kind == OP_BLOCK && open->alone)
		dedent_block(op, open);
	(*depth)--;
	return 0;
}

static const enum op_kind tok_op[] = {
	[T_VAR] = OP_VAR, [T_RAW] = OP_RAW, [T_SECTION] = OP_SECTION,
	[T_INVERTED] = OP_INVERTED, [T_PARTIAL] = OP_PARTIAL,
	[T_PARENT] = OP_PARENT, [T_BLOCK] = OP_BLOCK
};

/* State of the line being built: for indentation of lines and blocks. */
struct line {
	int		 bol;	/* nothing printed on this line yet */
	int		 pure;	/* only blanks so far */
	struct span	 lead;	/* those blanks */
};

static void
line_text(struct line *ln, const struct op *op)
{
	if (ends_line(op->text)) {
		ln->bol = ln->pure = 1;
		ln->lead.len = 0;
	} else if (ln->pure && blank_line(op->text)) {
		if (ln->lead.len == 0)
			ln->lead = op->text;
		else
			ln->lead.len += op->text.len;
		ln->bol = 0;
	} else
		ln->bol = ln->pure = 0;
}

/* One token into the tree; lv[*depth] is the innermost open section. */
static int
build_tok(struct parser *p, struct level *lv, size_t *depth, size_t i,
    struct line *ln)
{
	const struct tok *t = &p->toks[i];
	struct op *op;

	if (t->kind == T_CLOSE)
		return close_level(p, lv, depth, t);
	if (t->kind == T_COMMENT || t->kind == T_DELIM)
		return 0;
	op = add_op(&lv[*depth], t->kind == T_TEXT ? OP_TEXT :
	    tok_op[t->kind], t);
	if (ln->bol && !t->alone)
		op->flags |= OPF_BOL;
	if (op->kind == OP_TEXT) {
		line_text(ln, op);
		return 0;
	}
	if (op->kind == OP_BLOCK && !t->alone && ln->pure)
		op->indent = ln->lead;
	if (op->kind != OP_PARTIAL && op->kind != OP_PARENT &&
	    op->kind != OP_BLOCK)
		split_name(op);
	else if (op->flags & OPF_DYNAMIC)
		split_name(op);
	if (t->kind == T_SECTION || t->kind == T_INVERTED ||
	    t->kind == T_PARENT || t->kind == T_BLOCK) {
		if (*depth == MAX_NEST)
			return perr(p, t->pos, "sections nested deeper than "
			    "%d levels", MAX_NEST);
		(*depth)++;
		memset(&lv[*depth], 0, sizeof(lv[*depth]));
		lv[*depth].tok = i;
	}
	return 0;
}

/* The token list into the operation tree, checking that sections nest. */
static int
build(struct parser *p)
{
	struct level lv[MAX_NEST + 1];
	struct line ln = { 1, 1, { "", 0 } };
	size_t i, depth = 0;
	int rc = -1;

	memset(&lv[0], 0, sizeof(lv[0]));
	for (i = 0; i < p->ntoks; i++) {
		if (!p->toks[i].drop &&
		    build_tok(p, lv, &depth, i, &ln) == -1)
			goto out;
		if (p->toks[i].drop || p->toks[i].alone) {
			ln.bol = ln.pure = 1;
			ln.lead.len = 0;
		} else if (p->toks[i].kind != T_TEXT &&
		    p->toks[i].kind != T_COMMENT &&
		    p->toks[i].kind != T_DELIM)
			ln.bol = ln.pure = 0;
	}
	if (depth > 0) {
		perr(p, p->tpl->len, "%s '%.*s' is never closed",
		    kind_word(p->toks[lv[depth].tok].kind),
		    (int)p->toks[lv[depth].tok].s.len,
		    p->toks[lv[depth].tok].s.ptr);
		note_open(p, &p->toks[lv[depth].tok]);
		goto out;
	}
	p->tpl->ops = lv[0].ops;
	p->tpl->nops = lv[0].n;
	lv[0].ops = NULL;
	lv[0].n = 0;
	rc = 0;
out:
	for (; ; depth--) {
		free_ops(lv[depth].ops, lv[depth].n);
		if (depth == 0)
			break;
	}
	return rc;
}

static void
free_op(struct op *op)
{
	free(op->parts);
	free_ops(op->kids, op->nkids);
}

static void
free_ops(struct op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free_op(&ops[i]);
	free(ops);
}

static int
parse(struct mus_tpl *t)
{
	struct parser p;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.tpl = t;
	if (tokenize(&p) == 0) {
		mark_standalone(&p);
		rc = build(&p);
	}
	free(p.toks);
	return rc;
}

/* No empty, "." or ".." component and no leading "/": names stay inside. */
static int
valid_name(const char *s, size_t n)
{
	size_t i, start = 0, k;

	if (n == 0 || memchr(s, '\0', n) != NULL)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		k = i - start;
		if (k == 0 || (k == 1 && s[start] == '.') ||
		    (k == 2 && s[start] == '.' && s[start + 1] == '.'))
			return 0;
		start = i + 1;
	}
	return 1;
}

static void
warn_missing(struct mus_set *set, const struct mus_tpl *from, size_t pos,
    const char *what, const char *name)
{
	struct buf dirs = BUF_INIT;
	struct loc loc;
	size_t i;

	mus_loc(from, pos, &loc);
	diag_warn(&loc, "%s '%s' not found; it renders empty", what, name);
	for (i = 0; i < set->ndirs; i++)
		buf_printf(&dirs, "%s'%s/'", i ? ", " : "",
		    set->dirs[i].display);
	if (set->ndirs > 0)
		diag_note(NULL, "looked in %s", dirs.ptr);
	buf_release(&dirs);
}

/* Find name's source, in memory or in the folders; 0, or -1 if absent. */
static int
read_source(struct mus_set *set, struct mus_tpl *t)
{
	struct buf path = BUF_INIT, shown = BUF_INIT;
	size_t i;
	int rc = -1;

	for (i = 0; i < set->nsrcs; i++)
		if (strcmp(set->srcs[i].name, t->name) == 0) {
			t->src = xmalloc(set->srcs[i].len + 1);
			memcpy(t->src, set->srcs[i].text, set->srcs[i].len);
			t->src[set->srcs[i].len] = '\0';
			t->len = set->srcs[i].len;
			t->file = diag_file(t->name, t->src, t->len);
			return 0;
		}
	for (i = 0; i < set->ndirs && rc == -1; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.mustache", set->dirs[i].path, t->name);
		if (fs_read(path.ptr, &t->src, &t->len) == -1) {
			if (errno != ENOENT && errno != ENOTDIR)
				diag_sys("cannot read '%s': %s", path.ptr,
				    strerror(errno));
			continue;
		}
		buf_printf(&shown, "%s/%s.mustache", set->dirs[i].display,
		    t->name);
		t->file = diag_file(shown.ptr, t->src, t->len);
		rc = 0;
	}
	buf_release(&path);
	buf_release(&shown);
	return rc;
}

/*
 * The cached template called name, loading and compiling it on first
 * use.  from and pos are the tag that names it, for warnings (NULL for
 * mus_get); a dynamic name warns only the first time.  Lock held.
 */
static struct mus_tpl *
get_locked(struct mus_set *set, const char *name, size_t len,
    const struct mus_tpl *from, size_t pos, const char *what, int dynamic)
{
	struct mus_tpl *t;
	size_t i;

	for (i = 0; i < set->ntpls; i++) {
		t = set->tpls[i];
		if (strlen(t->name) == len && memcmp(t->name, name, len) == 0) {
			if (t->state == TPL_MISSING && from != NULL && !dynamic)
				warn_missing(set, from, pos, what, t->name);
			return t;
		}
	}
	t = xcalloc(1, sizeof(*t));
	t->set = set;
	t->name = xstrndup(name, len);
	t->state = TPL_MISSING;
	set->tpls = xreallocarray(set->tpls, set->ntpls + 1,
	    sizeof(*set->tpls));
	set->tpls[set->ntpls++] = t;
	if (!valid_name(name, len) || read_source(set, t) == -1) {
		if (from != NULL)
			warn_missing(set, from, pos, what, t->name);
		return t;
	}
	t->state = TPL_COMPILING;
	if (parse(t) == 0 && resolve(set, t, t->ops, t->nops) == 0)
		t->state = TPL_OK;
	else
		t->state = TPL_BROKEN;
	return t;
}

/* Look up every partial and parent named in ops, compiling them. */
static int
resolve(struct mus_set *set, struct mus_tpl *t, struct op *ops, size_t n)
{
	struct loc loc;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if ((ops[i].kind == OP_PARTIAL || ops[i].kind == OP_PARENT) &&
		    !(ops[i].flags & OPF_DYNAMIC)) {
			if (!valid_name(ops[i].text.ptr, ops[i].text.len)) {
				mus_loc(t, ops[i].pos, &loc);
				rc = diag_error(&loc, "bad template name '%.*s': "
				    "no leading '/', '.' or '..' allowed",
				    (int)ops[i].text.len, ops[i].text.ptr);
				continue;
			}
			ops[i].tpl = get_locked(set, ops[i].text.ptr,
			    ops[i].text.len, t, ops[i].pos,
			    ops[i].kind == OP_PARTIAL ? "partial" : "parent", 0);
		}
		if (resolve(set, t, ops[i].kids, ops[i].nkids) == -1)
			rc = -1;
	}
	return rc;
}

struct mus_tpl *
mus_lookup_dynamic(struct mus_set *set, const char *name, size_t len,
    const struct mus_tpl *from, size_t pos)
{
	struct mus_tpl *t;

	pthread_mutex_lock(&set->lock);
	t = get_locked(set, name, len, from, pos, "partial", 1);
	pthread_mutex_unlock(&set->lock);
	return t;
}

const struct mus_tpl *
mus_get(struct mus_set *set, const char *name)
{
	struct mus_tpl *t;

	pthread_mutex_lock(&set->lock);
	t = get_locked(set, name, strlen(name), NULL, 0, NULL, 0);
	pthread_mutex_unlock(&set->lock);
	return t->state == TPL_OK ? t : NULL;
}

struct mus_set *
mus_set_new(void)
{
	struct mus_set *set = xcalloc(1, sizeof(*set));

	pool_mutex_init(&set->lock);
	set->max_depth = 100;
	set->max_steps = 1000000;
	return set;
}

void
mus_set_add_dir(struct mus_set *set, const char *dir, const char *display)
{
	set->dirs = xreallocarray(set->dirs, set->ndirs + 1,
	    sizeof(*set->dirs));
	set->dirs[set->ndirs].path = xstrdup(dir);
	set->dirs[set->ndirs].display = xstrdup(display ? display : dir);
	set->ndirs++;
}

void
mus_set_add_string(struct mus_set *set, const char *name, const char *text,
    size_t len)
{
	struct mus_src *s;

	set->srcs = xreallocarray(set->srcs, set->nsrcs + 1,
	    sizeof(*set->srcs));
	s = &set->srcs[set->nsrcs++];
	s->name = xstrdup(name);
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
}

void
mus_set_limits(struct mus_set *set, unsigned max_depth,
    unsigned long max_steps)
{
	if (max_depth > 0)
		set->max_depth = max_depth;
	if (max_steps > 0)
		set->max_steps = max_steps;
}

void
mus_set_free(struct mus_set *set)
{
	struct mus_tpl *t;
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ntpls; i++) {
		t = set->tpls[i];
		free_ops(t->ops, t->nops);
		if (t->file != NULL)
			diag_file_text(t->file, NULL, 0);
		free(t->src);
		free(t->name);
		free(t);
	}
	for (i = 0; i < set->ndirs; i++) {
		free(set->dirs[i].path);
		free(set->dirs[i].display);
	}
	for (i = 0; i < set->nsrcs; i++) {
		free(set->srcs[i].name);
		free(set->srcs[i].text);
	}
	free(set->tpls);
	free(set->dirs);
	free(set->srcs);
	pthread_mutex_destroy(&set->lock);
	free(set);
}
