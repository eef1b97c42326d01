/* SPDX-License-Identifier: ISC */
/* Slugs for file names, tags and heading ids. */
#include <string.h>

#include "buf.h"
#include "slug.h"

/* Latin-1 Supplement and Latin Extended-A letters to ASCII, from U+00C0. */
static const char *const latin[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 Latin Extended-A */
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c",
	"c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e",
	"e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g",
	"h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l",
	"l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n",
	"n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe",
	"r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u",
	"u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y",
	"y", "z", "z", "z", "z", "z", "z", "s"
};

/* Decode one UTF-8 sequence; bad bytes come back as U+FFFD, one byte long. */
static unsigned
decode(const unsigned char *s, size_t n, size_t *used)
{
	unsigned c = s[0], need, i;

	*used = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0) {
		need = 1;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		need = 2;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		need = 3;
		c &= 0x07;
	} else
		return 0xfffd;
	if (need >= n)
		return 0xfffd;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*used = need + 1;
	return c;
}

/* Whether code point c is a letter or digit worth keeping (rough but safe). */
static int
is_word(unsigned c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	if (c == 0xd7 || c == 0xf7 || c == 0xfffd)
		return 0;
	if (c >= 0x2000 && c <= 0x2bff)		/* punctuation, symbols */
		return 0;
	if (c >= 0x3000 && c <= 0x303f)		/* CJK punctuation */
		return 0;
	if (c >= 0xff00 && c <= 0xff0f)
		return 0;
	if (c >= 0x80 && c < 0xc0)
		return 0;
	if (c >= 0x600 && c <= 0x60f)		/* Arabic punctuation */
		return 0;
	return 1;
}

/*
 * ASCII, most of any title, takes a short path; the slug is never longer
 * than the text (a dash stands for at least one byte left out), so it is
 * written straight into the buffer.
 */
void
slug_append(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, used;
	const char *l;
	char *o, *first;
	int dash = 0;
	unsigned c;

	if (len == 0)
		return;
	buf_grow(out, len);
	o = first = out->ptr + out->len;
	while (i < len) {
		c = p[i];
		used = 1;
		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c >= 0x80)
			c = decode(p + i, len - i, &used);
		if (!is_word(c)) {
			dash = o > first;
			i += used;
			continue;
		}
		if (dash)
			*o++ = '-';
		dash = 0;
		if (c < 0x80)
			*o++ = (char)c;
		else if (c >= 0xc0 && c <= 0x17f &&
		    (l = latin[c - 0xc0]) != NULL)
			while (*l != '\0')
				*o++ = *l++;
		else {
			memcpy(o, p + i, used);
			o += used;
		}
		i += used;
	}
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
}

int
slug_is_strict(const char *s)
{
	int prev_dash = 1;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '-') {
			if (prev_dash)
				return 0;
			prev_dash = 1;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			prev_dash = 0;
		else
			return 0;
	}
	return !prev_dash;
}

_Static_assert(sizeof(latin) / sizeof(latin[0]) == 0x180 - 0xc0,
    "the Latin table covers U+00C0 to U+017F");
