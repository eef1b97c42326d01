/* SPDX-License-Identifier: ISC */
/* A fingerprint of a page's template data: the same data, the same page. */
#ifndef PAGEFP_H
#define PAGEFP_H

#include <stddef.h>
#include <stdint.h>

struct value;

/*
 * Maps many pages share (the site data, its interface words, every
 * article's list item, every listing): each is fingerprinted once and
 * stands in for itself by that number.  Filled before the pages are
 * rendered, at the same point of every build; then only read, on any
 * thread.  A shared map may change later only as a function of what it
 * held then and of other data the page shows (a listing's words put in
 * the page's language).
 */
struct pagefp_memo {
	const struct value	**v;		/* open addressing by address */
	uint64_t		 *h;
	size_t			  cap, n;
};

/* Fingerprint v now and let it stand for itself in later calls. */
void		 pagefp_share(struct pagefp_memo *, const struct value *);
/* The same for n maps at once, on every core. */
void		 pagefp_share_all(struct pagefp_memo *,
		    const struct value *const *, size_t n);
void		 pagefp_memo_release(struct pagefp_memo *);
/*
 * A 64-bit fingerprint of what Mustache can see of ctx (references
 * followed, map order kept, locations left out) and of tpl, the
 * template's name.  Equal data give equal numbers.
 */
uint64_t	 pagefp_of(const struct pagefp_memo *, const char *tpl,
		    const struct value *ctx);

#endif
