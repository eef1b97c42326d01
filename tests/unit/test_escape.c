/* SPDX-License-Identifier: ISC */
/* Tests of HTML escaping: every position of every special byte. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "harness.h"

/* Byte by byte, as the escaper must behave. */
static void
slow_html(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, s[i]); break;
		}
}

TEST(esc_html_every_position)
{
	static const char specials[] = "&<>\"'";
	char text[70];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t len, pos, k, bad = 0;

	for (len = 0; len < sizeof(text); len++)
		for (pos = 0; pos <= len; pos++)
			for (k = 0; k < 5; k++) {
				memset(text, 'a', len);
				text[len / 3] = '\xc3';	/* bytes >= 0x80 */
				if (pos < len)
					text[pos] = specials[k];
				if (len > 40)
					text[len - 1] = '<';
				buf_reset(&got);
				buf_reset(&want);
				esc_html(&got, text, len);
				slow_html(&want, text, len);
				if (got.len != want.len ||
				    memcmp(got.ptr, want.ptr, got.len) != 0)
					bad++;
			}
	CHECK_INT(bad, 0);
	buf_reset(&got);
	esc_html(&got, "a\0<b", 4);
	CHECK_INT(got.len, 7);
	CHECK(memcmp(got.ptr, "a\0&lt;b", 7) == 0);
	buf_release(&got);
	buf_release(&want);
}

/*
 * Texts mixing the specials with bytes a byte or a bit away from them
 * (the quick tests compare words of 8 or 16 bytes at once), at lengths
 * around those words' sizes.
 */
TEST(esc_html_near_misses)
{
	static const char alpha[] = "&<>\"'%()#=?;:![]a \xa6\xbc\xa2\xa7\xbe\xc3";
	char text[100];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t len, i, round, bad = 0;
	unsigned seed = 7;

	for (round = 0; round < 4000; round++) {
		len = round % sizeof(text);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly plain text, so that long runs occur too */
			text[i] = (seed >> 16) % 4 != 0 ? 'x' :
			    alpha[(seed >> 20) % (sizeof(alpha) - 1)];
		}
		buf_reset(&got);
		buf_reset(&want);
		esc_html(&got, text, len);
		slow_html(&want, text, len);
		if (got.len != want.len || memcmp(got.ptr, want.ptr,
		    got.len) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	buf_release(&got);
	buf_release(&want);
}
