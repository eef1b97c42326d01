/* SPDX-License-Identifier: ISC */
/* Computed fields of a valid service listing, named for the templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "escape.h"
#include "isodata.h"
#include "phone.h"
#include "services.h"
#include "svc_norm.h"
#include "value.h"
#include "xalloc.h"

static const char *const day_keys[] = { "mo", "tu", "we", "th", "fr", "sa",
	"su" };
static const char *const day_names[] = { "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday" };
static const char *const months[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

int
svc_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int i, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1)
		return -1;
	if (*d > mdays[*m - 1] + (*m == 2 && leap))
		return -1;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
long
svc_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
svc_parse_time(const char *s, int allow24)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '9' ||
	    s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (allow24 && h == 24 && m == 0)
		return 24 * 60;
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

long
svc_today(const struct svc_opts *opts, char out[16])
{
	struct tm tm;
	time_t now;
	int y, m, d;

	if (opts != NULL && opts->today != NULL)
		snprintf(out, 16, "%s", opts->today);
	else {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(out, 16, "%Y-%m-%d", &tm);
	}
	if (svc_parse_date(out, &y, &m, &d) == -1)
		return 0;
	return svc_days(y, m, d);
}

const char *
svc_category_label(const struct value *cats, const char *key)
{
	size_t i;

	for (i = 0; i < value_len(cats); i++)
		if (strcmp(value_get_str(cats->list.items[i], "key", ""),
		    key) == 0)
			return value_get_str(cats->list.items[i], "label",
			    key);
	return NULL;
}

char *
svc_date_human(const char *iso)
{
	struct buf b = BUF_INIT;
	int y, m, d;

	if (iso == NULL || svc_parse_date(iso, &y, &m, &d) == -1)
		return NULL;
	buf_printf(&b, "%d %s %d", d, months[m - 1], y);
	return buf_detach(&b, NULL);
}

static void
set_bool(struct value *m, const char *key, int on)
{
	value_map_set_take(m, key, value_new_bool(on));
}

static void
set_take(struct value *m, const char *key, char *s)
{
	value_map_set_take(m, key, value_new_str_take(s, strlen(s)));
}

/* A list of strings into a list of {kname: s, vname: f(s)}. */
static void
expand(struct value *svc, const char *key, const char *kname,
    const char *vname, const char *(*f)(const char *, const void *),
    const void *arg)
{
	const struct value *list = value_get(svc, key);
	struct value *out, *m;
	const char *s;
	size_t i;

	if (list == NULL || list->type != VALUE_LIST)
		return;
	out = value_new(VALUE_LIST, &list->loc);
	for (i = 0; i < list->list.len; i++) {
		s = list->list.items[i]->str.ptr;
		m = value_list_push_take(out, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, kname, s);
		value_map_set_str(m, vname, f(s, arg));
	}
	value_map_set_take(svc, key, out);
}

static const char *
cat_label(const char *key, const void *cats)
{
	const char *l = svc_category_label(cats, key);

	return l != NULL ? l : key;
}

static const char *
lang_name(const char *code, const void *unused)
{
	const char *n = isodata_language_name(code);

	return n != NULL ? n : code;
}

static const char *
access_label(const char *key, const void *unused)
{
	static const char *const labels[][2] = {
		{ "self-referral", "Self-referral" },
		{ "gp-referral", "GP referral" },
		{ "professional-referral", "Referral by a professional" },
		{ "drop-in", "Drop-in" },
		{ "appointment", "By appointment" }
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(key, labels[i][0]) == 0)
			return labels[i][1];
	return key;
}

static void
norm_status(struct value *svc)
{
	const char *st = value_get_str(svc, "status", NULL);
	const char *label = "Open";

	if (st == NULL)
		st = value_str(value_map_set_str(svc, "status", "active"));
	if (strcmp(st, "temporarily-closed") == 0)
		label = "Temporarily closed";
	else if (strcmp(st, "inactive") == 0)
		label = "Not running at the moment";
	else if (strcmp(st, "defunct") == 0)
		label = "Closed for good";
	value_map_set_str(svc, "status_label", label);
	set_bool(svc, "is_active", strcmp(st, "active") == 0);
	set_bool(svc, "is_closed_temporarily",
	    strcmp(st, "temporarily-closed") == 0);
	set_bool(svc, "is_listed", strcmp(st, "active") == 0 ||
	    strcmp(st, "temporarily-closed") == 0);
}

static void
norm_categories(struct value *svc, const struct value *cats)
{
	const struct value *list = value_get(svc, "categories");
	struct value *out;
	size_t i;

	value_map_set_take(svc, "category_keys", value_copy(list));
	expand(svc, "categories", "key", "label", cat_label, cats);
	out = (struct value *)value_get(svc, "categories");
	for (i = 0; i < value_len(out); i++)
		value_map_set_take(out->list.items[i], "url",
		    value_new_printf("categories/%s.html",
		    value_get_str(out->list.items[i], "key", "")));
}

static void
norm_ages(struct value *svc)
{
	const struct value *a = value_get(svc, "ages");
	const char *lo = value_get_str(a, "min", NULL);
	const char *hi = value_get_str(a, "max", NULL);

	if (lo != NULL && hi != NULL)
		value_map_set_take(svc, "ages_text",
		    value_new_printf("%s to %s", lo, hi));
	else if (lo != NULL)
		value_map_set_take(svc, "ages_text",
		    value_new_printf("%s and over", lo));
	else if (hi != NULL)
		value_map_set_take(svc, "ages_text",
		    value_new_printf("up to %s", hi));
}

static const char *
phone_type_label(const char *type)
{
	if (strcmp(type, "text") == 0)
		return "Text";
	if (strcmp(type, "fax") == 0)
		return "Fax";
	if (strcmp(type, "textphone") == 0)
		return "Textphone";
	if (strcmp(type, "video") == 0)
		return "Video call";
	return "Phone";
}

static void
norm_phones(struct value *svc)
{
	struct value *phones = (struct value *)value_path(svc,
	    "contact.phones"), *p;
	const char *type, *country;
	struct buf b = BUF_INIT;
	struct phone ph;
	size_t i;

	for (i = 0; i < value_len(phones); i++) {
		p = phones->list.items[i];
		type = value_get_str(p, "type", NULL);
		if (type == NULL)
			type = value_str(value_map_set_str(p, "type", "voice"));
		country = value_get_str(p, "country",
		    value_get_str(svc, "country", NULL));
		if (phone_parse(value_get_str(p, "number", ""), country, &ph,
		    NULL) == -1)
			continue;	/* checked before: cannot happen */
		buf_reset(&b);
		phone_href(&ph, strcmp(type, "text") == 0, &b);
		value_map_set_str(p, "href", b.ptr);
		value_map_set_str(p, "e164", ph.e164);
		value_map_set_str(p, "display", value_get_str(p, "number", ""));
		value_map_set_str(p, "type_label", phone_type_label(type));
		set_bool(p, "is_text", strcmp(type, "text") == 0);
		set_bool(p, "is_short", ph.is_short);
		set_bool(p, "fictional", phone_is_fictional(&ph));
	}
	buf_release(&b);
	set_bool(svc, "has_phones", value_len(phones) > 0);
}

static void
norm_locations(struct value *svc)
{
	static const char *const parts[] = { "line1", "line2", "city",
	    "region", "postal_code" };
	struct value *locs = (struct value *)value_get(svc, "locations");
	struct value *towns = value_new(VALUE_LIST, NULL), *l, *addr;
	struct buf b = BUF_INIT, tt = BUF_INIT;
	const char *s, *country = value_get_str(svc, "country", NULL);
	size_t i, j;

	for (i = 0; i < value_len(locs); i++) {
		l = locs->list.items[i];
		if (value_get(l, "type") == NULL)
			value_map_set_str(l, "type", "physical");
		set_bool(l, "is_virtual", strcmp(value_get_str(l, "type", ""),
		    "virtual") == 0);
		set_bool(l, "has_geo", value_get(l, "geo") != NULL);
		addr = (struct value *)value_get(l, "address");
		buf_reset(&b);
		for (j = 0; addr != NULL && j < 5; j++)
			if ((s = value_get_str(addr, parts[j], NULL)) && *s) {
				buf_puts(&b, b.len ? ", " : "");
				buf_puts(&b, s);
			}
		value_map_set_str(l, "address_text", b.ptr);
		if (addr == NULL)
			continue;
		if (value_get(addr, "country") == NULL && country != NULL)
			value_map_set_str(addr, "country", country);
		if ((s = value_get_str(addr, "city", NULL)) == NULL || !*s)
			continue;
		for (j = 0; j < towns->list.len; j++)
			if (strcmp(towns->list.items[j]->str.ptr, s) == 0)
				break;
		if (j < towns->list.len)
			continue;
		value_list_push_take(towns, value_new_strz(s));
		buf_puts(&tt, tt.len ? ", " : "");
		buf_puts(&tt, s);
	}
	value_map_set_take(svc, "towns", towns);
	value_map_set_str(svc, "towns_text", tt.ptr);
	set_bool(svc, "has_locations", value_len(locs) > 0);
	buf_release(&b);
	buf_release(&tt);
}

static int
rule_has_day(const struct value *rule, const char *day)
{
	const struct value *days = value_get(rule, "days");
	size_t i;

	for (i = 0; i < value_len(days); i++)
		if (strcmp(value_str(days->list.items[i]), day) == 0)
			return 1;
	return 0;
}

/* "" or "from 1 January 2026 to 31 December 2026" for a rule. */
static char *
rule_dates(const struct value *rule)
{
	char *from = svc_date_human(value_get_str(rule, "from", NULL));
	char *to = svc_date_human(value_get_str(rule, "to", NULL));
	struct buf b = BUF_INIT;

	if (from != NULL)
		buf_printf(&b, "from %s", from);
	if (to != NULL)
		buf_printf(&b, "%s%s", from != NULL ? " to " : "until ", to);
	free(from);
	free(to);
	return buf_detach(&b, NULL);
}

static struct value *
make_slot(const struct value *rule)
{
	struct value *slot = value_new(VALUE_MAP, NULL);
	const char *o = value_get_str(rule, "opens", "");
	const char *c = value_get_str(rule, "closes", "");
	char *dates = rule_dates(rule);

	value_map_set_str(slot, "opens", o);
	value_map_set_str(slot, "closes", c);
	value_map_set_take(slot, "text", value_new_printf("%s\u2013%s%s%s%s%s",
	    o, c, value_get_bool(rule, "overnight", 0) ? " (next day)" : "",
	    *dates ? " (" : "", dates, *dates ? ")" : ""));
	set_take(slot, "dates", dates);
	return slot;
}

static const char *
opens_of(const struct value *rule)
{
	return value_get_str(rule, "opens", "");
}

/* Seven rows, Monday first, each with its slots sorted by opening time. */
static struct value *
hours_table(const struct value *hours)
{
	const struct value *rules = value_get(hours, "rules"), *sorted[64], *r;
	struct value *table = value_new(VALUE_LIST, NULL), *row, *slots;
	int always = value_get_bool(hours, "always", 0);
	struct buf text = BUF_INIT;
	size_t d, i, j, n;

	for (d = 0; d < 7; d++) {
		for (n = i = 0; i < value_len(rules) && n < 64; i++) {
			r = rules->list.items[i];
			if (!rule_has_day(r, day_keys[d]))
				continue;
			for (j = n++; j > 0 && strcmp(opens_of(sorted[j - 1]),
			    opens_of(r)) > 0; j--)
				sorted[j] = sorted[j - 1];
			sorted[j] = r;
		}
		row = value_list_push_take(table, value_new(VALUE_MAP, NULL));
		value_map_set_str(row, "day", day_names[d]);
		value_map_set_str(row, "key", day_keys[d]);
		slots = value_new(VALUE_LIST, NULL);
		buf_reset(&text);
		for (i = 0; !always && i < n; i++) {
			struct value *s = value_list_push_take(slots,
			    make_slot(sorted[i]));

			buf_puts(&text, i ? ", " : "");
			buf_puts(&text, value_get_str(s, "text", ""));
		}
		value_map_set_take(row, "slots", slots);
		set_bool(row, "closed", !always && n == 0);
		value_map_set_str(row, "text", always ? "Open 24 hours" :
		    n == 0 ? "Closed" : text.ptr);
	}
	buf_release(&text);
	return table;
}

static void
json_key_str(struct buf *b, const char *key, const char *s, int comma)
{
	buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
	esc_json_str(b, s, strlen(s));
}

/* The compact JSON the "open now" script reads (see services.h). */
static char *
hours_json(const struct value *hours)
{
	const struct value *rules = value_get(hours, "rules"), *r, *days;
	struct buf b = BUF_INIT;
	const char *s;
	size_t i, j;

	buf_putc(&b, '{');
	json_key_str(&b, "timezone", value_get_str(hours, "timezone", "UTC"),
	    0);
	buf_printf(&b, ",\"always\":%s,\"rules\":[",
	    value_get_bool(hours, "always", 0) ? "true" : "false");
	for (i = 0; i < value_len(rules); i++) {
		r = rules->list.items[i];
		days = value_get(r, "days");
		buf_puts(&b, i ? ",{\"days\":[" : "{\"days\":[");
		for (j = 0; j < value_len(days); j++) {
			buf_puts(&b, j ? "," : "");
			s = value_str(days->list.items[j]);
			esc_json_str(&b, s, strlen(s));
		}
		buf_putc(&b, ']');
		json_key_str(&b, "opens", value_get_str(r, "opens", ""), 1);
		json_key_str(&b, "closes", value_get_str(r, "closes", ""), 1);
		buf_printf(&b, ",\"overnight\":%s",
		    value_get_bool(r, "overnight", 0) ? "true" : "false");
		if ((s = value_get_str(r, "from", NULL)) != NULL)
			json_key_str(&b, "from", s, 1);
		if ((s = value_get_str(r, "to", NULL)) != NULL)
			json_key_str(&b, "to", s, 1);
		buf_putc(&b, '}');
	}
	buf_puts(&b, "]}");
	return buf_detach(&b, NULL);
}

static void
norm_hours(struct value *svc, const struct svc_opts *opts)
{
	struct value *h = (struct value *)value_get(svc, "hours");

	if (h == NULL || h->type != VALUE_MAP)
		return;
	if (value_get(h, "timezone") == NULL)
		value_map_set_str(h, "timezone", opts->timezone != NULL ?
		    opts->timezone : "UTC");
	if (value_get(h, "always") == NULL)
		set_bool(h, "always", 0);
	value_map_set_take(h, "table", hours_table(h));
	set_take(h, "json", hours_json(h));
}

/* Keys left empty ("note:") were not written: drop them everywhere. */
static void
prune_nulls(struct value *v)
{
	size_t i;

	if (v->type == VALUE_LIST)
		for (i = 0; i < v->list.len; i++)
			prune_nulls(v->list.items[i]);
	if (v->type != VALUE_MAP)
		return;
	for (i = v->map.len; i > 0; i--) {
		if (v->map.items[i - 1].val->type == VALUE_NULL)
			value_map_del(v, v->map.items[i - 1].key);
		else
			prune_nulls(v->map.items[i - 1].val);
	}
}

void
svc_normalise(struct value *svc, const char *slug,
    const struct svc_opts *opts)
{
	struct value *defcats = NULL;
	const struct value *cats = opts->categories, *ct;
	const char *verified = value_get_str(svc, "verified", NULL);
	unsigned stale = opts->stale_after ? opts->stale_after : 365;
	char today[16], *human;
	long now;
	int y, m, d;

	if (cats == NULL)
		cats = defcats = svc_default_categories();
	prune_nulls(svc);
	value_map_set_str(svc, "slug", slug);
	value_map_set_take(svc, "url", value_new_printf("services/%s.html",
	    slug));
	value_map_set_take(svc, "vcard_url",
	    value_new_printf("services/%s.vcf", slug));
	norm_status(svc);
	if (value_get(svc, "crisis") == NULL)
		set_bool(svc, "crisis", 0);
	norm_categories(svc, cats);
	expand(svc, "languages", "code", "name", lang_name, NULL);
	expand(svc, "access", "key", "label", access_label, NULL);
	set_bool(svc, "free", value_get_bool(value_get(svc, "cost"), "free",
	    0));
	norm_ages(svc);
	norm_phones(svc);
	norm_locations(svc);
	norm_hours(svc, opts);
	if (verified != NULL && (human = svc_date_human(verified)) != NULL) {
		set_take(svc, "verified_human", human);
		now = svc_today(opts, today);
		svc_parse_date(verified, &y, &m, &d);
		set_bool(svc, "is_stale", now - svc_days(y, m, d) >
		    (long)stale);
	}
	ct = value_get(svc, "contact");
	set_bool(svc, "has_contact", value_get(ct, "website") != NULL ||
	    value_get(ct, "email") != NULL || value_len(value_get(ct,
	    "phones")) > 0 || value_len(value_get(svc, "locations")) > 0);
	value_free(defcats);
}
