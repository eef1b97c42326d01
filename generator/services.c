/* SPDX-License-Identifier: ISC */
/* Service listings: load one YAML file and check every rule of the format. */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "config.h"
#include "dates.h"
#include "diag.h"
#include "fsutil.h"
#include "isodata.h"
#include "phone.h"
#include "schema.h"
#include "services.h"
#include "slug.h"
#include "strmap.h"
#include "svc_norm.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

struct ctx {
	const struct svc_opts	*opts;
	const struct value	*cats;
	const char		*country;	/* listing default */
	const char		*file;
	unsigned		 nerr;
	int			 contact;	/* a way to get in touch */
};

static const char *const top_keys[] = { "name", "status", "categories",
	"summary", "description", "organization", "eligibility", "ages",
	"cost", "access", "languages", "contact", "crisis", "locations",
	"hours", "alert", "verified", "country", "translations", NULL };
static const char *const org_keys[] = { "name", "description", "website",
	NULL };
static const char *const ages_keys[] = { "min", "max", NULL };
static const char *const cost_keys[] = { "free", "note", NULL };
static const char *const contact_keys[] = { "website", "email", "phones",
	NULL };
static const char *const phone_keys[] = { "number", "type", "label",
	"country", NULL };
static const char *const loc_keys[] = { "name", "type", "url", "address",
	"geo", "accessibility", "transport", NULL };
static const char *const addr_keys[] = { "line1", "line2", "city",
	"region", "postal_code", "country", NULL };
static const char *const geo_keys[] = { "lat", "lon", NULL };
static const char *const hours_keys[] = { "timezone", "always", "rules",
	"note", NULL };
static const char *const rule_keys[] = { "days", "opens", "closes",
	"overnight", "from", "to", NULL };
static const char *const tr_keys[] = { "name", "summary", "description",
	"eligibility", "alert", "hours", NULL };
static const char *const tr_hours_keys[] = { "note", NULL };
static const char *const statuses[] = { "active", "temporarily-closed",
	"inactive", "defunct", NULL };
static const char *const accesses[] = { "self-referral", "gp-referral",
	"professional-referral", "drop-in", "appointment", NULL };
static const char *const phone_types[] = { "voice", "text", "fax",
	"textphone", "video", NULL };
static const char *const loc_types[] = { "physical", "virtual", NULL };
static const char *const days[] = { "mo", "tu", "we", "th", "fr", "sa",
	"su", NULL };

static void	check_rest(struct ctx *, const struct value *);
static void
fail(struct ctx *c, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct ctx *c, const struct loc *l, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_error(l, "%s", b.ptr);
	buf_release(&b);
	c->nerr++;
}

/* The nearest word of a NULL-terminated list, or NULL (schema_suggest). */
static const char *
nearest(const char *word, const char *const *list)
{
	size_t n = 0;

	while (list[n] != NULL)
		n++;
	return schema_suggest(word, list, n);
}

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* "a, b, c or d" (or "and d") for a note. */
static void
join_words(struct buf *b, const char *const *list, const char *last)
{
	size_t i, n = 0;

	while (list[n] != NULL)
		n++;
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, i + 1 == n ? last : ", ");
		buf_puts(b, list[i]);
	}
}

/* Where a key written at the top level belongs, for the hint. */
static const char *
home_of(const char *key)
{
	static const char *const homes[][2] = {
		{ "website", "contact" }, { "email", "contact" },
		{ "phones", "contact" }, { "phone", "contact" },
		{ "timezone", "hours" }, { "rules", "hours" },
		{ "address", "locations" }, { "geo", "locations" },
		{ "free", "cost" }, { "min", "ages" }, { "max", "ages" }
	};
	size_t i;

	for (i = 0; i < sizeof(homes) / sizeof(homes[0]); i++)
		if (strcmp(key, homes[i][0]) == 0)
			return homes[i][1];
	return NULL;
}

static void
check_keys(struct ctx *c, const struct value *map, const char *const *keys)
{
	const char *near, *home;
	size_t i;

	for (i = 0; i < map->map.len; i++) {
		const struct value_pair *p = &map->map.items[i];

		if (in_list(p->key, keys))
			continue;
		fail(c, &p->loc, "unknown key '%s'", p->key);
		if ((near = nearest(p->key, keys)) != NULL)
			diag_note(NULL, "did you mean '%s'?", near);
		else if (keys == top_keys && (home = home_of(p->key)) != NULL)
			diag_note(NULL, "'%s' belongs under '%s'", p->key,
			    home);
	}
}

/* How a message names a value v: "a string", "a list", "true"... */
static const char *
type_got(const struct value *v)
{
	switch (v->type) {
	case VALUE_STRING:
		return "a string";
	case VALUE_LIST:
		return "a list";
	case VALUE_MAP:
		return "a map";
	case VALUE_BOOL:
		return v->boolean ? "true" : "false";
	default:
		return "empty";
	}
}

/* How a message names the type a key wants. */
static const char *
type_want(enum value_type t)
{
	struct value v;

	memset(&v, 0, sizeof(v));
	v.type = t;
	return t == VALUE_BOOL ? "true or false" : type_got(&v);
}

static const char *
join_path(char *dst, size_t sz, const char *parent, const char *key)
{
	snprintf(dst, sz, "%s%s%s", parent, *parent ? "." : "", key);
	return dst;
}

/*
 * The value of key in map when it has type t.  A missing or empty
 * required key, or one of the wrong type, is reported; an optional key
 * left empty (null) counts as absent.
 */
static const struct value *
field(struct ctx *c, const struct value *map, const char *parent,
    const char *key, enum value_type t, int required)
{
	const struct value *v = value_get(map, key);
	char p[256];	/* the dotted path, made only for a message */
	const char *s;

	if (v == NULL) {
		if (required)
			fail(c, &map->loc, "missing required key '%s'",
			    join_path(p, sizeof(p), parent, key));
		return NULL;
	}
	if (v->type == VALUE_NULL && !required)
		return NULL;
	if (v->type == VALUE_NULL && t == VALUE_STRING) {
		fail(c, &v->loc, "'%s' must not be empty",
		    join_path(p, sizeof(p), parent, key));
		return NULL;
	}
	if (v->type != t) {
		fail(c, &v->loc, "'%s' must be %s, not %s",
		    join_path(p, sizeof(p), parent, key), type_want(t),
		    type_got(v));
		return NULL;
	}
	if (t == VALUE_STRING && required) {
		for (s = v->str.ptr; *s == ' ' || *s == '\t' || *s == '\n';)
			s++;
		if (*s == '\0') {
			fail(c, &v->loc, "'%s' must not be empty",
			    join_path(p, sizeof(p), parent, key));
			return NULL;
		}
	}
	return v;
}

/* 1 if a list entry has type t (a string or a map), else reported and 0. */
static int
entry_is(struct ctx *c, const struct value *item, enum value_type t,
    const char *path)
{
	if (item->type == t)
		return 1;
	fail(c, &item->loc, "'%s' entries must be %s, not %s", path,
	    t == VALUE_MAP ? "maps" : "strings", type_got(item));
	return 0;
}

static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
check_length(struct ctx *c, const struct value *v, const char *path,
    size_t max)
{
	if (v != NULL && utf8_len(v->str.ptr) > max)
		fail(c, &v->loc, "'%s' is longer than %zu characters", path,
		    max);
}

/* Plain text: one paragraph and no HTML tags (it goes into meta tags). */
static void
check_plain(struct ctx *c, const struct value *v, const char *path)
{
	const char *p = v->str.ptr, *nl = strchr(p, '\n');

	for (; (p = strchr(p, '<')) != NULL; p++)
		if (isalpha((unsigned char)p[1]) || p[1] == '/' ||
		    p[1] == '!') {
			fail(c, &v->loc, "'%s' must be plain text, without "
			    "HTML tags", path);
			return;
		}
	if (nl != NULL && nl[strspn(nl, "\n")] != '\0')
		fail(c, &v->loc, "'%s' must be plain text on one line", path);
}

/* A value from a fixed set; the note offers the nearest or the set. */
static int
check_enum(struct ctx *c, const struct value *v, const char *what,
    const char *const *set)
{
	struct buf b = BUF_INIT;
	const char *near;

	if (in_list(v->str.ptr, set))
		return 0;
	fail(c, &v->loc, "unknown %s '%s'", what, v->str.ptr);
	if ((near = nearest(v->str.ptr, set)) != NULL)
		diag_note(NULL, "did you mean '%s'?", near);
	else {
		join_words(&b, set, " or ");
		diag_note(NULL, "use %s", b.ptr);
		buf_release(&b);
	}
	return -1;
}

static void
check_url(struct ctx *c, const struct value *v, const char *path)
{
	const char *s = v->str.ptr, *colon, *bad;
	size_t slen;

	if (strpbrk(s, " \t\r\n") != NULL) {
		fail(c, &v->loc, "'%s' contains spaces: '%s'", path, s);
		return;
	}
	if ((bad = strpbrk(s, "\"<>\\^`{|}")) != NULL) {
		fail(c, &v->loc, "'%s' contains '%c', which a URL may not "
		    "hold", path, *bad);
		diag_note(NULL, "write it percent-encoded, as in %%%02X",
		    (unsigned char)*bad);
		return;
	}
	colon = strchr(s, ':');
	slen = colon != NULL ? (size_t)(colon - s) : 0;
	if (colon == NULL || slen == 0 || !isalpha((unsigned char)s[0]) ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-") < slen) {
		fail(c, &v->loc, "'%s' is not an absolute URL: '%s'", path, s);
		diag_note(NULL, "start a web address with https://");
		return;
	}
	if ((slen == 5 && strncasecmp(s, "https", 5) == 0) ||
	    (slen == 4 && strncasecmp(s, "http", 4) == 0)) {
		if (strncmp(colon, "://", 3) != 0 || colon[3] == '\0' ||
		    colon[3] == '/') {
			fail(c, &v->loc, "'%s' has no host name: '%s'", path,
			    s);
			return;
		}
		if (slen == 4)
			diag_warn(&v->loc, "'%s' uses http:, not https:", path);
		return;
	}
	if ((slen == 6 && strncasecmp(s, "mailto", 6) == 0) ||
	    (slen == 3 && strncasecmp(s, "tel", 3) == 0) ||
	    (slen == 3 && strncasecmp(s, "sms", 3) == 0)) {
		if (colon[1] == '\0')
			fail(c, &v->loc, "'%s' is empty after '%.*s:'", path,
			    (int)slen, s);
		return;
	}
	fail(c, &v->loc, "URL scheme '%.*s:' is not allowed in '%s'",
	    (int)slen, s, path);
	diag_note(NULL, "use https:, http:, mailto:, tel: or sms:");
}

/* local@domain.tld without spaces; what mail programs accept in practice. */
static void
check_email(struct ctx *c, const struct value *v, const char *path)
{
	const char *s = v->str.ptr, *at = strchr(s, '@'), *dot;
	int ok = at != NULL && at > s && strchr(at + 1, '@') == NULL &&
	    strpbrk(s, " \t\r\n<>(),;:\"[]\\") == NULL;

	if (ok) {
		dot = strrchr(at + 1, '.');
		ok = dot != NULL && dot > at + 1 && dot[1] != '\0' &&
		    strstr(at, "..") == NULL && s[0] != '.' && at[-1] != '.';
	}
	if (!ok)
		fail(c, &v->loc, "'%s' is not an email address: '%s'", path, s);
}

static int
check_country(struct ctx *c, const struct value *v)
{
	char up[3];

	if (isodata_country_valid(v->str.ptr))
		return 0;
	fail(c, &v->loc, "unknown country code '%s'", v->str.ptr);
	if (strcmp(v->str.ptr, "UK") == 0)
		diag_note(NULL, "the code for the United Kingdom is 'GB'");
	else if (strlen(v->str.ptr) == 2) {
		up[0] = (char)toupper((unsigned char)v->str.ptr[0]);
		up[1] = (char)toupper((unsigned char)v->str.ptr[1]);
		up[2] = '\0';
		if (isodata_country_valid(up))
			diag_note(NULL, "country codes are upper case: '%s'",
			    up);
	} else
		diag_note(NULL, "use an ISO 3166-1 two-letter code such as "
		    "'GB'");
	return -1;
}

/* A real calendar date from 1900 on; its day number goes to *daysp. */
static int
check_date(struct ctx *c, const struct value *v, long *daysp)
{
	struct date d;

	if (date_parse(v->str.ptr, &d) == -1 || d.year < 1900) {
		fail(c, &v->loc, "invalid date '%s'", v->str.ptr);
		diag_note(NULL, "write dates as YYYY-MM-DD, such as "
		    "2026-05-01");
		return -1;
	}
	*daysp = date_days(&d);
	return 0;
}

static int
check_time(struct ctx *c, const struct value *v, int allow24)
{
	int t = svc_parse_time(v->str.ptr, allow24);

	if (t == -1) {
		fail(c, &v->loc, "invalid time '%s'", v->str.ptr);
		diag_note(NULL, "write times as HH:MM on the 24-hour clock, "
		    "such as 09:30");
	}
	return t;
}

/*
 * Whether zone s (a well-formed name) is a file under dir, or without
 * that folder whether it looks like a zone.  Every listing names one of
 * a few zones: each is looked up once (per folder) and remembered.
 */
static int
zone_known(const char *dir, const char *s)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct strmap seen = STRMAP_INIT;
	struct buf key = BUF_INIT;
	struct stat st;
	const char *r;
	char *path;
	int ok;

	buf_puts(&key, dir);
	buf_putc(&key, '\n');	/* s holds none: the last one splits */
	buf_puts(&key, s);
	pthread_mutex_lock(&lock);
	if ((r = strmap_get(&seen, key.ptr)) == NULL) {
		if (*dir != '\0' && fs_is_dir(dir)) {
			path = fs_join(dir, s);
			ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
			free(path);
		} else
			ok = strchr(s, '/') != NULL || strcmp(s, "UTC") == 0;
		r = ok ? "1" : "0";
		strmap_put(&seen, key.ptr, (void *)r);
	}
	pthread_mutex_unlock(&lock);
	buf_release(&key);
	return *r == '1';
}

/* IANA names: Area/Location parts of [A-Za-z0-9_+-], checked on disk. */
static void
check_timezone(struct ctx *c, const struct value *v)
{
	const char *s = v->str.ptr, *dir = c->opts->zoneinfo, *p;
	int ok = isalpha((unsigned char)s[0]) && strstr(s, "..") == NULL &&
	    strstr(s, "//") == NULL && s[strlen(s) - 1] != '/';

	for (p = s; ok && *p != '\0'; p++)
		ok = isalnum((unsigned char)*p) || strchr("/_+-", *p) != NULL;
	if (ok && dir == NULL && (dir = getenv("TZDIR")) == NULL)
		dir = "/usr/share/zoneinfo";
	if (ok)
		ok = zone_known(dir, s);
	if (!ok) {
		fail(c, &v->loc, "unknown time zone '%s'", s);
		diag_note(NULL, "use an IANA name such as 'Europe/London'");
	}
}

static void
check_phone(struct ctx *c, const struct value *ph)
{
	const struct value *num, *type, *ctry;
	const char *country = c->country;
	struct buf err = BUF_INIT;
	struct phone p;

	if (!entry_is(c, ph, VALUE_MAP, "contact.phones"))
		return;
	check_keys(c, ph, phone_keys);
	num = field(c, ph, "contact.phones", "number", VALUE_STRING, 1);
	if ((type = field(c, ph, "contact.phones", "type", VALUE_STRING, 0)))
		check_enum(c, type, "phone type", phone_types);
	field(c, ph, "contact.phones", "label", VALUE_STRING, 0);
	if ((ctry = field(c, ph, "contact.phones", "country", VALUE_STRING,
	    0)) != NULL) {
		if (check_country(c, ctry) == -1)
			return;
		country = ctry->str.ptr;
	}
	if (num == NULL)
		return;
	if (phone_parse(num->str.ptr, country, &p, &err) == -1)
		fail(c, &num->loc, "%s", err.ptr);
	buf_release(&err);
	c->contact = 1;
}

static void
check_contact(struct ctx *c, const struct value *ct)
{
	const struct value *v;
	size_t i;

	check_keys(c, ct, contact_keys);
	if ((v = field(c, ct, "contact", "website", VALUE_STRING, 0))) {
		check_url(c, v, "contact.website");
		c->contact = 1;
	}
	if ((v = field(c, ct, "contact", "email", VALUE_STRING, 0))) {
		check_email(c, v, "contact.email");
		c->contact = 1;
	}
	if ((v = field(c, ct, "contact", "phones", VALUE_LIST, 0)))
		for (i = 0; i < v->list.len; i++)
			check_phone(c, v->list.items[i]);
}

/* A plain decimal as JSON writes it (-?digits[.digits]), within +-lim. */
static void
check_coord(struct ctx *c, const struct value *v, const char *what,
    double lim)
{
	const char *s = v->str.ptr + (v->str.ptr[0] == '-');
	size_t n = strspn(s, "0123456789");
	double d;

	if (n == 0 || (s[n] != '\0' && (s[n] != '.' ||
	    strspn(s + n + 1, "0123456789") == 0 ||
	    s[n + 1 + strspn(s + n + 1, "0123456789")] != '\0'))) {
		fail(c, &v->loc, "%s '%s' is not a number", what, v->str.ptr);
		return;
	}
	d = strtod(v->str.ptr, NULL);
	if (d < -lim || d > lim)
		fail(c, &v->loc, "%s '%s' is out of range (-%g to %g)", what,
		    v->str.ptr, lim, lim);
}

static void
check_address(struct ctx *c, const struct value *a)
{
	const char *const *k;
	const struct value *v;

	check_keys(c, a, addr_keys);
	for (k = addr_keys; *k != NULL; k++)
		if ((v = field(c, a, "locations.address", *k, VALUE_STRING,
		    0)) != NULL && strcmp(*k, "country") == 0)
			check_country(c, v);
}

static void
check_location(struct ctx *c, const struct value *l)
{
	const struct value *v, *g, *type, *url;
	size_t i;

	if (!entry_is(c, l, VALUE_MAP, "locations"))
		return;
	check_keys(c, l, loc_keys);
	field(c, l, "locations", "name", VALUE_STRING, 0);
	field(c, l, "locations", "transport", VALUE_STRING, 0);
	type = field(c, l, "locations", "type", VALUE_STRING, 0);
	if (type != NULL && check_enum(c, type, "location type", loc_types))
		type = NULL;
	if ((url = field(c, l, "locations", "url", VALUE_STRING, 0)))
		check_url(c, url, "locations.url");
	if (type != NULL && strcmp(type->str.ptr, "virtual") == 0 &&
	    url == NULL)
		fail(c, &l->loc, "a virtual location needs a 'url'");
	if ((v = field(c, l, "locations", "address", VALUE_MAP, 0)))
		check_address(c, v);
	if ((v = field(c, l, "locations", "geo", VALUE_MAP, 0))) {
		check_keys(c, v, geo_keys);
		if ((g = field(c, v, "locations.geo", "lat", VALUE_STRING, 1)))
			check_coord(c, g, "latitude", 90);
		if ((g = field(c, v, "locations.geo", "lon", VALUE_STRING, 1)))
			check_coord(c, g, "longitude", 180);
	}
	if ((v = field(c, l, "locations", "accessibility", VALUE_LIST, 0)))
		for (i = 0; i < v->list.len; i++)
			entry_is(c, v->list.items[i], VALUE_STRING,
			    "locations.accessibility");
	c->contact = 1;
}

static void
check_rule(struct ctx *c, const struct value *r)
{
	const struct value *v, *opens, *closes, *from, *to, *on;
	long fd = 0, td = 0;
	int o = -1, cl = -1, overnight = 0, okf = -1, okt = -1;
	size_t i;

	if (!entry_is(c, r, VALUE_MAP, "hours.rules"))
		return;
	check_keys(c, r, rule_keys);
	if ((v = field(c, r, "hours.rules", "days", VALUE_LIST, 1))) {
		if (v->list.len == 0)
			fail(c, &v->loc, "'hours.rules.days' must list at "
			    "least one day");
		for (i = 0; i < v->list.len; i++)
			if (entry_is(c, v->list.items[i], VALUE_STRING,
			    "hours.rules.days"))
				check_enum(c, v->list.items[i], "day", days);
	}
	if ((on = field(c, r, "hours.rules", "overnight", VALUE_BOOL, 0)))
		overnight = on->boolean;
	if ((opens = field(c, r, "hours.rules", "opens", VALUE_STRING, 1)))
		o = check_time(c, opens, 0);
	if ((closes = field(c, r, "hours.rules", "closes", VALUE_STRING, 1)))
		cl = check_time(c, closes, 1);
	if (o >= 0 && cl >= 0 && cl <= o && !overnight) {
		fail(c, &closes->loc, "closing time '%s' is not after opening "
		    "time '%s'", closes->str.ptr, opens->str.ptr);
		diag_note(NULL, "add 'overnight: true' to a rule that runs "
		    "past midnight");
	}
	if ((from = field(c, r, "hours.rules", "from", VALUE_STRING, 0)))
		okf = check_date(c, from, &fd);
	if ((to = field(c, r, "hours.rules", "to", VALUE_STRING, 0)))
		okt = check_date(c, to, &td);
	if (okf == 0 && okt == 0 && td < fd)
		fail(c, &to->loc, "'to' date %s is before 'from' date %s",
		    to->str.ptr, from->str.ptr);
}

static void
check_hours(struct ctx *c, const struct value *h)
{
	const struct value *v, *rules;
	size_t i;

	check_keys(c, h, hours_keys);
	field(c, h, "hours", "always", VALUE_BOOL, 0);
	field(c, h, "hours", "note", VALUE_STRING, 0);
	if ((v = field(c, h, "hours", "timezone", VALUE_STRING, 0)))
		check_timezone(c, v);
	rules = field(c, h, "hours", "rules", VALUE_LIST, 0);
	if (rules == NULL)
		return;
	for (i = 0; i < rules->list.len; i++)
		check_rule(c, rules->list.items[i]);
	v = value_get(h, "timezone");
	if ((v == NULL || v->type == VALUE_NULL) &&
	    (c->opts->timezone == NULL || *c->opts->timezone == '\0')) {
		fail(c, &h->loc, "missing required key 'hours.timezone'");
		diag_note(NULL, "site.yml sets no default 'timezone'");
	}
}

static void
check_categories(struct ctx *c, const struct value *list)
{
	const char *cand[64], *near;
	const struct value *it;
	struct buf b = BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < value_len(c->cats) && n < 63; i++)
		if ((cand[n] = value_get_str(c->cats->list.items[i], "key",
		    NULL)) != NULL)
			n++;
	cand[n] = NULL;
	if (list->list.len == 0)
		fail(c, &list->loc, "'categories' must list at least one "
		    "category");
	for (i = 0; i < list->list.len; i++) {
		it = list->list.items[i];
		if (!entry_is(c, it, VALUE_STRING, "categories") ||
		    svc_category_label(c->cats, it->str.ptr) != NULL)
			continue;
		fail(c, &it->loc, "unknown category '%s'", it->str.ptr);
		if ((near = nearest(it->str.ptr, cand)) != NULL)
			diag_note(NULL, "did you mean '%s'?", near);
		else {
			join_words(&b, cand, " and ");
			diag_note(NULL, "the site's categories are %s", b.ptr);
			buf_reset(&b);
		}
	}
	buf_release(&b);
}

static void
check_languages(struct ctx *c, const struct value *list)
{
	const struct value *it;
	char low[4];
	size_t i, j;

	for (i = 0; i < list->list.len; i++) {
		it = list->list.items[i];
		if (!entry_is(c, it, VALUE_STRING, "languages") ||
		    isodata_language_name(it->str.ptr) != NULL)
			continue;
		fail(c, &it->loc, "unknown language code '%s'", it->str.ptr);
		for (j = 0; j < 3 && it->str.ptr[j] != '\0'; j++)
			low[j] = (char)tolower((unsigned char)it->str.ptr[j]);
		low[j] = '\0';
		if (it->str.len <= 3 && isodata_language_name(low) != NULL)
			diag_note(NULL, "language codes are lower case: '%s'",
			    low);
		else
			diag_note(NULL, "use an ISO 639-1 code such as 'en' or "
			    "an ISO 639-3 code such as 'pol'");
	}
}

/* A whole number of years, 0 to 150; -1 when it is not one. */
static long
check_age(struct ctx *c, const struct value *v, const char *path)
{
	char *end;
	long n;

	n = strtol(v->str.ptr, &end, 10);
	if (v->str.len == 0 || v->str.len > 3 ||
	    strspn(v->str.ptr, "0123456789") != v->str.len || n > 150) {
		fail(c, &v->loc, "'%s' must be a whole number of years from 0 "
		    "to 150, not '%s'", path, v->str.ptr);
		return -1;
	}
	return n;
}

static void
check_ages(struct ctx *c, const struct value *a)
{
	const struct value *min, *max;
	long lo = -1, hi = -1;

	check_keys(c, a, ages_keys);
	if ((min = field(c, a, "ages", "min", VALUE_STRING, 0)))
		lo = check_age(c, min, "ages.min");
	if ((max = field(c, a, "ages", "max", VALUE_STRING, 0)))
		hi = check_age(c, max, "ages.max");
	if (lo >= 0 && hi >= 0 && lo > hi)
		fail(c, &min->loc, "'ages.min' (%ld) is greater than "
		    "'ages.max' (%ld)", lo, hi);
}

static void
check_verified(struct ctx *c, const struct value *v)
{
	unsigned stale = c->opts->stale_after ? c->opts->stale_after : 365;
	struct buf iso = BUF_INIT;
	struct date today;
	long vd, td;

	if (check_date(c, v, &vd) == -1)
		return;
	td = svc_today(c->opts, &today);
	if (vd > td) {
		fail(c, &v->loc, "'verified' date %s is in the future",
		    v->str.ptr);
		date_iso(&iso, &today);
		diag_note(NULL, "today is %s", iso.ptr);
		buf_release(&iso);
	} else if (td - vd > (long)stale) {
		diag_warn(&v->loc, "'verified' date %s is more than %u days "
		    "ago", v->str.ptr, stale);
		diag_note(NULL, "check the listing with the service and update "
		    "'verified'");
	}
}

static void
check_list(struct ctx *c, const struct value *svc, const char *key,
    const char *const *set, const char *what)
{
	const struct value *v = field(c, svc, "", key, VALUE_LIST, 0);
	size_t i;

	for (i = 0; v != NULL && i < v->list.len; i++)
		if (entry_is(c, v->list.items[i], VALUE_STRING, key))
			check_enum(c, v->list.items[i], what, set);
}

static void
check_listing(struct ctx *c, const struct value *svc)
{
	const struct value *v, *o;

	check_keys(c, svc, top_keys);
	if ((v = field(c, svc, "", "country", VALUE_STRING, 0)) &&
	    check_country(c, v) == 0)
		c->country = v->str.ptr;
	check_length(c, field(c, svc, "", "name", VALUE_STRING, 1), "name",
	    120);
	if ((v = field(c, svc, "", "status", VALUE_STRING, 0)))
		check_enum(c, v, "status", statuses);
	if ((v = field(c, svc, "", "categories", VALUE_LIST, 1)))
		check_categories(c, v);
	if ((v = field(c, svc, "", "summary", VALUE_STRING, 1))) {
		check_length(c, v, "summary", 160);
		check_plain(c, v, "summary");
	}
	field(c, svc, "", "description", VALUE_STRING, 0);
	if ((o = field(c, svc, "", "organization", VALUE_MAP, 1))) {
		check_keys(c, o, org_keys);
		check_length(c, field(c, o, "organization", "name",
		    VALUE_STRING, 1), "organization.name", 120);
		field(c, o, "organization", "description", VALUE_STRING, 0);
		if ((v = field(c, o, "organization", "website", VALUE_STRING,
		    0)))
			check_url(c, v, "organization.website");
	}
	field(c, svc, "", "eligibility", VALUE_STRING, 0);
	if ((v = field(c, svc, "", "ages", VALUE_MAP, 0)))
		check_ages(c, v);
	if ((v = field(c, svc, "", "cost", VALUE_MAP, 0))) {
		check_keys(c, v, cost_keys);
		field(c, v, "cost", "free", VALUE_BOOL, 0);
		field(c, v, "cost", "note", VALUE_STRING, 0);
	}
	check_list(c, svc, "access", accesses, "access");
	if ((v = field(c, svc, "", "languages", VALUE_LIST, 0)))
		check_languages(c, v);
	if ((v = field(c, svc, "", "contact", VALUE_MAP, 0)))
		check_contact(c, v);
	field(c, svc, "", "crisis", VALUE_BOOL, 0);
	check_rest(c, svc);
}

/* The texts of one language; path is "translations.<code>". */
static void
check_translation(struct ctx *c, const struct value *tr, const char *path)
{
	static const char *const texts[] = { "description", "eligibility",
	    "alert" };
	const struct value *v;
	struct buf p = BUF_INIT;
	size_t i;

	check_keys(c, tr, tr_keys);
	buf_printf(&p, "%s.name", path);
	if (value_get(tr, "name") != NULL)
		check_length(c, field(c, tr, path, "name", VALUE_STRING, 1),
		    p.ptr, 120);
	buf_reset(&p);
	buf_printf(&p, "%s.summary", path);
	if (value_get(tr, "summary") != NULL &&
	    (v = field(c, tr, path, "summary", VALUE_STRING, 1)) != NULL) {
		check_length(c, v, p.ptr, 160);
		check_plain(c, v, p.ptr);
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		field(c, tr, path, texts[i], VALUE_STRING, 0);
	buf_reset(&p);
	buf_printf(&p, "%s.hours", path);
	if ((v = field(c, tr, path, "hours", VALUE_MAP, 0)) != NULL) {
		check_keys(c, v, tr_hours_keys);
		field(c, v, p.ptr, "note", VALUE_STRING, 0);
	}
	buf_release(&p);
}

/* translations: {<code>: {...}} for the site's other languages. */
static void
check_translations(struct ctx *c, const struct value *map)
{
	const char *const *langs = c->opts->languages;
	size_t i, k, n = 0;
	const struct value_pair *p;
	const struct value *tr;
	struct buf b = BUF_INIT;

	while (langs != NULL && langs[n] != NULL)
		n++;
	for (i = 0; i < map->map.len; i++) {
		p = &map->map.items[i];
		for (k = 0; langs != NULL && k < n; k++)
			if (strcmp(p->key, langs[k]) == 0)
				break;
		if (langs != NULL && k == 0) {
			fail(c, &p->loc, "'%s' is the site's default language",
			    p->key);
			diag_note(NULL, "write the default language's text in "
			    "the listing itself");
			continue;
		}
		if (langs != NULL && k == n) {
			fail(c, &p->loc, "'%s' is not one of the site's "
			    "languages", p->key);
			join_words(&b, langs, " and ");
			diag_note(NULL, "the site's languages are %s", b.ptr);
			buf_reset(&b);
			continue;
		}
		buf_reset(&b);
		buf_printf(&b, "translations.%s", p->key);
		if ((tr = field(c, map, "translations", p->key, VALUE_MAP,
		    0)) != NULL)
			check_translation(c, tr, b.ptr);
		buf_reset(&b);
	}
	buf_release(&b);
}

static void
check_rest(struct ctx *c, const struct value *svc)
{
	const struct value *v;
	size_t i;

	if ((v = field(c, svc, "", "locations", VALUE_LIST, 0)))
		for (i = 0; i < v->list.len; i++)
			check_location(c, v->list.items[i]);
	if ((v = field(c, svc, "", "hours", VALUE_MAP, 0)))
		check_hours(c, v);
	field(c, svc, "", "alert", VALUE_STRING, 0);
	if ((v = field(c, svc, "", "translations", VALUE_MAP, 0)))
		check_translations(c, v);
	if ((v = field(c, svc, "", "verified", VALUE_STRING, 1)))
		check_verified(c, v);
	if (!c->contact && c->nerr == 0) {
		diag_warn(&svc->loc, "listing has no way to contact the "
		    "service");
		diag_note(NULL, "add a contact website, email or phone, or a "
		    "location");
	}
}

/* The slug of a file name: its base name less ".yml" or ".yaml". */
static char *
slug_of(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t n;

	base = base != NULL ? base + 1 : name;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
		n -= 4;
	else if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	return xstrndup(base, n);
}

struct value *
svc_check(struct value *svc, const char *file, const struct svc_opts *opts)
{
	static const struct svc_opts defaults;
	struct value *defcats = NULL;
	struct loc floc = { file, 0, 0 };
	struct ctx c;
	char *slug = slug_of(file);

	memset(&c, 0, sizeof(c));
	c.opts = opts != NULL ? opts : &defaults;
	c.file = file;
	c.cats = c.opts->categories;
	if (c.cats == NULL)
		c.cats = defcats = config_default_categories();
	c.country = c.opts->country;
	if (!slug_is_strict(slug)) {
		fail(&c, &floc, "file name '%s' is not a valid slug", slug);
		diag_note(NULL, "use lower-case letters, digits and single "
		    "hyphens, such as 'riverside-peer-support'");
	}
	if (svc != NULL && svc->type != VALUE_MAP) {
		fail(&c, &svc->loc, "a listing must be a map of keys, not %s",
		    type_got(svc));
	} else if (svc != NULL)
		check_listing(&c, svc);
	if (svc != NULL && c.nerr == 0) {
		if (c.country != NULL && value_get(svc, "country") == NULL)
			value_map_set_str(svc, "country", c.country);
		svc_normalise(svc, slug, c.opts);
	} else {
		value_free(svc);
		svc = NULL;
	}
	value_free(defcats);
	free(slug);
	return svc;
}

/* A listing's first scratch chunk: most listings fit in it. */
#define SVC_BLOCK_HINT	(16 * 1024)

struct value *
svc_load(const char *path, const char *name, const struct svc_opts *opts)
{
	struct yamlload_opts yo;
	struct value *svc;
	const char *file = NULL;
	char *text = NULL, *slug;

	memset(&yo, 0, sizeof(yo));
	yo.max_depth = SVC_MAX_DEPTH;
	yo.max_size = SVC_MAX_SIZE;
	/* Built in scratch memory, kept packed in one allocation (value.h). */
	value_block_begin(SVC_BLOCK_HINT);
	svc = yamlload_file(path, name, &yo, &text);
	if (svc != NULL) {
		file = svc->loc.file;
		svc = value_block_end(svc_check(svc, file, opts));
		diag_file_text(file, NULL, 0);
	} else
		value_block_end(NULL);
	if (svc == NULL && file == NULL && text != NULL) {
		/* Still say what is wrong with the name. */
		file = diag_file(name, NULL, 0);
		if (!slug_is_strict(slug = slug_of(file))) {
			struct loc floc = { file, 0, 0 };

			diag_error(&floc, "file name '%s' is not a valid slug",
			    slug);
			diag_note(NULL, "use lower-case letters, digits and "
			    "single hyphens, such as 'riverside-peer-support'");
		}
		free(slug);
	}
	free(text);
	return svc;
}

struct slugref {
	const struct value	*svc;
	const char		*slug;
	size_t			 idx;
};

static int
cmp_slug(const void *a, const void *b)
{
	const struct slugref *x = a, *y = b;
	int r = strcmp(x->slug, y->slug);

	/* Equal slugs keep list order, so the first one is the original. */
	if (r == 0)
		r = x->idx < y->idx ? -1 : x->idx > y->idx;
	return r;
}

int
svc_check_duplicates(const struct value *list)
{
	struct slugref *v;
	size_t i, first, n = value_len(list);
	int rc = 0;

	if (n < 2)
		return 0;
	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].svc = value_deref(list->list.items[i]);
		v[i].slug = value_get_str(v[i].svc, "slug", "");
		v[i].idx = i;
	}
	qsort(v, n, sizeof(*v), cmp_slug);
	for (i = 1, first = 0; i < n; i++) {
		struct loc here = { v[i].svc->loc.file, 0, 0 };
		struct loc there = { v[first].svc->loc.file, 0, 0 };

		if (strcmp(v[i].slug, v[first].slug) != 0) {
			first = i;
			continue;
		}
		rc = diag_error(&here, "duplicate slug '%s'", v[i].slug);
		diag_note(&there, "'%s' is also the slug of this listing",
		    v[i].slug);
	}
	free(v);
	return rc;
}
