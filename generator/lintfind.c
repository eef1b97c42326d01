/* SPDX-License-Identifier: ISC */
/* Findings: record them, drop the silenced ones, print the rest through diag. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "lint.h"
#include "lintint.h"
#include "value.h"
#include "xalloc.h"

void
lint_result_init(struct lint_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
lint_result_release(struct lint_result *r)
{
	size_t i;

	for (i = 0; i < r->len; i++) {
		free(r->items[i].rule);
		free(r->items[i].msg);
		free(r->items[i].text);
		free(r->items[i].note);
	}
	free(r->items);
	free(r->plain);
	memset(r, 0, sizeof(*r));
}

void
lint_result_add(struct lint_result *r, enum lint_severity sev, unsigned line,
    unsigned col, const char *rule, const char *text, const char *msg)
{
	struct lint_finding *f;

	if (sev == LINT_OFF)
		return;
	if (r->len == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->items = xreallocarray(r->items, r->cap, sizeof(*r->items));
	}
	f = &r->items[r->len++];
	f->sev = sev;
	f->line = line;
	f->col = col;
	f->rule = xstrdup(rule);
	f->msg = xstrdup(msg);
	f->text = text ? xstrdup(text) : NULL;
	f->note = NULL;
}

void
lint_result_note(struct lint_result *r, const char *note)
{
	if (r->len == 0 || note == NULL || note[0] == '\0')
		return;
	free(r->items[r->len - 1].note);
	r->items[r->len - 1].note = xstrdup(note);
}

static int
cmp_finding(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

void
lint_result_emit(const struct lint_rules *rules, const char *file,
    struct lint_result *r, size_t from)
{
	static const enum diag_kind kinds[] = {
		DIAG_NOTE, DIAG_NOTE, DIAG_WARNING, DIAG_ERROR
	};
	struct loc loc;
	size_t i;

	if (r->len > from)
		qsort(r->items + from, r->len - from, sizeof(*r->items),
		    cmp_finding);
	for (i = from; i < r->len; i++) {
		const struct lint_finding *f = &r->items[i];

		if (f->sev == LINT_ERROR)
			r->errors++;
		else if (f->sev == LINT_WARNING)
			r->warnings++;
		else
			r->infos++;
		if (f->sev == LINT_INFO && (rules == NULL || !rules->show_info))
			continue;
		loc.file = file;
		loc.line = f->line;
		loc.col = f->col;
		diag_rule(kinds[f->sev], &loc, f->rule, "%s", f->msg);
		if (f->note != NULL)
			diag_note(NULL, "%s", f->note);
	}
}

void
lint_result_flush(const struct lint_rules *rules, const char *file,
    struct lint_result *r)
{
	lint_result_emit(rules, file, r, r->emit_from);
	r->emit_from = r->len;
}

static void
sil_add_key(struct lint_silence *s, const char *k, size_t n)
{
	size_t i;

	s->keys = xreallocarray(s->keys, s->n + 1, sizeof(*s->keys));
	s->keys[s->n] = xstrndup(k, n);
	for (i = 0; i < n; i++)
		if (s->keys[s->n][i] >= 'A' && s->keys[s->n][i] <= 'Z')
			s->keys[s->n][i] += 'a' - 'A';
	s->n++;
}

/* Parse "allow 'a', "b" because reason"; returns the reason or NULL. */
static const char *
sil_parse(struct lint_silence *s, const char *p, const char *end)
{
	static const char *const open[] = { "'", "\"", "\xe2\x80\x98",
	    "\xe2\x80\x9c", NULL };
	static const char *const close[] = { "'", "\"", "\xe2\x80\x99",
	    "\xe2\x80\x9d", NULL };
	size_t i, k;

	while (p < end) {
		while (p < end && strchr(" \t\n,", *p) != NULL)
			p++;
		if (p >= end)
			break;
		if ((size_t)(end - p) >= 7 && strncmp(p, "because", 7) == 0)
			return p + 7;
		for (i = 0; open[i] != NULL; i++)
			if (strncmp(p, open[i], strlen(open[i])) == 0)
				break;
		if (open[i] != NULL) {
			const char *q = p + strlen(open[i]);

			for (k = 0; q + k < end && strncmp(q + k, close[i],
			    strlen(close[i])) != 0; k++)
				;
			sil_add_key(s, q, k);
			p = q + k + strlen(close[i]);
			continue;
		}
		for (k = 0; p + k < end && strchr(" \t\n,", p[k]) == NULL; k++)
			;
		sil_add_key(s, p, k);
		p += k;
	}
	return NULL;
}

/* memmem is not POSIX. */
static const char *
find_bytes(const char *p, const char *end, const char *needle, size_t n)
{
	while (p + n <= end && (p = memchr(p, needle[0], (size_t)(end - p) -
	    n + 1)) != NULL) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int
blank(const char *s, const char *end)
{
	for (; s < end; s++)
		if (strchr(" \t\n.-:", *s) == NULL)
			return 0;
	return 1;
}

void
lint_silences_parse(struct lint_ctx *c)
{
	const char *p = c->md, *end = c->md + c->len, *q, *reason;
	struct lint_silence *s;
	unsigned line, col;

	while ((p = find_bytes(p, end, "<!--", 4)) != NULL) {
		if ((q = find_bytes(p, end, "-->", 3)) == NULL)
			q = end;
		lint_pos(c, (size_t)(p - c->md), &line, &col);
		p += 4;
		while (p < q && strchr(" \t\n", *p) != NULL)
			p++;
		if ((size_t)(q - p) < 9 || strncmp(p, "signpost:", 9) != 0) {
			p = q;
			continue;
		}
		for (p += 9; p < q && strchr(" \t\n", *p) != NULL; p++)
			;
		if ((size_t)(q - p) < 5 || strncmp(p, "allow", 5) != 0) {
			lint_finding(c, LINT_WARNING, line, col, "lint/silence",
			    NULL, "unknown signpost comment; write <!-- "
			    "signpost: allow 'term' because reason -->");
			p = q;
			continue;
		}
		c->sil = xreallocarray(c->sil, c->nsil + 1, sizeof(*c->sil));
		s = &c->sil[c->nsil++];
		memset(s, 0, sizeof(*s));
		s->line = line;
		reason = sil_parse(s, p + 5, q);
		if (s->n == 0)
			lint_finding(c, LINT_WARNING, line, col, "lint/silence", NULL,
			    "silence names no term; write allow 'term'");
		else if (reason == NULL || blank(reason, q))
			lint_finding(c, LINT_WARNING, line, col, "lint/silence",
			    s->keys[0], "silencing '%s' needs a reason; add "
			    "'because ...'", s->keys[0]);
		p = q;
	}
}

static int
key_matches(const char *key, const struct lint_finding *f)
{
	const char *slash = strchr(f->rule, '/');
	size_t n = strlen(key);

	if (strcmp(key, "*") == 0 || strcmp(key, "all") == 0)
		return 1;
	if (f->text != NULL && strcasecmp(key, f->text) == 0)
		return 1;
	if (strcmp(key, f->rule) == 0 || (slash && strcmp(key, slash + 1) ==
	    0) || (slash && strncmp(key, f->rule, (size_t)(slash - f->rule))
	    == 0 && key[slash - f->rule] == '\0'))
		return 1;
	/* The words as found: "'Commits suicide' can ..." */
	return f->msg[0] == '\'' && strncasecmp(f->msg + 1, key, n) == 0 &&
	    f->msg[n + 1] == '\'';
}

static int
is_silenced(const struct lint_ctx *c, const struct lint_finding *f,
    const struct value *page)
{
	size_t i, k;

	if (strncmp(f->rule, "lint/", 5) == 0)
		return 0;
	for (i = 0; i < c->nsil; i++)
		if (f->line == c->sil[i].line || f->line == c->sil[i].line + 1)
			for (k = 0; k < c->sil[i].n; k++)
				if (key_matches(c->sil[i].keys[k], f))
					return 1;
	for (i = 0; i < value_len(page); i++) {
		char *key = xstrdup(value_str(page->list.items[i]) ?
		    value_str(page->list.items[i]) : "");
		int hit;

		for (char *p = key; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		hit = key_matches(key, f);
		free(key);
		if (hit)
			return 1;
	}
	return 0;
}

/* Drop silenced findings of this call from res. */
void
lint_silences_apply(struct lint_ctx *c, const struct value *page)
{
	struct lint_result *r = c->res;
	size_t i, out = c->first;

	for (i = c->first; i < r->len; i++) {
		if (is_silenced(c, &r->items[i], page)) {
			free(r->items[i].rule);
			free(r->items[i].msg);
			free(r->items[i].text);
			free(r->items[i].note);
			r->silenced++;
			continue;
		}
		r->items[out++] = r->items[i];
	}
	r->len = out;
}

void
lint_silences_free(struct lint_ctx *c)
{
	size_t i, k;

	for (i = 0; i < c->nsil; i++) {
		for (k = 0; k < c->sil[i].n; k++)
			free(c->sil[i].keys[k]);
		free(c->sil[i].keys);
	}
	free(c->sil);
	c->sil = NULL;
	c->nsil = 0;
}
