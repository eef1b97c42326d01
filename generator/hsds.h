/* SPDX-License-Identifier: ISC */
/* Open Referral HSDS 3.0 export: services.json and a Tabular Data Package. */
#ifndef HSDS_H
#define HSDS_H

#include <stddef.h>

struct buf;
struct value;

/*
 * Write, under outdir/data/hsds/:
 *   services.json     an array of dereferenced HSDS 3.0 service objects
 *                     (organization, phones, schedules, languages,
 *                     service_at_locations with location, addresses and
 *                     accessibility, attributes with taxonomy_term,
 *                     cost_options), valid against schema/service.json;
 *   *.csv             one file per HSDS table used (organizations,
 *                     services, phones, schedules, languages, locations,
 *                     addresses, service_at_location, accessibility,
 *                     taxonomies, taxonomy_terms, attributes,
 *                     cost_options) with every column of the official
 *                     datapackage.json, header first, RFC 4180, CRLF;
 *   datapackage.json  the Tabular Data Package describing those files.
 * svcs are listings returned by svc_load (borrowed), in any order:
 * output is sorted by slug and byte-for-byte deterministic.  Ids are
 * UUIDv5 (see svc_uuid) of the slug and the item's place in the listing.
 * base_url (may be NULL) makes a service's page its "url" when it has no
 * website.  HSDS requires some fields that listings may leave out: an
 * organization without a description gets its name; an address goes
 * out only with line1, city, postal_code and country, and its
 * state_province is the region, or else the city.  Returns 0, or -1 after reporting an I/O error through diag.
 */
int	 hsds_write(const struct value *const *svcs, size_t n,
	    const char *outdir, const char *base_url);

/* The services.json text alone, appended to out (for tests and serve). */
void	 hsds_services_json(const struct value *const *svcs, size_t n,
	    const char *base_url, struct buf *out);

#endif
