/* SPDX-License-Identifier: ISC */
/* sitemap.xml and the Atom feed through libxml2's xmlTextWriter; robots.txt. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "diag.h"
#include "feeds.h"
#include "output.h"
#include "strmap.h"
#include "xalloc.h"

#define SITEMAP_NS	"http://www.sitemaps.org/schemas/sitemap/0.9"
#define ATOM_NS		"http://www.w3.org/2005/Atom"

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static xmlTextWriterPtr
writer(xmlBufferPtr *bufp)
{
	xmlTextWriterPtr w;

	*bufp = xmlBufferCreate();
	w = xmlNewTextWriterMemory(*bufp, 0);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "\t");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	return w;
}

static int
finish(struct out *o, const char *relpath, xmlTextWriterPtr w,
    xmlBufferPtr xb, int failed)
{
	int rc;

	if (xmlTextWriterEndDocument(w) < 0)
		failed = 1;
	xmlFreeTextWriter(w);
	if (failed)
		rc = diag_sys("cannot write '%s'", relpath);
	else
		rc = out_write(o, relpath, xmlBufferContent(xb),
		    (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return rc;
}

static int
elem(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text) < 0;
}

int
feeds_sitemap(struct out *o, const char *base_url,
    const struct strmap *lastmod)
{
	struct buf loc = BUF_INIT;
	xmlTextWriterPtr w;
	xmlBufferPtr xb;
	const char **names = xcalloc(o->nfiles + 1, sizeof(*names));
	const char *date;
	size_t i, n = 0;
	int bad = 0;

	for (i = 0; i < o->nfiles; i++)
		if (ends_with(o->files[i], ".html") &&
		    strcmp(o->files[i], "404.html") != 0 &&
		    !ends_with(o->files[i], "/404.html"))
			names[n++] = o->files[i];
	qsort(names, n, sizeof(*names), by_name);
	w = writer(&xb);
	bad |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "urlset",
	    BAD_CAST SITEMAP_NS) < 0;
	for (i = 0; i < n; i++) {
		buf_reset(&loc);
		buf_printf(&loc, "%s%s", base_url, names[i]);
		bad |= xmlTextWriterStartElement(w, BAD_CAST "url") < 0;
		bad |= elem(w, "loc", loc.ptr);
		if (lastmod != NULL &&
		    (date = strmap_get(lastmod, names[i])) != NULL)
			bad |= elem(w, "lastmod", date);
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndElement(w) < 0;
	free(names);
	buf_release(&loc);
	return finish(o, "sitemap.xml", w, xb, bad);
}

/* "2026-03-14" as an RFC 3339 date-time at midnight UTC. */
static const char *
stamp(struct buf *b, const char *date)
{
	buf_reset(b);
	buf_printf(b, "%.10sT00:00:00Z", date);
	return b->ptr;
}

static int
atom_link(xmlTextWriterPtr w, const char *rel, const char *type, const char *href)
{
	int bad = 0;

	bad |= xmlTextWriterStartElement(w, BAD_CAST "link") < 0;
	bad |= xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST rel) < 0;
	if (type != NULL)
		bad |= xmlTextWriterWriteAttribute(w, BAD_CAST "type",
		    BAD_CAST type) < 0;
	bad |= xmlTextWriterWriteAttribute(w, BAD_CAST "href",
	    BAD_CAST href) < 0;
	bad |= xmlTextWriterEndElement(w) < 0;
	return bad;
}

int
feeds_atom(struct out *o, const struct feed_info *fi,
    const struct feed_entry *e, size_t n)
{
	struct buf b = BUF_INIT, u = BUF_INIT, rel = BUF_INIT;
	const char *newest = NULL, *d;
	xmlTextWriterPtr w;
	xmlBufferPtr xb;
	size_t i;
	int bad = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		d = e[i].updated != NULL ? e[i].updated : e[i].date;
		if (newest == NULL || strcmp(d, newest) > 0)
			newest = d;
	}
	buf_printf(&rel, "%sfeed.xml", fi->prefix);
	w = writer(&xb);
	bad |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed",
	    BAD_CAST ATOM_NS) < 0;
	bad |= xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
	    BAD_CAST fi->lang) < 0;
	buf_printf(&u, "%s%s", fi->base_url, fi->prefix);
	bad |= elem(w, "id", u.ptr);
	bad |= elem(w, "title", fi->title);
	if (fi->description != NULL && *fi->description != '\0')
		bad |= elem(w, "subtitle", fi->description);
	bad |= elem(w, "updated", stamp(&b, newest));
	buf_reset(&u);
	buf_printf(&u, "%s%s", fi->base_url, rel.ptr);
	bad |= atom_link(w, "self", "application/atom+xml", u.ptr);
	buf_reset(&u);
	buf_printf(&u, "%s%sindex.html", fi->base_url, fi->prefix);
	bad |= atom_link(w, "alternate", "text/html", u.ptr);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "author") < 0;
	bad |= elem(w, "name", fi->title);
	bad |= xmlTextWriterEndElement(w) < 0;
	bad |= elem(w, "generator", "Signpost");
	for (i = 0; i < n; i++) {
		buf_reset(&u);
		buf_printf(&u, "%s%s", fi->base_url, e[i].url);
		bad |= xmlTextWriterStartElement(w, BAD_CAST "entry") < 0;
		bad |= elem(w, "id", u.ptr);
		bad |= elem(w, "title", e[i].title);
		bad |= atom_link(w, "alternate", "text/html", u.ptr);
		bad |= elem(w, "published", stamp(&b, e[i].date));
		bad |= elem(w, "updated", stamp(&b, e[i].updated != NULL ?
		    e[i].updated : e[i].date));
		if (e[i].summary != NULL && *e[i].summary != '\0')
			bad |= elem(w, "summary", e[i].summary);
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndElement(w) < 0;
	bad = finish(o, rel.ptr, w, xb, bad);
	buf_release(&b);
	buf_release(&u);
	buf_release(&rel);
	return bad;
}

int
feeds_robots(struct out *o, const char *base_url)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_puts(&b, "User-agent: *\nAllow: /\n");
	if (base_url != NULL)
		buf_printf(&b, "\nSitemap: %ssitemap.xml\n", base_url);
	rc = out_write(o, "robots.txt", b.ptr, b.len);
	buf_release(&b);
	return rc;
}
