/* SPDX-License-Identifier: ISC */
/* Internal to the service modules: computed fields, times, categories. */
#ifndef SVC_NORM_H
#define SVC_NORM_H

struct date;
struct value;
struct svc_opts;

/* Add the computed fields (see services.h) to a listing that passed. */
void	 svc_normalise(struct value *svc, const char *slug,
	    const struct svc_opts *opts);
/* Minutes since midnight of "HH:MM" (00:00-23:59; "24:00" if allow24). */
int	 svc_parse_time(const char *, int allow24);
/* Today (opts->today, else date_today) into *d; its day number. */
long	 svc_today(const struct svc_opts *, struct date *d);
/* The label of a category key in cats (list of {key,label}), or NULL. */
const char *svc_category_label(const struct value *cats, const char *key);

#endif
