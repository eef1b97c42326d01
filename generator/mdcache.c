/* SPDX-License-Identifier: ISC */
/* A body's rendering by-products, packed for the build cache and back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "mdcache.h"
#include "xalloc.h"

#define NO_STR	UINT32_MAX

void
mdc_calls_add(struct mdc_calls *c, const char *dest, int is_image,
    const char *href)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n].dest = xstrdup(dest);
	c->v[c->n].is_image = is_image != 0;
	c->v[c->n].href = href != NULL ? xstrdup(href) : NULL;
	c->n++;
}

void
mdc_calls_release(struct mdc_calls *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].dest);
		free(c->v[i].href);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_put(b, &v, sizeof(v));
}

static void
put_u64(struct buf *b, uint64_t v)
{
	buf_put(b, &v, sizeof(v));
}

static void
put_str(struct buf *b, const char *s)
{
	if (s == NULL)
		put_u32(b, NO_STR);
	else {
		put_u32(b, (uint32_t)strlen(s));
		buf_puts(b, s);
	}
}

void
mdc_pack(struct buf *b, const struct md_doc *doc, int mentions,
    uint64_t html_hash, const struct mdc_calls *calls)
{
	size_t i;

	put_u64(b, doc->words);
	put_u32(b, mentions != 0);
	put_u64(b, html_hash);
	put_u32(b, (uint32_t)doc->nlinks);
	for (i = 0; i < doc->nlinks; i++) {
		put_str(b, doc->links[i].href);
		put_u32(b, doc->links[i].loc.line);
		put_u32(b, doc->links[i].loc.col);
	}
	put_u32(b, (uint32_t)calls->n);
	for (i = 0; i < calls->n; i++) {
		put_str(b, calls->v[i].dest);
		put_u32(b, (uint32_t)calls->v[i].is_image);
		put_str(b, calls->v[i].href);
	}
}

/* A bounded reader: a short or bad read sets bad and gives zeros. */
struct rd {
	const char	*p, *end;
	int		 bad;
};

static void
get(struct rd *r, void *to, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(to, 0, n);
		return;
	}
	memcpy(to, r->p, n);
	r->p += n;
}

static uint32_t
get_u32(struct rd *r)
{
	uint32_t v;

	get(r, &v, sizeof(v));
	return v;
}

static uint64_t
get_u64(struct rd *r)
{
	uint64_t v;

	get(r, &v, sizeof(v));
	return v;
}

/* Bytes in place (*n long), or NULL for the absent mark or a bad read. */
static const char *
get_bytes(struct rd *r, size_t *n)
{
	uint32_t len = get_u32(r);
	const char *s;

	*n = 0;
	if (r->bad || len == NO_STR)
		return NULL;
	if ((size_t)(r->end - r->p) < len || memchr(r->p, '\0', len) != NULL) {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += len;
	*n = len;
	return s;
}

/* 1 when a is b (n bytes); NULL is only itself. */
static int
same_href(const char *a, const char *b, size_t n)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strlen(a) == n && memcmp(a, b, n) == 0;
}

/* 1 when probing dest gives href (n bytes, or NULL) again. */
static int
same_call(mdc_probe_fn probe, void *arg, const char *dest, size_t dn,
    int is_image, const char *href, size_t hn)
{
	char *d = xstrndup(dest, dn), *now;
	int failed = 0, same;

	now = probe(arg, d, is_image, &failed);
	same = !failed && same_href(now, href, hn);
	free(now);
	free(d);
	return same;
}

int
mdc_unpack(const void *p, size_t len, const char *file, mdc_probe_fn probe,
    void *arg, struct md_doc *doc, int *mentions, uint64_t *html_hash)
{
	struct rd r = { p, (const char *)p + len, 0 };
	const char *links, *s, *h;
	uint64_t words, hash;
	uint32_t ment, nlinks, ncalls, i, img;
	size_t n, hn;

	words = get_u64(&r);
	ment = get_u32(&r);
	hash = get_u64(&r);
	nlinks = get_u32(&r);
	links = r.p;
	for (i = 0; i < nlinks && !r.bad; i++) {
		(void)get_bytes(&r, &n);
		(void)get_u64(&r);
	}
	ncalls = get_u32(&r);
	for (i = 0; i < ncalls && !r.bad; i++) {
		s = get_bytes(&r, &n);
		img = get_u32(&r);
		h = get_bytes(&r, &hn);
		if (s == NULL || r.bad || !same_call(probe, arg, s, n,
		    (int)img, h, hn))
			return -1;
	}
	if (r.bad || r.p != r.end)
		return -1;
	memset(doc, 0, sizeof(*doc));
	doc->words = (size_t)words;
	doc->nlinks = nlinks;
	doc->links = nlinks ? xcalloc(nlinks, sizeof(*doc->links)) : NULL;
	r.p = links;
	for (i = 0; i < nlinks; i++) {
		s = get_bytes(&r, &n);
		doc->links[i].href = s != NULL ? xstrndup(s, n) : NULL;
		doc->links[i].loc.file = file;
		doc->links[i].loc.line = get_u32(&r);
		doc->links[i].loc.col = get_u32(&r);
	}
	*mentions = ment != 0;
	*html_hash = hash;
	return 0;
}
