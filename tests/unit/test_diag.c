/* SPDX-License-Identifier: ISC */
/* Tests of deferred diagnostics with order keys (diag_defer_key). */
#include <string.h>

#include "diag.h"
#include "harness.h"

/* Items reported out of order under keys come out as a serial loop's. */
TEST(diag_defer_key_orders_as_serial)
{
	struct loc a = { NULL, 9, 1 }, b = { NULL, 2, 1 };
	const struct diag_rec *r;
	const char *t, *p1, *p2, *p3, *p4;
	size_t n, from;

	harness_diag_capture();
	a.file = b.file = diag_file("x.md", NULL, 0);
	diag_records(&from);
	diag_defer_begin();
	diag_defer_key(2);
	diag_error(&b, "second item");
	diag_note(NULL, "note of the second");
	diag_defer_key(1);
	diag_error(&a, "first item, made first, line 9");
	diag_error(&b, "first item, made next, line 2");
	diag_defer_key(0);
	diag_defer_end();
	t = harness_diag_text();
	p1 = strstr(t, "made first");
	p2 = strstr(t, "made next");
	p3 = strstr(t, "second item");
	p4 = strstr(t, "note of the second");
	CHECK(p1 != NULL && p2 != NULL && p3 != NULL && p4 != NULL);
	CHECK(p1 < p2 && p2 < p3 && p3 < p4);
	r = diag_records(&n);
	CHECK_INT(n - from, 4);
	CHECK_HAS(r[from].msg, "made first");
	CHECK_HAS(r[from + 1].msg, "made next");
	CHECK_HAS(r[from + 2].msg, "second item");
	CHECK_HAS(r[from + 3].msg, "note of the second");
	CHECK_INT(r[from + 3].group, from + 2);
	CHECK_INT(r[from + 3].line, 2);
}
