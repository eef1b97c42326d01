/* SPDX-License-Identifier: ISC */
/* Calendar dates: parsing YYYY-MM-DD strictly, formatting for people. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "dates.h"
#include "value.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

int
date_parse(const char *s, struct date *d)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	d->year = atoi(s);
	d->month = atoi(s + 5);
	d->day = atoi(s + 8);
	if (d->year < 1 || d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > month_days(d->year, d->month))
		return -1;
	return 0;
}

/* Days from civil date (after Howard Hinnant's public-domain algorithm). */
long
date_days(const struct date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

const char *
date_month_name(int m)
{
	static const char *names[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };

	return m >= 1 && m <= 12 ? names[m - 1] : "";
}

/* v as printf's "%0*d" writes it, without printf: lists write many dates. */
static void
put_num(struct buf *b, int v, int width)
{
	char digits[24];
	long long x = v;
	unsigned long long u = x < 0 ? (unsigned long long)-x :
	    (unsigned long long)x;
	int n = 0, k;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (x < 0)
		buf_putc(b, '-');
	for (k = n + (x < 0); k < width; k++)
		buf_putc(b, '0');
	while (n > 0)
		buf_putc(b, digits[--n]);
}

void
date_human(struct buf *b, const struct date *d)
{
	put_num(b, d->day, 0);
	buf_putc(b, ' ');
	buf_puts(b, date_month_name(d->month));
	buf_putc(b, ' ');
	put_num(b, d->year, 0);
}

void
date_format(struct buf *b, const struct date *d, const struct value *t)
{
	const struct value *months = value_get(t, "months");
	const char *fmt = value_get_str(t, "date_format", NULL), *p, *m;

	if (fmt == NULL || value_len(months) != 12) {
		date_human(b, d);
		return;
	}
	for (p = fmt; *p != '\0'; p++) {
		if (strncmp(p, "{day}", 5) == 0) {
			put_num(b, d->day, 0);
			p += 4;
		} else if (strncmp(p, "{month}", 7) == 0) {
			m = value_str(months->list.items[d->month - 1]);
			buf_puts(b, m != NULL ? m : "");
			p += 6;
		} else if (strncmp(p, "{year}", 6) == 0) {
			put_num(b, d->year, 0);
			p += 5;
		} else
			buf_putc(b, *p);
	}
}

void
date_iso(struct buf *b, const struct date *d)
{
	put_num(b, d->year, 4);
	buf_putc(b, '-');
	put_num(b, d->month, 2);
	buf_putc(b, '-');
	put_num(b, d->day, 2);
}

void
date_today(struct date *d)
{
	const char *s = getenv("SIGNPOST_TODAY"), *e;
	time_t t = time(NULL);
	struct tm tm;

	if (s != NULL && date_parse(s, d) == 0)
		return;
	if ((e = getenv("SOURCE_DATE_EPOCH")) != NULL)
		t = (time_t)strtoll(e, NULL, 10);
	gmtime_r(&t, &tm);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
}
