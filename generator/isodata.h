/* SPDX-License-Identifier: ISC */
/* Bundled ISO 639 language and ISO 3166-1 country codes with English names. */
#ifndef ISODATA_H
#define ISODATA_H

/*
 * The English name of an ISO 639-1 (two-letter) or ISO 639-3 (three-letter)
 * language code, lower case as written in the standard ("pl" -> "Polish",
 * "pol" -> "Polish"), or NULL for an unknown code.  The table comes from
 * Debian's iso-codes (see tools/gen-isodata).  O(log n).
 */
const char	*isodata_language_name(const char *code);

/*
 * The English name of an ISO 3166-1 alpha-2 country code, upper case
 * ("GB" -> "United Kingdom"), or NULL for an unknown code.  O(log n).
 */
const char	*isodata_country_name(const char *alpha2);

/* 1 if alpha2 is an assigned ISO 3166-1 alpha-2 code, else 0. */
int		 isodata_country_valid(const char *alpha2);

#endif
