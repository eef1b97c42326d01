/* SPDX-License-Identifier: ISC */
/* Tests of map checking: the "did you mean" suggestion every loader uses. */
#include <stddef.h>

#include "harness.h"
#include "schema.h"

TEST(schema_suggest_distance)
{
	static const char *const keys[] = { "name", "phone", "phones",
	    "description", "tu", "th" };
	const size_t n = sizeof(keys) / sizeof(keys[0]);

	CHECK_STR(schema_suggest("phnoe", keys, n), "phone");	/* a swap */
	CHECK_STR(schema_suggest("nmae", keys, n), "name");
	CHECK_STR(schema_suggest("descripton", keys, n), "description");
	CHECK_STR(schema_suggest("phonez", keys, n), "phone");	/* first */
	/* Two edits are allowed when the word is longer than that. */
	CHECK_STR(schema_suggest("tues", keys, n), "tu");
	CHECK(schema_suggest("xy", keys, n) == NULL);
	CHECK(schema_suggest("website", keys, n) == NULL);
	CHECK(schema_suggest("", keys, n) == NULL);
}
