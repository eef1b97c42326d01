/* SPDX-License-Identifier: ISC */
/* HSDS 3.0 export: listings to table rows, then to CSV and nested JSON. */
#include <sys/uio.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "hsds.h"
#include "strpool.h"
#include "svc_export.h"
#include "value.h"
#include "xalloc.h"

/*
 * Columns of the HSDS 3.0 tables we fill, in the order of the official
 * datapackage.json: "name:type[:format]" and '!' when required.
 */
static const char *const t_organization[] = {
	"id:string:uuid!", "name:string!", "alternate_name:string",
	"description:string!", "email:string:email", "website:string:uri",
	"tax_status:string", "tax_id:string", "year_incorporated:number",
	"legal_status:string", "logo:string", "uri:string:uri",
	"parent_organization_id:string:uuid", NULL
};
static const char *const fk_organization[] = { NULL };
static const char *const t_service[] = {
	"id:string:uuid!", "organization_id:string:uuid!",
	"program_id:string:uuid", "name:string!", "alternate_name:string",
	"description:string", "url:string:uri", "email:string:email",
	"status:string!", "interpretation_services:string",
	"application_process:string", "fees_description:string",
	"wait_time:string", "fees:string", "accreditations:string",
	"eligibility_description:string", "minimum_age:number",
	"maximum_age:number", "assured_date:date",
	"assurer_email:string:email", "licenses:string", "alert:string",
	"last_modified:datetime", NULL
};
static const char *const fk_service[] = {
	"organization_id", "organization",
	NULL
};
static const char *const t_phone[] = {
	"id:string:uuid!", "location_id:string:uuid",
	"service_id:string:uuid", "organization_id:string:uuid",
	"contact_id:string:uuid", "service_at_location_id:string:uuid",
	"number:string!", "extension:number", "type:string",
	"description:string", NULL
};
static const char *const fk_phone[] = {
	"location_id", "location",
	"organization_id", "organization",
	"service_id", "service",
	"service_at_location_id", "service_at_location",
	NULL
};
static const char *const t_schedule[] = {
	"id:string:uuid!", "service_id:string:uuid",
	"location_id:string:uuid", "service_at_location_id:string:uuid",
	"valid_from:date", "valid_to:date", "dtstart:date",
	"timezone:number", "until:date", "count:number", "wkst:string",
	"freq:string", "interval:number", "byday:string", "byweekno:string",
	"bymonthday:string", "byyearday:string", "description:string",
	"opens_at:time", "closes_at:time", "schedule_link:string:uri",
	"attending_type:string", "notes:string", NULL
};
static const char *const fk_schedule[] = {
	"location_id", "location",
	"service_id", "service",
	"service_at_location_id", "service_at_location",
	NULL
};
static const char *const t_language[] = {
	"id:string:uuid!", "service_id:string:uuid",
	"location_id:string:uuid", "phone_id:string:uuid", "name:string",
	"code:string", "note:string", NULL
};
static const char *const fk_language[] = {
	"location_id", "location",
	"phone_id", "phone",
	"service_id", "service",
	NULL
};
static const char *const t_location[] = {
	"id:string:uuid!", "location_type:string!", "url:string:uri",
	"organization_id:string:uuid", "name:string",
	"alternate_name:string", "description:string",
	"transportation:string", "latitude:number", "longitude:number",
	"external_identifier:string", "external_identifier_type:string", NULL
};
static const char *const fk_location[] = {
	"organization_id", "organization",
	NULL
};
static const char *const t_address[] = {
	"id:string:uuid!", "location_id:string:uuid", "attention:string",
	"address_1:string!", "address_2:string", "city:string!",
	"region:string", "state_province:string!", "postal_code:string!",
	"country:string!", "address_type:string!", NULL
};
static const char *const fk_address[] = {
	"location_id", "location",
	NULL
};
static const char *const t_service_at_location[] = {
	"id:string:uuid!", "service_id:string:uuid!",
	"location_id:string:uuid!", "description:string", NULL
};
static const char *const fk_service_at_location[] = {
	"service_id", "service",
	"location_id", "location",
	NULL
};
static const char *const t_accessibility[] = {
	"id:string:uuid!", "location_id:string:uuid", "description:string",
	"details:string", "url:string:uri", NULL
};
static const char *const fk_accessibility[] = {
	"location_id", "location",
	NULL
};
static const char *const t_taxonomy[] = {
	"id:string:uuid!", "name:string!", "description:string!",
	"uri:string:uri", "version:string", NULL
};
static const char *const fk_taxonomy[] = { NULL };
static const char *const t_taxonomy_term[] = {
	"id:string:uuid!", "code:string", "name:string!",
	"description:string!", "parent_id:string:uuid", "taxonomy:string",
	"language:string", "taxonomy_id:string:uuid", "term_uri:string:uri",
	NULL
};
static const char *const fk_taxonomy_term[] = {
	"taxonomy_id", "taxonomy",
	NULL
};
static const char *const t_attribute[] = {
	"id:string:uuid!", "link_id:string:uuid!",
	"taxonomy_term_id:string:uuid!", "link_type:string",
	"link_entity:string!", "value:string", NULL
};
static const char *const fk_attribute[] = {
	"taxonomy_term_id", "taxonomy_term",
	NULL
};
static const char *const t_cost_option[] = {
	"id:string:uuid!", "service_id:string:uuid!", "valid_from:date",
	"valid_to:date", "option:string", "currency:string", "amount:number",
	"amount_description:string", NULL
};
static const char *const fk_cost_option[] = {
	"service_id", "service",
	NULL
};

enum tab { T_ORG, T_SERVICE, T_PHONE, T_SCHEDULE, T_LANGUAGE, T_LOCATION,
	T_ADDRESS, T_SAL, T_ACCESS, T_TAXONOMY, T_TERM, T_ATTR, T_COST, NTAB };

static const struct tdef {
	const char		*name;
	const char		*path;
	const char *const	*cols;
	const char *const	*fks;	/* column, resource pairs */
} tdefs[NTAB] = {
	{ "organization", "organizations.csv", t_organization,
	    fk_organization },
	{ "service", "services.csv", t_service, fk_service },
	{ "phone", "phones.csv", t_phone, fk_phone },
	{ "schedule", "schedules.csv", t_schedule, fk_schedule },
	{ "language", "languages.csv", t_language, fk_language },
	{ "location", "locations.csv", t_location, fk_location },
	{ "address", "addresses.csv", t_address, fk_address },
	{ "service_at_location", "service_at_location.csv",
	    t_service_at_location, fk_service_at_location },
	{ "accessibility", "accessibility.csv", t_accessibility,
	    fk_accessibility },
	{ "taxonomy", "taxonomies.csv", t_taxonomy, fk_taxonomy },
	{ "taxonomy_term", "taxonomy_terms.csv", t_taxonomy_term,
	    fk_taxonomy_term },
	{ "attribute", "attributes.csv", t_attribute, fk_attribute },
	{ "cost_option", "cost_options.csv", t_cost_option, fk_cost_option }
};

/* The most columns a table has (schedule). */
#define MAXCOLS 24

/* A table's columns: names, lengths and kinds, read from its tdef once. */
struct tcols {
	const struct tdef	*def;
	size_t			 ncols;
	size_t			 namelen[MAXCOLS];
	unsigned char		 number[MAXCOLS];	/* ":number" */
	unsigned char		 uuid[MAXCOLS];		/* ":uuid": hex, '-' */
};

/*
 * A cell's text (NULL: empty) and its length; raw when it is one of our
 * ids, which no JSON or CSV escape changes.
 */
struct cell {
	const char	*s;
	size_t		 len;
	int		 raw;
};

/* Rows of one table: cells[row * ncols + col]. */
struct table {
	const struct tcols	*c;
	struct cell		*cells;
	size_t			 n, cap;
	size_t			 next;	/* where set() looks first */
};

/* A category term's id, the same in every listing: computed once. */
struct term {
	char		*key;
	char		 id[37];
};

/*
 * What every listing's part shares, read-only once made (parts are made
 * on any thread): the columns, the ids of the categories and taxonomy.
 */
struct hsds_ctx {
	struct tcols	 cols[NTAB];
	char		*base_url;
	char		 taxid[37];	/* of the categories taxonomy */
	struct term	*terms;
	size_t		 nterms;
};

/* One listing's rows of every table and its services.json object. */
/*
 * One listing's part, as text made on the thread that had the listing:
 * its services.json object, then its CSV rows of each table, then its
 * slug (NUL-terminated).  Rows of the tables shared between listings
 * (organizations, terms) are found by their starts, for the dedupe.
 */
struct hsds_part {
	size_t		 seq;		/* the listing's place, for ties */
	char		*text;
	size_t		 off[NTAB + 2];	/* json [off[0], off[1]), table i
					   [off[i + 1], off[i + 2]), slug */
	size_t		*rows;		/* row starts of T_ORG, then T_TERM */
	size_t		 nrows[2];
};

/* While one listing is added. */
struct hsds {
	const struct hsds_ctx	*x;
	struct table		*t;	/* the part's tables */
	const char		*base_url;
	const char		*slug;
	struct strpool		*text;
};

/* Whether a cell of a uuid column holds one of our ids, as they all do. */
static int
is_id(const char *v)
{
	size_t i;

	for (i = 0; i < 36; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'f') || v[i] == '-'))
			return 0;
	return v[36] == '\0';
}

static int
col_is_number(const char *spec)
{
	return strstr(spec, ":number") != NULL;
}

/* The column called name, looked for from column from on, then all. */
static size_t
col_from(const struct tcols *c, const char *name, size_t from)
{
	size_t i, n = strlen(name);

	for (i = from; i < c->ncols; i++)
		if (c->namelen[i] == n &&
		    memcmp(c->def->cols[i], name, n) == 0)
			return i;
	for (i = 0; i < from && i < c->ncols; i++)
		if (c->namelen[i] == n &&
		    memcmp(c->def->cols[i], name, n) == 0)
			return i;
	abort();	/* a misspelt column is a bug in this file */
}

static size_t
col_index(const struct table *t, const char *name)
{
	return col_from(t->c, name, 0);
}

/* A table's columns' names and kinds. */
static void
cols_init(struct tcols *c, const struct tdef *def)
{
	const char *spec;

	memset(c, 0, sizeof(*c));
	c->def = def;
	for (; (spec = def->cols[c->ncols]) != NULL; c->ncols++) {
		if (c->ncols == MAXCOLS)
			abort();	/* MAXCOLS is too small */
		c->namelen[c->ncols] = strcspn(spec, ":");
		c->number[c->ncols] = col_is_number(spec);
		c->uuid[c->ncols] = strstr(spec, ":uuid") != NULL;
	}
}

static size_t
row_add(struct table *t)
{
	size_t i, nc = t->c->ncols;

	if (t->n == t->cap) {
		/* A listing has a row or two in most tables. */
		t->cap = t->cap ? t->cap * 2 : 2;
		t->cells = xreallocarray(t->cells, t->cap * nc,
		    sizeof(*t->cells));
	}
	for (i = 0; i < nc; i++)
		t->cells[t->n * nc + i].s = NULL;
	t->next = 0;
	return t->n++;
}

static const char *
cell(const struct table *t, size_t r, const char *col)
{
	return t->cells[r * t->c->ncols + col_index(t, col)].s;
}

/*
 * Set a cell to a copy of val; NULL leaves it empty.  Numbers (checked
 * as plain decimals when loaded) are rewritten in a form JSON accepts.
 */
static void
set(struct hsds *h, struct table *t, size_t r, const char *col,
    const char *val)
{
	size_t i = col_from(t->c, col, t->next);
	struct cell *c = &t->cells[r * t->c->ncols + i];
	char num[32];

	/* Rows are filled mostly in column order. */
	t->next = i + 1;
	if (val == NULL)
		return;
	if (t->c->number[i] && !svc_number_plain(val)) {
		snprintf(num, sizeof(num), "%.10g", strtod(val, NULL));
		val = num;
	}
	c->len = strlen(val);
	c->s = strpool_copy(h->text, val, c->len);
	c->raw = t->c->uuid[i] && is_id(c->s);
}

/* Set col to the id of kind and "<slug>/<suffix>". */
static void
set_id(struct hsds *h, struct table *t, size_t r, const char *col,
    const char *kind, const char *suffix)
{
	struct buf key = BUF_INIT;
	size_t sl = strlen(h->slug), xl = strlen(suffix);
	char id[37], name[200];

	/* The key on the stack: this runs for most rows. */
	if (sl + 1 + xl < sizeof(name)) {
		memcpy(name, h->slug, sl);
		name[sl] = '/';
		memcpy(name + sl + 1, suffix, xl + 1);
		svc_uuid(kind, name, id);
	} else {
		buf_puts(&key, h->slug);
		buf_putc(&key, '/');
		buf_puts(&key, suffix);
		svc_uuid(kind, key.ptr, id);
		buf_release(&key);
	}
	set(h, t, r, col, id);
}

/* n in decimal into p, which has room; returns the end. */
static char *
put_count(char *p, size_t n)
{
	char tmp[24];
	size_t k = 0;

	do
		tmp[k++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	while (k > 0)
		*p++ = tmp[--k];
	*p = '\0';
	return p;
}

/* s unless it is absent or empty, else def. */
static const char *
or_else(const char *s, const char *def)
{
	return s != NULL && *s != '\0' ? s : def;
}

static void
add_org(struct hsds *h, const struct value *svc, const char *oid)
{
	const struct value *org = value_get(svc, "organization");
	struct table *t = &h->t[T_ORG];
	size_t r = row_add(t);

	set(h, t, r, "id", oid);
	set(h, t, r, "name", value_get_str(org, "name", ""));
	/* Required by HSDS; the name stands in when none is written. */
	set(h, t, r, "description", or_else(value_get_str(org, "description",
	    NULL), value_get_str(org, "name", "")));
	set(h, t, r, "website", value_get_str(org, "website", NULL));
}

static void
add_service_row(struct hsds *h, const struct value *svc, const char *sid,
    const char *oid)
{
	struct table *t = &h->t[T_SERVICE];
	const struct value *access = value_get(svc, "access");
	const char *st = value_get_str(svc, "status", "active");
	const char *desc = value_get_str(svc, "description", NULL);
	const char *web = value_str(value_path(svc, "contact.website"));
	struct buf b = BUF_INIT;
	size_t r = row_add(t), i;

	set(h, t, r, "id", sid);
	set(h, t, r, "organization_id", oid);
	set(h, t, r, "name", value_get_str(svc, "name", ""));
	buf_puts(&b, value_get_str(svc, "summary", ""));
	if (desc != NULL) {
		buf_puts(&b, "\n\n");
		buf_puts(&b, desc);
	}
	set(h, t, r, "description", b.ptr);
	buf_reset(&b);
	if (web == NULL && h->base_url != NULL && *h->base_url) {
		buf_printf(&b, "%s%s%s", h->base_url, h->base_url[strlen(
		    h->base_url) - 1] == '/' ? "" : "/",
		    value_get_str(svc, "url", ""));
		web = b.ptr;
	}
	set(h, t, r, "url", web);
	buf_release(&b);
	set(h, t, r, "email", value_str(value_path(svc, "contact.email")));
	set(h, t, r, "status", strcmp(st, "temporarily-closed") == 0 ?
	    "temporarily closed" : st);
	for (i = 0; i < value_len(access); i++) {
		if (i > 0)
			buf_puts(&b, "; ");
		buf_puts(&b, value_get_str(access->list.items[i], "label", ""));
	}
	set(h, t, r, "application_process", b.len ? b.ptr : NULL);
	buf_release(&b);
	set(h, t, r, "fees_description", value_str(value_path(svc,
	    "cost.note")));
	set(h, t, r, "eligibility_description", value_get_str(svc,
	    "eligibility", NULL));
	set(h, t, r, "minimum_age", value_str(value_path(svc, "ages.min")));
	set(h, t, r, "maximum_age", value_str(value_path(svc, "ages.max")));
	set(h, t, r, "assured_date", value_get_str(svc, "verified", NULL));
	set(h, t, r, "alert", value_get_str(svc, "alert", NULL));
}

static void
add_phones(struct hsds *h, const struct value *svc, const char *sid)
{
	const struct value *phones = value_path(svc, "contact.phones"), *p;
	struct table *t = &h->t[T_PHONE];
	char suffix[32];
	size_t i, r;

	for (i = 0; i < value_len(phones); i++) {
		p = phones->list.items[i];
		r = row_add(t);
		put_count(suffix, i + 1);
		set_id(h, t, r, "id", "phone", suffix);
		set(h, t, r, "service_id", sid);
		set(h, t, r, "number", value_get_str(p, "e164", ""));
		set(h, t, r, "type", value_get_str(p, "type", "voice"));
		set(h, t, r, "description", value_get_str(p, "label", NULL));
	}
}

static void
add_schedule(struct hsds *h, const char *sid, const struct value *hours,
    const struct value *rule, size_t i)
{
	struct table *t = &h->t[T_SCHEDULE];
	const struct value *days = value_get(rule, "days");
	const char *note = value_get_str(hours, "note", NULL);
	struct buf b = BUF_INIT;
	char suffix[32], up[2];
	size_t r = row_add(t), j;

	put_count(suffix, i + 1);
	set_id(h, t, r, "id", "schedule", suffix);
	set(h, t, r, "service_id", sid);
	set(h, t, r, "freq", "WEEKLY");
	set(h, t, r, "wkst", "MO");
	for (j = 0; rule == NULL ? j < 7 : j < value_len(days); j++) {
		memcpy(up, rule == NULL ? &"MOTUWETHFRSASU"[2 * j] :
		    value_str(days->list.items[j]), 2);
		up[0] = (char)(up[0] & ~0x20);
		up[1] = (char)(up[1] & ~0x20);
		if (j > 0)
			buf_putc(&b, ',');
		buf_put(&b, up, 2);
	}
	set(h, t, r, "byday", b.ptr);
	buf_reset(&b);
	set(h, t, r, "opens_at", rule ? value_get_str(rule, "opens", "") :
	    "00:00");
	set(h, t, r, "closes_at", rule ? value_get_str(rule, "closes", "") :
	    "23:59");
	set(h, t, r, "valid_from", value_get_str(rule, "from", NULL));
	set(h, t, r, "valid_to", value_get_str(rule, "to", NULL));
	if (rule == NULL)
		buf_puts(&b, "Open 24 hours, every day");
	else {
		buf_puts(&b, "Opens ");
		buf_puts(&b, value_get_str(rule, "opens", ""));
		buf_puts(&b, ", closes ");
		buf_puts(&b, value_get_str(rule, "closes", ""));
		if (value_get_bool(rule, "overnight", 0))
			buf_puts(&b, " the next day");
	}
	set(h, t, r, "description", b.ptr);
	buf_reset(&b);
	buf_puts(&b, "Times are local time in ");
	buf_puts(&b, value_get_str(hours, "timezone", "UTC"));
	buf_putc(&b, '.');
	if (note != NULL) {
		buf_putc(&b, ' ');
		buf_puts(&b, note);
	}
	set(h, t, r, "notes", b.ptr);
	buf_release(&b);
}

static void
add_schedules(struct hsds *h, const struct value *svc, const char *sid)
{
	const struct value *hours = value_get(svc, "hours");
	const struct value *rules = value_get(hours, "rules");
	size_t i;

	if (hours == NULL)
		return;
	if (value_get_bool(hours, "always", 0)) {
		add_schedule(h, sid, hours, NULL, 0);
		return;
	}
	for (i = 0; i < value_len(rules); i++)
		add_schedule(h, sid, hours, rules->list.items[i], i);
}

static void
add_languages(struct hsds *h, const struct value *svc, const char *sid)
{
	const struct value *langs = value_get(svc, "languages"), *l;
	struct table *t = &h->t[T_LANGUAGE];
	size_t i, r;

	for (i = 0; i < value_len(langs); i++) {
		l = langs->list.items[i];
		r = row_add(t);
		set_id(h, t, r, "id", "language", value_get_str(l, "code", ""));
		set(h, t, r, "service_id", sid);
		set(h, t, r, "name", value_get_str(l, "name", ""));
		set(h, t, r, "code", value_get_str(l, "code", ""));
	}
}

static void
add_address(struct hsds *h, const struct value *a, const char *lid,
    const char *suffix)
{
	struct table *t = &h->t[T_ADDRESS];
	size_t r = row_add(t);

	set_id(h, t, r, "id", "address", suffix);
	set(h, t, r, "location_id", lid);
	set(h, t, r, "address_1", value_get_str(a, "line1", ""));
	set(h, t, r, "address_2", value_get_str(a, "line2", NULL));
	set(h, t, r, "city", value_get_str(a, "city", ""));
	set(h, t, r, "region", value_get_str(a, "region", NULL));
	set(h, t, r, "state_province", or_else(value_get_str(a, "region", NULL),
	    value_get_str(a, "city", "")));
	set(h, t, r, "postal_code", value_get_str(a, "postal_code", ""));
	set(h, t, r, "country", value_get_str(a, "country", ""));
	set(h, t, r, "address_type", "physical");
}

/* HSDS requires these parts of an address; others are left out. */
static int
address_complete(const struct value *a)
{
	static const char *const req[] = { "line1", "city", "postal_code",
	    "country" };
	const char *s;
	size_t i;

	for (i = 0; a != NULL && i < 4; i++)
		if ((s = value_get_str(a, req[i], NULL)) == NULL || !*s)
			return 0;
	return a != NULL;
}

static void
add_location(struct hsds *h, const struct value *l, const char *sid,
    size_t i)
{
	struct table *t = &h->t[T_LOCATION], *ta = &h->t[T_ACCESS];
	const struct value *acc = value_get(l, "accessibility");
	const char *id;
	char suffix[48], lid[37], *p;
	size_t r = row_add(t), j, ra, n;

	put_count(suffix, i + 1);
	set_id(h, t, r, "id", "location", suffix);
	id = cell(t, r, "id");
	n = strlen(id) < sizeof(lid) ? strlen(id) : sizeof(lid) - 1;
	memcpy(lid, id, n);
	lid[n] = '\0';
	set(h, t, r, "location_type", value_get_str(l, "type", "physical"));
	set(h, t, r, "url", value_get_str(l, "url", NULL));
	set(h, t, r, "name", value_get_str(l, "name", NULL));
	set(h, t, r, "transportation", value_get_str(l, "transport", NULL));
	set(h, t, r, "latitude", value_str(value_path(l, "geo.lat")));
	set(h, t, r, "longitude", value_str(value_path(l, "geo.lon")));
	if (address_complete(value_get(l, "address")))
		add_address(h, value_get(l, "address"), lid, suffix);
	for (j = 0; j < value_len(acc); j++) {
		ra = row_add(ta);
		p = put_count(suffix, i + 1);
		*p++ = '/';
		put_count(p, j + 1);
		set_id(h, ta, ra, "id", "accessibility", suffix);
		set(h, ta, ra, "location_id", lid);
		set(h, ta, ra, "description", value_str(acc->list.items[j]));
	}
	t = &h->t[T_SAL];
	r = row_add(t);
	put_count(suffix, i + 1);
	set_id(h, t, r, "id", "service_at_location", suffix);
	set(h, t, r, "service_id", sid);
	set(h, t, r, "location_id", lid);
}

/* The id of category key: the shared one, else made into buf. */
static const char *
term_id(const struct hsds *h, const char *key, char buf[37])
{
	const struct hsds_ctx *x = h->x;
	size_t i;

	for (i = 0; i < x->nterms; i++)
		if (strcmp(x->terms[i].key, key) == 0)
			return x->terms[i].id;
	svc_uuid("category", key, buf);
	return buf;
}

static void
add_categories(struct hsds *h, const struct value *svc, const char *sid)
{
	const struct value *cats = value_get(svc, "categories"), *c;
	struct table *ta = &h->t[T_ATTR], *tt = &h->t[T_TERM];
	const char *tid, *taxid = h->x->taxid;
	char own[37];
	size_t i, r;

	for (i = 0; i < value_len(cats); i++) {
		c = cats->list.items[i];
		tid = term_id(h, value_get_str(c, "key", ""), own);
		r = row_add(tt);
		set(h, tt, r, "id", tid);
		set(h, tt, r, "code", value_get_str(c, "key", ""));
		set(h, tt, r, "name", value_get_str(c, "label", ""));
		set(h, tt, r, "description", value_get_str(c, "label", ""));
		set(h, tt, r, "taxonomy", "Signpost service categories");
		set(h, tt, r, "taxonomy_id", taxid);
		r = row_add(ta);
		set_id(h, ta, r, "id", "attribute",
		    value_get_str(c, "key", ""));
		set(h, ta, r, "link_id", sid);
		set(h, ta, r, "taxonomy_term_id", tid);
		set(h, ta, r, "link_type", "category");
		set(h, ta, r, "link_entity", "service");
	}
}

static void
add_cost(struct hsds *h, const struct value *svc, const char *sid)
{
	const struct value *cost = value_get(svc, "cost");
	struct table *t = &h->t[T_COST];
	int is_free = value_get_bool(cost, "free", 0);
	size_t r;

	if (cost == NULL)
		return;
	r = row_add(t);
	set_id(h, t, r, "id", "cost_option", "1");
	set(h, t, r, "service_id", sid);
	set(h, t, r, "option", is_free ? "Free" : "Charges apply");
	if (is_free)
		set(h, t, r, "amount", "0");
	set(h, t, r, "amount_description", value_get_str(cost, "note", NULL));
}

static void
add_listing(struct hsds *h, const struct value *svc)
{
	const struct value *locs = value_get(svc, "locations");
	char sid[37], oid[37];
	size_t i;

	h->slug = value_get_str(svc, "slug", "");
	svc_uuid("service", h->slug, sid);
	svc_uuid("organization", value_str(value_path(svc,
	    "organization.name")), oid);
	add_org(h, svc, oid);
	add_service_row(h, svc, sid, oid);
	add_phones(h, svc, sid);
	add_schedules(h, svc, sid);
	add_languages(h, svc, sid);
	for (i = 0; i < value_len(locs); i++)
		add_location(h, locs->list.items[i], sid, i);
	add_categories(h, svc, sid);
	add_cost(h, svc, sid);
}

/* The non-empty cells of row r as JSON members; numbers stay bare. */
static void
json_members(struct buf *b, const struct table *t, size_t r)
{
	const struct tcols *c = t->c;
	const struct cell *v;
	size_t i, first = 1;

	for (i = 0; i < c->ncols; i++) {
		if ((v = &t->cells[r * c->ncols + i])->s == NULL)
			continue;
		buf_put(b, first ? "\"" : ",\"", first ? 1 : 2);
		buf_put(b, c->def->cols[i], c->namelen[i]);
		buf_put(b, "\":", 2);
		if (c->number[i])
			buf_put(b, v->s, v->len);
		else if (v->raw) {
			/* Nothing to escape. */
			buf_putc(b, '"');
			buf_put(b, v->s, v->len);
			buf_putc(b, '"');
		} else
			esc_json_str(b, v->s, v->len);
		first = 0;
	}
}

/* "key":[{...},...] of the listing's rows whose col equals id. */
static void
json_children(struct buf *b, const struct hsds *h, enum tab tab,
    const char *key, const char *col, const char *id)
{
	const struct table *t = &h->t[tab];
	size_t r, n = 0;

	buf_puts(b, ",\"");
	buf_puts(b, key);
	buf_puts(b, "\":[");
	for (r = 0; r < t->n; r++) {
		if (id != NULL && strcmp(cell(t, r, col), id) != 0)
			continue;
		buf_puts(b, n++ ? ",{" : "{");
		json_members(b, t, r);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* One dereferenced service object from the rows of the current listing. */
static void
json_service(struct buf *b, const struct hsds *h)
{
	const struct table *sal = &h->t[T_SAL], *loc = &h->t[T_LOCATION];
	const struct table *attr = &h->t[T_ATTR], *term = &h->t[T_TERM];
	size_t r, i, lr;

	buf_putc(b, '{');
	json_members(b, &h->t[T_SERVICE], 0);
	buf_puts(b, ",\"organization\":{");
	json_members(b, &h->t[T_ORG], 0);
	buf_putc(b, '}');
	json_children(b, h, T_PHONE, "phones", NULL, NULL);
	json_children(b, h, T_SCHEDULE, "schedules", NULL, NULL);
	json_children(b, h, T_LANGUAGE, "languages", NULL, NULL);
	buf_puts(b, ",\"service_at_locations\":[");
	for (i = 0, r = 0; r < sal->n; r++, i++) {
		lr = i;		/* added in step */
		buf_puts(b, i ? ",{" : "{");
		json_members(b, sal, r);
		buf_puts(b, ",\"location\":{");
		json_members(b, loc, lr);
		json_children(b, h, T_ADDRESS, "addresses", "location_id",
		    cell(loc, lr, "id"));
		json_children(b, h, T_ACCESS, "accessibility", "location_id",
		    cell(loc, lr, "id"));
		buf_puts(b, "}}");
	}
	buf_puts(b, "],\"attributes\":[");
	for (i = 0, r = 0; r < attr->n; r++, i++) {
		buf_puts(b, i ? ",{" : "{");
		json_members(b, attr, r);
		buf_puts(b, ",\"taxonomy_term\":{");
		json_members(b, term, i);
		buf_puts(b, "}}");
	}
	buf_putc(b, ']');
	json_children(b, h, T_COST, "cost_options", NULL, NULL);
	buf_putc(b, '}');
}

struct hsds_ctx *
hsds_ctx_new(const char *base_url, const struct value *categories)
{
	struct hsds_ctx *x = xcalloc(1, sizeof(*x));
	const char *key;
	size_t i;

	for (i = 0; i < NTAB; i++)
		cols_init(&x->cols[i], &tdefs[i]);
	x->base_url = base_url != NULL ? xstrdup(base_url) : NULL;
	svc_uuid("taxonomy", "categories", x->taxid);
	x->terms = xreallocarray(NULL, value_len(categories) + 1,
	    sizeof(*x->terms));
	for (i = 0; i < value_len(categories); i++) {
		key = value_get_str(categories->list.items[i], "key", NULL);
		if (key == NULL)
			continue;
		x->terms[x->nterms].key = xstrdup(key);
		svc_uuid("category", key, x->terms[x->nterms++].id);
	}
	return x;
}

void
hsds_ctx_free(struct hsds_ctx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nterms; i++)
		free(x->terms[i].key);
	free(x->terms);
	free(x->base_url);
	free(x);
}

/* One row's cells as a CSV line. */
static void
csv_row(const struct tcols *c, const struct cell *cells, struct buf *out)
{
	size_t j;

	for (j = 0; j < c->ncols; j++) {
		if (j > 0)
			buf_putc(out, ',');
		if (cells[j].s == NULL)
			continue;
		if (cells[j].raw)	/* nothing to quote */
			buf_put(out, cells[j].s, cells[j].len);
		else
			esc_csv(out, cells[j].s, cells[j].len);
	}
	buf_put(out, "\r\n", 2);
}

/* The tables whose rows listings share, written once each by id. */
static int
dedupe_slot(enum tab tab)
{
	return tab == T_ORG ? 0 : tab == T_TERM ? 1 : -1;
}

struct hsds_part *
hsds_part_new(const struct hsds_ctx *x, const struct value *svc, size_t seq)
{
	struct hsds_part *p = xcalloc(1, sizeof(*p));
	struct strpool cells = STRPOOL_INIT;
	struct table t[NTAB];
	struct buf b = BUF_INIT;
	struct hsds h;
	size_t i, r, k = 0;
	int d;

	svc = value_deref(svc);
	memset(t, 0, sizeof(t));
	for (i = 0; i < NTAB; i++)
		t[i].c = &x->cols[i];
	p->seq = seq;
	memset(&h, 0, sizeof(h));
	h.x = x;
	h.t = t;
	h.base_url = x->base_url;
	h.text = &cells;
	add_listing(&h, svc);
	json_service(&b, &h);
	p->rows = xreallocarray(NULL, t[T_ORG].n + t[T_TERM].n + 1,
	    sizeof(*p->rows));
	for (i = 0; i < NTAB; i++) {
		p->off[i + 1] = b.len;
		if ((d = dedupe_slot(i)) >= 0)
			p->nrows[d] = t[i].n;
		for (r = 0; r < t[i].n; r++) {
			if (d >= 0)
				p->rows[k++] = b.len;
			csv_row(t[i].c, &t[i].cells[r * t[i].c->ncols], &b);
		}
		free(t[i].cells);
	}
	p->off[NTAB + 1] = b.len;
	buf_put(&b, h.slug, strlen(h.slug) + 1);
	p->text = buf_detach(&b, NULL);
	strpool_release(&cells);
	return p;
}

void
hsds_part_free(struct hsds_part *p)
{
	if (p == NULL)
		return;
	free(p->text);
	free(p->rows);
	free(p);
}

static int
cmp_part(const void *a, const void *b)
{
	const struct hsds_part *x = *(struct hsds_part *const *)a;
	const struct hsds_part *y = *(struct hsds_part *const *)b;
	int c = strcmp(x->text + x->off[NTAB + 1], y->text + y->off[NTAB + 1]);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The parts in the export's order: by slug. */
static void
sort_parts(struct hsds_part **parts, size_t n)
{
	if (n > 1)
		qsort(parts, n, sizeof(*parts), cmp_part);
}

/*
 * services.json: every part's object, in order, as 2n + 2 pieces (the
 * caller frees them): on a big directory the file is tens of megabytes,
 * written from the parts rather than joined first.
 */
static struct iovec *
parts_json(struct hsds_part *const *parts, size_t n, size_t *np)
{
	struct iovec *v = xreallocarray(NULL, 2 * n + 2, sizeof(*v));
	size_t i, k = 0;

	v[k].iov_base = (void *)"[";
	v[k++].iov_len = 1;
	for (i = 0; i < n; i++) {
		v[k].iov_base = (void *)(i ? ",\n" : "\n");
		v[k++].iov_len = i ? 2 : 1;
		v[k].iov_base = parts[i]->text;
		v[k++].iov_len = parts[i]->off[1];
	}
	v[k].iov_base = (void *)(n ? "\n]\n" : "]\n");
	v[k].iov_len = n ? 3 : 2;
	*np = k + 1;
	return v;
}

/* The pieces joined, for a caller that wants the bytes. */
static void
join(const struct iovec *v, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_put(out, v[i].iov_base, v[i].iov_len);
}

/* A CSV row of a shared table: its id is the text before the first comma. */
struct rowref {
	const char	*p;
	size_t		 len, idlen, seq;
};

static int
cmp_rowref(const void *a, const void *b)
{
	const struct rowref *x = a, *y = b;
	size_t n = x->idlen < y->idlen ? x->idlen : y->idlen;
	int r = memcmp(x->p, y->p, n);

	if (r == 0)
		r = (x->idlen > y->idlen) - (x->idlen < y->idlen);
	return r ? r : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The rows of a shared table, each id once: its first row in order. */
static void
csv_dedupe(struct hsds_part *const *parts, size_t n, enum tab tab,
    struct buf *out)
{
	int d = dedupe_slot(tab);
	struct rowref *refs;
	const struct hsds_part *p;
	size_t i, r, k, nrefs = 0, first, end;

	for (i = 0; i < n; i++)
		nrefs += parts[i]->nrows[d];
	refs = xreallocarray(NULL, nrefs ? nrefs : 1, sizeof(*refs));
	for (i = k = 0; i < n; i++) {
		p = parts[i];
		first = d == 0 ? 0 : p->nrows[0];
		for (r = 0; r < p->nrows[d]; r++, k++) {
			end = r + 1 < p->nrows[d] ? p->rows[first + r + 1] :
			    p->off[tab + 2];
			refs[k].p = p->text + p->rows[first + r];
			refs[k].len = end - p->rows[first + r];
			refs[k].idlen = strcspn(refs[k].p, ",");
			refs[k].seq = k;
		}
	}
	if (nrefs > 1)
		qsort(refs, nrefs, sizeof(*refs), cmp_rowref);
	for (k = 0; k < nrefs; k++)
		if (k == 0 || refs[k].idlen != refs[k - 1].idlen ||
		    memcmp(refs[k].p, refs[k - 1].p, refs[k].idlen) != 0)
			buf_put(out, refs[k].p, refs[k].len);
	free(refs);
}

/*
 * RFC 4180 with a header: the rows of table tab of every part (the one
 * taxonomy row for T_TAXONOMY); shared rows once each, by id.
 */
static void
csv_table(const struct hsds_ctx *x, struct hsds_part *const *parts,
    size_t n, enum tab tab, struct buf *out)
{
	static const char *const tax[] = { NULL, "Signpost service categories",
	    "The categories of the site's directory of support services.",
	    NULL, NULL };
	const struct tcols *c = &x->cols[tab];
	struct cell row[MAXCOLS];
	size_t i, j;

	for (j = 0; j < c->ncols; j++) {
		buf_puts(out, j ? "," : "");
		buf_put(out, c->def->cols[j], c->namelen[j]);
	}
	buf_puts(out, "\r\n");
	if (tab == T_TAXONOMY) {
		/* One row, the same for every listing. */
		for (j = 0; j < c->ncols; j++) {
			row[j].s = j == 0 ? x->taxid : tax[j];
			row[j].len = row[j].s != NULL ? strlen(row[j].s) : 0;
			row[j].raw = c->uuid[j] && is_id(row[j].s);
		}
		csv_row(c, row, out);
	} else if (dedupe_slot(tab) >= 0)
		csv_dedupe(parts, n, tab, out);
	else
		for (i = 0; i < n; i++)
			buf_put(out, parts[i]->text + parts[i]->off[tab + 1],
			    parts[i]->off[tab + 2] - parts[i]->off[tab + 1]);
}

static void
dp_field(struct buf *b, const char *spec)
{
	size_t n = strcspn(spec, ":"), m;
	const char *type = spec + n + 1, *fmt;

	buf_puts(b, "{\"name\": \"");
	buf_put(b, spec, n);
	m = strcspn(type, ":!");
	buf_printf(b, "\", \"type\": \"%.*s\"", (int)m, type);
	if (type[m] == ':') {
		fmt = type + m + 1;
		buf_printf(b, ", \"format\": \"%.*s\"", (int)strcspn(fmt, "!"),
		    fmt);
	}
	if (strchr(spec, '!') != NULL)
		buf_puts(b, ", \"constraints\": {\"required\": true}");
	buf_putc(b, '}');
}

/* The Tabular Data Package descriptor for the CSV files we write. */
static void
datapackage(struct buf *b)
{
	const struct tdef *d;
	size_t i, j;

	buf_puts(b, "{\n  \"name\": \"human_services_data\",\n"
	    "  \"title\": \"Human Services Data Specification 3.0 export\",\n"
	    "  \"profile\": \"tabular-data-package\",\n"
	    "  \"version\": \"3.0.0\",\n  \"resources\": [");
	for (i = 0; i < NTAB; i++) {
		d = &tdefs[i];
		buf_printf(b, "%s\n    {\n      \"name\": \"%s\",\n"
		    "      \"path\": \"%s\",\n"
		    "      \"profile\": \"tabular-data-resource\",\n"
		    "      \"format\": \"csv\",\n"
		    "      \"mediatype\": \"text/csv\",\n"
		    "      \"encoding\": \"utf-8\",\n"
		    "      \"schema\": {\n        \"fields\": [", i ? "," : "",
		    d->name, d->path);
		for (j = 0; d->cols[j] != NULL; j++) {
			buf_puts(b, j ? ",\n          " : "\n          ");
			dp_field(b, d->cols[j]);
		}
		buf_puts(b, "\n        ],\n        \"primaryKey\": \"id\",\n"
		    "        \"foreignKeys\": [");
		for (j = 0; d->fks[j] != NULL; j += 2)
			buf_printf(b, "%s\n          {\"fields\": \"%s\", "
			    "\"reference\": {\"resource\": \"%s\", "
			    "\"fields\": \"id\"}}", j ? "," : "", d->fks[j],
			    d->fks[j + 1]);
		buf_puts(b, j ? "\n        ]\n      }\n    }" :
		    "]\n      }\n    }");
	}
	buf_puts(b, "\n  ]\n}\n");
}

static int
write_file(const struct fs_writer *w, const char *dir, const char *name,
    const struct buf *b)
{
	char *path = fs_join(dir, name);
	int rc = 0;

	if (w != NULL && w->write != NULL)
		rc = w->write(w->arg, path, b->ptr, b->len);
	else if (fs_write(path, b->ptr, b->len) == -1)
		rc = diag_sys("cannot write '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

/* write_file of a file in pieces (joined if the writer has no writev). */
static int
write_pieces(const struct fs_writer *w, const char *dir, const char *name,
    const struct iovec *v, size_t n)
{
	struct buf b = BUF_INIT;
	char *path;
	int rc;

	if (w != NULL && w->write != NULL && w->writev == NULL) {
		join(v, n, &b);
		rc = write_file(w, dir, name, &b);
		buf_release(&b);
		return rc;
	}
	path = fs_join(dir, name);
	if (w != NULL && w->writev != NULL)
		rc = w->writev(w->arg, path, v, n);
	else if ((rc = fs_writev(path, v, n)) == -1)
		rc = diag_sys("cannot write '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

int
hsds_parts_write(const struct hsds_ctx *x, struct hsds_part **parts,
    size_t n, const char *outdir, const struct fs_writer *w)
{
	struct buf b = BUF_INIT;
	struct iovec *json;
	char *dir = fs_join(outdir, "data/hsds");
	size_t i, njson;
	int rc = -1;

	if (fs_mkdirs(dir) == -1) {
		diag_sys("cannot create '%s': %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	sort_parts(parts, n);
	json = parts_json(parts, n, &njson);
	rc = write_pieces(w, dir, "services.json", json, njson);
	free(json);
	if (rc == -1)
		goto out;
	rc = -1;
	for (i = 0; i < NTAB; i++) {
		buf_reset(&b);
		csv_table(x, parts, n, i, &b);
		if (write_file(w, dir, tdefs[i].path, &b) == -1)
			goto out;
	}
	buf_reset(&b);
	datapackage(&b);
	if (write_file(w, dir, "datapackage.json", &b) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&b);
	free(dir);
	return rc;
}

/* Every listing's part, made here on this thread. */
static struct hsds_part **
parts_of(const struct hsds_ctx *x, const struct value *const *svcs, size_t n)
{
	struct hsds_part **parts = xreallocarray(NULL, n ? n : 1,
	    sizeof(*parts));
	size_t i;

	for (i = 0; i < n; i++)
		parts[i] = hsds_part_new(x, svcs[i], i);
	return parts;
}

static void
parts_free(struct hsds_part **parts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hsds_part_free(parts[i]);
	free(parts);
}

void
hsds_services_json(const struct value *const *svcs, size_t n,
    const char *base_url, struct buf *out)
{
	struct hsds_ctx *x = hsds_ctx_new(base_url, NULL);
	struct hsds_part **parts = parts_of(x, svcs, n);
	struct iovec *json;
	size_t njson;

	sort_parts(parts, n);
	json = parts_json(parts, n, &njson);
	join(json, njson, out);
	free(json);
	parts_free(parts, n);
	hsds_ctx_free(x);
}

int
hsds_write(const struct value *const *svcs, size_t n, const char *outdir,
    const char *base_url)
{
	struct hsds_ctx *x = hsds_ctx_new(base_url, NULL);
	struct hsds_part **parts = parts_of(x, svcs, n);
	int rc;

	rc = hsds_parts_write(x, parts, n, outdir, NULL);
	parts_free(parts, n);
	hsds_ctx_free(x);
	return rc;
}
