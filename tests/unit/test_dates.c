/* SPDX-License-Identifier: ISC */
/* Tests of calendar dates: strict parsing, day numbers, formats. */
#include <stdlib.h>

#include "buf.h"
#include "dates.h"
#include "harness.h"
#include "value.h"

TEST(dates_parse)
{
	struct date d;

	CHECK(date_parse("2026-05-01", &d) == 0);
	CHECK_INT(d.year, 2026);
	CHECK_INT(d.month, 5);
	CHECK_INT(d.day, 1);
	CHECK(date_parse("2024-02-29", &d) == 0);
	CHECK(date_parse("2000-02-29", &d) == 0);
	CHECK(date_parse("2026-02-29", &d) == -1);
	CHECK(date_parse("1900-02-29", &d) == -1);
	CHECK(date_parse("2026-02-30", &d) == -1);
	CHECK(date_parse("2026-04-31", &d) == -1);
	CHECK(date_parse("2026-13-01", &d) == -1);
	CHECK(date_parse("2026-00-10", &d) == -1);
	CHECK(date_parse("2026-1-01", &d) == -1);
	CHECK(date_parse("2026-05-01T", &d) == -1);
	CHECK(date_parse("2026/05/01", &d) == -1);
	CHECK(date_parse("", &d) == -1);
	CHECK(date_parse(NULL, &d) == -1);
}

TEST(dates_days_and_cmp)
{
	struct date a, b;

	CHECK(date_parse("1970-01-01", &a) == 0);
	CHECK_INT(date_days(&a), 0);
	CHECK(date_parse("1969-12-31", &a) == 0);
	CHECK_INT(date_days(&a), -1);
	CHECK(date_parse("2000-03-01", &a) == 0);
	CHECK_INT(date_days(&a), 11017);
	CHECK(date_parse("2026-01-01", &a) == 0);
	CHECK(date_parse("2026-12-31", &b) == 0);
	CHECK_INT(date_days(&b) - date_days(&a), 364);
	CHECK(date_cmp(&a, &b) < 0);
	CHECK(date_cmp(&b, &a) > 0);
	CHECK(date_cmp(&a, &a) == 0);
}

TEST(dates_formats)
{
	struct buf b = BUF_INIT;
	struct date d;

	CHECK(date_parse("2026-12-31", &d) == 0);
	date_human(&b, &d);
	CHECK_STR(b.ptr, "31 December 2026");
	buf_reset(&b);
	CHECK(date_parse("2024-02-29", &d) == 0);
	date_human(&b, &d);
	CHECK_STR(b.ptr, "29 February 2024");
	buf_reset(&b);
	date_iso(&b, &d);
	CHECK_STR(b.ptr, "2024-02-29");
	CHECK_STR(date_month_name(1), "January");
	CHECK_STR(date_month_name(13), "");
	buf_release(&b);
}

TEST(dates_today_override)
{
	struct date d;

	setenv("SIGNPOST_TODAY", "2026-05-20", 1);
	date_today(&d);
	unsetenv("SIGNPOST_TODAY");
	CHECK_INT(d.year, 2026);
	CHECK_INT(d.month, 5);
	CHECK_INT(d.day, 20);
}

TEST(dates_format_by_language)
{
	static const char *const pl[] = { "stycznia", "lutego", "marca",
	    "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
	    "października", "listopada", "grudnia" };
	struct value *t = value_new(VALUE_MAP, NULL), *m;
	struct buf b = BUF_INIT;
	struct date d;
	size_t i;

	CHECK(date_parse("2026-03-14", &d) == 0);
	date_format(&b, &d, NULL);
	CHECK_STR(b.ptr, "14 March 2026");
	buf_reset(&b);
	value_map_set_str(t, "date_format", "{day}. {month} {year}");
	date_format(&b, &d, t);		/* no months: English */
	CHECK_STR(b.ptr, "14 March 2026");
	m = value_map_set_take(t, "months", value_new(VALUE_LIST, NULL));
	for (i = 0; i < 12; i++)
		value_list_push_take(m, value_new_strz(pl[i]));
	buf_reset(&b);
	date_format(&b, &d, t);
	CHECK_STR(b.ptr, "14. marca 2026");
	buf_release(&b);
	value_free(t);
}
