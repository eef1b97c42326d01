/* SPDX-License-Identifier: ISC */
/* vCard 4.0 and schema.org JSON-LD for one service listing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "isodata.h"
#include "svc_export.h"
#include "uuid.h"
#include "value.h"

void
svc_uuid(const char *kind, const char *key, char out[37])
{
	struct buf b = BUF_INIT;
	char name[256];
	size_t kl = strlen(kind), nl = strlen(key);

	/* The name on the stack: this runs for every row of the export. */
	if (9 + kl + 1 + nl < sizeof(name)) {
		memcpy(name, "signpost:", 9);
		memcpy(name + 9, kind, kl);
		name[9 + kl] = ':';
		memcpy(name + 10 + kl, key, nl);
		uuid_v5(uuid_ns_url, name, 10 + kl + nl, out);
		return;
	}
	buf_printf(&b, "signpost:%s:%s", kind, key);
	uuid_v5(uuid_ns_url, b.ptr, b.len, out);
	buf_release(&b);
}

/*
 * Write one content line folded at 75 octets (RFC 6350 3.2): a fold is
 * CRLF and a space, placed before a UTF-8 lead byte only.
 */
static void
put_line(struct buf *out, const struct buf *line)
{
	size_t i, start = 0, col = 0, clen;
	const unsigned char *p = (const unsigned char *)line->ptr;

	for (i = 0; i < line->len; i += clen) {
		clen = 1;
		if (p[i] >= 0xc0)
			while (i + clen < line->len &&
			    (p[i + clen] & 0xc0) == 0x80)
				clen++;
		if (col + clen > 75) {
			buf_put(out, line->ptr + start, i - start);
			buf_put(out, "\r\n ", 3);
			start = i;
			col = 1;
		}
		col += clen;
	}
	buf_put(out, line->ptr + start, line->len - start);
	buf_put(out, "\r\n", 2);
}

/* NAME(;params):escaped text */
static void
vc_text(struct buf *out, const char *name, const char *s)
{
	struct buf line = BUF_INIT;

	if (s == NULL || *s == '\0')
		return;
	buf_puts(&line, name);
	buf_putc(&line, ':');
	esc_vcard(&line, s, strlen(s));
	put_line(out, &line);
	buf_release(&line);
}

/* A URI value is not text-escaped (RFC 6350 4.2). */
static void
vc_uri(struct buf *out, const char *name, const char *s)
{
	struct buf line = BUF_INIT;

	if (s == NULL || *s == '\0')
		return;
	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, s);
	put_line(out, &line);
	buf_release(&line);
}

static void
vc_adr(struct buf *out, const struct value *loc)
{
	static const char *const parts[] = { "line1", "city", "region",
	    "postal_code" };
	const struct value *a = value_get(loc, "address"), *g;
	const char *s, *line2, *country;
	struct buf line = BUF_INIT;
	size_t i;

	if (a != NULL) {
		buf_puts(&line, "ADR;TYPE=work:;;");
		for (i = 0; i < 4; i++) {
			if (i > 0)
				buf_putc(&line, ';');
			s = value_get_str(a, parts[i], "");
			esc_vcard(&line, s, strlen(s));
			line2 = value_get_str(a, "line2", NULL);
			if (i == 0 && line2 != NULL && *line2) {
				buf_putc(&line, ',');
				esc_vcard(&line, line2, strlen(line2));
			}
		}
		buf_putc(&line, ';');
		country = isodata_country_name(value_get_str(a, "country",
		    NULL));
		if (country != NULL)
			esc_vcard(&line, country, strlen(country));
		put_line(out, &line);
		buf_release(&line);
	}
	if ((g = value_get(loc, "geo")) != NULL) {
		buf_printf(&line, "GEO:geo:%s,%s", value_get_str(g, "lat", "0"),
		    value_get_str(g, "lon", "0"));
		put_line(out, &line);
		buf_release(&line);
	}
}

static void
vc_categories(struct buf *out, const struct value *svc)
{
	const struct value *cats = value_get(svc, "categories");
	struct buf line = BUF_INIT;
	const char *s;
	size_t i;

	if (value_len(cats) == 0)
		return;
	buf_puts(&line, "CATEGORIES:");
	for (i = 0; i < value_len(cats); i++) {
		if (i > 0)
			buf_putc(&line, ',');
		s = value_get_str(cats->list.items[i], "label", "");
		esc_vcard(&line, s, strlen(s));
	}
	put_line(out, &line);
	buf_release(&line);
}

void
svc_vcard(const struct value *svc, struct buf *out)
{
	const struct value *phones = value_path(svc, "contact.phones");
	const struct value *locs = value_get(svc, "locations"), *l;
	const char *v;
	char uuid[37];
	size_t i;

	buf_puts(out, "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\n");
	vc_text(out, "FN", value_get_str(svc, "name", ""));
	vc_text(out, "ORG", value_str(value_path(svc, "organization.name")));
	svc_uuid("service", value_get_str(svc, "slug", ""), uuid);
	buf_puts(out, "UID:urn:uuid:");
	buf_puts(out, uuid);
	buf_puts(out, "\r\n");
	for (i = 0; i < value_len(phones); i++) {
		/* The type is one of a few words, checked on load. */
		buf_puts(out, "TEL;VALUE=uri;TYPE=");
		buf_puts(out, value_get_str(phones->list.items[i], "type",
		    "voice"));
		buf_puts(out, ":tel:");
		buf_puts(out, value_get_str(phones->list.items[i], "e164", ""));
		buf_puts(out, "\r\n");
	}
	vc_text(out, "EMAIL;TYPE=work", value_str(value_path(svc,
	    "contact.email")));
	vc_uri(out, "URL;TYPE=work", value_str(value_path(svc,
	    "contact.website")));
	for (i = 0; i < value_len(locs); i++) {
		l = locs->list.items[i];
		if (value_get_bool(l, "is_virtual", 0))
			vc_uri(out, "URL", value_get_str(l, "url", NULL));
		else
			vc_adr(out, l);
	}
	vc_categories(out, svc);
	vc_text(out, "NOTE", value_get_str(svc, "summary", NULL));
	if ((v = value_get_str(svc, "verified", NULL)) != NULL &&
	    strlen(v) == 10)
		buf_printf(out, "REV:%.4s%.2s%.2sT000000Z\r\n", v, v + 5,
		    v + 8);
	buf_puts(out, "END:VCARD\r\n");
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int
svc_number_plain(const char *s)
{
	const char *p = s;
	size_t sig = 0, lead = 0;
	int seen = 0, whole;

	if (*p == '-')
		p++;
	if (!is_digit(*p) || (*p == '0' && is_digit(p[1])))
		return 0;
	whole = *p != '0';
	for (; is_digit(*p); p++)
		if (*p != '0' || seen) {
			seen = 1;
			sig++;
		}
	if (*p == '.') {
		if (!is_digit(*++p))
			return 0;
		for (; is_digit(*p); p++) {
			if (*p != '0' || seen) {
				seen = 1;
				sig++;
			} else
				lead++;
		}
		if (p[-1] == '0')
			return 0;
	}
	/*
	 * %g writes 10 significant digits, without an exponent while the
	 * first is at most 4 places after the point (and, with at most 10
	 * digits, before the 10th place ahead of it).
	 */
	return *p == '\0' && sig <= 10 && (whole || lead <= 3);
}

/* A number checked as a plain decimal on load, in a form JSON accepts. */
static void
put_number(struct buf *b, const char *s)
{
	if (svc_number_plain(s))
		buf_puts(b, s);
	else
		buf_printf(b, "%.10g", strtod(s, NULL));
}

/* JSON-LD writer state: whether the next member needs a comma. */
struct jw {
	struct buf	*b;
	int		 first;
};

/* key is one of this file's words: nothing in it needs escaping. */
static void
jkey(struct jw *w, const char *key)
{
	if (!w->first)
		buf_putc(w->b, ',');
	w->first = 0;
	buf_putc(w->b, '"');
	buf_puts(w->b, key);
	buf_put(w->b, "\":", 2);
}

static void
jstr(struct jw *w, const char *key, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	jkey(w, key);
	esc_json_str(w->b, s, strlen(s));
}

/* Open an object value; the caller writes members and closes with '}'. */
static void
jobj(struct jw *w, const char *key, const char *type)
{
	if (key != NULL)
		jkey(w, key);
	else if (!w->first)
		buf_putc(w->b, ',');	/* the next item of an array */
	buf_putc(w->b, '{');
	w->first = 1;
	jstr(w, "@type", type);
}

static void
jclose(struct jw *w, int c)
{
	buf_putc(w->b, c);
	w->first = 0;
}

static void
ld_place(struct jw *w, const struct value *l)
{
	const struct value *a = value_get(l, "address"), *g;
	const char *s;

	jobj(w, "serviceLocation", "Place");
	jstr(w, "name", value_get_str(l, "name", NULL));
	if (a != NULL) {
		jobj(w, "address", "PostalAddress");
		s = value_get_str(a, "line2", NULL);
		if (s != NULL && *s) {
			jkey(w, "streetAddress");
			buf_putc(w->b, '"');
			s = value_get_str(a, "line1", "");
			esc_json(w->b, s, strlen(s));
			buf_puts(w->b, ", ");
			s = value_get_str(a, "line2", "");
			esc_json(w->b, s, strlen(s));
			buf_putc(w->b, '"');
		} else
			jstr(w, "streetAddress", value_get_str(a, "line1",
			    NULL));
		jstr(w, "addressLocality", value_get_str(a, "city", NULL));
		jstr(w, "addressRegion", value_get_str(a, "region", NULL));
		jstr(w, "postalCode", value_get_str(a, "postal_code", NULL));
		jstr(w, "addressCountry", value_get_str(a, "country", NULL));
		jclose(w, '}');
	}
	if ((g = value_get(l, "geo")) != NULL) {
		/* Validated as plain decimals on load. */
		jobj(w, "geo", "GeoCoordinates");
		jkey(w, "latitude");
		put_number(w->b, value_get_str(g, "lat", "0"));
		jkey(w, "longitude");
		put_number(w->b, value_get_str(g, "lon", "0"));
		jclose(w, '}');
	}
	jclose(w, '}');
}

static void
ld_channels(struct jw *w, const struct value *svc)
{
	const struct value *phones = value_path(svc, "contact.phones");
	const struct value *locs = value_get(svc, "locations"), *p;
	const char *web = value_str(value_path(svc, "contact.website"));
	size_t i;

	jkey(w, "availableChannel");
	buf_putc(w->b, '[');
	w->first = 1;
	for (i = 0; i < value_len(phones); i++) {
		p = phones->list.items[i];
		jobj(w, NULL, "ServiceChannel");
		jstr(w, "name", value_get_str(p, "label",
		    value_get_str(p, "type_label", NULL)));
		jobj(w, value_get_bool(p, "is_text", 0) ? "serviceSmsNumber" :
		    "servicePhone", "ContactPoint");
		jstr(w, "telephone", value_get_str(p, "e164", NULL));
		jstr(w, "contactType", value_get_str(p, "label", NULL));
		jclose(w, '}');
		jclose(w, '}');
	}
	if (web != NULL) {
		jobj(w, NULL, "ServiceChannel");
		jstr(w, "serviceUrl", web);
		jclose(w, '}');
	}
	for (i = 0; i < value_len(locs); i++) {
		p = locs->list.items[i];
		jobj(w, NULL, "ServiceChannel");
		jstr(w, "name", value_get_str(p, "name", NULL));
		if (value_get_bool(p, "is_virtual", 0))
			jstr(w, "serviceUrl", value_get_str(p, "url", NULL));
		else
			ld_place(w, p);
		jclose(w, '}');
	}
	jclose(w, ']');
}

static void
ld_hours(struct jw *w, const struct value *svc)
{
	static const char *const names[] = { "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
	static const char *const keys = "motuwethfrsasu";
	const struct value *h = value_get(svc, "hours"), *rules, *r, *days;
	const char *d;
	size_t i, j, k;
	int always = value_get_bool(h, "always", 0);

	if (h == NULL)
		return;
	rules = value_get(h, "rules");
	jkey(w, "hoursAvailable");
	buf_putc(w->b, '[');
	w->first = 1;
	for (i = 0; i < (always ? 1 : value_len(rules)); i++) {
		r = always ? NULL : rules->list.items[i];
		days = value_get(r, "days");
		jobj(w, NULL, "OpeningHoursSpecification");
		jkey(w, "dayOfWeek");
		buf_putc(w->b, '[');
		for (j = 0; j < (always ? 7 : value_len(days)); j++) {
			d = always ? keys + 2 * j :
			    value_str(days->list.items[j]);
			for (k = 0; k < 7 && strncmp(keys + 2 * k, d, 2); k++)
				;
			buf_puts(w->b, j ? ",\"https://schema.org/" :
			    "\"https://schema.org/");
			buf_puts(w->b, names[k < 7 ? k : 0]);
			buf_putc(w->b, '"');
		}
		buf_putc(w->b, ']');
		jstr(w, "opens", always ? "00:00" : value_get_str(r, "opens",
		    NULL));
		jstr(w, "closes", always ? "23:59" : value_get_str(r, "closes",
		    NULL));
		jstr(w, "validFrom", value_get_str(r, "from", NULL));
		jstr(w, "validThrough", value_get_str(r, "to", NULL));
		jclose(w, '}');
	}
	jclose(w, ']');
}

static void
ld_list(struct jw *w, const char *key, const struct value *list,
    const char *field)
{
	const char *s;
	size_t i;

	if (value_len(list) == 0)
		return;
	jkey(w, key);
	buf_putc(w->b, '[');
	for (i = 0; i < value_len(list); i++) {
		s = field ? value_get_str(list->list.items[i], field, "") :
		    value_str(list->list.items[i]);
		buf_puts(w->b, i ? "," : "");
		esc_json_str(w->b, s ? s : "", s ? strlen(s) : 0);
	}
	buf_putc(w->b, ']');
}

static void
ld_audience(struct jw *w, const struct value *svc)
{
	const struct value *ages = value_get(svc, "ages");
	const char *elig = value_get_str(svc, "eligibility", NULL);

	if (ages == NULL && elig == NULL)
		return;
	jobj(w, "audience", "PeopleAudience");
	jstr(w, "audienceType", elig);
	if (value_get_str(ages, "min", NULL) != NULL) {
		jkey(w, "suggestedMinAge");
		put_number(w->b, value_get_str(ages, "min", "0"));
	}
	if (value_get_str(ages, "max", NULL) != NULL) {
		jkey(w, "suggestedMaxAge");
		put_number(w->b, value_get_str(ages, "max", "0"));
	}
	jclose(w, '}');
}

void
svc_jsonld(const struct value *svc, const struct value *site,
    struct buf *out)
{
	const struct value *org = value_get(svc, "organization");
	const char *base = value_get_str(site, "base_url", NULL);
	const char *email = value_str(value_path(svc, "contact.email"));
	struct buf url = BUF_INIT;
	struct jw w = { out, 1 };

	buf_putc(out, '{');
	jstr(&w, "@context", "https://schema.org");
	jstr(&w, "@type", "Service");
	if (base != NULL && *base) {
		buf_printf(&url, "%s%s%s", base, base[strlen(base) - 1] ==
		    '/' ? "" : "/", value_get_str(svc, "url", ""));
		jkey(&w, "@id");
		buf_putc(out, '"');
		esc_json(out, url.ptr, url.len);
		buf_puts(out, "#service\"");
		jstr(&w, "url", url.ptr);
	}
	jstr(&w, "name", value_get_str(svc, "name", NULL));
	jstr(&w, "description", value_get_str(svc, "summary", NULL));
	ld_list(&w, "serviceType", value_get(svc, "categories"), "label");
	ld_list(&w, "category", value_get(svc, "categories"), "label");
	ld_list(&w, "areaServed", value_get(svc, "towns"), NULL);
	ld_list(&w, "availableLanguage", value_get(svc, "languages"), "name");
	jobj(&w, "provider", "Organization");
	jstr(&w, "name", value_get_str(org, "name", NULL));
	jstr(&w, "description", value_get_str(org, "description", NULL));
	jstr(&w, "url", value_get_str(org, "website", NULL));
	jstr(&w, "email", email);
	jclose(&w, '}');
	ld_audience(&w, svc);
	if (value_get_bool(svc, "free", 0)) {
		jobj(&w, "offers", "Offer");
		jstr(&w, "price", "0");
		jstr(&w, "description", value_str(value_path(svc,
		    "cost.note")));
		jclose(&w, '}');
	}
	ld_channels(&w, svc);
	ld_hours(&w, svc);
	buf_putc(out, '}');
	buf_release(&url);
}
