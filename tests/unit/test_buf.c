/* SPDX-License-Identifier: ISC */
/* Tests of the growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"

TEST(buf_put_and_putc_grow)
{
	struct buf b = BUF_INIT;
	size_t i;

	CHECK_STR(b.ptr, "");
	buf_put(&b, "", 0);
	CHECK_INT(b.len, 0);
	for (i = 0; i < 1000; i++)
		buf_putc(&b, 'a' + (int)(i % 26));
	CHECK_INT(b.len, 1000);
	CHECK(b.ptr[1000] == '\0');
	CHECK(b.ptr[27] == 'b');
	buf_put(&b, "xyz", 3);
	CHECK_STR(b.ptr + 1000, "xyz");
	buf_truncate(&b, 2);
	CHECK_STR(b.ptr, "ab");
	buf_release(&b);
	CHECK_STR(b.ptr, "");
}

/* Output that fits the room left, that fills it exactly, and that does not. */
TEST(buf_printf_fits_and_grows)
{
	struct buf b = BUF_INIT;
	char big[300];
	size_t room, i;

	buf_printf(&b, "%s", "");
	CHECK_INT(b.len, 0);
	CHECK_STR(b.ptr, "");
	buf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.ptr, "42-x");
	room = b.cap - b.len - 1;
	memset(big, 'q', sizeof(big));
	big[room] = '\0';
	buf_printf(&b, "%s", big);
	CHECK_INT(b.len, 4 + room);
	CHECK(b.ptr[b.len] == '\0');
	buf_printf(&b, "%s", "!");
	CHECK_INT(b.len, 5 + room);
	CHECK_STR(b.ptr + 4 + room, "!");
	big[room] = 'q';
	big[299] = '\0';
	buf_printf(&b, "[%s]", big);
	CHECK_INT(b.len, 5 + room + 301);
	CHECK(b.ptr[b.len - 1] == ']');
	CHECK(b.ptr[b.len] == '\0');
	for (i = 0; i < 4 + room; i++)
		if (b.ptr[i] != "42-x"[i < 4 ? i : 0] && b.ptr[i] != 'q')
			break;
	CHECK_INT(i, 4 + room);
	buf_release(&b);
}

TEST(buf_detach_and_reset)
{
	struct buf b = BUF_INIT;
	size_t n;
	char *s;

	s = buf_detach(&b, &n);
	CHECK_STR(s, "");
	CHECK_INT(n, 0);
	free(s);
	buf_puts(&b, "hello");
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	buf_printf(&b, "%s!", "hi");
	s = buf_detach(&b, &n);
	CHECK_STR(s, "hi!");
	CHECK_INT(n, 3);
	CHECK_STR(b.ptr, "");
	free(s);
}

TEST(buf_shrink_keeps_bytes)
{
	struct buf b = BUF_INIT;

	buf_shrink(&b);
	CHECK_STR(b.ptr, "");
	buf_puts(&b, "0123456789");
	buf_shrink(&b);
	CHECK_INT(b.cap, 11);
	CHECK_STR(b.ptr, "0123456789");
	buf_putc(&b, 'x');
	CHECK_STR(b.ptr, "0123456789x");
	buf_release(&b);
}
