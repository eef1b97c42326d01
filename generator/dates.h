/* SPDX-License-Identifier: ISC */
/* Calendar dates written YYYY-MM-DD: checking and formatting. */
#ifndef DATES_H
#define DATES_H

struct buf;
struct value;

struct date {
	int	year;
	int	month;		/* 1-12 */
	int	day;		/* 1-31 */
};

/* Parse exactly YYYY-MM-DD naming a real day; 0 or -1. */
int	 date_parse(const char *, struct date *);
/* Days since 1970-01-01 (may be negative). */
long	 date_days(const struct date *);
/* Compare: <0, 0, >0. */
int	 date_cmp(const struct date *, const struct date *);
/* "14 March 2026". */
void	 date_human(struct buf *, const struct date *);
/*
 * A date as a language writes it: t (interface strings, may be NULL) gives
 * date_format with {day}, {month} and {year}, and months, a list of 12
 * names; without both, date_human.
 */
void	 date_format(struct buf *, const struct date *, const struct value *t);
/* "2026-03-14". */
void	 date_iso(struct buf *, const struct date *);
/* English month name, 1-12. */
const char *date_month_name(int month);
/* Today in UTC, or SOURCE_DATE_EPOCH / SIGNPOST_TODAY when set. */
void	 date_today(struct date *);

#endif
