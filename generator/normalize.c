/* SPDX-License-Identifier: ISC */
/* Search normalisation: UTF-8 decoding, folding per script, tokens, stems. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "normalize.h"

/*
 * What a range of code points folds to.  The same table, in the same
 * order, is in templates/assets/js/normalize.js.
 */
enum fold_op {
	F_TO,		/* the fixed text to[] (empty: dropped, NORM_IGNORE) */
	F_ADD,		/* cp + delta */
	F_EVEN,		/* pairs: even upper, odd lower */
	F_ODD		/* pairs: odd upper, even lower */
};

struct fold {
	uint32_t	 lo, hi;
	enum fold_op	 op;
	int32_t		 delta;
	uint32_t	 to[2];
};

#define TO1(lo, hi, a)		{ lo, hi, F_TO, 0, { a, 0 } }
#define TO2(lo, hi, a, b)	{ lo, hi, F_TO, 0, { a, b } }
#define DROP(lo, hi)		{ lo, hi, F_TO, 0, { 0, 0 } }
#define ADD(lo, hi, d)		{ lo, hi, F_ADD, d, { 0, 0 } }
#define EVEN(lo, hi)		{ lo, hi, F_EVEN, 0, { 0, 0 } }
#define ODD(lo, hi)		{ lo, hi, F_ODD, 0, { 0, 0 } }

static const struct fold folds[] = {
	DROP(0xAD, 0xAD),
	TO1(0xC0, 0xC5, 'a'), TO2(0xC6, 0xC6, 'a', 'e'), TO1(0xC7, 0xC7, 'c'),
	TO1(0xC8, 0xCB, 'e'), TO1(0xCC, 0xCF, 'i'), TO1(0xD0, 0xD0, 'd'),
	TO1(0xD1, 0xD1, 'n'), TO1(0xD2, 0xD6, 'o'), TO1(0xD8, 0xD8, 'o'),
	TO1(0xD9, 0xDC, 'u'), TO1(0xDD, 0xDD, 'y'), TO2(0xDE, 0xDE, 't', 'h'),
	TO2(0xDF, 0xDF, 's', 's'),
	TO1(0xE0, 0xE5, 'a'), TO2(0xE6, 0xE6, 'a', 'e'), TO1(0xE7, 0xE7, 'c'),
	TO1(0xE8, 0xEB, 'e'), TO1(0xEC, 0xEF, 'i'), TO1(0xF0, 0xF0, 'd'),
	TO1(0xF1, 0xF1, 'n'), TO1(0xF2, 0xF6, 'o'), TO1(0xF8, 0xF8, 'o'),
	TO1(0xF9, 0xFC, 'u'), TO1(0xFD, 0xFD, 'y'), TO2(0xFE, 0xFE, 't', 'h'),
	TO1(0xFF, 0xFF, 'y'),
	TO1(0x100, 0x105, 'a'), TO1(0x106, 0x10D, 'c'), TO1(0x10E, 0x111, 'd'),
	TO1(0x112, 0x11B, 'e'), TO1(0x11C, 0x123, 'g'), TO1(0x124, 0x127, 'h'),
	TO1(0x128, 0x131, 'i'), TO2(0x132, 0x133, 'i', 'j'),
	TO1(0x134, 0x135, 'j'), TO1(0x136, 0x138, 'k'), TO1(0x139, 0x142, 'l'),
	TO1(0x143, 0x14B, 'n'), TO1(0x14C, 0x151, 'o'),
	TO2(0x152, 0x153, 'o', 'e'), TO1(0x154, 0x159, 'r'),
	TO1(0x15A, 0x161, 's'), TO1(0x162, 0x167, 't'), TO1(0x168, 0x173, 'u'),
	TO1(0x174, 0x175, 'w'), TO1(0x176, 0x178, 'y'), TO1(0x179, 0x17E, 'z'),
	TO1(0x17F, 0x17F, 's'), TO1(0x180, 0x180, 'b'), TO1(0x191, 0x192, 'f'),
	TO1(0x1A0, 0x1A1, 'o'), TO1(0x1AF, 0x1B0, 'u'), TO1(0x1CD, 0x1CE, 'a'),
	TO1(0x1CF, 0x1D0, 'i'), TO1(0x1D1, 0x1D2, 'o'), TO1(0x1D3, 0x1DC, 'u'),
	TO1(0x218, 0x219, 's'), TO1(0x21A, 0x21B, 't'), DROP(0x2BC, 0x2BC),
	DROP(0x300, 0x36F),
	/* Greek: tonos and dialytika dropped, final sigma, lower case */
	TO1(0x386, 0x386, 0x3B1), TO1(0x388, 0x388, 0x3B5),
	TO1(0x389, 0x389, 0x3B7), TO1(0x38A, 0x38A, 0x3B9),
	TO1(0x38C, 0x38C, 0x3BF), TO1(0x38E, 0x38E, 0x3C5),
	TO1(0x38F, 0x38F, 0x3C9), TO1(0x390, 0x390, 0x3B9),
	ADD(0x391, 0x3A1, 0x20), ADD(0x3A3, 0x3A9, 0x20),
	TO1(0x3AA, 0x3AA, 0x3B9), TO1(0x3AB, 0x3AB, 0x3C5),
	TO1(0x3AC, 0x3AC, 0x3B1), TO1(0x3AD, 0x3AD, 0x3B5),
	TO1(0x3AE, 0x3AE, 0x3B7), TO1(0x3AF, 0x3AF, 0x3B9),
	TO1(0x3B0, 0x3B0, 0x3C5), TO1(0x3C2, 0x3C2, 0x3C3),
	TO1(0x3CA, 0x3CA, 0x3B9), TO1(0x3CB, 0x3CB, 0x3C5),
	TO1(0x3CC, 0x3CC, 0x3BF), TO1(0x3CD, 0x3CD, 0x3C5),
	TO1(0x3CE, 0x3CE, 0x3C9),
	/* Cyrillic: lower case, ё to е */
	TO1(0x400, 0x401, 0x435), ADD(0x402, 0x40F, 0x50),
	ADD(0x410, 0x42F, 0x20), TO1(0x450, 0x451, 0x435), EVEN(0x460, 0x481),
	DROP(0x483, 0x489), EVEN(0x48A, 0x4BF), TO1(0x4C0, 0x4C0, 0x4CF),
	ODD(0x4C1, 0x4CE), EVEN(0x4D0, 0x52F),
	ADD(0x531, 0x556, 0x30),
	/* Hebrew points */
	DROP(0x591, 0x5BD), DROP(0x5BF, 0x5BF), DROP(0x5C1, 0x5C2),
	DROP(0x5C4, 0x5C5), DROP(0x5C7, 0x5C7),
	/* Arabic and Persian: harakat, tatweel, alef, yeh, kaf, teh marbuta */
	DROP(0x610, 0x61A), TO1(0x622, 0x623, 0x627), TO1(0x624, 0x624, 0x648),
	TO1(0x625, 0x625, 0x627), TO1(0x626, 0x626, 0x64A),
	TO1(0x629, 0x629, 0x647), DROP(0x640, 0x640), TO1(0x649, 0x649, 0x64A),
	DROP(0x64B, 0x65F), ADD(0x660, 0x669, 0x30 - 0x660), DROP(0x670, 0x670),
	TO1(0x671, 0x673, 0x627), TO1(0x6A9, 0x6AA, 0x643),
	TO1(0x6C0, 0x6C2, 0x647), TO1(0x6CC, 0x6CD, 0x64A),
	TO1(0x6D0, 0x6D0, 0x64A), TO1(0x6D5, 0x6D5, 0x647), DROP(0x6D6, 0x6DC),
	DROP(0x6DF, 0x6E4), DROP(0x6E7, 0x6E8), DROP(0x6EA, 0x6ED),
	ADD(0x6F0, 0x6F9, 0x30 - 0x6F0),
	DROP(0x1AB0, 0x1AFF), DROP(0x1DC0, 0x1DFF), EVEN(0x1E00, 0x1E95),
	TO2(0x1E9E, 0x1E9E, 's', 's'), EVEN(0x1EA0, 0x1EFF),
	DROP(0x200C, 0x200D), DROP(0x2019, 0x2019), DROP(0x2060, 0x2060),
	DROP(0x20D0, 0x20FF), DROP(0x3099, 0x309C), DROP(0xFE20, 0xFE2F),
	DROP(0xFEFF, 0xFEFF), ADD(0xFF10, 0xFF19, 0x30 - 0xFF10),
	ADD(0xFF21, 0xFF3A, 0x61 - 0xFF21), ADD(0xFF41, 0xFF5A, 0x61 - 0xFF41),
};

struct range {
	uint32_t	 lo, hi;
	enum norm_class	 cls;
};

/* Classes of folded code points above ASCII; the rest separate words. */
static const struct range classes[] = {
	{ 0xC0, 0xD6, NORM_WORD }, { 0xD8, 0xF6, NORM_WORD },
	{ 0xF8, 0x2AF, NORM_WORD }, { 0x370, 0x37D, NORM_WORD },
	{ 0x37F, 0x386, NORM_WORD }, { 0x388, 0x3FF, NORM_WORD },
	{ 0x400, 0x481, NORM_WORD }, { 0x48A, 0x52F, NORM_WORD },
	{ 0x531, 0x587, NORM_WORD }, { 0x5D0, 0x5EA, NORM_WORD },
	{ 0x5F0, 0x5F2, NORM_WORD }, { 0x620, 0x64A, NORM_WORD },
	{ 0x66E, 0x6D3, NORM_WORD }, { 0x6D5, 0x6D5, NORM_WORD },
	{ 0x6EE, 0x6FF, NORM_WORD }, { 0x750, 0x77F, NORM_WORD },
	{ 0x8A0, 0x8FF, NORM_WORD }, { 0x900, 0xFFF, NORM_WORD },
	{ 0x1000, 0x10FF, NORM_WORD }, { 0x1100, 0x11FF, NORM_CJK },
	{ 0x1200, 0x139F, NORM_WORD }, { 0x1E00, 0x1FFF, NORM_WORD },
	{ 0x3005, 0x3007, NORM_CJK }, { 0x3040, 0x3098, NORM_CJK },
	{ 0x309D, 0x309F, NORM_CJK }, { 0x30A1, 0x30FA, NORM_CJK },
	{ 0x30FC, 0x30FF, NORM_CJK }, { 0x3130, 0x318F, NORM_CJK },
	{ 0x31F0, 0x31FF, NORM_CJK }, { 0x3400, 0x4DBF, NORM_CJK },
	{ 0x4E00, 0x9FFF, NORM_CJK }, { 0xAC00, 0xD7AF, NORM_CJK },
	{ 0xF900, 0xFAFF, NORM_CJK }, { 0xFB50, 0xFDFF, NORM_WORD },
	{ 0xFE70, 0xFEFC, NORM_WORD }, { 0xFF66, 0xFF9F, NORM_CJK },
	{ 0x20000, 0x3134F, NORM_CJK },
};

uint32_t
norm_utf8_decode(const char *s, size_t n, size_t *lenp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp, min;
	size_t len, i;

	*lenp = 1;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		cp = u[0] & 0x1F;
		min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		cp = u[0] & 0x0F;
		min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		cp = u[0] & 0x07;
		min = 0x10000;
	} else
		return 0xFFFD;
	if (len > n)
		return 0xFFFD;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*lenp = len;
	return cp;
}

/* Store cp as UTF-8 at p (room for 4 bytes); returns the byte count. */
static size_t
utf8_store(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xC0 | (cp >> 6));
		p[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xE0 | (cp >> 12));
		p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (cp >> 18));
	p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	p[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void
norm_utf8_put(struct buf *b, uint32_t cp)
{
	char s[4];

	buf_put(b, s, utf8_store(s, cp));
}

void
norm_utf8_clean(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, len, start = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		cp = norm_utf8_decode(s + i, n - i, &len);
		if (cp == 0xFFFD && len == 1) {
			buf_put(b, s + start, i - start);
			norm_utf8_put(b, 0xFFFD);
			start = i + 1;
		}
		i += len;
	}
	buf_put(b, s + start, n - start);
}

static enum norm_class
classify(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(classes) / sizeof(classes[0]), mid;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ?
		    NORM_WORD : NORM_SEP;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < classes[mid].lo)
			hi = mid;
		else if (cp > classes[mid].hi)
			lo = mid + 1;
		else
			return classes[mid].cls;
	}
	return NORM_SEP;
}

static const struct fold *
find_fold(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(folds) / sizeof(folds[0]), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < folds[mid].lo)
			hi = mid;
		else if (cp > folds[mid].hi)
			lo = mid + 1;
		else
			return &folds[mid];
	}
	return NULL;
}

enum norm_class
norm_fold(uint32_t cp, uint32_t out[2], size_t *np)
{
	const struct fold *f;

	*np = 1;
	if (cp < 0x80) {
		if (cp == '\'') {
			*np = 0;
			return NORM_IGNORE;
		}
		out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return classify(out[0]);
	}
	out[0] = cp;
	if ((f = find_fold(cp)) != NULL) {
		switch (f->op) {
		case F_TO:
			if (f->to[0] == 0) {
				*np = 0;
				return NORM_IGNORE;
			}
			out[0] = f->to[0];
			if (f->to[1] != 0) {
				out[1] = f->to[1];
				*np = 2;
			}
			break;
		case F_ADD:
			out[0] = (uint32_t)((int32_t)cp + f->delta);
			break;
		case F_EVEN:
			out[0] = cp | 1;
			break;
		case F_ODD:
			out[0] = (cp & 1) ? cp + 1 : cp;
			break;
		}
	}
	return classify(out[0]);
}

static int
ends(const char *t, size_t len, const char *suf)
{
	size_t n = strlen(suf);

	return len >= n && memcmp(t + len - n, suf, n) == 0;
}

/*
 * Arabic light stemming, prefixes only: the article and the particles
 * fused with it, when three letters or more remain ("الصحه" to "صحه",
 * "للجميع" to "جميع"; "الله" stays).
 */
static size_t
stem_arabic(char *t, size_t len)
{
	static const char *const pre[] = {
		"\xd9\x88\xd8\xa7\xd9\x84", "\xd8\xa8\xd8\xa7\xd9\x84",
		"\xd9\x83\xd8\xa7\xd9\x84", "\xd9\x81\xd8\xa7\xd9\x84",
		"\xd9\x84\xd9\x84", "\xd8\xa7\xd9\x84"
	};
	size_t i, n, k, left;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		n = strlen(pre[i]);
		if (len <= n || memcmp(t, pre[i], n) != 0)
			continue;
		for (left = 0, k = n; k < len; k++)
			if (((unsigned char)t[k] & 0xC0) != 0x80)
				left++;
		if (left < 3)
			return len;
		memmove(t, t + n, len - n + 1);
		return len - n;
	}
	return len;
}

/* The English plurals of norm_stem, for a token ending in 's'. */
static size_t
stem_english(char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (t[i] < 'a' || t[i] > 'z')
			return len;
	if (len >= 5 && ends(t, len, "ies")) {
		t[len - 3] = 'y';
		len -= 2;
	} else if (ends(t, len, "sses"))
		len -= 2;
	else if (ends(t, len, "ss") || ends(t, len, "us") ||
	    ends(t, len, "is"))
		return len;
	else
		len--;
	t[len] = '\0';
	return len;
}

/*
 * Most tokens are neither Arabic nor end in 's': two tests send them
 * back, in line in the tokeniser, before any call.
 */
static inline size_t
stem_token(char *t, size_t len)
{
	unsigned char c = (unsigned char)t[0];

	if ((c & 0xFE) == 0xD8 && len >= 2)	/* U+0600 to U+067F */
		return stem_arabic(t, len);
	if (len < 4 || t[len - 1] != 's')
		return len;
	return stem_english(t, len);
}

size_t
norm_stem(char *t, size_t len)
{
	return stem_token(t, len);
}

/*
 * A word is at most NORM_TOKEN_MAX code points of up to 4 bytes; a CJK
 * bigram is 8 bytes.  The word is built in place, no allocation.
 */
#define WORD_BYTES	(NORM_TOKEN_MAX * 4 + 1)

struct tokst {
	char		 word[WORD_BYTES];
	size_t		 len;		/* bytes in word */
	size_t		 ncp;		/* code points in word */
	uint32_t	 prev;		/* last CJK code point */
	size_t		 run;		/* CJK run length */
	int		 stem;
	norm_token_fn	 fn;
	void		*arg;
};

/* As norm_fold and classify would fold an ASCII byte (normalize.h). */
const unsigned char norm_ascii_word[256] = {
	['\''] = 1,
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
};

/* The word is a token: stemmed, given to fn, emptied. */
static inline void
emit_word(struct tokst *st)
{
	st->word[st->len] = '\0';
	if (st->stem)
		st->len = stem_token(st->word, st->len);
	st->fn(st->word, st->len, st->arg);
	st->len = 0;
	st->ncp = 0;
}

static void
flush(struct tokst *st)
{
	if (st->len > 0)
		emit_word(st);
	else if (st->run == 1) {
		st->len = utf8_store(st->word, st->prev);
		st->word[st->len] = '\0';
		st->fn(st->word, st->len, st->arg);
		st->len = 0;
	}
	st->run = 0;
}

static void
add_cjk(struct tokst *st, uint32_t cp)
{
	size_t n;

	if (st->len > 0)
		flush(st);
	if (st->run > 0) {
		n = utf8_store(st->word, st->prev);
		n += utf8_store(st->word + n, cp);
		st->word[n] = '\0';
		st->fn(st->word, n, st->arg);
	}
	st->prev = cp;
	st->run++;
}

/* One code point at or above U+0080, or a bad byte: the general rules. */
static size_t
add_other(struct tokst *st, const char *s, size_t n)
{
	uint32_t out[2];
	size_t len, nout, k;
	enum norm_class cls;

	cls = norm_fold(norm_utf8_decode(s, n, &len), out, &nout);
	if (cls == NORM_IGNORE)
		return len;
	if (cls == NORM_SEP) {
		flush(st);
		return len;
	}
	if (cls == NORM_CJK) {
		add_cjk(st, out[0]);
		return len;
	}
	if (st->run > 0)
		flush(st);
	for (k = 0; k < nout && st->ncp < NORM_TOKEN_MAX; k++) {
		st->len += utf8_store(st->word + st->len, out[k]);
		st->ncp++;
	}
	return len;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LOWER_EIGHT	/* ascii_run takes eight bytes at a time */

/*
 * How many of the eight bytes in x (as read from memory) are lower-case
 * letters before any other byte: the high bit of each byte is set for
 * 'a' to 'z' by two additions that cannot carry into the next byte.
 */
static inline size_t
lower_prefix(uint64_t x)
{
	uint64_t y = x & ~BYTES_HIGHS, low;

	low = (y + BYTES_ONES * (0x80 - 'a')) &
	    ~(y + BYTES_ONES * (0x80 - 'z' - 1)) & ~x & BYTES_HIGHS;
	return low == BYTES_HIGHS ? 8 :
	    (size_t)__builtin_ctzll(low ^ BYTES_HIGHS) / 8;
}
#endif

/*
 * A run of ASCII letters, digits and apostrophes from u[i] (a letter or
 * digit, f its normal form) onto the word: copied while there is room,
 * the rest skipped.  Most words are lower case after their first letter:
 * up to eight such bytes are taken at once, where eight can be read and
 * kept.  The copy loop tests one bound, not the room and the end apart.
 * Returns the index of the byte after the run.
 */
static size_t
ascii_run(struct tokst *st, const unsigned char *u, size_t i, size_t n,
    unsigned f)
{
	char *w = st->word + st->len;
	size_t room = NORM_TOKEN_MAX - st->ncp, lim, from;
#ifdef LOWER_EIGHT
	uint64_t x;
	size_t k;
#endif

	if (room > 0) {
		*w++ = (char)f;
		room--;
	}
	i++;
#ifdef LOWER_EIGHT
	if (room >= 8 && n - i >= 8) {
		memcpy(&x, u + i, 8);
		memcpy(w, &x, 8);
		k = lower_prefix(x);
		w += k;
		i += k;
		room -= k;
		if (k < 8 && norm_ascii_word[u[i]] == 0)
			goto out;
	}
#endif
	for (;;) {
		lim = n - i < room ? n : i + room;
		for (from = i; i < lim && (f = norm_ascii_word[u[i]]) > 1; i++)
			*w++ = (char)f;
		room -= i - from;
		if (i == n || (f = norm_ascii_word[u[i]]) == 0)
			break;
		if (f == 1) {
			i++;		/* an apostrophe: dropped */
			continue;
		}
		/* no room left: the rest of the word is cut */
		while (++i < n && norm_ascii_word[u[i]] != 0)
			continue;
		break;
	}
#ifdef LOWER_EIGHT
out:
#endif
	st->len = (size_t)(w - st->word);
	st->ncp = NORM_TOKEN_MAX - room;
	return i;
}

void
norm_tokens(const char *s, size_t n, int stem, norm_token_fn fn, void *arg)
{
	const unsigned char *u = (const unsigned char *)s;
	struct tokst st;
	size_t i = 0;
	unsigned c, f;

	st.len = st.ncp = st.run = 0;
	st.prev = 0;
	/* defined bytes for a reader of NORM_TOKEN_PAD (valgrind) */
	memset(st.word, 0, NORM_TOKEN_PAD);
	st.stem = stem;
	st.fn = fn;
	st.arg = arg;
	while (i < n) {
		c = u[i];
		if (c >= 0x80) {
			i += add_other(&st, s + i, n - i);
			continue;
		}
		f = norm_ascii_word[c];
		if (f <= 1) {
			i++;
			if (f == 0 && (st.len > 0 || st.run > 0))
				flush(&st);
			continue;
		}
		if (st.run > 0)
			flush(&st);
		i = ascii_run(&st, u, i, n, f);
		/* Most words end at an ASCII separator: the word is done. */
		if (i < n && u[i] < 0x80) {
			emit_word(&st);
			i++;
		}
	}
	flush(&st);
}
