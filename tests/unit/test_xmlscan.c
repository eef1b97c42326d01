/* SPDX-License-Identifier: ISC */
/*
 * xmlscan against libxml2: whatever xmlscan accepts, libxml2's XML parser
 * must find well-formed and report with the same start tags, attribute
 * values and lines.  A sample page is read as it is and mangled a few
 * thousand times (fixed seed); XMLSCAN_PAGES=DIR also compares every
 * .html file below DIR (a built site), for use by hand.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "fsutil.h"
#include "harness.h"
#include "xalloc.h"
#include "xmlscan.h"

struct lib {
	xmlParserCtxtPtr	 ctxt;
	struct buf		*tags;
	int			 upper;
};

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
put_name(struct lib *l, const xmlChar *s)
{
	const xmlChar *p;

	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			l->upper = 1;
	buf_put(l->tags, s, strlen((const char *)s) + 1);
}

/* The start tags as libxml2's SAX1 interface gives them. */
static void
lib_tag(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct lib *l = ud;
	unsigned line = (unsigned)l->ctxt->input->line;
	const xmlChar *v;
	size_t i;

	buf_put(l->tags, &line, sizeof(line));
	put_name(l, name);
	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		put_name(l, atts[i]);
		v = atts[i + 1] != NULL ? atts[i + 1] : (const xmlChar *)"";
		buf_put(l->tags, v, strlen((const char *)v) + 1);
	}
	buf_putc(l->tags, '\0');
}

/* 1 when libxml2 finds s well-formed with lower-case names. */
static int
lib_read(const char *s, size_t len, struct buf *tags)
{
	struct lib l = { NULL, tags, 0 };
	int ok;

	l.ctxt = xmlCreateMemoryParserCtxt(s, (int)len);
	if (l.ctxt == NULL)
		return 0;
	xmlCtxtUseOptions(l.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	memset(l.ctxt->sax, 0, sizeof(*l.ctxt->sax));
	l.ctxt->sax->initialized = 1;
	l.ctxt->sax->startElement = lib_tag;
	l.ctxt->sax->warning = quiet;
	l.ctxt->sax->error = quiet;
	l.ctxt->sax->fatalError = quiet;
	l.ctxt->userData = &l;
	xmlParseDocument(l.ctxt);
	ok = l.ctxt->wellFormed && l.ctxt->errNo == 0 && !l.upper;
	xmlFreeParserCtxt(l.ctxt);
	return ok;
}

/* Compare the two readers on s; 1 when xmlscan accepted it. */
static int
agree(const char *what, const char *s, size_t len)
{
	struct buf ours = BUF_INIT, theirs = BUF_INIT;
	int ok = xmlscan_tags(s, len, &ours);

	if (ok) {
		if (!lib_read(s, len, &theirs))
			harness_fail(__FILE__, __LINE__, "%s: xmlscan accepts "
			    "what libxml2 finds not well-formed:\n%.*s", what,
			    (int)len, s);
		else if (ours.len != theirs.len ||
		    memcmp(ours.ptr, theirs.ptr, ours.len) != 0)
			harness_fail(__FILE__, __LINE__, "%s: start tags differ "
			    "from libxml2's:\n%.*s", what, (int)len, s);
	}
	buf_release(&ours);
	buf_release(&theirs);
	return ok;
}

static const char sample[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en-GB\" dir=\"ltr\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\" />\n"
    "<title>Peer support &amp; you \xe2\x80\x94 \xe2\x80\x9cquotes\xe2\x80\x9d"
    "</title>\n"
    "<script type=\"application/ld+json\">{\"a\":\"b &amp; c &lt; d\"}"
    "</script>\n"
    "</head>\n"
    "<!-- a comment, with <tags> & ] and more -->\n"
    "<body class=\"x\">\n"
    "<a href=\"../a.html?x=1&amp;y=2#frag\" title='single \"q\"' "
    "data-x=\"&lt;&gt;&quot;&apos;&#38;&#x26;&#233;&#x1F600;&#65;\">"
    "link</a>\n"
    "<img src=\"p.png\" alt=\"tab\tand\nnewline\" />\n"
    "<p id=\"a\"\n   class=\"multi\nline\"\n>text ]] &gt; \xe2\x80\x99 "
    "\xc3\xa9 \xf0\x9f\x98\x80 &#x263A;</p>\n"
    "<ul><li>one</li><li>two<br/></li></ul><svg:g xlink:href=\"#a\"/>\n"
    "<input type=\"checkbox\" checked=\"\" /><x.y-z _a=\"1\"></x.y-z>\n"
    "</body>\n"
    "</html>\n"
    "<!-- after -->\n";

TEST(xmlscan_reads_a_page_as_libxml2_does)
{
	static const char hand[] = "<p>\n<a\nhref=\"x&amp;y\" "
	    "title=\"a\tb\"\n/></p>";
	struct buf tags = BUF_INIT;

	CHECK(agree("sample", sample, sizeof(sample) - 1));
	/* The tags themselves, once, by hand: line, name, pairs, "". */
	CHECK(xmlscan_tags(hand, sizeof(hand) - 1, &tags));
	CHECK_INT(tags.len, 2 * sizeof(unsigned) + 3 + 26);
	CHECK_INT(*(unsigned *)(void *)tags.ptr, 1);
	CHECK(memcmp(tags.ptr + sizeof(unsigned), "p\0", 3) == 0);
	CHECK_INT(*(unsigned *)(void *)(tags.ptr + sizeof(unsigned) + 3), 4);
	CHECK(memcmp(tags.ptr + 2 * sizeof(unsigned) + 3,
	    "a\0href\0x&#38;y\0title\0a b\0", 26) == 0);
	buf_release(&tags);
}

TEST(xmlscan_declines_what_is_not_plain)
{
	static const char *const no[] = {
		"<P>x</P>", "<p CLASS=\"a\">x</p>",
		"<p>&nbsp;</p>", "<p>a ]]> b</p>", "<p>a & b</p>",
		"<p class=\"a\" class=\"b\">x</p>", "<p><b>x</p></b>",
		"<p class=a>x</p>", "<p class=\"a\"id=\"b\">x</p>",
		"<p><!-- a -- b --></p>", "<p>\x01</p>", "<p>\xc3</p>",
		"<p>\xed\xa0\x80</p>", "<p>\xef\xbf\xbf</p>", "<p>a\r\nb</p>",
		"<p>&#0;</p>", "<p>&#xD800;</p>", "<p>&#x110000;</p>",
		"<p title=\"a<b\">x</p>", "<?xml version=\"1.0\"?><p/>",
		"<!doctype html><p/>", "<p/><p/>", "text<p/>", "<p/>text",
		"<p><![CDATA[x]]></p>", "", "<p>", "<p></p", "\xef\xbb\xbf<p/>"
	};
	struct buf tags = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		buf_reset(&tags);
		if (xmlscan_tags(no[i], strlen(no[i]), &tags))
			harness_fail(__FILE__, __LINE__, "accepted: %s", no[i]);
	}
	buf_release(&tags);
}

/* A fixed-seed generator, so that a failure can be run again. */
static uint32_t
next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

TEST(xmlscan_agrees_with_libxml2_on_mangled_pages)
{
	static const char bytes[] = "<>&\"'/-!];#x=\n\t\r \0A\x80\xc3\xe2"
	    "?[amp;lt;";
	char *page = xmalloc(2 * sizeof(sample));
	size_t len, i, at, n, yes = 0;
	uint32_t seed = 8;
	int k, edits;

	for (i = 0; i < 4000; i++) {
		memcpy(page, sample, sizeof(sample) - 1);
		len = sizeof(sample) - 1;
		edits = 1 + (int)(next(&seed) % 3);
		for (k = 0; k < edits; k++) {
			at = next(&seed) % len;
			switch (next(&seed) % 4) {
			case 0:	/* replace a byte */
				page[at] = bytes[next(&seed) % (sizeof(bytes) - 1)];
				break;
			case 1:	/* insert one */
				memmove(page + at + 1, page + at, len - at);
				page[at] = bytes[next(&seed) % (sizeof(bytes) - 1)];
				len++;
				break;
			case 2:	/* delete a few */
				n = 1 + next(&seed) % 4;
				if (n > len - at)
					n = len - at;
				memmove(page + at, page + at + n, len - at - n);
				len -= n;
				break;
			default:	/* repeat a short span */
				n = 1 + next(&seed) % 8;
				if (n > len - at || len + n > 2 * sizeof(sample))
					break;
				memmove(page + at + n, page + at, len - at);
				len += n;
				break;
			}
			if (len == 0)
				break;
		}
		yes += (size_t)agree("mangled", page, len);
	}
	free(page);
	/* Both outcomes must be common, or the comparison proves little. */
	CHECK(yes > 400);
	CHECK(yes < 3600);
}

static void
walk(const char *dir, size_t *pages, size_t *yes)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	struct buf pb = BUF_INIT;
	char *path, *data;
	size_t len, n;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&pb);
		buf_printf(&pb, "%s/%s", dir, e->d_name);
		path = pb.ptr;
		n = pb.len;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(path, pages, yes);
		else if (n > 5 && strcmp(path + n - 5, ".html") == 0 &&
		    fs_read(path, &data, &len) == 0) {
			(*pages)++;
			*yes += (size_t)agree(path, data, len);
			free(data);
		}
	}
	buf_release(&pb);
	closedir(d);
}

TEST(xmlscan_agrees_with_libxml2_on_a_built_site)
{
	const char *dir = getenv("XMLSCAN_PAGES");
	size_t pages = 0, yes = 0;

	if (dir == NULL)
		return;
	walk(dir, &pages, &yes);
	fprintf(stderr, "xmlscan: %zu of %zu pages read\n", yes, pages);
	CHECK(pages > 0);
}
