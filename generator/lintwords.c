/* SPDX-License-Identifier: ISC */
/* Words for the language rules: tokens with sentences, quotes and hyphens. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "lintint.h"
#include "normalize.h"
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

/*
 * Classes of ASCII punctuation; letters and digits are words
 * (norm_ascii_word), other bytes go through classify_utf8().
 */
static const unsigned char ascii_cls[128] = {
	['\''] = C_APOS, ['-'] = C_HYPHEN, ['"'] = C_DQUOTE,
	['.'] = C_STOP, ['!'] = C_STOP, ['?'] = C_STOP, [';'] = C_STOP
};

/* The class of the non-ASCII character at s[i] and its length in bytes. */
static enum cls
classify_utf8(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];

	*n = 1;
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

/* The class of the character at s[i] and its length in bytes. */
static inline enum cls
classify(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];

	if (c < 0x80) {
		*n = 1;
		return norm_ascii_word[c] > 1 ? C_WORD : (enum cls)ascii_cls[c];
	}
	return classify_utf8(s, len, i, n);
}

static int
wordish(const char *s, size_t len, size_t i)
{
	size_t n;

	return i < len && classify(s, len, i, &n) == C_WORD;
}

/*
 * The tokens being written: kept in locals while a text is read, as the
 * bytes stored through the normal form's char pointer could otherwise
 * alias t->v and t->n, and the compiler would reload them after each.
 */
struct tokv {
	struct lint_tok	*v;
	size_t		 n, cap;
};

/* Start a token at off; its normal form follows in t->norm at norm. */
static inline void
tok_open(struct tokv *t, size_t off, unsigned sent, unsigned flags,
    size_t norm)
{
	struct lint_tok *k;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	k = &t->v[t->n];
	k->off = off;
	k->sent = sent;
	k->flags = flags;
	k->norm = norm;
}

/* End the token at end; its normal form ends at offset norm_end. */
static inline void
tok_close(struct tokv *t, size_t end, unsigned flags, size_t norm_end)
{
	struct lint_tok *k = &t->v[t->n++];

	k->end = end;
	k->flags = flags;
	k->nlen = (unsigned)(norm_end - k->norm);
}


/*
 * Copy the run of ASCII letters and digits at s + i, lower-cased, to
 * *op; return where it ends.  Eight bytes a step where eight can be
 * read (and written: the caller leaves that much room after the form):
 * a byte is a letter when it, ORed with 0x20, is in a..z, and has its
 * high bit clear.  Only a byte with the high bit set can carry out of
 * itself in the sums below, and it is not a word byte: the bytes after
 * it, whose tests the carry may spoil, are past the run's end anyway.
 */
static inline size_t
word_run(const char *s, size_t len, size_t i, char **op)
{
	char *o = *op;
	unsigned char l;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w, low, alpha, digit, word;
	size_t k;

	while (i + 8 <= len) {
		memcpy(&w, s + i, sizeof(w));
		low = w | 0x20 * BYTES_ONES;
		alpha = (low + (0x80 - 'a') * BYTES_ONES) &
		    ~(low + (0x7f - 'z') * BYTES_ONES);
		digit = (w + (0x80 - '0') * BYTES_ONES) &
		    ~(w + (0x7f - '9') * BYTES_ONES);
		word = (alpha | digit) & ~w & BYTES_HIGHS;
		alpha &= ~w & BYTES_HIGHS;
		w |= alpha >> 2;
		memcpy(o, &w, sizeof(w));
		if (word == BYTES_HIGHS) {
			i += 8;
			o += 8;
			continue;
		}
		k = (size_t)__builtin_ctzll(~word & BYTES_HIGHS) / 8;
		*op = o + k;
		return i + k;
	}
#endif
	while (i < len && (l = norm_ascii_word[(unsigned char)s[i]]) > 1) {
		*o++ = (char)l;
		i++;
	}
	*op = o;
	return i;
}

/*
 * A word is a run of letters and digits; an apostrophe between letters
 * stays in it (don't).  A hyphen between letters splits words but marks
 * both, so that a phrase never starts or ends inside a compound
 * (psycho-education is not "psycho").  Text between “ ” or straight
 * double quotes is marked quoted; . ! ? ; before a space end a sentence.
 * The normal form (lower case, ’ as ') is written as the word is read,
 * each followed by a NUL.
 */
void
lint_retokenize(const char *s, size_t len, struct lint_toks *t)
{
	struct tokv tv = { t->v, 0, t->cap };
	size_t i = 0, n;
	unsigned sent = 0, flags = 0, quoted = 0, inword = 0;
	/* The flags the next word opens with: LT_QUOTED, LT_HYPH_BEFORE. */
	unsigned qflag = 0, hflag = 0;
	unsigned char ch;
	int dq = 0;
	char *o, *base;

	/*
	 * Forms are never longer than words, plus a NUL after each; and
	 * word_run may write 8 bytes where it stores fewer.
	 */
	t->norm.len = 0;
	buf_grow(&t->norm, len + len / 2 + 4 + 8);
	o = base = t->norm.ptr;
	while (i < len) {
		enum cls c;

		if (norm_ascii_word[(unsigned char)s[i]] > 1) {
			/* Mostly: a run of ASCII letters and digits. */
			if (!inword) {
				flags = qflag | hflag;
				hflag = 0;
				tok_open(&tv, i, sent, flags,
				    (size_t)(o - base));
				inword = 1;
			}
			i = word_run(s, len, i, &o);
			/* And the common end of a word: a space. */
			if (i < len && s[i] == ' ') {
				tok_close(&tv, i, flags, (size_t)(o - base));
				*o++ = '\0';
				inword = 0;
				i++;
			}
			continue;
		}
		if ((ch = (unsigned char)s[i]) < 0x80) {
			c = (enum cls)ascii_cls[ch];
			n = 1;
		} else
			c = classify_utf8(s, len, i, &n);
		if (c == C_APOS && inword && wordish(s, len, i + n)) {
			*o++ = '\'';
			i += n;
			continue;
		}
		if (c == C_WORD) {
			if (!inword) {
				flags = qflag | hflag;
				hflag = 0;
				tok_open(&tv, i, sent, flags,
				    (size_t)(o - base));
			}
			inword = 1;
			/* Not ASCII here: the bytes as they are. */
			memcpy(o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		if (inword) {
			if (c == C_HYPHEN && wordish(s, len, i + n)) {
				flags |= LT_HYPH_AFTER;
				hflag = LT_HYPH_BEFORE;
			}
			tok_close(&tv, i, flags, (size_t)(o - base));
			*o++ = '\0';
			inword = 0;
		}
		if (c == C_STOP && (i + 1 >= len || !wordish(s, len, i + 1)))
			if (tv.n > 0 && tv.v[tv.n - 1].sent == sent)
				sent++;
		if (c == C_DQUOTE)
			dq = !dq;
		else if (c == C_OPEN)
			quoted++;
		else if ((c == C_CLOSE || c == C_APOS) && quoted > 0)
			quoted--;
		qflag = (quoted || dq) ? LT_QUOTED : 0;
		i += n;
	}
	if (inword) {
		tok_close(&tv, len, flags, (size_t)(o - base));
		*o++ = '\0';
	}
	t->v = tv.v;
	t->n = tv.n;
	t->cap = tv.cap;
	t->norm.len = (size_t)(o - base);
	*o = '\0';
}

void
lint_tokenize(const char *s, size_t len, struct lint_toks *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->norm);
	lint_retokenize(s, len, t);
}

void
lint_toks_release(struct lint_toks *t)
{
	free(t->v);
	buf_release(&t->norm);
	memset(t, 0, sizeof(*t));
}

int
lint_bucket_of(const char *w)
{
	if (w[0] == '\0' || w[0] == '*' || w[1] == '\0' || w[1] == '*')
		return -1;
	return (int)((((unsigned char)w[0] << 5) ^ (unsigned char)w[1]) %
	    LINT_BUCKETS);
}

void
lint_toks_lookup(const struct lint_rules *r, struct lint_toks *t)
{
	const struct lint_dict *d = &r->dict;
	const struct lint_word *e;
	struct lint_tok *k;
	size_t i, at, mask = d->nslots - 1;
	unsigned f, word, all = 0;
	uint32_t h;
	int b;

	for (i = 0; i < t->n; i++) {
		const char *w = t->norm.ptr + t->v[i].norm;
		/* LINT_PAIR(w): a word is never empty. */
		unsigned pair = d->pairs != NULL ? d->pairs[(size_t)(unsigned
		    char)w[0] << 8 | (unsigned char)w[1]] : 0;

		k = &t->v[i];
		k->word = NULL;
		k->prefix = NULL;
		f = d->any.lists;
		/* Most words start so that no word written out can: no hash. */
		word = pair & LP_LEN(k->nlen);
		h = word ? lint_hash(w, k->nlen) : 0;
		for (at = h & mask; word && (e = &d->slots[at])->w != NULL;
		    at = (at + 1) & mask)
			if (e->hash == h && e->nlen == k->nlen &&
			    memcmp(e->w, w, k->nlen) == 0) {
				k->word = e;
				f |= e->pats.lists;
				break;
			}
		/* w[2] is the NUL after a word of two bytes. */
		if ((pair & LP_PREFIX) && (b = lint_bucket_of(w)) >= 0 &&
		    d->buckets[b].lists != 0 && (d->thirds[b] >>
		    ((unsigned char)w[2] & 63) & 1)) {
			k->prefix = &d->buckets[b];
			f |= k->prefix->lists;
		}
		k->flags = (k->flags & ~(unsigned)(LT_TERMS | LT_ALLOWS |
		    LT_MENTIONS)) | f;
		all |= f;
	}
	t->lists = all;
}

int
lint_wset_has(const struct lint_wset *s, const char *word)
{
	size_t i;

	if (s == NULL)
		return 0;
	if (s->any)
		return 1;
	if (!(s->first[(unsigned char)word[0] >> 6] >> ((unsigned char)word[0]
	    & 63) & 1))
		return 0;
	/* "*" is any word, "word*" a prefix; first bytes first. */
	for (i = 0; i < s->n; i++)
		switch (s->wkind[i]) {
		case LW_ANY:
			return 1;
		case LW_PREFIX:
			if (s->w[i][0] == word[0] && strncmp(s->w[i], word,
			    s->wlen[i]) == 0)
				return 1;
			break;
		default:
			if (s->w[i][0] == word[0] && strcmp(s->w[i], word) ==
			    0)
				return 1;
			break;
		}
	return 0;
}

/*
 * The lengths and kinds of words w[0..n): "*" is any word, "word*" a
 * prefix, else the word itself.  Replaces *wlen and *wkind.
 */
static void
words_prepare(char *const *w, size_t n, size_t **wlen, unsigned char **wkind)
{
	size_t i, len;

	free(*wlen);
	free(*wkind);
	*wlen = xcalloc(n + 1, sizeof(**wlen));
	*wkind = xcalloc(n + 1, sizeof(**wkind));
	for (i = 0; i < n; i++) {
		len = strlen(w[i]);
		if (len == 1 && w[i][0] == '*')
			(*wkind)[i] = LW_ANY;
		else if (len > 1 && w[i][len - 1] == '*') {
			(*wkind)[i] = LW_PREFIX;
			len--;
		} else
			(*wkind)[i] = LW_EXACT;
		(*wlen)[i] = len;
	}
}

void
lint_wset_prepare(struct lint_wset *s)
{
	size_t i;
	unsigned char c;

	words_prepare(s->w, s->n, &s->wlen, &s->wkind);
	memset(s->first, 0, sizeof(s->first));
	s->any = 0;
	for (i = 0; i < s->n; i++) {
		c = (unsigned char)s->w[i][0];
		s->first[c >> 6] |= (uint64_t)1 << (c & 63);
		if (s->wkind[i] == LW_ANY)
			s->any = 1;
	}
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
	words_prepare(p->w, p->n, &p->wlen, &p->wkind);
}
