/* SPDX-License-Identifier: ISC */
/* Tests of the fast start-tag scan used by the page check. */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "htmlscan.h"

static void
collect(void *ud, const char *name, const char **atts, unsigned line)
{
	struct buf *b = ud;
	size_t i;

	buf_printf(b, "%u<%s", line, name);
	for (i = 0; atts[i] != NULL; i += 2)
		buf_printf(b, " %s=[%s]", atts[i], atts[i + 1] != NULL ?
		    atts[i + 1] : "-");
	buf_puts(b, ">");
}

static const char *
scan(struct buf *b, const char *html)
{
	buf_reset(b);
	if (hs_scan(html, strlen(html), collect, b) == -1)
		return "fallback";
	return b->len > 0 ? b->ptr : "";
}

TEST(htmlscan_tags_as_libxml2_reports_them)
{
	struct buf b = BUF_INIT;

	CHECK_STR(scan(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n"
	    "<meta charset=\"utf-8\">\n<!-- a\n-->\n<A HREF='x.html#y'\n"
	    "id=\"q\">t</A><br/><input disabled>"),
	    "2<html lang=[en]>3<meta charset=[utf-8]>7<a href=[x.html#y] "
	    "id=[q]>7<br>7<input disabled=[-]>");
	/* References in values; a '&' that starts none stays. */
	CHECK_STR(scan(&b, "<a title=\"&lt;&amp;&#39;&#x41;&nbsp;\" "
	    "href=\"?a=1&b=2\">"),
	    "1<a title=[<&'A\xc2\xa0] href=[?a=1&b=2]>");
	/* Raw text in script and style; the first of two names wins. */
	CHECK_STR(scan(&b, "<script>if (a<b) x('<p id=1>')</script>"
	    "<p id id>"), "1<script>1<p id=[-]>");
	buf_release(&b);
}

TEST(htmlscan_gives_up_where_libxml2_reads_otherwise)
{
	struct buf b = BUF_INIT;

	CHECK_STR(scan(&b, "<a href=x>"), "fallback");
	CHECK_STR(scan(&b, "<a title=\"&copy;\">"), "fallback");
	CHECK_STR(scan(&b, "<body id=\"top\">"), "fallback");
	CHECK_STR(scan(&b, "a <3 b"), "fallback");
	CHECK_STR(scan(&b, "<script>x</p></script>"), "fallback");
	CHECK_STR(scan(&b, "<![CDATA[x]]>"), "fallback");
	CHECK_STR(scan(&b, "<a href=\"caf\xc3\xa9\">"), "fallback");
	CHECK_STR(scan(&b, "<meta charset=\"utf-8\"><a href=\"caf\xc3\xa9\">"),
	    "1<meta charset=[utf-8]>1<a href=[caf\xc3\xa9]>");
	CHECK_STR(scan(&b, "x\xff"), "fallback");
	CHECK_STR(scan(&b, "<a title=\"x"), "fallback");
	/* Nothing is reported from a page that is left to libxml2. */
	CHECK_STR(scan(&b, "<h1 id=\"a\">t</h1><a href=x>"), "fallback");
	CHECK_INT(b.len, 0);
	buf_release(&b);
}
