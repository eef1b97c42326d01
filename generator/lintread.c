/* SPDX-License-Identifier: ISC */
/* Readability: Flesch reading ease, Flesch-Kincaid grade and SMOG of plain text. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lint.h"

/*
 * Words whose syllables the rules below get wrong and that public
 * health text uses often.  Sorted for bsearch.
 */
static const struct {
	const char	*w;
	int		 n;
} exceptions[] = {
	{ "any", 2 }, { "anyone", 3 }, { "area", 3 }, { "areas", 3 }, { "being", 2 },
	{ "business", 2 }, { "cafe", 2 }, { "create", 2 }, { "created", 3 },
	{ "creating", 3 }, { "every", 2 }, { "everybody", 4 },
	{ "everyone", 3 }, { "everything", 3 }, { "everywhere", 3 },
	{ "fire", 1 }, { "forever", 3 }, { "hour", 1 }, { "hours", 1 },
	{ "hundred", 2 }, { "hundreds", 2 },
	{ "idea", 3 }, { "ideas", 3 }, { "lives", 1 }, { "maybe", 2 },
	{ "people", 2 }, { "poem", 2 }, { "poems", 2 }, { "quiet", 2 },
	{ "real", 1 }, { "really", 2 }, { "recipe", 3 }, { "science", 2 },
	{ "someone", 2 }, { "something", 2 }, { "sometimes", 2 },
	{ "somewhere", 2 }, { "through", 1 }, { "whatever", 3 },
	{ "whenever", 3 }, { "wherever", 3 }, { "whoever", 3 },
	{ "your", 1 }, { "yourself", 2 },
};

static int
vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

static int
ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static int
exception(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof(exceptions) / sizeof(exceptions[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(exceptions[mid].w, w, n);

		if (c == 0 && exceptions[mid].w[n] != '\0')
			c = 1;
		if (c == 0)
			return exceptions[mid].n;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Syllables of one lower-case word (letters only): vowel groups, less
 * silent endings (-e, -es, -ed, -ely), plus vowel pairs that are two
 * sounds (-ia-, -io-, -ua-, -eo-, -ier, a vowel before -ing).
 */
/* The -le of "table" and "troubled": a consonant other than l before it. */
static int
cons_le(const char *w, size_t at)
{
	return at >= 1 && w[at] == 'l' && !vowel(w[at - 1]) && w[at - 1] != 'l';
}

static int
pure_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* A silent e before a suffix: "lonely", "hopeless", "arrangement". */
static int
silent_e_suffix(const char *w, size_t n)
{
	static const char *const suf[] = { "ly", "ful", "ness", "less",
	    "ment", "ments", NULL };
	size_t i, k, at, cons;

	for (i = 0; suf[i] != NULL; i++) {
		k = strlen(suf[i]);
		if (n < k + 3 || !ends(w, n, suf[i]) || w[n - k - 1] != 'e')
			continue;
		at = n - k - 1;
		for (cons = 0; at > 0 && !vowel(w[at - 1]); at--)
			cons++;
		return cons >= 1 && cons <= 2 && at > 0;
	}
	return 0;
}

/*
 * Syllables of one lower-case word (letters only): vowel groups (y is a
 * consonant at the start and before a vowel), less silent endings (-e,
 * -es, -ed, a silent e before -ly, -ful, -ment), plus vowel pairs that
 * are two sounds (-ia-, -io-, -ua-, -eo-, -iet-, -ier, a vowel before
 * -ing).
 */
static int
syllables(const char *w, size_t n)
{
	int count = 0, prev = 0, e;
	size_t i;

	if (n == 0)
		return 0;
	if ((e = exception(w, n)) > 0)
		return e;
	if (n <= 3)
		return 1;
	for (i = 0; i < n; i++) {
		int v = vowel(w[i]);

		if (w[i] == 'y' && i > 0 && i + 1 < n && pure_vowel(w[i + 1])
		    && !vowel(w[i - 1])) {
			count++;	/* fly-ing, stud-y-ing: y and the vowel */
			prev = 0;
			continue;
		}
		if (w[i] == 'y' && (i == 0 || (i + 1 < n &&
		    pure_vowel(w[i + 1]))))
			v = 0;
		if (v && !prev)
			count++;
		prev = v;
	}
	if (w[n - 1] == 'e' && !cons_le(w, n - 2) && w[n - 2] != 'e' &&
	    w[n - 2] != 'i' && !ends(w, n, "tre") && !(w[n - 2] == 'u' &&
	    w[n - 3] != 'g' && w[n - 3] != 'q'))
		count--;
	else if (ends(w, n, "es") && !vowel(w[n - 3]) &&
	    strchr("sxzcg", w[n - 3]) == NULL && !ends(w, n, "ches") &&
	    !ends(w, n, "shes") && !cons_le(w, n - 3))
		count--;
	else if (ends(w, n, "ed") && !pure_vowel(w[n - 3]) &&
	    w[n - 3] != 't' && w[n - 3] != 'd' && !cons_le(w, n - 3))
		count--;
	if (silent_e_suffix(w, n))
		count--;
	for (i = 1; i + 1 < n; i++) {
		if (w[i] == 'i' && w[i + 1] == 'a' && w[i - 1] != 'c' &&
		    w[i - 1] != 't')
			count++;
		else if (w[i] == 'i' && w[i + 1] == 'o' && strchr("ctgsx",
		    w[i - 1]) == NULL)
			count++;
		else if (w[i] == 'u' && w[i + 1] == 'a' && strchr("gq",
		    w[i - 1]) == NULL)
			count++;
		else if (w[i] == 'e' && w[i + 1] == 'o' && w[i - 1] != 'g' &&
		    w[i - 1] != 'p')
			count++;
		else if (w[i] == 'i' && w[i + 1] == 'e' && i + 2 < n &&
		    w[i + 2] == 't')
			count++;
	}
	if (ends(w, n, "ier") || ends(w, n, "iest"))
		count++;
	if (ends(w, n, "ing") && n > 4 && pure_vowel(w[n - 4]))
		count++;
	if (ends(w, n, "ism") || ends(w, n, "isms"))
		count++;
	return count < 1 ? 1 : count;
}

/* As strchr(" \t\r\n", c) != NULL, which is true of '\0' too. */
static const unsigned char spaces[256] = {
	['\0'] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 3
};

static inline int
space(char c)
{
	return spaces[(unsigned char)c];
}

static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (unsigned char)c >= 0x80;
}

/* Syllables of a chunk's word: letters only, hyphens split parts. */
static int
chunk_syllables(const char *s, size_t n, int *word)
{
	char w[64];
	size_t i, k = 0;
	int total = 0;

	*word = 0;
	for (i = 0; i <= n; i++) {
		char c = i < n ? s[i] : '-';

		if (letter(c) && (unsigned char)c < 0x80) {
			if (k < sizeof(w))
				w[k++] = c >= 'A' && c <= 'Z' ? c + 'a' - 'A' :
				    c;
			*word = 1;
		} else if ((unsigned char)c >= 0x80) {
			*word = 1;	/* count accented words, roughly */
			if ((c & 0xc0) != 0x80 && k < sizeof(w))
				w[k++] = 'a';
		} else if (c == '-' || c == '/' || c == '\x97') {
			total += syllables(w, k);
			k = 0;
		}
	}
	return total < 1 && *word ? 1 : total;
}

static int
url_like(const char *s, size_t n)
{
	size_t i;

	if (n >= 4 && memcmp(s, "www.", 4) == 0)
		return 1;
	for (i = 0; i + 3 <= n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return memchr(s, '@', n) != NULL;
}

/*
 * A chunk can end a sentence when it ends in . ! ? (closing quotes and
 * brackets may follow); next_starts() decides with the text after it.
 */
static int
ends_in_stop(const char *s, size_t n)
{
	size_t k;

	for (k = n; k > 0; k--) {
		unsigned char c = (unsigned char)s[k - 1];

		if (strchr("\"')]*_", c) != NULL || c >= 0x80)
			continue;
		return strchr(".!?", c) != NULL;
	}
	return 0;
}

/*
 * After a chunk that ends in a stop, the sentence ends when the next
 * word starts with a capital or a digit, or a paragraph or the text
 * ends: "Are you okay?" asked Sam is one sentence, and "e.g. this" does
 * not split.
 */
static int
next_starts(const char *text, size_t len, size_t end)
{
	size_t k, nl = 0;

	for (k = end; k < len && space(text[k]); k++)
		nl += text[k] == '\n';
	/* As strchr("\"'([*_", c) != NULL, true of the NUL too. */
	while (k < len && (text[k] == '"' || text[k] == '\'' || text[k] == '('
	    || text[k] == '[' || text[k] == '*' || text[k] == '_' ||
	    text[k] == '\0'))
		k++;
	if (k + 2 < len && (unsigned char)text[k] == 0xe2 &&
	    (unsigned char)text[k + 1] == 0x80)
		k += 3;			/* “ ‘ */
	return k >= len || nl >= 2 || (text[k] >= 'A' && text[k] <= 'Z') ||
	    (text[k] >= '0' && text[k] <= '9') || (unsigned char)text[k] >=
	    0xc0;
}

/* What readability needs of one chunk (a run of non-space bytes). */
#define CH_URL		0x01	/* an address: not a word */
#define CH_WORD		0x02	/* has letters: a word */
#define CH_STOP		0x04	/* ends in . ! ? (ends_in_stop) */

/*
 * The key is the chunk's bytes with zeros after them, as three words:
 * a look-up compares words, not bytes.
 */
struct chunk_slot {
	uint32_t	 hash;
	unsigned char	 len;		/* 0: empty */
	unsigned char	 flags;
	unsigned short	 syl;
	uint64_t	 key[3];
};

#define CHUNK_SLOTS	4096		/* a power of two */
#define CHUNK_KEY	24		/* longer chunks are not kept */

/*
 * Chunks already measured, per thread: texts repeat their words, and a
 * syllable count costs far more than a look-up.  The table only holds
 * what the chunk's bytes decide, so it never changes a result; it is
 * emptied when three quarters full.
 */
static _Thread_local struct {
	struct chunk_slot	 v[CHUNK_SLOTS];
	size_t			 used;
} chunks;

static void
chunk_measure(const char *s, size_t n, unsigned *flags, unsigned *syl)
{
	int word, k;

	*flags = ends_in_stop(s, n) ? CH_STOP : 0;
	*syl = 0;
	if (url_like(s, n)) {
		*flags |= CH_URL;
		return;
	}
	k = chunk_syllables(s, n, &word);
	if (word) {
		*flags |= CH_WORD;
		*syl = (unsigned)k;
	}
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The bytes of a key word that the first k bytes of a chunk fill. */
#define KEY_CLAMP(k)	((k) < 1 ? 1 : (k) > 7 ? 7 : (k))
#define KEY_WORD(k)	((k) >= 8 ? ~(uint64_t)0 : (k) <= 0 ? (uint64_t)0 : \
			    ~(uint64_t)0 >> (64 - 8 * KEY_CLAMP(k)))
#define KEY_MASKS(n)	{ KEY_WORD(n), KEY_WORD((n) - 8), KEY_WORD((n) - 16) }

static const uint64_t key_mask[CHUNK_KEY + 1][3] = {
	KEY_MASKS(0),
	KEY_MASKS(1),
	KEY_MASKS(2),
	KEY_MASKS(3),
	KEY_MASKS(4),
	KEY_MASKS(5),
	KEY_MASKS(6),
	KEY_MASKS(7),
	KEY_MASKS(8),
	KEY_MASKS(9),
	KEY_MASKS(10),
	KEY_MASKS(11),
	KEY_MASKS(12),
	KEY_MASKS(13),
	KEY_MASKS(14),
	KEY_MASKS(15),
	KEY_MASKS(16),
	KEY_MASKS(17),
	KEY_MASKS(18),
	KEY_MASKS(19),
	KEY_MASKS(20),
	KEY_MASKS(21),
	KEY_MASKS(22),
	KEY_MASKS(23),
	KEY_MASKS(24)
};
#endif

/*
 * Flags and syllables of chunk s (n bytes), from the table.  room is
 * how many bytes from s may be read: with 24 of them the key is three
 * loads with the bytes after the chunk masked off.
 */
static void
chunk_get(const char *s, size_t n, size_t room, unsigned *flags,
    unsigned *syl)
{
	struct chunk_slot *e;
	uint64_t key[3] = { 0, 0, 0 }, x;
	uint32_t h;
	size_t i;

	if (n > CHUNK_KEY) {
		chunk_measure(s, n, flags, syl);
		return;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/*
	 * Most chunks are words of 8 bytes or less: one load, and the other
	 * key words are zero (a slot of that length has them zero too).
	 */
	if (n <= 8 && room >= 8) {
		memcpy(key, s, 8);
		key[0] &= key_mask[n][0];
	} else if (room >= 24) {
		memcpy(key, s, 24);
		key[0] &= key_mask[n][0];
		key[1] &= key_mask[n][1];
		key[2] &= key_mask[n][2];
	} else
#endif
		memcpy(key, s, n);
	x = key[0] * 0x9E3779B97F4A7C15ull;
	if (n > 8)
		x ^= (key[1] * 0xC2B2AE3D27D4EB4Full) ^ (key[2] *
		    0x165667B19E3779F9ull);
	x ^= n;
	h = (uint32_t)(x >> 32) ^ (uint32_t)x;
	for (i = h & (CHUNK_SLOTS - 1);; i = (i + 1) & (CHUNK_SLOTS - 1)) {
		e = &chunks.v[i];
		if (e->len == 0)
			break;
		if (e->hash == h && e->len == n && e->key[0] == key[0] &&
		    (n <= 8 || (e->key[1] == key[1] &&
		    e->key[2] == key[2]))) {
			*flags = e->flags;
			*syl = e->syl;
			return;
		}
	}
	chunk_measure(s, n, flags, syl);
	if (*syl > 0xffff)
		return;
	if (chunks.used >= CHUNK_SLOTS / 4 * 3) {
		memset(&chunks, 0, sizeof(chunks));
		for (i = h & (CHUNK_SLOTS - 1); chunks.v[i].len != 0;
		    i = (i + 1) & (CHUNK_SLOTS - 1))
			;
		e = &chunks.v[i];
	}
	e->hash = h;
	e->len = (unsigned char)n;
	e->flags = (unsigned char)*flags;
	e->syl = (unsigned short)*syl;
	memcpy(e->key, key, sizeof(key));
	chunks.used++;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The common chunk: a word of 8 bytes or less, followed by a space,
 * already in the table.  One load finds its end (as chunk_end) and is
 * its key (as chunk_get); on a hit, *flags and *syl are set and *ip
 * moved to the chunk's end.  Returns 0, having changed nothing, for any
 * other chunk: chunk_end and chunk_get then do it all.
 */
static inline int
chunk_fast(const char *text, size_t len, size_t *ip, unsigned *flags,
    unsigned *syl)
{
	const struct chunk_slot *v = chunks.v, *e;
	size_t i = *ip, n, at;
	uint64_t w, low, key, x;
	uint32_t h;

	if (len - i < 8)
		return 0;
	memcpy(&w, text + i, sizeof(w));
	low = (w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull;
	if (low == 0)
		return 0;
	n = (size_t)__builtin_ctzll(low) / 8;
	if (!space(text[i + n]))
		return 0;
	key = w & key_mask[n][0];
	x = (key * 0x9E3779B97F4A7C15ull) ^ n;
	h = (uint32_t)(x >> 32) ^ (uint32_t)x;
	for (at = h & (CHUNK_SLOTS - 1); (e = &v[at])->len != 0;
	    at = (at + 1) & (CHUNK_SLOTS - 1))
		if (e->hash == h && e->len == n && e->key[0] == key) {
			*flags = e->flags;
			*syl = e->syl;
			*ip = i + n;
			return 1;
		}
	return 0;
}
#else
#define chunk_fast(text, len, ip, flags, syl)	0
#endif

/*
 * The end of the chunk at i: the first space or NUL (see spaces[]) from
 * there.  Eight bytes a step: only a byte below '!' can be one.
 */
static size_t
chunk_end(const char *text, size_t len, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w, low;

	while (i + 8 <= len) {
		memcpy(&w, text + i, sizeof(w));
		/* The lowest byte flagged is the first below '!'. */
		low = (w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull;
		if (low == 0) {
			i += 8;
			continue;
		}
		i += (size_t)__builtin_ctzll(low) / 8;
		if (space(text[i]))
			return i;
		i++;
	}
#endif
	while (i < len && !space(text[i]))
		i++;
	return i;
}

void
lint_readability(const char *text, size_t len, struct lint_readability *out)
{
	size_t i = 0, start, sent_words = 0, nl;
	size_t words = 0, sentences = 0, syllables = 0, poly = 0;
	unsigned flags, syl, k;
	double w, s;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		if (i + 1 < len && text[i] == ' ' && !space(text[i + 1])) {
			/* Mostly: one space between words. */
			i++;
		} else {
			/* spaces[] is 3 for a newline, 1 for the others. */
			for (nl = 0; i < len && (k = spaces[(unsigned char)
			    text[i]]) != 0; i++)
				nl += k >> 1;
			if (nl >= 2 && sent_words > 0) {
				sentences++;
				sent_words = 0;
			}
			if (i >= len)
				break;
		}
		start = i;
		if (!chunk_fast(text, len, &i, &flags, &syl)) {
			i = chunk_end(text, len, start);
			chunk_get(text + start, i - start, len - start, &flags,
			    &syl);
		}
		if ((flags & (CH_URL | CH_WORD)) == CH_WORD) {
			words++;
			sent_words++;
			syllables += syl;
			if (syl >= 3)
				poly++;
		}
		if (sent_words > 0 && (flags & CH_STOP) &&
		    next_starts(text, len, i)) {
			sentences++;
			sent_words = 0;
		}
	}
	out->words = words;
	out->sentences = sentences;
	out->syllables = syllables;
	out->polysyllables = poly;
	if (sent_words > 0)
		out->sentences++;
	if (out->words == 0)
		return;
	w = (double)out->words;
	s = (double)out->sentences;
	out->flesch = 206.835 - 1.015 * (w / s) - 84.6 *
	    ((double)out->syllables / w);
	out->fk_grade = 0.39 * (w / s) + 11.8 * ((double)out->syllables / w) -
	    15.59;
	if (out->sentences >= 3)
		out->smog = 1.043 * sqrt((double)out->polysyllables * 30.0 / s)
		    + 3.1291;
}
