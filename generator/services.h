/* SPDX-License-Identifier: ISC */
/* Service listings: load one YAML file, validate every rule, normalise. */
#ifndef SERVICES_H
#define SERVICES_H

#include <stddef.h>

struct value;

/* Bounds handed to yamlload for a listing. */
#define SVC_MAX_DEPTH	16
#define SVC_MAX_SIZE	(256u * 1024u)

struct svc_opts {
	/*
	 * The site's categories: a list of maps with "key" and "label"
	 * (and optionally "description").  NULL: the built-in default set
	 * (see config_default_categories).  Borrowed.
	 */
	const struct value	*categories;
	const char		*country;	/* site default "GB", or NULL */
	const char		*timezone;	/* site default zone, or NULL */
	unsigned		 stale_after;	/* days; 0 means 365 */
	const char		*today;		/* "YYYY-MM-DD"; NULL: date_today */
	/*
	 * Where IANA zones are checked: NULL means $TZDIR or else
	 * /usr/share/zoneinfo.  When that folder does not exist (or this
	 * is ""), a zone name only gets a syntax check: Area/Location
	 * parts of letters, digits, '_', '-' and '+', or "UTC".
	 */
	const char		*zoneinfo;
	/*
	 * The site's language codes, the default first, NULL-terminated;
	 * a "translations" key must be one of them other than the
	 * default.  NULL: codes are not checked.  Borrowed.
	 */
	const char *const	*languages;
};

/*
 * Read the listing at path; name is how diagnostics call the file
 * ("content/services/riverside-peer-support.yml") and its base name
 * less ".yml" (or ".yaml") is the slug.  Anchors and aliases are refused,
 * nesting is bounded by SVC_MAX_DEPTH and size by SVC_MAX_SIZE.
 *
 * Every rule of the listing format is checked and every problem is
 * reported through diag at file:line:col, with a note where a hint helps
 * ("did you mean 'phones'?"); warnings (stale 'verified', http: URLs, no
 * way to get in touch) do not fail.  Besides the issue 4 keys a listing
 * may set "country" (ISO 3166-1), its default for phone numbers and
 * addresses: a phone's own "country" wins, then the listing's, then
 * opts->country.  Returns NULL if any error was
 * reported, else the listing as a new map that the caller frees with
 * value_free.  The map keeps every field as written (keys left empty
 * are dropped) and adds:
 *
 * Translations: a listing may carry
 *   translations: {<code>: {name, summary, description, eligibility,
 *                  alert, hours: {note}}}
 * (every key optional) for the site's other languages; the facts stay
 * shared.  See svc_translate.
 *
 * The words computed in English (status_label, day, the hours texts,
 * type_label, access labels, ages_text, verified_human and the rule
 * dates) are those of svc_localise(svc, NULL).
 *
 * Top level
 *   slug             file name less the extension
 *   url              "services/<slug>.html"; vcard_url "services/<slug>.vcf"
 *   status           as written, or "active"
 *   status_label     "Open", "Temporarily closed", "Not running at the
 *                    moment" (inactive) or "Closed for good" (defunct)
 *   is_active        bool: status is active
 *   is_closed_temporarily  bool: status is temporarily-closed
 *   is_listed        bool: active or temporarily closed (directory pages)
 *   crisis           bool, default false
 *   country          as written, else the site default (may be absent)
 *   categories       replaced by a list of {key, label, url} with url
 *                    "categories/<key>.html", in the written order
 *   category_keys    the keys as written (list of strings)
 *   languages        replaced by a list of {code, name}: "pl", "Polish"
 *                    (an empty list when not written)
 *   access           replaced by a list of {key, label}: "gp-referral",
 *                    "GP referral"
 *   free             bool: cost.free (default false)
 *   ages_text        "18 to 65", "18 and over", "up to 25" (only with ages)
 *   towns            list of the locations' address cities, each once
 *   towns_text       the same joined with ", " ("" when none)
 *   verified         as written (ISO date); verified_human "1 May 2026"
 *   is_stale         bool: verified more than stale_after days ago
 *   has_contact      bool: a website, email, phone or location exists
 *   has_phones, has_locations  bool
 * contact.phones[]   each adds e164 ("+442079460000" or short "116123"),
 *                    href ("tel:+44..." or "sms:..." for type text),
 *                    display (the number as written), type (default
 *                    "voice"), type_label ("Phone", "Text", "Fax",
 *                    "Textphone", "Video call"), is_text, is_short,
 *                    fictional (bool: a drama range number)
 * locations[]        each adds type (default "physical"), is_virtual,
 *                    address_text ("1 High Street, Riverside, RV1 1AA"),
 *                    has_geo; address.country defaults to the
 *                    listing's or site's country
 * hours (only when the listing has hours)
 *   timezone         as written or the site default
 *   always           bool, default false
 *   table            7 rows Monday..Sunday: {day "Monday", key "mo",
 *                    closed bool, text "18:00-19:30, 20:00-21:00" or
 *                    "Closed" or "Open 24 hours", slots [{opens, closes,
 *                    text, dates}]} where dates is "" or "from 1 Jan 2026
 *                    to 31 Dec 2026" and text ends " (next day)" overnight;
 *                    a row without slots is a VALUE_REF to one shared by
 *                    every listing (lookups see through it; never change it)
 *   json             compact JSON for the browser badge:
 *                    {"timezone":"Europe/London","always":false,"rules":
 *                    [{"days":["tu"],"opens":"18:00","closes":"19:30",
 *                    "overnight":false,"from":"2026-01-01","to":...}]}
 *                    (from/to only when written)
 */
struct value	*svc_load(const char *path, const char *name,
		    const struct svc_opts *opts);

/*
 * Check and normalise a listing already parsed (the file's text must be
 * registered with diag_file for quoting).  svc is consumed: the result
 * is svc with the computed fields, or NULL (svc freed) on errors.
 * file is the interned name that the nodes' locations carry.
 */
struct value	*svc_check(struct value *svc, const char *file,
		    const struct svc_opts *opts);

/*
 * Overlay the translation for language code on a normalised listing:
 * the translated name, summary, description, eligibility, alert and
 * hours.note replace the written ones.  Returns 1 when the listing has a
 * translation for code, else 0 (svc unchanged).
 */
int		 svc_translate(struct value *svc, const char *code);

/*
 * Recompute the words of a normalised listing from t, a language's
 * interface strings (NULL: English).  Keys read, each falling back to
 * English when absent: status_active, status_temporarily_closed,
 * status_inactive, status_defunct; days (list of 7, Monday first);
 * hours_closed, hours_always, hours_next_day, hours_from, hours_to,
 * hours_until; phone_voice, phone_text, phone_fax, phone_textphone,
 * phone_video; access_self_referral, access_gp_referral,
 * access_professional_referral, access_drop_in, access_appointment;
 * ages_range ("{min} to {max}"), ages_min ("{min} and over"), ages_max
 * ("up to {max}"); dates with date_format and t's date_format/months.
 */
void		 svc_localise(struct value *svc, const struct value *t);
/*
 * 1 when t gives every word svc_localise reads exactly as English does
 * (its date_format and months unset): svc_localise(svc, t) would then
 * leave a listing from svc_load as it is.
 */
int		 svc_words_english(const struct value *t);

/*
 * Report every slug used by more than one listing in list (a value list
 * of loaded listings with "slug"), at the later file with a note at the
 * earlier.  O(n log n).  Returns 0, or -1 when there were duplicates.
 */
int		 svc_check_duplicates(const struct value *list);

#endif
