/* SPDX-License-Identifier: ISC */
/* Tests of service listings: every bad fixture's diagnostics, the model. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "services.h"
#include "value.h"

#define BAD	"tests/fixtures/services-bad"
#define GOOD	"tests/fixtures/services-good"

static const struct svc_opts opts = {
	NULL, "GB", "Europe/London", 365, "2026-05-20", NULL, NULL
};

static struct value *
load(const char *dir, const char *file, const struct svc_opts *o)
{
	char *path = fs_join(dir, file);
	struct value *v = svc_load(path, path, o);

	free(path);
	return v;
}

/*
 * Each services-bad/NAME.yml comes with NAME.err, the exact diagnostics
 * (no source quotes).  SIGNPOST_REGEN=1 rewrites the .err files: review
 * the diff.
 */
TEST(services_bad_fixtures)
{
	char **names, *errpath, *want;
	struct value *v;
	size_t i, n, len, count = 0;
	int regen = getenv("SIGNPOST_REGEN") != NULL;

	names = fs_list(BAD, &n);
	CHECK(names != NULL);
	diag_set_context(0);
	for (i = 0; names != NULL && i < n; i++) {
		len = strlen(names[i]);
		if (len < 5 || strcmp(names[i] + len - 4, ".yml") != 0)
			continue;
		count++;
		harness_diag_capture();
		diag_set_context(0);
		v = load(BAD, names[i], &opts);
		errpath = fs_join(BAD, names[i]);
		strcpy(errpath + strlen(errpath) - 3, "err");
		if (regen)
			fs_write(errpath, harness_diag_text(),
			    strlen(harness_diag_text()));
		if (fs_read(errpath, &want, &len) == -1) {
			harness_fail(__FILE__, __LINE__, "%s missing", errpath);
			want = NULL;
		} else
			CHECK_STR(harness_diag_text(), want);
		/* A listing fails exactly when an error was reported. */
		if (want != NULL && (strstr(want, "error:") != NULL) !=
		    (v == NULL))
			harness_fail(__FILE__, __LINE__, "%s: result %s",
			    names[i], v ? "non-NULL" : "NULL");
		value_free(v);
		free(want);
		free(errpath);
	}
	diag_set_context(1);
	CHECK(count >= 40);
	fs_names_free(names);
}

TEST(services_too_large)
{
	char *dir = harness_tmpdir(), *path = fs_join(dir, "big.yml");
	struct buf b = BUF_INIT;

	buf_puts(&b, "name: Big\nnote: |\n");
	while (b.len <= SVC_MAX_SIZE)
		buf_puts(&b, "  0123456789012345678901234567890123456789\n");
	CHECK(fs_write(path, b.ptr, b.len) == 0);
	harness_diag_capture();
	diag_set_context(0);
	CHECK(svc_load(path, "content/services/big.yml", &opts) == NULL);
	CHECK_STR(harness_diag_text(), "content/services/big.yml: error: file "
	    "is larger than 262144 bytes\n");
	diag_set_context(1);
	buf_release(&b);
	free(path);
	free(dir);
}

TEST(services_missing_timezone)
{
	struct svc_opts o = opts;
	struct value *v;

	o.timezone = NULL;
	harness_diag_capture();
	diag_set_context(0);
	v = load(BAD, "bad-day.yml", &o);
	CHECK(v == NULL);
	CHECK_HAS(harness_diag_text(), "bad-day.yml:8:3: error: missing "
	    "required key 'hours.timezone'\n");
	CHECK_HAS(harness_diag_text(), "note: site.yml sets no default "
	    "'timezone'\n");
	diag_set_context(1);
}

TEST(services_zoneinfo_syntax_only)
{
	struct svc_opts o = opts;
	struct value *v;

	o.zoneinfo = "";
	harness_diag_capture();
	v = load(BAD, "bad-timezone.yml", &o);
	CHECK(v != NULL);	/* Europe/Londn passes the syntax check */
	value_free(v);
	o.zoneinfo = "/nonexistent";
	v = load(GOOD, "riverside-peer-support.yml", &o);
	CHECK(v != NULL);
	value_free(v);
}

TEST(services_duplicates)
{
	struct value *list = value_new(VALUE_LIST, NULL), *v;
	char *dir = harness_tmpdir(), *sub, *path, *text;
	size_t len;

	harness_diag_capture();
	diag_set_context(0);
	CHECK(fs_read(GOOD "/hillside-night-line.yml", &text, &len) == 0);
	sub = fs_join(dir, "cy");
	fs_mkdirs(sub);
	path = fs_join(sub, "hillside-night-line.yml");
	fs_write(path, text, len);
	value_list_push_take(list, load(GOOD, "riverside-peer-support.yml",
	    &opts));
	value_list_push_take(list, load(GOOD, "hillside-night-line.yml",
	    &opts));
	v = svc_load(path, "cy/hillside-night-line.yml", &opts);
	CHECK(v != NULL);
	if (v != NULL)
		value_list_push_take(list, v);
	CHECK_INT(svc_check_duplicates(list), -1);
	CHECK_STR(harness_diag_text(), "cy/hillside-night-line.yml: error: "
	    "duplicate slug 'hillside-night-line'\n"
	    GOOD "/hillside-night-line.yml: note: 'hillside-night-line' is "
	    "also the slug of this listing\n");
	diag_set_context(1);
	value_free(list);
	free(text);
	free(path);
	free(sub);
	free(dir);
}

TEST(services_good_model)
{
	struct value *v;
	const struct value *p, *t;

	harness_diag_capture();
	v = load(GOOD, "riverside-peer-support.yml", &opts);
	CHECK(v != NULL);
	CHECK_STR(harness_diag_text(), "");
	if (v == NULL)
		return;
	CHECK_STR(value_get_str(v, "slug", NULL), "riverside-peer-support");
	CHECK_STR(value_get_str(v, "url", NULL),
	    "services/riverside-peer-support.html");
	CHECK_STR(value_get_str(v, "vcard_url", NULL),
	    "services/riverside-peer-support.vcf");
	CHECK_STR(value_get_str(v, "status_label", NULL), "Open");
	CHECK(value_get_bool(v, "is_active", 0));
	CHECK(!value_get_bool(v, "is_closed_temporarily", 1));
	CHECK(value_get_bool(v, "is_listed", 0));
	CHECK(value_get_bool(v, "free", 0));
	CHECK(!value_get_bool(v, "is_stale", 1));
	CHECK(value_get_bool(v, "has_contact", 0));
	CHECK_STR(value_str(value_path(v, "categories")->list.items[1]
	    ->map.items[1].val), "Wellbeing activities");
	CHECK_STR(value_get_str(value_path(v, "categories")->list.items[0],
	    "url", NULL), "categories/peer-support.html");
	CHECK_STR(value_str(value_path(v, "category_keys")->list.items[0]),
	    "peer-support");
	t = value_get(v, "languages");
	CHECK_INT(value_len(t), 3);
	CHECK_STR(value_get_str(t->list.items[1], "name", NULL), "Polish");
	CHECK_STR(value_get_str(t->list.items[2], "name", NULL), "Norwegian");
	CHECK_STR(value_get_str(value_get(v, "access")->list.items[1],
	    "label", NULL), "Drop-in");
	CHECK_STR(value_get_str(v, "ages_text", NULL), "18 to 65");
	CHECK_STR(value_get_str(v, "verified", NULL), "2026-05-01");
	CHECK_STR(value_get_str(v, "verified_human", NULL), "1 May 2026");
	CHECK_STR(value_get_str(v, "towns_text", NULL), "Riverside");
	p = value_path(v, "contact.phones")->list.items[0];
	CHECK_STR(value_get_str(p, "href", NULL), "tel:+442079460000");
	CHECK_STR(value_get_str(p, "display", NULL), "+44 20 7946 0000");
	CHECK_STR(value_get_str(p, "type_label", NULL), "Phone");
	CHECK(value_get_bool(p, "fictional", 0));
	p = value_path(v, "contact.phones")->list.items[1];
	CHECK_STR(value_get_str(p, "href", NULL), "sms:85258");
	CHECK(value_get_bool(p, "is_short", 0));
	CHECK(value_get_bool(p, "is_text", 0));
	p = value_get(v, "locations")->list.items[0];
	CHECK_STR(value_get_str(p, "address_text", NULL),
	    "1 High Street, Riverside, Kent, RV1 1AA");
	CHECK(value_get_bool(p, "has_geo", 0));
	CHECK(value_get_bool(value_get(v, "locations")->list.items[1],
	    "is_virtual", 0));
	t = value_path(v, "hours.table");
	CHECK_INT(value_len(t), 7);
	CHECK_STR(value_get_str(t->list.items[0], "text", NULL), "Closed");
	CHECK(value_get_bool(t->list.items[0], "closed", 0));
	CHECK_STR(value_get_str(t->list.items[1], "day", NULL), "Tuesday");
	CHECK_STR(value_get_str(t->list.items[1], "text", NULL),
	    "09:00\u201311:00, 18:00\u201319:30");
	CHECK_STR(value_get_str(t->list.items[4], "text", NULL),
	    "09:00\u201311:00, 22:00\u201302:00 (next day)");
	CHECK_STR(value_get_str(t->list.items[5], "text", NULL),
	    "10:00\u201312:00 (from 1 January 2026 to 31 December 2026)");
	CHECK_STR(value_str(value_path(v, "hours.json")),
	    "{\"timezone\":\"Europe/London\",\"always\":false,\"rules\":["
	    "{\"days\":[\"tu\"],\"opens\":\"18:00\",\"closes\":\"19:30\","
	    "\"overnight\":false},"
	    "{\"days\":[\"sa\"],\"opens\":\"10:00\",\"closes\":\"12:00\","
	    "\"overnight\":false,\"from\":\"2026-01-01\",\"to\":"
	    "\"2026-12-31\"},"
	    "{\"days\":[\"tu\",\"fr\"],\"opens\":\"09:00\",\"closes\":"
	    "\"11:00\",\"overnight\":false},"
	    "{\"days\":[\"fr\"],\"opens\":\"22:00\",\"closes\":\"02:00\","
	    "\"overnight\":true}]}");
	value_free(v);
}

TEST(services_good_defaults)
{
	struct value *v;
	const struct value *p, *t;

	harness_diag_capture();
	v = load(GOOD, "hillside-night-line.yml", &opts);
	CHECK(v != NULL);
	if (v == NULL)
		return;
	CHECK_STR(value_get_str(v, "status_label", NULL),
	    "Temporarily closed");
	CHECK(value_get_bool(v, "is_closed_temporarily", 0));
	CHECK(!value_get_bool(v, "is_active", 1));
	CHECK(value_get_bool(v, "crisis", 0));
	CHECK(!value_get_bool(v, "free", 1));
	CHECK_STR(value_get_str(v, "country", NULL), "GB");
	CHECK_STR(value_get_str(v, "towns_text", NULL), "");
	p = value_path(v, "contact.phones")->list.items[0];
	CHECK_STR(value_get_str(p, "type", NULL), "voice");
	CHECK_STR(value_get_str(p, "href", NULL), "tel:+448081570123");
	p = value_path(v, "contact.phones")->list.items[2];
	CHECK_STR(value_get_str(p, "href", NULL), "tel:116123");
	CHECK_STR(value_str(value_path(v, "hours.timezone")), "Europe/London");
	t = value_path(v, "hours.table");
	CHECK_STR(value_get_str(t->list.items[6], "text", NULL),
	    "Open 24 hours");
	value_free(v);
}

/* Keys left empty are dropped before the computed fields are added. */
TEST(services_empty_optional_keys)
{
	static const char text[] = "name: N\ncategories: [youth]\n"
	    "summary: S.\norganization: {name: O, description: ~}\n"
	    "verified: 2026-05-01\nalert:\ncontact:\n"
	    "locations:\n  - name: Hall\n    address:\n    geo:\n";
	char *dir = harness_tmpdir(), *path = fs_join(dir, "n.yml");
	const struct value *l;
	struct value *v;

	CHECK(fs_write(path, text, sizeof(text) - 1) == 0);
	harness_diag_capture();
	v = svc_load(path, "n.yml", &opts);
	CHECK(v != NULL);
	if (v != NULL) {
		CHECK(value_get(v, "alert") == NULL);
		CHECK(value_get(v, "contact") == NULL);
		CHECK(value_path(v, "organization.description") == NULL);
		l = value_get(v, "locations")->list.items[0];
		CHECK(value_get(l, "address") == NULL);
		CHECK(!value_get_bool(l, "has_geo", 1));
		CHECK_STR(value_get_str(l, "address_text", NULL), "");
	}
	value_free(v);
	free(path);
	free(dir);
}


static const char *const site_langs[] = { "en", "pl", "ar", NULL };

/* Diagnostics of a listing text with translations, the site in site_langs. */
static const char *
load_text(const char *body, struct value **out)
{
	static const char head[] = "name: N\ncategories: [youth]\n"
	    "summary: S.\norganization: {name: O}\nverified: 2026-05-01\n"
	    "contact: {website: \"https://example.org\"}\n";
	char *dir = harness_tmpdir(), *path = fs_join(dir, "t.yml");
	struct svc_opts o = opts;
	struct buf b = BUF_INIT;

	o.languages = site_langs;
	buf_puts(&b, head);
	buf_puts(&b, body);
	CHECK(fs_write(path, b.ptr, b.len) == 0);
	harness_diag_capture();
	diag_set_context(0);
	*out = svc_load(path, "content/services/t.yml", &o);
	diag_set_context(1);
	buf_release(&b);
	free(path);
	free(dir);
	return harness_diag_text();
}

TEST(services_translations_bad_code)
{
	struct value *v;

	CHECK_STR(load_text("translations:\n  de: {name: Gruppe}\n", &v),
	    "content/services/t.yml:8:3: error: 'de' is not one of the "
	    "site's languages\n"
	    "content/services/t.yml:8:3: note: the site's languages are en, "
	    "pl and ar\n");
	CHECK(v == NULL);
	CHECK_STR(load_text("translations:\n  en: {name: Group}\n", &v),
	    "content/services/t.yml:8:3: error: 'en' is the site's default "
	    "language\n"
	    "content/services/t.yml:8:3: note: write the default language's "
	    "text in the listing itself\n");
	CHECK(v == NULL);
}

TEST(services_translations_unknown_key)
{
	struct value *v;

	CHECK_STR(load_text("translations:\n  pl: {nmae: Grupa, phone: "
	    "\"1\"}\n", &v),
	    "content/services/t.yml:8:8: error: unknown key 'nmae'\n"
	    "content/services/t.yml:8:8: note: did you mean 'name'?\n"
	    "content/services/t.yml:8:21: error: unknown key 'phone'\n");
	CHECK(v == NULL);
	CHECK_STR(load_text("translations:\n  pl:\n    hours: {nte: x}\n", &v),
	    "content/services/t.yml:9:13: error: unknown key 'nte'\n"
	    "content/services/t.yml:9:13: note: did you mean 'note'?\n");
	CHECK(v == NULL);
}

TEST(services_translations_wrong_type)
{
	struct value *v;

	CHECK_STR(load_text("translations:\n  pl: [Grupa]\n", &v),
	    "content/services/t.yml:8:7: error: 'translations.pl' must be a "
	    "map, not a list\n");
	CHECK(v == NULL);
	CHECK_STR(load_text("translations: [pl]\n", &v),
	    "content/services/t.yml:7:15: error: 'translations' must be a "
	    "map, not a list\n");
	CHECK(v == NULL);
	CHECK_STR(load_text("translations:\n  pl:\n    name: [Grupa]\n"
	    "    summary: \"\"\n    hours: {note: {a: b}}\n", &v),
	    "content/services/t.yml:9:11: error: 'translations.pl.name' must "
	    "be a string, not a list\n"
	    "content/services/t.yml:10:14: error: 'translations.pl.summary' "
	    "must not be empty\n"
	    "content/services/t.yml:11:19: error: 'translations.pl.hours.note'"
	    " must be a string, not a map\n");
	CHECK(v == NULL);
}

/* The translation replaces the texts; the facts stay. */
TEST(services_translate_and_localise)
{
	struct value *v, *t;
	const struct value *row;

	CHECK_STR(load_text("translations:\n  pl: {name: Grupa, summary: "
	    "Spotkania., hours: {note: Nieczynne w święta.}}\n"
	    "status: temporarily-closed\nages: {min: \"18\"}\n"
	    "hours:\n  timezone: Europe/London\n  note: Closed on holidays.\n"
	    "  rules:\n    - {days: [mo], opens: \"22:00\", closes: "
	    "\"02:00\", overnight: true, from: 2026-01-01}\n", &v), "");
	CHECK(v != NULL);
	if (v == NULL)
		return;
	CHECK_STR(value_get_str(v, "status_label", NULL),
	    "Temporarily closed");
	CHECK_STR(value_get_str(v, "ages_text", NULL), "18 and over");
	CHECK(svc_translate(v, "ar") == 0);
	CHECK_STR(value_get_str(v, "name", NULL), "N");
	CHECK(svc_translate(v, "pl") == 1);
	CHECK_STR(value_get_str(v, "name", NULL), "Grupa");
	CHECK_STR(value_get_str(v, "summary", NULL), "Spotkania.");
	CHECK_STR(value_path(v, "hours.note")->str.ptr, "Nieczynne w święta.");
	CHECK_STR(value_path(v, "contact.website")->str.ptr,
	    "https://example.org");
	t = value_new(VALUE_MAP, NULL);
	value_map_set_str(t, "status_temporarily_closed", "Tymczasowo "
	    "zamknięte");
	value_map_set_str(t, "ages_min", "od {min} lat");
	value_map_set_str(t, "hours_closed", "Nieczynne");
	value_map_set_str(t, "hours_next_day", "następnego dnia");
	value_map_set_str(t, "hours_from", "od");
	value_map_set_str(t, "date_format", "{day} {month} {year}");
	value_map_set_take(t, "months", value_new(VALUE_LIST, NULL));
	{
		static const char *const m[] = { "stycznia", "lutego",
		    "marca", "kwietnia", "maja", "czerwca", "lipca",
		    "sierpnia", "września", "października", "listopada",
		    "grudnia" };
		static const char *const d[] = { "poniedziałek", "wtorek",
		    "środa", "czwartek", "piątek", "sobota", "niedziela" };
		struct value *ml = (struct value *)value_get(t, "months"), *dl;
		size_t i;

		for (i = 0; i < 12; i++)
			value_list_push_take(ml, value_new_strz(m[i]));
		dl = value_map_set_take(t, "days", value_new(VALUE_LIST,
		    NULL));
		for (i = 0; i < 7; i++)
			value_list_push_take(dl, value_new_strz(d[i]));
	}
	svc_localise(v, t);
	CHECK_STR(value_get_str(v, "status_label", NULL),
	    "Tymczasowo zamknięte");
	CHECK_STR(value_get_str(v, "ages_text", NULL), "od 18 lat");
	CHECK_STR(value_get_str(v, "verified_human", NULL), "1 maja 2026");
	row = value_path(v, "hours.table")->list.items[0];
	CHECK_STR(value_get_str(row, "day", NULL), "poniedziałek");
	CHECK_STR(value_get_str(row, "text", NULL), "22:00\u201302:00 "
	    "(następnego dnia) (od 1 stycznia 2026)");
	row = value_path(v, "hours.table")->list.items[1];
	CHECK_STR(value_get_str(row, "text", NULL), "Nieczynne");
	svc_localise(v, NULL);
	CHECK_STR(value_get_str(value_path(v, "hours.table")->list
	    .items[0], "text", NULL), "22:00\u201302:00 (next day) (from "
	    "1 January 2026)");
	value_free(t);
	value_free(v);
}

/* Every node's type and text, in order (keys too). */
static void
flat(struct buf *b, const struct value *v)
{
	size_t i;

	buf_printf(b, "<%d:", v->type);
	if (v->type == VALUE_STRING)
		buf_puts(b, v->str.ptr);
	else if (v->type == VALUE_BOOL)
		buf_printf(b, "%d", v->boolean);
	else if (v->type == VALUE_LIST)
		for (i = 0; i < v->list.len; i++)
			flat(b, v->list.items[i]);
	else if (v->type == VALUE_MAP)
		for (i = 0; i < v->map.len; i++) {
			buf_printf(b, "%s=", v->map.items[i].key);
			flat(b, v->map.items[i].val);
		}
	buf_putc(b, '>');
}

TEST(services_words_english)
{
	static const char *const d[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	struct value *v, *t = value_new(VALUE_MAP, NULL), *dl;
	struct buf before = BUF_INIT, after = BUF_INIT;
	size_t i;

	CHECK(svc_words_english(NULL));
	value_map_set_str(t, "hours_closed", "Closed");
	value_map_set_str(t, "status_active", "");	/* empty: English */
	dl = value_map_set_take(t, "days", value_new(VALUE_LIST, NULL));
	for (i = 0; i < 7; i++)
		value_list_push_take(dl, value_new_strz(d[i]));
	CHECK(svc_words_english(t));
	CHECK_STR(load_text("status: temporarily-closed\nages: {min: \"18\"}\n"
	    "access: [drop-in, gp-referral]\n"
	    "hours:\n  rules:\n    - {days: [mo, tu], opens: \"22:00\", "
	    "closes: \"02:00\", overnight: true, from: 2026-01-01}\n", &v), "");
	CHECK(v != NULL);
	if (v != NULL) {
		flat(&before, v);
		svc_localise(v, t);
		flat(&after, v);
		CHECK_STR(after.ptr, before.ptr);
	}
	value_map_set_str(t, "hours_to", "till");
	CHECK(!svc_words_english(t));
	value_map_set_str(t, "hours_to", "to");
	value_free(dl->list.items[6]);
	dl->list.items[6] = value_new(VALUE_MAP, NULL);
	CHECK(svc_words_english(t));	/* not a string: English */
	value_free(dl->list.items[6]);
	dl->list.items[6] = value_new_strz("Sun");
	CHECK(!svc_words_english(t));
	value_free(dl->list.items[6]);
	dl->list.items[6] = value_new_strz("Sunday");
	value_map_set_str(t, "date_format", "{day} {month} {year}");
	CHECK(svc_words_english(t));	/* without months: date_human */
	value_map_set_take(t, "months", value_new(VALUE_LIST, NULL));
	for (i = 0; i < 12; i++)
		value_list_push_take((struct value *)value_get(t, "months"),
		    value_new_strz("M"));
	CHECK(!svc_words_english(t));
	buf_release(&before);
	buf_release(&after);
	value_free(v);
	value_free(t);
}
