/* SPDX-License-Identifier: ISC */
/*
 * Tests of the tag reader (tagscan.c) against libxml2's XML parser: what
 * it reads, it must read as libxml2 does, tag for tag, line for line.  Its
 * plain C path (no SSE2) is compiled in here too, under another name, and
 * must give the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "htmlcheck.h"
#include "tagscan.h"

int	tagscan_read_scalar(const char *, size_t, struct buf *);

#define TAGSCAN_SCALAR
#define tagscan_read tagscan_read_scalar
#include "tagscan.c"
#undef tagscan_read

/* A page with what Signpost's templates and Markdown write, and more. */
static const char page[] =
    "<!DOCTYPE html>\n"
    "<!-- made by a test: < & ] are fine in here -->\n"
    "<html lang=\"en-GB\" dir=\"ltr\">\n"
    "<head>\n<meta charset=\"utf-8\" />\n"
    "<title>Caf\xc3\xa9 &amp; talk &#8212; &quot;open&quot;</title>\n"
    "<link rel=\"stylesheet\" href=\"../assets/style.css\" />\n"
    "<script src=\"../assets/js/site.js\" defer=\"\"></script>\n"
    "</head>\n<body>\n"
    "<a class=\"skip\" href=\"#main\">Skip</a>\n"
    "<nav aria-label=\"Main menu\"><ul>\n"
    "<li><a href=\"page.html?a=1&amp;b=2&#38;c=&#x26;\">A &lt; B</a></li>\n"
    "<li><a href='single.html' title='it&apos;s &gt; 1'>One ] two > "
    "three</a></li>\n"
    "</ul></nav>\n"
    "<main id=\"main\">\n<h1 id=\"t\">Title \xe2\x80\x94 "
    "\xf0\x9f\x98\x80</h1>\n"
    "<img src=\"a.png\"\n\talt=\"A\tcup\nof tea\"\n\tloading=\"lazy\" />\n"
    "<p>Text<br/>more<br />and &#233; &#x1F600;.</p>\n"
    "<input type=\"checkbox\" checked=\"\" id=\"c\"   />\n"
    "<div\n  class=\"x\"\n  data-n=\"&#10;&#9;\"\n>deep</div >\n"
    "</main>\n</body>\n</html>\n";

static int
agrees(const char *html, size_t len, int *read)
{
	return hc_tagscan_agrees(html, len, read);
}

TEST(tagscan_reads_pages_as_libxml2_does)
{
	static const char *const ok[] = {
		page,
		"<p>x</p>",
		"  \n<p>x</p>\n\n",
		"<!-- c --><!DOCTYPE html><!-- d --><p a='1' b=\"2\"/>",
		"<a href=\"x\"\n>y</a>",
		"<a\nhref=\"x\"\n\n/>",
		"<p>]] ]>&amp;&lt;&gt;&quot;&apos;&#65;&#x41;&#0065;</p>",
		"<x a=\"&lt;&gt;&#60;&#62;&quot;\" b='\"' c=\"'\"/>",
		"<a-b.c_d e:f=\"1\" g-h=\"2\"></a-b.c_d>",
		"<p>\xc2\xa0\xe0\xa4\x85\xef\xbf\xbd\xf4\x8f\xbf\xbd</p>",
	};
	size_t i;
	int read;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK(agrees(ok[i], strlen(ok[i]), &read));
		CHECK_INT(read, 1);
	}
}

TEST(tagscan_declines_what_it_does_not_read)
{
	static const char *const no[] = {
		"",
		"text<p>x</p>",
		"<p>x</p>tail",
		"<p>x</p><p>y</p>",			/* two roots */
		"<p>x",
		"<p>x</q>",
		"<P>x</P>",
		"<p A=\"1\">x</p>",
		"<p a=\"1\" a=\"2\">x</p>",
		"<p a=1>x</p>",
		"<p checked>x</p>",
		"<p a=\"1\"b=\"2\">x</p>",
		"<p xml:lang=\"en\">x</p>",
		"<p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>",
		"<p>&nbsp;</p>",
		"<p>&amp</p>",
		"<p>&#0;</p>",
		"<p>&#xD800;</p>",
		"<p>&#X41;</p>",
		"<p>&#12345678;</p>",
		"<p>a ]]> b</p>",
		"<p>a\rb</p>",
		"<p>a\x01</p>",
		"<p>\xc0\x80</p>",
		"<p>\xed\xa0\x80</p>",
		"<p>\xef\xbf\xbe</p>",
		"<p>\xf4\x90\x80\x80</p>",
		"<p>\xe2\x82</p>",
		"<p a=\"<\">x</p>",
		"<p><![CDATA[x]]></p>",
		"<?xml version=\"1.0\"?><p>x</p>",
		"<p><!-- a -- b --></p>",
		"<p><!-- a ---></p>",
		"<p>x</p><!DOCTYPE html>",
		"<!doctype html><p>x</p>",
		"<p>\xc3\xa9<\xc3\xa9/></p>",
	};
	size_t i;
	int read;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		CHECK(agrees(no[i], strlen(no[i]), &read));
		CHECK_INT(read, 0);
	}
}

TEST(tagscan_declines_deep_and_big_pages)
{
	struct buf b = BUF_INIT;
	int i, read;

	for (i = 0; i < 300; i++)
		buf_puts(&b, "<d>");
	for (i = 0; i < 300; i++)
		buf_puts(&b, "</d>");
	CHECK(agrees(b.ptr, b.len, &read));
	CHECK_INT(read, 0);
	buf_release(&b);
}

/* The lines libxml2 gives: the line of the '>' or "/>". */
TEST(tagscan_lines)
{
	struct buf tags = BUF_INIT;
	const char *html = "<a>\n<b\nc=\"1\n2\"\n/>\n\n<d/></a>";
	unsigned line[3];
	const char *p;
	int i;

	CHECK_INT(tagscan_read(html, strlen(html), &tags), 1);
	for (p = tags.ptr, i = 0; i < 3 && p < tags.ptr + tags.len; i++) {
		memcpy(&line[i], p, sizeof(line[i]));
		p += sizeof(line[i]);
		while (*p != '\0')		/* name, then pairs */
			p += strlen(p) + 1;
		p++;
	}
	CHECK_INT(i, 3);
	CHECK_INT(line[0], 1);
	CHECK_INT(line[1], 5);
	CHECK_INT(line[2], 7);
	buf_release(&tags);
}

/*
 * Pages with bytes changed at random: libxml2 and the reader must agree
 * on every one, and the reader's two paths must give the same bytes.
 */
TEST(tagscan_mutants_agree)
{
	static const char alphabet[] = "<>&;#x\"'= \n\t]-!/?apb9\xc3\xa9\r\x01";
	struct buf m = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	uint32_t seed = 12345;
	size_t len = sizeof(page) - 1, at, k, read_n = 0;
	int i, j, read, ra, rb;

#define RND() (seed = seed * 1103515245u + 12345u, seed >> 8)
	for (i = 0; i < 4000; i++) {
		buf_reset(&m);
		buf_put(&m, page, len);
		for (j = 0; j < 1 + i % 3; j++) {
			at = RND() % m.len;
			k = RND() % (sizeof(alphabet) - 1);
			switch (RND() % 3) {
			case 0:
				m.ptr[at] = alphabet[k];
				break;
			case 1:		/* delete a byte */
				memmove(m.ptr + at, m.ptr + at + 1,
				    m.len - at - 1);
				m.len--;
				break;
			default:	/* insert one */
				buf_putc(&m, 0);
				memmove(m.ptr + at + 1, m.ptr + at,
				    m.len - at - 1);
				m.ptr[at] = alphabet[k];
				break;
			}
		}
		CHECK(agrees(m.ptr, m.len, &read));
		read_n += read;
		ra = tagscan_read(m.ptr, m.len, &a);
		rb = tagscan_read_scalar(m.ptr, m.len, &b);
		CHECK_INT(ra, rb);
		if (ra)
			CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) ==
			    0);
	}
#undef RND
	/* Not a test that cannot fail: many mutants are still pages. */
	CHECK(read_n > 400);
	buf_release(&m);
	buf_release(&a);
	buf_release(&b);
}
