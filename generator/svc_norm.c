/* SPDX-License-Identifier: ISC */
/* Computed fields of a valid service listing, named for the templates. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "dates.h"
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
svc_today(const struct svc_opts *opts, struct date *d)
{
	if (opts == NULL || opts->today == NULL ||
	    date_parse(opts->today, d) == -1)
		date_today(d);
	return date_days(d);
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

/*
 * The English words of a listing, by their interface string key; a
 * language's strings (templates/i18n/<code>.yml) replace them.
 */
static const char *const english[][2] = {
	{ "status_active", "Open" },
	{ "status_temporarily_closed", "Temporarily closed" },
	{ "status_inactive", "Not running at the moment" },
	{ "status_defunct", "Closed for good" },
	{ "phone_voice", "Phone" },
	{ "phone_text", "Text" },
	{ "phone_fax", "Fax" },
	{ "phone_textphone", "Textphone" },
	{ "phone_video", "Video call" },
	{ "access_self_referral", "Self-referral" },
	{ "access_gp_referral", "GP referral" },
	{ "access_professional_referral", "Referral by a professional" },
	{ "access_drop_in", "Drop-in" },
	{ "access_appointment", "By appointment" },
	{ "hours_closed", "Closed" },
	{ "hours_always", "Open 24 hours" },
	{ "hours_next_day", "next day" },
	{ "hours_from", "from" },
	{ "hours_to", "to" },
	{ "hours_until", "until" },
	{ "ages_range", "{min} to {max}" },
	{ "ages_min", "{min} and over" },
	{ "ages_max", "up to {max}" }
};

/* The string key of t, else its English word, else NULL. */
static const char *
word(const struct value *t, const char *key)
{
	const char *s = value_get_str(t, key, NULL);
	size_t i;

	if (s != NULL && *s != '\0')
		return s;
	for (i = 0; i < sizeof(english) / sizeof(english[0]); i++)
		if (strcmp(english[i][0], key) == 0)
			return english[i][1];
	return NULL;
}

/* word() of prefix + name with '-' read as '_' ("status_defunct"), or name. */
static const char *
word_of(const struct value *t, const char *prefix, const char *name)
{
	struct buf k = BUF_INIT;
	const char *s;
	size_t i;

	buf_puts(&k, prefix);
	buf_puts(&k, name);
	for (i = 0; i < k.len; i++)
		if (k.ptr[i] == '-')
			k.ptr[i] = '_';
	s = word(t, k.ptr);
	buf_release(&k);
	return s != NULL ? s : name;
}

/* tpl with {min} and {max} replaced, appended to b. */
static void
fill_ages(struct buf *b, const char *tpl, const char *lo, const char *hi)
{
	for (; *tpl != '\0'; tpl++)
		if (strncmp(tpl, "{min}", 5) == 0 && lo != NULL) {
			buf_puts(b, lo);
			tpl += 4;
		} else if (strncmp(tpl, "{max}", 5) == 0 && hi != NULL) {
			buf_puts(b, hi);
			tpl += 4;
		} else
			buf_putc(b, *tpl);
}

/* A date of the listing as t writes it into b; -1 if not a date. */
static int
human_date(struct buf *b, const char *iso, const struct value *t)
{
	struct date d;

	if (iso == NULL || date_parse(iso, &d) == -1)
		return -1;
	date_format(b, &d, t);
	return 0;
}

/* Append key to a map being built, which cannot hold it yet. */
static struct value *
add(struct value *m, const char *key, struct value *v)
{
	value_map_add_take(m, key, strlen(key), NULL, v);
	return v;
}

static void
add_str(struct value *m, const char *key, const char *s)
{
	add(m, key, value_new_strz(s));
}

static void
set_bool(struct value *m, const char *key, int on)
{
	value_map_set_take(m, key, value_bool_shared(on));
}

static void
set_take(struct value *m, const char *key, char *s)
{
	value_map_set_take(m, key, value_new_str_take(s, strlen(s)));
}

/* A new string value dir + name + ext. */
static struct value *
new_path(const char *dir, const char *name, const char *ext)
{
	struct buf b = BUF_INIT;
	char *p;
	size_t n;

	buf_puts(&b, dir);
	buf_puts(&b, name);
	buf_puts(&b, ext);
	p = buf_detach(&b, &n);
	return value_new_str_take(p, n);
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
		add_str(m, kname, s);
		add_str(m, vname, f(s, arg));
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
access_label(const char *key, const void *t)
{
	return word_of(t, "access_", key);
}

static void
norm_status(struct value *svc)
{
	const char *st = value_get_str(svc, "status", NULL);

	if (st == NULL)
		st = value_str(value_map_set_str(svc, "status", "active"));
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
		    new_path("categories/", value_get_str(out->list.items[i],
		    "key", ""), ".html"));
}

static void
norm_ages(struct value *svc, const struct value *t)
{
	const struct value *a = value_get(svc, "ages");
	const char *lo = value_get_str(a, "min", NULL);
	const char *hi = value_get_str(a, "max", NULL);
	struct buf b = BUF_INIT;

	if (lo != NULL && hi != NULL)
		fill_ages(&b, word(t, "ages_range"), lo, hi);
	else if (lo != NULL)
		fill_ages(&b, word(t, "ages_min"), lo, hi);
	else if (hi != NULL)
		fill_ages(&b, word(t, "ages_max"), lo, hi);
	if (lo != NULL || hi != NULL)
		value_map_set_str(svc, "ages_text", b.ptr);
	buf_release(&b);
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
rule_dates(const struct value *rule, const struct value *t)
{
	struct buf b = BUF_INIT, from = BUF_INIT, to = BUF_INIT;
	int hf = human_date(&from, value_get_str(rule, "from", NULL), t) == 0;
	int ht = human_date(&to, value_get_str(rule, "to", NULL), t) == 0;

	if (hf) {
		buf_puts(&b, word(t, "hours_from"));
		buf_putc(&b, ' ');
		buf_puts(&b, from.ptr);
	}
	if (ht) {
		if (hf)
			buf_putc(&b, ' ');
		buf_puts(&b, word(t, hf ? "hours_to" : "hours_until"));
		buf_putc(&b, ' ');
		buf_puts(&b, to.ptr);
	}
	buf_release(&from);
	buf_release(&to);
	return buf_detach(&b, NULL);
}

static struct value *
make_slot(const struct value *rule, const struct value *t)
{
	struct value *slot = value_new(VALUE_MAP, NULL);
	const char *o = value_get_str(rule, "opens", "");
	const char *c = value_get_str(rule, "closes", "");
	char *dates = rule_dates(rule, t);
	struct buf text = BUF_INIT;
	size_t n;
	char *p;

	add_str(slot, "opens", o);
	add_str(slot, "closes", c);
	/* "09:00–17:00 (next day) (from ...)" */
	buf_puts(&text, o);
	buf_puts(&text, "\u2013");
	buf_puts(&text, c);
	if (value_get_bool(rule, "overnight", 0)) {
		buf_puts(&text, " (");
		buf_puts(&text, word(t, "hours_next_day"));
		buf_putc(&text, ')');
	}
	if (*dates) {
		buf_puts(&text, " (");
		buf_puts(&text, dates);
		buf_putc(&text, ')');
	}
	p = buf_detach(&text, &n);
	add(slot, "text", value_new_str_take(p, n));
	add(slot, "dates", value_new_str_take(dates, strlen(dates)));
	return slot;
}

static const char *
opens_of(const struct value *rule)
{
	return value_get_str(rule, "opens", "");
}

/*
 * A day without slots reads alike in every listing of a language, so its
 * row ({day, key, slots: [], closed, text}) is made once, outside any
 * value block, and listings hold references to it (a fifth of a
 * listing's memory).  The rows live as long as the process.
 */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct value *shared_rows[7];	/* per day, a list of rows */

static struct value *
shared_row(size_t d, const char *day, int closed, const char *text)
{
	const struct value *row = NULL;
	struct value *made;
	size_t i;
	int on;

	pthread_mutex_lock(&shared_lock);
	for (i = 0; row == NULL && i < value_len(shared_rows[d]); i++) {
		row = shared_rows[d]->list.items[i];
		if (value_get_bool(row, "closed", 0) != closed ||
		    strcmp(value_get_str(row, "day", ""), day) != 0 ||
		    strcmp(value_get_str(row, "text", ""), text) != 0)
			row = NULL;
	}
	if (row == NULL) {
		on = value_block_suspend();
		if (shared_rows[d] == NULL)
			shared_rows[d] = value_new(VALUE_LIST, NULL);
		made = value_new(VALUE_MAP, NULL);
		add_str(made, "day", day);
		add_str(made, "key", day_keys[d]);
		add(made, "slots", value_new(VALUE_LIST, NULL));
		add(made, "closed", value_bool_shared(closed));
		add_str(made, "text", text);
		row = value_list_push_take(shared_rows[d], made);
		value_block_resume(on);
	}
	pthread_mutex_unlock(&shared_lock);
	return value_new_ref(row);
}

/* Seven rows, Monday first, each with its slots sorted by opening time. */
static struct value *
hours_table(const struct value *hours, const struct value *t)
{
	const struct value *names = value_get(t, "days");
	const struct value *rules = value_get(hours, "rules"), *sorted[64], *r;
	struct value *table = value_new(VALUE_LIST, NULL), *row, *slots;
	int always = value_get_bool(hours, "always", 0);
	struct buf text = BUF_INIT;
	const char *day;
	size_t d, i, j, n;

	for (d = 0; d < 7; d++) {
		day = value_len(names) == 7 && value_str(names->list.items[d]) !=
		    NULL ? value_str(names->list.items[d]) : day_names[d];
		for (n = i = 0; !always && i < value_len(rules) && n < 64;
		    i++) {
			r = rules->list.items[i];
			if (!rule_has_day(r, day_keys[d]))
				continue;
			for (j = n++; j > 0 && strcmp(opens_of(sorted[j - 1]),
			    opens_of(r)) > 0; j--)
				sorted[j] = sorted[j - 1];
			sorted[j] = r;
		}
		if (always || n == 0) {
			value_list_push_take(table, shared_row(d, day, !always,
			    word(t, always ? "hours_always" : "hours_closed")));
			continue;
		}
		row = value_list_push_take(table, value_new(VALUE_MAP, NULL));
		add_str(row, "day", day);
		add_str(row, "key", day_keys[d]);
		slots = value_new(VALUE_LIST, NULL);
		buf_reset(&text);
		for (i = 0; i < n; i++) {
			struct value *s = value_list_push_take(slots,
			    make_slot(sorted[i], t));

			buf_puts(&text, i ? ", " : "");
			buf_puts(&text, value_get_str(s, "text", ""));
		}
		add(row, "slots", slots);
		add(row, "closed", value_bool_shared(0));
		add_str(row, "text", text.ptr);
	}
	buf_release(&text);
	return table;
}

static void
json_key_str(struct buf *b, const char *key, const char *s, int comma)
{
	buf_puts(b, comma ? ",\"" : "\"");
	buf_puts(b, key);
	buf_puts(b, "\":");
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
	buf_puts(&b, value_get_bool(hours, "always", 0) ?
	    ",\"always\":true,\"rules\":[" : ",\"always\":false,\"rules\":[");
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
		buf_puts(&b, value_get_bool(r, "overnight", 0) ?
		    ",\"overnight\":true" : ",\"overnight\":false");
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
	struct date today, vd;

	if (cats == NULL)
		cats = defcats = config_default_categories();
	prune_nulls(svc);
	value_map_set_str(svc, "slug", slug);
	value_map_set_take(svc, "url", new_path("services/", slug, ".html"));
	value_map_set_take(svc, "vcard_url", new_path("services/", slug,
	    ".vcf"));
	norm_status(svc);
	if (value_get(svc, "crisis") == NULL)
		set_bool(svc, "crisis", 0);
	norm_categories(svc, cats);
	/* Always a list, or the page's "languages" (switcher) shows through. */
	if (value_get(svc, "languages") == NULL)
		value_map_set_take(svc, "languages", value_new(VALUE_LIST,
		    NULL));
	expand(svc, "languages", "code", "name", lang_name, NULL);
	expand(svc, "access", "key", "label", access_label, NULL);
	set_bool(svc, "free", value_get_bool(value_get(svc, "cost"), "free",
	    0));
	norm_phones(svc);
	norm_locations(svc);
	norm_hours(svc, opts);
	if (verified != NULL && date_parse(verified, &vd) == 0)
		set_bool(svc, "is_stale", svc_today(opts, &today) -
		    date_days(&vd) > (long)stale);
	ct = value_get(svc, "contact");
	set_bool(svc, "has_contact", value_get(ct, "website") != NULL ||
	    value_get(ct, "email") != NULL || value_len(value_get(ct,
	    "phones")) > 0 || value_len(value_get(svc, "locations")) > 0);
	svc_localise(svc, NULL);
	value_free(defcats);
}

void
svc_localise(struct value *svc, const struct value *t)
{
	struct value *h = (struct value *)value_get(svc, "hours"), *list;
	struct buf b = BUF_INIT;
	size_t i;

	value_map_set_str(svc, "status_label", word_of(t, "status_",
	    value_get_str(svc, "status", "active")));
	list = (struct value *)value_get(svc, "access");
	for (i = 0; i < value_len(list); i++)
		value_map_set_str(list->list.items[i], "label", access_label(
		    value_get_str(list->list.items[i], "key", ""), t));
	list = (struct value *)value_path(svc, "contact.phones");
	for (i = 0; i < value_len(list); i++)
		value_map_set_str(list->list.items[i], "type_label",
		    word_of(t, "phone_", value_get_str(list->list.items[i],
		    "type", "voice")));
	norm_ages(svc, t);
	if (h != NULL && h->type == VALUE_MAP)
		value_map_set_take(h, "table", hours_table(h, t));
	if (human_date(&b, value_get_str(svc, "verified", NULL), t) == 0)
		value_map_set_str(svc, "verified_human", b.ptr);
	buf_release(&b);
}

int
svc_words_english(const struct value *t)
{
	const struct value *names = value_get(t, "days");
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(english) / sizeof(english[0]); i++)
		if (strcmp(word(t, english[i][0]), english[i][1]) != 0)
			return 0;
	/* As hours_table reads them. */
	for (i = 0; value_len(names) == 7 && i < 7; i++)
		if ((s = value_str(names->list.items[i])) != NULL &&
		    strcmp(s, day_names[i]) != 0)
			return 0;
	/* date_format writes as date_human without both. */
	return value_get_str(t, "date_format", NULL) == NULL ||
	    value_len(value_get(t, "months")) != 12;
}

int
svc_translate(struct value *svc, const char *code)
{
	static const char *const keys[] = { "name", "summary", "description",
	    "eligibility", "alert" };
	const struct value *tr = value_get(value_get(svc, "translations"),
	    code), *v;
	struct value *h;
	size_t i;

	if (tr == NULL || tr->type != VALUE_MAP)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = value_get(tr, keys[i])) != NULL)
			value_map_set_take(svc, keys[i], value_copy(v));
	h = (struct value *)value_get(svc, "hours");
	if (h != NULL && (v = value_path(tr, "hours.note")) != NULL)
		value_map_set_take(h, "note", value_copy(v));
	return 1;
}
