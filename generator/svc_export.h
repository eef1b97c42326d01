/* SPDX-License-Identifier: ISC */
/* Per-service exports: vCard 4.0 and schema.org JSON-LD. */
#ifndef SVC_EXPORT_H
#define SVC_EXPORT_H

struct buf;
struct value;

/*
 * A stable id: the version 5 UUID (URL namespace) of the name
 * "signpost:<kind>:<key>", e.g. kind "service" and key the slug.  Same
 * slug, same id, on every build and every site.
 */
void	 svc_uuid(const char *kind, const char *key, char out[37]);

/*
 * 1 when s is already what printf's "%.10g" makes of strtod(s): a plain
 * decimal without leading or trailing zeros, "+" or exponent, of at most
 * 10 significant digits, the first at most 4 places after the point.
 * The exports write such numbers as they are.
 */
int	 svc_number_plain(const char *s);

/*
 * Append a vCard 4.0 (RFC 6350) for a listing returned by svc_load:
 * KIND:org, FN, ORG, UID (urn:uuid), TEL;VALUE=uri;TYPE=voice|text|...,
 * EMAIL, URL (website and virtual locations), ADR and GEO per physical
 * location, CATEGORIES, NOTE (summary), REV (verified, at midnight UTC).
 * Lines end in CRLF and are folded at 75 octets without splitting a
 * UTF-8 character; text values are escaped (\\ , ; newline).
 */
void	 svc_vcard(const struct value *svc, struct buf *out);

/*
 * Append schema.org JSON-LD (no <script> wrapper; "</" is escaped) for a
 * listing: a Service with provider Organization, availableChannel
 * ServiceChannels (servicePhone / serviceSmsNumber ContactPoints,
 * serviceUrl, serviceLocation Place with PostalAddress and
 * GeoCoordinates), hoursAvailable OpeningHoursSpecifications, audience,
 * availableLanguage and category.  Never a MedicalClinic.  site may be
 * NULL; its base_url, when set, makes "url" and "@id" absolute.
 */
void	 svc_jsonld(const struct value *svc, const struct value *site,
	    struct buf *out);

#endif
