/* SPDX-License-Identifier: ISC */
/* Text normalisation for search: UTF-8, folding per script, tokens, stems. */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * The same rules are written in templates/assets/js/normalize.js; both
 * are checked against tests/search/vectors.json.  Change them together.
 */

/* How a code point takes part in a word after folding. */
enum norm_class {
	NORM_SEP,	/* separates words (space, punctuation, symbols) */
	NORM_WORD,	/* letter or digit of an alphabetic script */
	NORM_CJK,	/* Han, Hiragana, Katakana, Hangul: indexed as bigrams */
	NORM_IGNORE	/* dropped inside a word: marks, tatweel, apostrophes */
};

/*
 * Decode the code point at s[0..n) (n > 0) and store its byte length in
 * *lenp.  Bad bytes (stray continuation, overlong form, surrogate, beyond
 * U+10FFFF, truncated sequence) give U+FFFD with *lenp = 1: never fails.
 */
uint32_t	 norm_utf8_decode(const char *s, size_t n, size_t *lenp);
/* Append cp as UTF-8. */
void		 norm_utf8_put(struct buf *, uint32_t cp);
/* Append s with every bad byte replaced by U+FFFD (valid UTF-8 out). */
void		 norm_utf8_clean(struct buf *, const char *s, size_t n);

/*
 * Fold one code point: case, Latin diacritics (é to e, ß to ss, ł to l),
 * Greek tonos and final sigma, Cyrillic ё, Arabic and Persian letter
 * variants and digits.  Up to 2 code points go to out; *np says how many.
 * Returns the class of the result.
 */
enum norm_class	 norm_fold(uint32_t cp, uint32_t out[2], size_t *np);

/*
 * Strip a simple English plural from an ASCII token in place ("groups"
 * to "group", "therapies" to "therapy"; "crisis", "access" and "focus"
 * stay), or the Arabic article and its fused particles (ال, وال, بال,
 * كال, فال, لل) when three letters remain.  Other tokens are left alone.
 * tok must be NUL-terminated at len.  Returns the new length.
 */
size_t		 norm_stem(char *tok, size_t len);

/* Longest token in code points; longer words are cut. */
#define NORM_TOKEN_MAX	48

/*
 * What a byte gives in a word: an ASCII letter or digit its normal form
 * (lower case); 1 for the apostrophe, which a word may hold but its
 * normal form drops; 0 for any other byte (non-ASCII ones included).
 */
extern const unsigned char norm_ascii_word[256];

/*
 * Bytes fn may read from tok whatever its len (their values past the
 * NUL mean nothing), so that a short token can be read as one word.
 */
#define NORM_TOKEN_PAD	8

/*
 * Split UTF-8 text into folded tokens and call fn for each, in order,
 * with a NUL-terminated token of len bytes (valid only during the call;
 * at least NORM_TOKEN_PAD bytes are readable from tok).  Runs of CJK
 * characters give overlapping bigrams (a lone character gives itself).
 * With stem set, norm_stem is applied.
 */
typedef void	(*norm_token_fn)(const char *tok, size_t len, void *arg);
void		 norm_tokens(const char *s, size_t n, int stem, norm_token_fn,
		    void *arg);

#endif
