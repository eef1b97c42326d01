/* SPDX-License-Identifier: ISC */
/* What rendering a body found, kept between builds: its text, words and links. */
#ifndef MDCACHE_H
#define MDCACHE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct md_doc;

/* The link destinations a body resolved, and to what (href NULL: kept). */
struct mdc_call {
	char		*dest;
	int		 is_image;
	char		*href;
};

struct mdc_calls {
	struct mdc_call	*v;
	size_t		 n, cap;
};

void	mdc_calls_add(struct mdc_calls *, const char *dest, int is_image,
	    const char *href);
void	mdc_calls_release(struct mdc_calls *);

/*
 * Append to b what a render of a body made, but its HTML and text (the
 * page and the search index keep what they need; html_hash stands for
 * both): the word count, the links with their lines, whether the text
 * mentions suicide, and the destinations it resolved.
 */
void	mdc_pack(struct buf *b, const struct md_doc *, int mentions,
	    uint64_t html_hash, const struct mdc_calls *);

/*
 * Resolve dest again, as the body's render would, without a message:
 * the new href (or NULL to keep dest); *failed set when the render would
 * report an error.
 */
typedef char	*(*mdc_probe_fn)(void *arg, const char *dest, int is_image,
		    int *failed);

/*
 * Fill doc (words, links, their file; no HTML, no text) from bytes
 * mdc_pack made,
 * when every destination still resolves as it did then: 0.  -1 when it
 * does not or the bytes are not whole (doc then untouched).
 */
int	mdc_unpack(const void *, size_t, const char *file, mdc_probe_fn,
	    void *arg, struct md_doc *, int *mentions, uint64_t *html_hash);

#endif
