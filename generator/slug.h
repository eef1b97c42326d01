/* SPDX-License-Identifier: ISC */
/* Slugs: file names and fragment ids made from titles and headings. */
#ifndef SLUG_H
#define SLUG_H

#include <stddef.h>

struct buf;

/*
 * Append a slug of s to out: lower-case ASCII letters and digits, Latin
 * letters with diacritics folded to their base letter, letters of other
 * scripts kept as they are, every run of anything else one '-', no '-' at
 * either end.  Appends nothing when s has no letter or digit.
 */
void	slug_append(struct buf *out, const char *s, size_t len);
/* 1 when s matches ^[a-z0-9]+(-[a-z0-9]+)*$ (file names of listings). */
int	slug_is_strict(const char *s);

#endif
