/* SPDX-License-Identifier: ISC */
/* Internal to the service modules: computed fields and date/time helpers. */
#ifndef SVC_NORM_H
#define SVC_NORM_H

struct value;
struct svc_opts;

/* Add the computed fields (see services.h) to a listing that passed. */
void	 svc_normalise(struct value *svc, const char *slug,
	    const struct svc_opts *opts);
/* "YYYY-MM-DD" of a real calendar date: 0 and the parts, or -1. */
int	 svc_parse_date(const char *, int *y, int *m, int *d);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
long	 svc_days(int y, int m, int d);
/* Minutes since midnight of "HH:MM" (00:00-23:59; "24:00" if allow24). */
int	 svc_parse_time(const char *, int allow24);
/* Today as "YYYY-MM-DD" into out (opts->today or the UTC date); its days. */
long	 svc_today(const struct svc_opts *, char out[16]);
/* The label of a category key in cats (list of {key,label}), or NULL. */
const char *svc_category_label(const struct value *cats, const char *key);

#endif
