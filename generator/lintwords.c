/* SPDX-License-Identifier: ISC */
/* Words for the language rules: tokens with sentences, quotes and hyphens. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lintint.h"
#include "xalloc.h"

enum cls {
	C_SPACE,	/* separates words */
	C_WORD,		/* part of a word */
	C_APOS,		/* apostrophe: in a word when between letters */
	C_HYPHEN,	/* hyphen: joins words when between letters */
	C_STOP,		/* . ! ? ; end a sentence before a space */
	C_DQUOTE,	/* " toggles quotation */
	C_OPEN,		/* “ ‘ open a quotation */
	C_CLOSE		/* ” closes one */
};

/* The class of the character at s[i] and its length in bytes. */
static enum cls
classify(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];

	*n = 1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return C_WORD;
	if (c == '\'')
		return C_APOS;
	if (c == '-')
		return C_HYPHEN;
	if (c == '"')
		return C_DQUOTE;
	if (c == '.' || c == '!' || c == '?' || c == ';')
		return C_STOP;
	if (c < 0x80)
		return C_SPACE;
	if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
		unsigned char d = (unsigned char)s[i + 2];

		*n = 3;
		if (d == 0x99)
			return C_APOS;			/* ’ */
		if (d == 0x9c || d == 0x98)
			return C_OPEN;			/* “ ‘ */
		if (d == 0x9d)
			return C_CLOSE;			/* ” */
		if (d == 0x90 || d == 0x91)
			return C_HYPHEN;		/* ‐ ‑ */
		return C_SPACE;				/* dashes, … */
	}
	if (c == 0xc2 || c == 0xe2 || c == 0xe3) {	/* nbsp « » … */
		*n = c == 0xc2 ? 2 : 3;
		if (i + *n > len)
			*n = len - i;
		return C_SPACE;
	}
	/* Other non-ASCII: a letter of a word; keep the sequence whole. */
	while (i + *n < len && ((unsigned char)s[i + *n] & 0xc0) == 0x80)
		(*n)++;
	return C_WORD;
}

static int
wordish(const char *s, size_t len, size_t i)
{
	size_t n;

	return i < len && classify(s, len, i, &n) == C_WORD;
}

static void
push(struct lint_toks *t, const char *s, size_t off, size_t end,
    unsigned sent, unsigned flags)
{
	struct lint_tok *k;
	size_t i, n;
	char *o;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	k = &t->v[t->n++];
	k->off = off;
	k->end = end;
	k->sent = sent;
	k->flags = flags;
	k->norm = t->norm.len;
	/* The form is never longer than the word: write it in place. */
	buf_grow(&t->norm, end - off + 1);
	o = t->norm.ptr + t->norm.len;
	for (i = off; i < end; i += n)
		switch (classify(s, end, i, &n)) {
		case C_APOS:
			*o++ = '\'';
			break;
		case C_WORD:
			if (n == 1 && s[i] >= 'A' && s[i] <= 'Z')
				*o++ = (char)(s[i] + 'a' - 'A');
			else {
				memcpy(o, s + i, n);
				o += n;
			}
			break;
		default:
			break;
		}
	k->nlen = (unsigned)(o - (t->norm.ptr + t->norm.len));
	*o++ = '\0';
	t->norm.len = (size_t)(o - t->norm.ptr);
	*o = '\0';
}

/*
 * A word is a run of letters and digits; an apostrophe between letters
 * stays in it (don't).  A hyphen between letters splits words but marks
 * both, so that a phrase never starts or ends inside a compound
 * (psycho-education is not "psycho").  Text between “ ” or straight
 * double quotes is marked quoted; . ! ? ; before a space end a sentence.
 */
void
lint_tokenize(const char *s, size_t len, struct lint_toks *t)
{
	size_t i = 0, n, start = 0;
	unsigned sent = 0, flags = 0, quoted = 0, inword = 0, hyph = 0;
	int dq = 0;

	memset(t, 0, sizeof(*t));
	buf_init(&t->norm);
	while (i <= len) {
		enum cls c = i < len ? classify(s, len, i, &n) : C_SPACE;

		if (i == len)
			n = 1;
		if (c == C_APOS && inword && wordish(s, len, i + n))
			c = C_WORD;
		if (c == C_WORD) {
			if (!inword) {
				start = i;
				flags = (quoted || dq) ? LT_QUOTED : 0;
				if (hyph)
					flags |= LT_HYPH_BEFORE;
				hyph = 0;
			}
			inword = 1;
			i += n;
			continue;
		}
		if (inword) {
			if (c == C_HYPHEN && wordish(s, len, i + n)) {
				flags |= LT_HYPH_AFTER;
				hyph = 1;
			}
			push(t, s, start, i, sent, flags);
			inword = 0;
		}
		if (c == C_STOP && (i + 1 >= len || !wordish(s, len, i + 1)))
			if (t->n > 0 && t->v[t->n - 1].sent == sent)
				sent++;
		if (c == C_DQUOTE)
			dq = !dq;
		else if (c == C_OPEN)
			quoted++;
		else if ((c == C_CLOSE || c == C_APOS) && quoted > 0)
			quoted--;
		i += n;
	}
}

void
lint_toks_release(struct lint_toks *t)
{
	free(t->v);
	buf_release(&t->norm);
	memset(t, 0, sizeof(*t));
}

int
lint_word_match(const char *pat, const char *word)
{
	size_t n = strlen(pat);

	if (n == 1 && pat[0] == '*')
		return 1;
	if (n > 1 && pat[n - 1] == '*')
		return strncmp(pat, word, n - 1) == 0;
	return strcmp(pat, word) == 0;
}

int
lint_bucket_of(const char *w)
{
	if (w[0] == '\0' || w[0] == '*' || w[1] == '\0' || w[1] == '*')
		return -1;
	return (int)((((unsigned char)w[0] << 5) ^ (unsigned char)w[1]) %
	    LINT_BUCKETS);
}

int
lint_wset_has(const struct lint_wset *s, const char *word)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < s->n; i++)
		if (lint_word_match(s->w[i], word))
			return 1;
	return 0;
}

int
lint_pat_compile(struct lint_pat *p, const char *s)
{
	struct lint_toks t;
	size_t i, n = strlen(s);

	memset(p, 0, sizeof(*p));
	/* A trailing * belongs to the word; the tokenizer would drop it. */
	lint_tokenize(s, n, &t);
	if (t.n == 0) {
		lint_toks_release(&t);
		return -1;
	}
	p->w = xcalloc(t.n + 1, sizeof(*p->w));
	for (i = 0; i < t.n; i++) {
		const char *w = LINT_TOKW(&t, i);
		int star = t.v[i].end < n && s[t.v[i].end] == '*';

		p->w[i] = xmalloc(strlen(w) + 2);
		strcpy(p->w[i], w);
		if (star)
			strcat(p->w[i], "*");
	}
	p->n = t.n;
	/* A lone "*" is not a word to the tokenizer: find them by hand. */
	if (strstr(s, " * ") != NULL || strncmp(s, "* ", 2) == 0) {
		struct lint_pat q = { NULL, 0, NULL, NULL };
		const char *w = s;

		for (i = 0; i < p->n; i++)
			free(p->w[i]);
		free(p->w);
		q.w = xcalloc(n + 1, sizeof(*q.w));
		while (*w != '\0') {
			size_t k = strcspn(w, " ");

			if (k > 0)
				q.w[q.n++] = xstrndup(w, k);
			w += k + (w[k] == ' ');
		}
		for (i = 0; i < q.n; i++)
			for (char *c = q.w[i]; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c += 'a' - 'A';
		*p = q;
	}
	lint_toks_release(&t);
	return 0;
}

void
lint_pat_release(struct lint_pat *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->w[i]);
	free(p->w);
	free(p->wlen);
	free(p->wkind);
	memset(p, 0, sizeof(*p));
}

void
lint_pat_prepare(struct lint_pat *p)
{
	size_t i, n;

	free(p->wlen);
	free(p->wkind);
	p->wlen = xcalloc(p->n + 1, sizeof(*p->wlen));
	p->wkind = xcalloc(p->n + 1, sizeof(*p->wkind));
	/* As lint_word_match decides it. */
	for (i = 0; i < p->n; i++) {
		n = strlen(p->w[i]);
		if (n == 1 && p->w[i][0] == '*')
			p->wkind[i] = LW_ANY;
		else if (n > 1 && p->w[i][n - 1] == '*') {
			p->wkind[i] = LW_PREFIX;
			n--;
		} else
			p->wkind[i] = LW_EXACT;
		p->wlen[i] = n;
	}
}
