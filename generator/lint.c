/* SPDX-License-Identifier: ISC */
/* signpost check on Markdown: language, safe messaging, access, readability. */
/*
 * This file includes cmark itself instead of going through markdown.c:
 * the checks need the tree with source positions (block start and end,
 * images, links, code spans, raw HTML, block quotes), which markdown.c's
 * render-to-buffer interface does not give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "buf.h"
#include "diag.h"
#include "lint.h"
#include "lintint.h"
#include "markdown.h"
#include "value.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- positions */

static void
index_lines(struct lint_ctx *c)
{
	const char *p = c->md, *end = c->md + c->len, *nl;
	size_t cap = 64;

	c->lines = xcalloc(cap, sizeof(*c->lines));
	c->lines[c->nlines++] = 0;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (c->nlines == cap) {
			cap *= 2;
			c->lines = xreallocarray(c->lines, cap,
			    sizeof(*c->lines));
		}
		c->lines[c->nlines++] = (size_t)(nl - c->md) + 1;
		p = nl + 1;
	}
}

/* Line (in the file) and column (characters, from 1) of md offset off. */
void
lint_pos(const struct lint_ctx *c, size_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi = c->nlines, i;
	unsigned n = 1;

	if (off > c->len)
		off = c->len;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = c->lines[lo]; i < off; i++)
		if (((unsigned char)c->md[i] & 0xc0) != 0x80)
			n++;
	*line = (unsigned)lo + 1 + c->line_offset;
	*col = n + c->col_offset;
}

/* The md offset of a cmark (line, byte column) position, both from 1. */
static size_t
node_off(const struct lint_ctx *c, int line, int col)
{
	size_t off;

	if (line < 1 || (size_t)line > c->nlines)
		return c->len;
	off = c->lines[line - 1] + (col > 0 ? (size_t)col - 1 : 0);
	return off > c->len ? c->len : off;
}

/* The md offset of byte off of the block text (see lint_span). */
static size_t
text_md(const struct lint_ctx *c, size_t off)
{
	size_t lo = 0, hi = c->nspans;
	const struct lint_span *sp;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->spans[mid].text <= off)
			lo = mid;
		else
			hi = mid;
	}
	sp = &c->spans[lo];
	return sp->md + (sp->run ? off - sp->text : 0);
}

static void
where_pos(const struct lint_ctx *c, const struct lint_where *w, size_t off,
    unsigned *line, unsigned *col)
{
	size_t i;

	if (w->mapped) {
		lint_pos(c, text_md(c, off), line, col);
		return;
	}
	*line = w->line;
	*col = w->col;
	for (i = 0; i < off; i++)
		if (((unsigned char)w->s[i] & 0xc0) != 0x80)
			(*col)++;
}

void
lint_finding(struct lint_ctx *c, enum lint_severity sev, unsigned line, unsigned col,
    const char *rule, const char *text, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	lint_result_add(c->res, sev, line, col, rule, text, msg.ptr);
	buf_release(&msg);
}

/* A finding at md offset off. */
#define FINDING_AT(c, sev, off, ...) do {				\
	unsigned l_, c_;						\
	lint_pos((c), (off), &l_, &c_);					\
	lint_finding((c), (sev), l_, c_, __VA_ARGS__);			\
} while (0)

/* ---------------------------------------------------------------- block text */

/*
 * The text from byte c->text.len on stands at md offset at (run 0) or
 * at, at + 1 ... (run 1), until the next span.  A span that the last
 * one already implies is not added.
 */
static void
span_add(struct lint_ctx *c, size_t at, int run)
{
	struct lint_span *sp;
	size_t from = c->text.len;

	if (c->nspans > 0) {
		sp = &c->spans[c->nspans - 1];
		if (sp->run && run && sp->md + (from - sp->text) == at)
			return;
		if (!sp->run && !run && sp->md == at)
			return;
	}
	if (c->nspans == c->capspans) {
		c->capspans = c->capspans ? 2 * c->capspans : 64;
		c->spans = xreallocarray(c->spans, c->capspans,
		    sizeof(*c->spans));
	}
	sp = &c->spans[c->nspans++];
	sp->text = from;
	sp->md = at;
	sp->run = run;
}

/* Append n bytes of text that all stand at md offset at. */
static void
map_put(struct lint_ctx *c, const char *s, size_t n, size_t at)
{
	if (n == 0)
		return;
	span_add(c, at, 0);
	buf_put(&c->text, s, n);
}

/* Where s first is in the source from c->cur, starting at most at last. */
static size_t
find_upto(const struct lint_ctx *c, const char *s, size_t n, size_t last)
{
	size_t i;

	if (n == 0)
		return c->cur;
	/* The first byte before a call: markup often comes first. */
	for (i = c->cur; i <= last && i + n <= c->end; i++)
		if (c->md[i] == s[0] && memcmp(c->md + i, s, n) == 0)
			return i;
	return (size_t)-1;
}

static size_t
find_from(const struct lint_ctx *c, const char *s, size_t n)
{
	return find_upto(c, s, n, c->end);
}

/* Append n bytes of text that stand at md offsets at, at + 1...; on. */
static void
map_run(struct lint_ctx *c, const char *s, size_t n, size_t at)
{
	if (n > 0) {
		span_add(c, at, 1);
		buf_put(&c->text, s, n);
	}
	c->cur = at + n;
}

/*
 * Append a text node's literal and map each byte to the source.  The
 * literal is usually found as written; entities and backslash escapes
 * make it differ, and then each character is matched in order,
 * stepping over what the source has in between.
 */
static void
add_text(struct lint_ctx *c, const char *lit, size_t n)
{
	size_t at = find_from(c, lit, n), i, s;

	if (at != (size_t)-1) {
		map_run(c, lit, n, at);
		return;
	}
	for (i = 0, s = c->cur; i < n; i++) {
		while (s < c->end && c->md[s] != lit[i] && c->md[s] != '&')
			s++;
		span_add(c, s, 1);
		buf_putc(&c->text, lit[i]);
		if (s < c->end && c->md[s] == '&' && lit[i] != '&') {
			const char *semi = memchr(c->md + s, ';',
			    c->end - s < 12 ? c->end - s : 12);

			/* The entity stands for this whole character. */
			while (i + 1 < n && ((unsigned char)lit[i + 1] & 0xc0)
			    == 0x80) {
				span_add(c, s, 0);
				buf_putc(&c->text, lit[++i]);
			}
			s = semi ? (size_t)(semi - c->md) + 1 : s + 1;
		} else if (s < c->end)
			s++;
	}
	c->cur = s;
}

/*
 * With smart punctuation cmark writes ’ ‘ “ ” for ' and ", – and — for
 * "--" and "---", and … for "...".  The checks read the text as written:
 * the ASCII the source has.  The byte a character at u (3 bytes) stands
 * for and how many of it (*n), or 0 for other characters.
 */
static int
smart_char(const unsigned char *u, size_t *n)
{
	if (u[0] != 0xe2 || u[1] != 0x80)
		return 0;
	*n = 1;
	switch (u[2]) {
	case 0x98:	/* ‘ */
	case 0x99:	/* ’ */
		return '\'';
	case 0x9c:	/* “ */
	case 0x9d:	/* ” */
		return '"';
	case 0x93:	/* – */
		*n = 2;
		return '-';
	case 0x94:	/* — */
		*n = 3;
		return '-';
	case 0xa6:	/* … */
		*n = 3;
		return '.';
	default:
		return 0;
	}
}

/*
 * The code point of the entity at p (n bytes there) if it is one of the
 * characters smart punctuation makes (&rsquo;, &#8212;, &mdash; ...),
 * else 0.
 */
static uint32_t
smart_entity(const char *p, size_t n)
{
	static const struct {
		const char	*name;
		uint32_t	 cp;
	} names[] = {
		{ "&lsquo;", 0x2018 }, { "&rsquo;", 0x2019 },
		{ "&rsquor;", 0x2019 }, { "&ldquo;", 0x201c },
		{ "&rdquo;", 0x201d }, { "&rdquor;", 0x201d },
		{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 },
		{ "&hellip;", 0x2026 }, { "&mldr;", 0x2026 },
	};
	uint32_t v = 0;
	size_t i, k;
	int hex;

	if (n < 4 || p[0] != '&')
		return 0;
	if (p[1] != '#') {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			k = strlen(names[i].name);
			if (k <= n && memcmp(p, names[i].name, k) == 0)
				return names[i].cp;
		}
		return 0;
	}
	hex = p[2] == 'x' || p[2] == 'X';
	for (i = hex ? 3 : 2; i < n && i < 12 && p[i] != ';'; i++) {
		char ch = p[i];

		if (ch >= '0' && ch <= '9')
			v = v * (hex ? 16 : 10) + (uint32_t)(ch - '0');
		else if (hex && ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'))
			v = v * 16 + (uint32_t)((ch | 0x20) - 'a' + 10);
		else
			return 0;
	}
	if (i >= n || p[i] != ';')
		return 0;
	return v == 0x2018 || v == 0x2019 || v == 0x201c || v == 0x201d ||
	    v == 0x2013 || v == 0x2014 || v == 0x2026 ? v : 0;
}

/* The code point of a 3-byte character E2 80 xx. */
#define SMART_CP(u)	(0x2000u | ((unsigned char)(u)[2] & 0x3f))

/*
 * One smart character (3 bytes at lit): the next place from the cursor
 * that has its ASCII, or the character itself as written, goes into the
 * text.
 */
static void
add_smart(struct lint_ctx *c, const char *lit, int ch, size_t n)
{
	size_t i, k;

	for (i = c->cur; i < c->end; i++) {
		if (i + 3 <= c->end && memcmp(c->md + i, lit, 3) == 0) {
			n = 3;
			break;
		}
		if (c->md[i] == '&' && smart_entity(c->md + i, c->end - i) ==
		    SMART_CP(lit)) {
			/* An entity (&rsquo;) stands for it, as in add_text. */
			const char *semi = memchr(c->md + i, ';',
			    c->end - i < 12 ? c->end - i : 12);

			map_put(c, lit, 3, i);
			c->cur = semi ? (size_t)(semi - c->md) + 1 : i + 1;
			return;
		}
		if (c->md[i] != ch || i + n > c->end)
			continue;
		for (k = 1; k < n && c->md[i + k] == ch; k++)
			;
		if (k == n)
			break;
	}
	if (i >= c->end) {
		/* Lost: the ASCII as add_text matches a literal it lost. */
		char ascii[3];

		memset(ascii, ch, n);
		add_text(c, ascii, n);
		return;
	}
	map_run(c, c->md + i, n, i);
}

/*
 * A text node of a tree with smart punctuation: as add_text on the text
 * the source has.  Mostly the literal with its smart characters put back
 * is found as written; else it goes a piece at a time.
 */
static void
add_text_smart(struct lint_ctx *c, const char *lit, size_t len)
{
	const unsigned char *u = (const unsigned char *)lit;
	struct buf *a = &c->ascii;
	size_t i, k, n, at, from;
	int ch;

	if (memchr(lit, 0xe2, len) == NULL) {
		add_text(c, lit, len);
		return;
	}
	buf_reset(a);
	for (i = 0; i < len; i++) {
		if (i + 3 <= len && (ch = smart_char(u + i, &n)) != 0) {
			for (k = 0; k < n; k++)
				buf_putc(a, (char)ch);
			i += 2;
		} else
			buf_putc(a, lit[i]);
	}
	/*
	 * The literal as written (curly quotes typed so) when it comes
	 * first; an entity before the ASCII (&rsquo;) may stand for the
	 * character: then a piece at a time.
	 */
	at = find_from(c, a->ptr, a->len);
	if ((from = find_upto(c, lit, len, at)) != (size_t)-1) {
		map_run(c, lit, len, from);
		return;
	}
	for (i = c->cur; at != (size_t)-1 && i < at; i++)
		if (c->md[i] == '&' && smart_entity(c->md + i, at - i) != 0)
			break;
	if (at != (size_t)-1 && i == at) {
		map_run(c, a->ptr, a->len, at);
		return;
	}
	for (i = from = 0; i < len; i++) {
		if (i + 3 > len || (ch = smart_char(u + i, &n)) == 0)
			continue;
		if (i > from)
			add_text(c, lit + from, i - from);
		add_smart(c, lit + i, ch, n);
		i += 2;
		from = i + 1;
	}
	if (len > from)
		add_text(c, lit + from, len - from);
}

/* Step the cursor over a literal that is not part of the text. */
static void
skip_literal(struct lint_ctx *c, const char *lit, size_t n)
{
	size_t at = find_from(c, lit, n);

	if (at != (size_t)-1)
		c->cur = at + n;
}

/* After a link or image: step over "](url)", "][ref]" or ">". */
static void
skip_link_tail(struct lint_ctx *c)
{
	size_t i = c->cur;
	int depth = 0;

	while (i < c->end && (c->md[i] == ' ' || c->md[i] == '\n'))
		i++;
	if (i < c->end && c->md[i] == '>') {
		c->cur = i + 1;
		return;
	}
	if (i >= c->end || c->md[i] != ']')
		return;
	i++;
	if (i < c->end && (c->md[i] == '(' || c->md[i] == '[')) {
		char open = c->md[i], close = open == '(' ? ')' : ']';

		for (; i < c->end; i++) {
			if (c->md[i] == open)
				depth++;
			else if (c->md[i] == close && --depth == 0) {
				i++;
				break;
			}
		}
	}
	c->cur = i;
}

/* ---------------------------------------------------------------- matching */

static int
set_in_range(const struct lint_toks *t, const struct lint_wset *s, size_t lo,
    size_t hi, unsigned sent)
{
	size_t i;

	for (i = lo; i < hi && i < t->n; i++)
		if (t->v[i].sent == sent && lint_wset_has(s, LINT_TOKW(t, i)))
			return 1;
	return 0;
}

static int
near(const struct lint_toks *t, const struct lint_wset *s, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if ((i < a || i >= b) && t->v[i].sent == t->v[a].sent &&
		    lint_wset_has(s, LINT_TOKW(t, i)))
			return 1;
	return 0;
}

static int
cond_holds(const struct lint_cond *k, const struct lint_toks *t, size_t a,
    size_t b)
{
	unsigned sent = t->v[a].sent;
	size_t lo = a > k->gap ? a - k->gap : 0;

	if (k->near && !near(t, k->near, a, b))
		return 0;
	if (k->unless_near && near(t, k->unless_near, a, b))
		return 0;
	if (k->before && !set_in_range(t, k->before, b, b + k->gap, sent))
		return 0;
	if (k->unless_before && set_in_range(t, k->unless_before, b,
	    b + k->gap, sent))
		return 0;
	if (k->after && !set_in_range(t, k->after, lo, a, sent))
		return 0;
	if (k->unless_after && set_in_range(t, k->unless_after, lo, a, sent))
		return 0;
	return 1;
}

/*
 * Length in words of pattern p (prepared) at token i, or 0.  The words
 * before from are known to match: a pattern found through the word
 * the token is (lint_tok.word) needs no compare of its first.
 */
static size_t
pat_at(const struct lint_pat *p, const struct lint_toks *t, size_t i,
    size_t from)
{
	const struct lint_tok *tok;
	unsigned sent;
	size_t k;

	if (i + p->n > t->n)
		return 0;
	sent = t->v[i].sent;
	for (k = from; k < p->n; k++) {
		tok = &t->v[i + k];
		if (tok->sent != sent)
			return 0;
		switch (p->wkind[k]) {
		case LW_ANY:
			break;
		case LW_PREFIX:
			if (tok->nlen < p->wlen[k] || memcmp(p->w[k],
			    t->norm.ptr + tok->norm, p->wlen[k]) != 0)
				return 0;
			break;
		default:
			if (tok->nlen != p->wlen[k] || memcmp(p->w[k],
			    t->norm.ptr + tok->norm, p->wlen[k]) != 0)
				return 0;
			break;
		}
	}
	return p->n;
}

/* Does allow pattern p match at token i (capitals must agree)? */
static int
allowed_at(const struct lint_pat *p, const struct lint_toks *t, size_t i,
    const char *s)
{
	size_t k;

	if (i + p->n > t->n)
		return 0;
	for (k = 0; k < p->n; k++) {
		const struct lint_tok *tok = &t->v[i + k];
		const char *w = t->norm.ptr + tok->norm;
		char first = s[tok->off];

		/* Literal words: a star is a character no word holds. */
		if (p->wkind[k] != LW_EXACT || tok->nlen != p->wlen[k] ||
		    (p->w[k][0] | 0x20) != w[0] ||
		    memcmp(p->w[k] + 1, w + 1, tok->nlen) != 0)
			return 0;
		if ((p->w[k][0] >= 'A' && p->w[k][0] <= 'Z') &&
		    !(first >= 'A' && first <= 'Z'))
			return 0;
	}
	return 1;
}

/* The lists of patterns that can start at token i, as lint_dict holds them. */
#define STARTS(r, t, i, bk, list) do {					\
	const struct lint_tok *k_ = &(t)->v[(i)];			\
									\
	(bk)[0] = k_->word != NULL ? &k_->word->pats.list : NULL;	\
	(bk)[1] = k_->prefix != NULL ? &k_->prefix->list : NULL;	\
	(bk)[2] = &(r)->dict.any.list;					\
} while (0)

/* Mark the words of proper names on the allow list (capitals must agree). */
static void
mark_allowed(const struct lint_rules *r, struct lint_toks *t, const char *s)
{
	const struct lint_bucket *bk[3];
	size_t i, j, k, q;

	if (!(t->lists & LT_ALLOWS))
		return;
	for (i = 0; i < t->n; i++) {
		if (!(t->v[i].flags & LT_ALLOWS))
			continue;
		STARTS(r, t, i, bk, allow);
		for (q = 0; q < 3; q++)
			for (j = 0; bk[q] != NULL && j < bk[q]->n; j++) {
				const struct lint_pat *p = bk[q]->v[j].pat;

				if (!allowed_at(p, t, i, s))
					continue;
				for (k = 0; k < p->n; k++)
					t->v[i + k].flags |= LT_ALLOWED;
			}
	}
}

static int
mentions(const struct lint_rules *r, const struct lint_toks *t)
{
	const struct lint_bucket *bk[3];
	size_t i, j, q;

	if (!(t->lists & LT_MENTIONS))
		return 0;
	for (i = 0; i < t->n; i++) {
		if (!(t->v[i].flags & LT_MENTIONS))
			continue;
		STARTS(r, t, i, bk, mentions);
		for (q = 0; q < 3; q++)
			for (j = 0; bk[q] != NULL && j < bk[q]->n; j++)
				if (pat_at(bk[q]->v[j].pat, t, i, q == 0))
					return 1;
	}
	return 0;
}

/* Try the candidates of one bucket; keep the longest, ties to the lower term. */
static void
try_bucket(const struct lint_rules *r, const struct lint_bucket *b,
    const struct lint_toks *t, size_t i, size_t from, size_t *len,
    size_t *bestk)
{
	const struct lint_term *term;
	size_t j, c, n;

	for (j = 0; j < b->n; j++) {
		term = &r->terms[b->v[j].term];
		if (term->sev == LINT_OFF)
			continue;
		if ((n = pat_at(b->v[j].pat, t, i, from)) == 0 || n < *len ||
		    (n == *len && b->v[j].term >= *bestk))
			continue;
		if (t->v[i + n - 1].flags & LT_HYPH_AFTER)
			continue;
		for (c = 0; c < term->nconds; c++)
			if (cond_holds(&term->conds[c], t, i, i + n))
				break;
		if (term->nconds > 0 && c == term->nconds)
			continue;
		*len = n;
		*bestk = b->v[j].term;
	}
}

/* The longest term that matches at token i with its context; 0 if none. */
static size_t
best_at(const struct lint_rules *r, const struct lint_toks *t, size_t i,
    const struct lint_term **best)
{
	const struct lint_bucket *bk[3];
	size_t len = 0, bestk = (size_t)-1, q;

	if (!(t->v[i].flags & LT_TERMS))
		return 0;
	STARTS(r, t, i, bk, terms);
	for (q = 0; q < 3; q++)
		if (bk[q] != NULL)
			try_bucket(r, bk[q], t, i, q == 0, &len, &bestk);
	if (len > 0)
		*best = &r->terms[bestk];
	return len;
}

static int
skipped(const struct lint_toks *t, size_t a, size_t n)
{
	size_t k;

	for (k = a; k < a + n; k++)
		if (t->v[k].flags & (LT_QUOTED | LT_ALLOWED))
			return 1;
	return 0;
}

/*
 * Language rules over one text.  off(i) gives the source position of a
 * byte of s; a match is reported at its first word.
 */
static void
check_language(struct lint_ctx *c, const struct lint_where *w, struct lint_toks *t)
{
	const struct lint_term *term = NULL;
	struct buf found = BUF_INIT, note = BUF_INIT;
	const char *s = w->s;
	unsigned line, col;
	size_t i, n, k;

	for (i = 0; (t->lists & LT_TERMS) && i < t->n; i++) {
		if (t->v[i].flags & LT_HYPH_BEFORE)
			continue;
		if ((n = best_at(c->rules, t, i, &term)) == 0)
			continue;
		if (skipped(t, i, n)) {
			i += n - 1;
			continue;
		}
		buf_reset(&found);
		buf_put(&found, s + t->v[i].off, t->v[i + n - 1].end -
		    t->v[i].off);
		for (k = 0; k < found.len; k++)
			if (found.ptr[k] == '\n')
				found.ptr[k] = ' ';
		for (k = i; k < i + n; k++)
			t->v[k].flags |= LT_USED;
		where_pos(c, w, t->v[i].off, &line, &col);
		buf_reset(&note);
		if (term->prefer_more != NULL)
			buf_printf(&note, "also %s; ", term->prefer_more);
		buf_puts(&note, term->note);
		if (term->prefer[0] == '(')
			lint_finding(c, term->sev, line, col, term->rule,
			    term->term, "'%s' can stigmatise %s", found.ptr,
			    term->prefer);
		else
			lint_finding(c, term->sev, line, col, term->rule,
			    term->term, "'%s' can stigmatise; prefer '%s'",
			    found.ptr, term->prefer);
		lint_result_note(c->res, note.ptr);
		i += n - 1;
	}
	buf_release(&found);
	buf_release(&note);
}

static int
about_suicide(const struct lint_rules *r, const struct lint_toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (lint_wset_has(r->suicide, LINT_TOKW(t, i)))
			return 1;
	return mentions(r, t);
}

/* Headline patterns from the safe-messaging guides. */
static void
check_headline(struct lint_ctx *c, const struct lint_where *wh,
    const struct lint_toks *t)
{
	const struct lint_rules *r = c->rules;
	int suicide = about_suicide(r, t);
	const char *s = wh->s;
	unsigned line, col;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *w = LINT_TOKW(t, i);
		int len = (int)(t->v[i].end - t->v[i].off);

		if (t->v[i].flags & (LT_USED | LT_QUOTED | LT_ALLOWED))
			continue;
		if (lint_wset_has(r->sensational, w) || (suicide &&
		    lint_wset_has(r->sensational_suicide, w))) {
			where_pos(c, wh, t->v[i].off, &line, &col);
			lint_finding(c, LINT_WARNING, line, col,
			    "safe-messaging/sensational-headline", w,
			    "'%.*s' in a headline sensationalises; describe "
			    "rates and facts plainly", len, s + t->v[i].off);
		} else if (suicide && lint_wset_has(r->method, w)) {
			where_pos(c, wh, t->v[i].off, &line, &col);
			lint_finding(c, LINT_WARNING, line, col,
			    "safe-messaging/method-in-headline", w,
			    "'%.*s' in a headline about suicide points to a "
			    "method or place; leave it out", len,
			    s + t->v[i].off);
		}
	}
}

/* ---------------------------------------------------------------- access */

static const char *const vague_links[] = {
	"click here", "here", "read more", "more", "this", "this link",
	"link", "click", "click this link", "this page", "go", NULL
};
/* The longest of them: a longer link text need not be compared. */
#define VAGUE_MAX	15

static int
is_url_text(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0
	    || strncmp(s, "www.", 4) == 0;
}

/* The text [from, end) of the block, trimmed, lower-case, spaces folded. */
static void
folded(const struct buf *text, size_t from, struct buf *out)
{
	char *o;
	size_t i;
	int sp = 0;

	buf_reset(out);
	buf_grow(out, text->len - from);
	o = out->ptr;
	for (i = from; i < text->len; i++) {
		char ch = text->ptr[i];

		if (ch == ' ' || ch == '\n' || ch == '\t') {
			sp = o > out->ptr;
			continue;
		}
		if (sp)
			*o++ = ' ';
		sp = 0;
		*o++ = ch >= 'A' && ch <= 'Z' ? ch + 'a' - 'A' : ch;
	}
	while (o > out->ptr && strchr(".:!,", o[-1]))
		o--;
	*o = '\0';
	out->len = (size_t)(o - out->ptr);
}

static int
vague_link(const struct buf *t)
{
	size_t i;

	if (t->len > VAGUE_MAX)
		return 0;
	for (i = 0; vague_links[i] != NULL; i++)
		if (strcmp(t->ptr, vague_links[i]) == 0)
			return 1;
	return 0;
}

static void
check_link(struct lint_ctx *c, cmark_node *n)
{
	struct buf *t = &c->fold;

	folded(&c->text, c->link_text, t);
	if (vague_link(t))
		FINDING_AT(c, LINT_WARNING, c->link_at, "a11y/link-text",
		    t->ptr, "link text '%s' does not say where the link goes",
		    t->ptr);
	else if (is_url_text(t->ptr))
		FINDING_AT(c, LINT_WARNING, c->link_at, "a11y/link-text",
		    NULL, "link text is a bare URL; say where the link goes");
	(void)n;
}

/* An alt text that is a file name: "IMG_2041.jpg", "photo.png", "DSC0012". */
static int
filename_alt(const char *alt, const char *url)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".gif",
	    ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff", ".heic", NULL };
	const char *base = url ? strrchr(url, '/') : NULL;
	size_t n = strlen(alt), i;

	if (strchr(alt, ' ') == NULL) {
		for (i = 0; ext[i] != NULL; i++)
			if (n > strlen(ext[i]) && strcasecmp(alt + n -
			    strlen(ext[i]), ext[i]) == 0)
				return 1;
		if (strncasecmp(alt, "img", 3) == 0 || strncasecmp(alt, "dsc",
		    3) == 0 || strncasecmp(alt, "image", 5) == 0)
			if (strpbrk(alt, "0123456789_-") != NULL)
				return 1;
	}
	base = base ? base + 1 : url;
	return base != NULL && *base != '\0' && strncasecmp(alt, base, n) == 0
	    && (base[n] == '\0' || base[n] == '.');
}

static void
check_image(struct lint_ctx *c, cmark_node *n)
{
	folded(&c->alt, 0, &c->fold);
	if (c->fold.len == 0)
		FINDING_AT(c, LINT_WARNING, c->image_at, "a11y/image-alt", NULL,
		    "image has no alt text; describe what it shows");
	else if (filename_alt(c->alt.ptr, cmark_node_get_url(n)))
		FINDING_AT(c, LINT_WARNING, c->image_at, "a11y/image-alt", NULL,
		    "image alt text '%s' is a file name; describe what it "
		    "shows", c->alt.ptr);
}

static int
tag_at(const char *s, size_t n, size_t i, const char *tag)
{
	size_t k = strlen(tag);

	return i + k <= n && strncasecmp(s + i, tag, k) == 0 &&
	    (i + k == n || strchr(" \t\n>/", s[i + k]) != NULL);
}

/*
 * Raw HTML: tables need header cells, images need alt.  A table may run
 * over several HTML blocks, so its state lives in the context.  off(i)
 * is the source offset of byte i of s (approximate after the first line
 * of a block in a container).
 */
static void
check_html(struct lint_ctx *c, const char *s, size_t n, int line, int col)
{
	size_t i, end, nl = 0, ls = 0, off;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			nl++;
			ls = i + 1;
			continue;
		}
		if (s[i] != '<')
			continue;
		/* Later lines of a block in a container: same indent. */
		off = node_off(c, line + (int)nl, col) + (i - ls);
		if (tag_at(s, n, i, "<table")) {
			c->table_open = 1;
			c->table_th = 0;
			c->table_at = off;
		} else if (tag_at(s, n, i, "<th"))
			c->table_th = 1;
		else if (tag_at(s, n, i, "</table")) {
			if (c->table_open && !c->table_th)
				FINDING_AT(c, LINT_WARNING, c->table_at,
				    "a11y/table-headers", NULL, "table has no "
				    "header cells; mark them with <th>");
			c->table_open = 0;
		} else if (tag_at(s, n, i, "<img")) {
			for (end = i; end < n && s[end] != '>'; end++)
				;
			for (size_t k = i; k + 4 < end; k++)
				if (strncasecmp(s + k, " alt", 4) == 0 &&
				    strchr("= \t\n", s[k + 4]) != NULL)
					goto next;
			FINDING_AT(c, LINT_WARNING, off, "a11y/image-alt",
			    NULL, "image has no alt attribute; describe what "
			    "it shows");
		}
next:		;
	}
}

static void
check_capitals(struct lint_ctx *c, const struct lint_toks *t)
{
	size_t i, up = 0, low = 0;

	if (t->n < 4)
		return;
	/* Stop once the lower case is too much for any count of capitals. */
	for (i = 0; i < c->text.len && low * 20 < c->text.len; i++)
		if (c->text.ptr[i] >= 'A' && c->text.ptr[i] <= 'Z')
			up++;
		else if (c->text.ptr[i] >= 'a' && c->text.ptr[i] <= 'z')
			low++;
	if (t->n >= 4 && up >= 16 && low * 20 < up)
		FINDING_AT(c, LINT_WARNING, text_md(c, 0), "a11y/capitals",
		    NULL, "paragraph in capitals is hard to read; use "
		    "sentence case and bold for emphasis");
}

/* ---------------------------------------------------------------- blocks */

static void
begin_block(struct lint_ctx *c, cmark_node *n)
{
	buf_reset(&c->text);
	c->nspans = 0;
	c->cur = node_off(c, cmark_node_get_start_line(n),
	    cmark_node_get_start_column(n));
	c->end = node_off(c, cmark_node_get_end_line(n),
	    cmark_node_get_end_column(n)) + 1;
	if (c->end > c->len || c->end < c->cur)
		c->end = c->len;
	c->plain_block = c->plain.len;
}

/*
 * The characters end_plain looks at, as strchr(set, ch) != NULL would
 * tell them (the NUL is in every set), without a call a byte.
 */
static int
plain_space(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\0';
}

static int
plain_closing(char ch)
{
	return ch == '"' || ch == '\'' || ch == ')' || ch == ']' ||
	    ch == '*' || ch == '_' || ch == '\0';
}

static int
plain_stop(char ch)
{
	return ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == '\0';
}

/* End the block's plain text as a sentence: headings and items count. */
static void
end_plain(struct lint_ctx *c)
{
	struct buf *p = &c->plain;
	size_t k;

	while (p->len > c->plain_block && plain_space(p->ptr[p->len - 1]))
		p->len--;
	p->ptr[p->len] = '\0';
	if (p->len == c->plain_block)
		return;
	for (k = p->len; k > c->plain_block && plain_closing(p->ptr[k - 1]);
	    k--)
		;
	if (k > c->plain_block && !plain_stop(p->ptr[k - 1]))
		buf_putc(p, '.');
	buf_put(p, "\n\n", 2);
}

static void
end_block(struct lint_ctx *c, cmark_node *n)
{
	struct lint_toks *t = &c->toks;
	struct lint_where w;
	size_t i;

	w.mapped = 1;
	w.s = c->text.ptr;
	w.line = w.col = 0;
	lint_retokenize(c->text.ptr, c->text.len, t);
	lint_toks_lookup(c->rules, t);
	for (i = 0; c->quote_depth > 0 && i < t->n; i++)
		t->v[i].flags |= LT_QUOTED;
	mark_allowed(c->rules, t, c->text.ptr);
	if (mentions(c->rules, t))
		c->res->mentions_suicide = 1;
	if (!c->res->other_language)
		check_language(c, &w, t);
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
	    !c->res->other_language)
		check_headline(c, &w, t);
	else if (c->text.len > 0)
		check_capitals(c, t);
	end_plain(c);
	buf_reset(&c->text);
	c->nspans = 0;
}

static void
enter_heading(struct lint_ctx *c, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);

	if (level > c->prev_level + 1)
		FINDING_AT(c, LINT_WARNING, c->cur, "a11y/heading-order", NULL,
		    "heading level %d follows level %d; do not skip levels",
		    level, c->prev_level);
	c->prev_level = level;
}

/* An image starts at "![", its alt is its text; then "](url)" follows. */
static void
image_node(struct lint_ctx *c, cmark_node *n, int enter)
{
	size_t at;

	if (enter) {
		at = find_from(c, "![", 2);
		c->image_at = at == (size_t)-1 ? c->cur : at;
		c->cur = at == (size_t)-1 ? c->cur : at + 2;
		if (c->image_depth++ == 0)
			buf_reset(&c->alt);
		return;
	}
	if (--c->image_depth == 0)
		check_image(c, n);
	skip_link_tail(c);
}

/* A link starts at "[" or, for an autolink, "<". */
static void
link_node(struct lint_ctx *c, cmark_node *n, int enter)
{
	size_t at;

	if (enter) {
		for (at = c->cur; at < c->end && c->md[at] != '[' &&
		    c->md[at] != '<'; at++)
			;
		c->link_at = at < c->end ? at : c->cur;
		c->cur = at < c->end ? at + 1 : c->cur;
		c->link_text = c->text.len;
		return;
	}
	check_link(c, n);
	skip_link_tail(c);
}

/* Node n of type type (walk has it already). */
static void
inline_node(struct lint_ctx *c, cmark_node *n, cmark_node_type type,
    cmark_event_type ev)
{
	const char *lit = NULL;
	size_t len = 0, at;

	/* Only these use their literal: not the lists, items, emphasis. */
	if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
	    type == CMARK_NODE_HTML_INLINE) {
		lit = cmark_node_get_literal(n);
		len = lit ? strlen(lit) : 0;
	}
	switch (type) {
	case CMARK_NODE_TEXT:
		/* The text as the source has it: see add_text_smart. */
		at = c->text.len;
		if (c->smart)
			add_text_smart(c, lit, len);
		else
			add_text(c, lit, len);
		buf_put(c->image_depth > 0 ? &c->alt : &c->plain,
		    c->text.ptr + at, c->text.len - at);
		break;
	case CMARK_NODE_CODE:
		skip_literal(c, lit, len);
		map_put(c, " ", 1, c->cur);
		buf_putc(&c->plain, ' ');
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		map_put(c, " ", 1, c->cur);
		buf_putc(c->image_depth ? &c->alt : &c->plain, ' ');
		break;
	case CMARK_NODE_HTML_INLINE:
		if ((at = find_from(c, lit, len)) != (size_t)-1) {
			unsigned line, col;

			lint_pos(c, at, &line, &col);
			check_html(c, lit, len, (int)(line - c->line_offset),
			    (int)(at - c->lines[line - c->line_offset - 1] +
			    1));
			c->cur = at + len;
		}
		break;
	case CMARK_NODE_IMAGE:
		image_node(c, n, ev == CMARK_EVENT_ENTER);
		break;
	case CMARK_NODE_LINK:
		link_node(c, n, ev == CMARK_EVENT_ENTER);
		break;
	default:
		break;
	}
}

static void
walk(struct lint_ctx *c, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node_type type;
	cmark_node *n;
	int enter;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		enter = ev == CMARK_EVENT_ENTER;
		switch ((type = cmark_node_get_type(n))) {
		case CMARK_NODE_BLOCK_QUOTE:
			c->quote_depth += enter ? 1 : -1;
			break;
		case CMARK_NODE_HEADING:
			if (enter) {
				begin_block(c, n);
				enter_heading(c, n);
			} else
				end_block(c, n);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (enter)
				begin_block(c, n);
			else
				end_block(c, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			check_html(c, cmark_node_get_literal(n),
			    strlen(cmark_node_get_literal(n)),
			    cmark_node_get_start_line(n),
			    cmark_node_get_start_column(n));
			break;
		default:
			inline_node(c, n, type, ev);
			break;
		}
	}
	cmark_iter_free(it);
}

/* ---------------------------------------------------------------- pages */

/* The front matter's image needs image_alt, and not a file name. */
static void
check_front_image(struct lint_ctx *c, const struct value *fm)
{
	const struct value_pair *img = value_pair_get(fm, "image");
	const struct value *alt = value_get(fm, "image_alt");

	if (img == NULL || value_str(img->val) == NULL)
		return;
	if (value_str(alt) == NULL || value_str(alt)[0] == '\0')
		lint_finding(c, LINT_WARNING, img->loc.line, img->loc.col,
		    "a11y/image-alt", NULL, "'image' has no 'image_alt'; "
		    "describe what it shows");
	else if (filename_alt(value_str(alt), value_str(img->val)))
		lint_finding(c, LINT_WARNING, alt->loc.line, alt->loc.col,
		    "a11y/image-alt", NULL, "'image_alt' '%s' is a file "
		    "name; describe what it shows", value_str(alt));
}

/* Front matter: the title as a headline, title and summary as text. */
static const struct value *
check_front(struct lint_ctx *c, const struct value *fm)
{
	const struct value *lint, *allow = NULL, *v;
	const struct value_pair *lp;
	static const char *const keys[] = { "title", "summary", NULL };
	size_t i;

	for (i = 0; fm != NULL && keys[i] != NULL; i++) {
		struct lint_toks *t = &c->toks;
		struct lint_where w;

		if ((v = value_get(fm, keys[i])) == NULL || value_str(v) ==
		    NULL)
			continue;
		w.mapped = 0;
		w.s = v->str.ptr;
		w.line = v->loc.line;
		w.col = v->loc.col;
		lint_retokenize(v->str.ptr, v->str.len, t);
		lint_toks_lookup(c->rules, t);
		mark_allowed(c->rules, t, v->str.ptr);
		if (mentions(c->rules, t))
			c->res->mentions_suicide = 1;
		if (!c->res->other_language)
			check_language(c, &w, t);
		if (i == 0 && !c->res->other_language)
			check_headline(c, &w, t);
	}
	check_front_image(c, fm);
	if ((lint = value_get(fm, "lint")) == NULL)
		return NULL;
	allow = value_get(lint, "allow");
	lp = value_pair_get(fm, "lint");
	v = value_get(lint, "reason");
	if (value_len(allow) > 0 && (value_str(v) == NULL ||
	    value_str(v)[0] == '\0'))
		lint_finding(c, LINT_WARNING, lp->loc.line, lp->loc.col,
		    "lint/silence", NULL, "'lint: allow' needs a 'reason'");
	return allow != NULL && allow->type == VALUE_LIST ? allow : NULL;
}

static void
check_readability(struct lint_ctx *c, const struct value *fm)
{
	struct lint_result *r = c->res;
	unsigned line = fm != NULL ? 1 : c->line_offset + 1;

	lint_readability(c->plain.ptr, c->plain.len, &r->read);
	r->has_readability = 1;
	free(r->plain);
	r->plain = buf_detach(&c->plain, NULL);
	/*
	 * Short texts give unstable grades: a few words swing them.  The
	 * formulas are English ones: other languages get scores, no grade.
	 */
	if (r->read.words < 30 || r->read.fk_grade <= c->rules->max_grade ||
	    r->other_language)
		return;
	lint_finding(c, LINT_WARNING, line, 0, "readability/grade", NULL,
	    "reading grade %.1f is above the target %g (Flesch-Kincaid; "
	    "reading ease %.0f, SMOG %.1f); use shorter sentences and "
	    "everyday words", r->read.fk_grade, c->rules->max_grade,
	    r->read.flesch, r->read.smog);
}

int
lint_markdown(const struct lint_rules *rules, const char *file,
    const char *md, size_t len, unsigned line_offset,
    const struct value *front_matter, struct lint_result *res)
{
	return lint_markdown_at(rules, file, md, len, line_offset, 0,
	    front_matter, res);
}

static int
check_tree(const struct lint_rules *rules, const char *file,
    const char *md, size_t len, unsigned line_offset, unsigned col_offset,
    const struct value *front_matter, cmark_node *doc, int smart,
    struct lint_result *res)
{
	struct lint_ctx c;
	const struct value *page;
	size_t errors = res->errors;

	memset(&c, 0, sizeof(c));
	c.rules = rules;
	c.file = file;
	c.md = md;
	c.len = len;
	c.line_offset = line_offset;
	c.col_offset = col_offset;
	c.res = res;
	c.smart = smart;
	c.first = res->len;
	c.prev_level = 1;
	buf_init(&c.text);
	buf_init(&c.plain);
	buf_init(&c.alt);
	buf_init(&c.ascii);
	buf_init(&c.fold);
	buf_init(&c.toks.norm);
	/* A word and a space: room for the words of any block at once. */
	c.toks.cap = len / 5 + 32;
	c.toks.v = xreallocarray(NULL, c.toks.cap, sizeof(*c.toks.v));
	index_lines(&c);
	lint_silences_parse(&c);
	page = check_front(&c, value_deref(front_matter));
	walk(&c, doc);
	check_readability(&c, front_matter);
	lint_silences_apply(&c, page);
	if (res->defer_emit)
		res->emit_from = c.first;
	else
		lint_result_emit(rules, file, res, c.first);
	lint_silences_free(&c);
	free(c.lines);
	free(c.spans);
	buf_release(&c.text);
	buf_release(&c.plain);
	buf_release(&c.alt);
	buf_release(&c.ascii);
	buf_release(&c.fold);
	lint_toks_release(&c.toks);
	return res->errors > errors ? -1 : 0;
}

int
lint_markdown_at(const struct lint_rules *rules, const char *file,
    const char *md, size_t len, unsigned line_offset, unsigned col_offset,
    const struct value *front_matter, struct lint_result *res)
{
	cmark_node *doc = md_parse(md, len, CMARK_OPT_DEFAULT);
	int rc;

	rc = check_tree(rules, file, md, len, line_offset, col_offset,
	    front_matter, doc, 0, res);
	md_tree_free(doc);
	return rc;
}

int
lint_markdown_tree(const struct lint_rules *rules, const char *file,
    const char *md, size_t len, unsigned line_offset,
    const struct value *front_matter, struct cmark_node *doc,
    struct lint_result *res)
{
	return check_tree(rules, file, md, len, line_offset, 0, front_matter,
	    doc, 1, res);
}
