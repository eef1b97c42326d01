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

/*
 * The same export made in steps, so that each listing's part is made on
 * whichever thread has the listing at hand (the build makes it beside
 * the listing's page): a context made once (categories: the site's list
 * of maps with "key", whose term ids it computes once; may be NULL),
 * then a part per listing (seq: its place in the list, for the order of
 * equal slugs), then hsds_parts_write, which sorts parts and writes the
 * files as hsds_write does (with w, or fs_write when w is NULL).  Parts
 * only read the context and svc.
 */
struct hsds_ctx;
struct hsds_part;
struct hsds_ctx	 *hsds_ctx_new(const char *base_url,
		    const struct value *categories);
void		  hsds_ctx_free(struct hsds_ctx *);
struct hsds_part *hsds_part_new(const struct hsds_ctx *,
		    const struct value *svc, size_t seq);
void		  hsds_part_free(struct hsds_part *);
struct fs_writer;
int		  hsds_parts_write(const struct hsds_ctx *,
		    struct hsds_part **parts, size_t n, const char *outdir,
		    const struct fs_writer *w);

/* The services.json text alone, appended to out (for tests and serve). */
void	 hsds_services_json(const struct value *const *svcs, size_t n,
	    const char *base_url, struct buf *out);

#endif
