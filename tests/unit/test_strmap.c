/* SPDX-License-Identifier: ISC */
/* Tests of the string-keyed hash map. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "strmap.h"

TEST(strmap_put_get_replace)
{
	struct strmap m = STRMAP_INIT;
	int a, b;

	CHECK(strmap_get(&m, "x") == NULL);
	CHECK(strmap_put(&m, "articles/a.html", &a) == NULL);
	CHECK(strmap_get(&m, "articles/a.html") == &a);
	CHECK(strmap_put(&m, "articles/a.html", &b) == &a);
	CHECK(strmap_get(&m, "articles/a.html") == &b);
	CHECK(strmap_get(&m, "articles/a.htm") == NULL);
	CHECK(strmap_get(&m, "") == NULL);
	CHECK(strmap_put(&m, "", &a) == NULL);
	CHECK(strmap_get(&m, "") == &a);
	CHECK_INT(m.len, 2);
	strmap_release(&m);
	CHECK(strmap_get(&m, "") == NULL);
}

/* Keys of every length around the 8-byte steps, through several grows. */
TEST(strmap_many_keys)
{
	struct strmap m = STRMAP_INIT;
	char key[64];
	size_t i, n = 0, found = 0;

	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "%.*s%zu", (int)(i % 20),
		    "services/abcdefghijklmnopq", i);
		CHECK(strmap_put(&m, key, (void *)(i + 1)) == NULL);
		n++;
	}
	CHECK_INT(m.len, n);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "%.*s%zu", (int)(i % 20),
		    "services/abcdefghijklmnopq", i);
		if (strmap_get(&m, key) == (void *)(i + 1))
			found++;
		key[strlen(key) - 1] ^= 0x40;
		CHECK(strmap_get(&m, key) == NULL);
	}
	CHECK_INT(found, 3000);
	strmap_release(&m);
}

TEST(strmap_intern_keeps_one_copy)
{
	struct strmap m = STRMAP_INIT;
	char a[] = "articles/a.html", b[] = "articles/a.html";
	const char *x = strmap_intern(&m, a), *y = strmap_intern(&m, b);

	CHECK(x == y);
	CHECK(x != a && x != b);
	CHECK_STR(x, "articles/a.html");
	CHECK(strmap_get(&m, "articles/a.html") == NULL);	/* no value */
	CHECK(strmap_intern(&m, "other") != x);
	CHECK_INT(m.len, 2);
	strmap_release(&m);
}
