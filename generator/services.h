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
	 * (see svc_default_categories).  Borrowed.
	 */
	const struct value	*categories;
	const char		*country;	/* site default "GB", or NULL */
	const char		*timezone;	/* site default zone, or NULL */
	unsigned		 stale_after;	/* days; 0 means 365 */
	const char		*today;		/* "YYYY-MM-DD"; NULL: now */
	/*
	 * Where IANA zones are checked: NULL means $TZDIR or else
	 * /usr/share/zoneinfo.  When that folder does not exist (or this
	 * is ""), a zone name only gets a syntax check: Area/Location
	 * parts of letters, digits, '_', '-' and '+', or "UTC".
	 */
	const char		*zoneinfo;
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
 *                    to 31 Dec 2026" and text ends " (next day)" overnight
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
 * Report every slug used by more than one listing in list (a value list
 * of loaded listings with "slug"), at the later file with a note at the
 * earlier.  O(n log n).  Returns 0, or -1 when there were duplicates.
 */
int		 svc_check_duplicates(const struct value *list);

/*
 * The directory: a new list with one map per site category (cats as in
 * svc_opts; NULL for the defaults), in the site's order:
 *   key, label, description (when the site gives one),
 *   url "categories/<key>.html", count (a string), has_services (bool),
 *   services: references (VALUE_REF) to the listed listings of list
 *   (status active or temporarily-closed) in that category, sorted by
 *   name without regard to case, then slug.
 * Inactive and defunct listings are left out.  The references borrow
 * from list, which must outlive the result; the caller frees the result.
 */
struct value	*svc_group_by_category(const struct value *list,
		    const struct value *cats);

/* 1 if s matches ^[a-z0-9]+(-[a-z0-9]+)*$, else 0. */
int		 svc_slug_valid(const char *s);

/*
 * Fill o from site.yml's value tree: categories (when a list), country,
 * timezone and services.stale_after (digits; else 0, meaning 365).  The
 * strings are borrowed from site; today and zoneinfo are left NULL.
 */
void		 svc_opts_from_site(struct svc_opts *o, const struct value *site);

/* The built-in categories as a new list of {key, label}; caller frees. */
struct value	*svc_default_categories(void);

/* "1 May 2026" for "2026-05-01" into a new string; NULL if not a date. */
char		*svc_date_human(const char *iso);

#endif
