/* SPDX-License-Identifier: ISC */
/* What each document's Markdown gave, kept for the next build (render.c). */
#ifndef MDMEMO_H
#define MDMEMO_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * A document whose bytes did not change need not be rendered again to
 * know its reading time, whether its text names the help box's words and
 * which files its links and images lead to; render.c checks those links
 * again and renders the body only for a page that is made.
 */
struct mdmemo_rec {
	unsigned	 words;
	int		 mention;	/* its text names the help words */
	const char	*links;		/* mdmemo_link records, */
	size_t		 links_len;	/* back to back */
};

struct mdmemo;

/* The records in blob (from cache_blob), or NULL when there are none or
 * the bytes are not a whole set of records. */
struct mdmemo	*mdmemo_open(const void *blob, size_t len);
/* The record of file when its bytes still hash to hash, else NULL. */
const struct mdmemo_rec *mdmemo_get(const struct mdmemo *, const char *file,
		    uint64_t hash);
void		 mdmemo_free(struct mdmemo *);

/* Append a link or image destination, as written, to a document's list. */
void		 mdmemo_link(struct buf *links, const char *dest, int is_image);
/*
 * The next destination of a list (*p moves on): 1, or 0 at its end.
 * *dest points into the list (NUL-terminated).
 */
int		 mdmemo_next(const char **p, const char *end, const char **dest,
		    int *is_image);
/* Append one document's record to a blob being made. */
void		 mdmemo_put(struct buf *blob, const char *file, uint64_t hash,
		    unsigned words, int mention, const char *links,
		    size_t links_len);

#endif
