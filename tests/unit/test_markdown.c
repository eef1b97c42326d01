/* SPDX-License-Identifier: ISC */
/* Tests of front matter splitting, slugs and Markdown rendering. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "harness.h"
#include "markdown.h"
#include "slug.h"
#include "xalloc.h"

TEST(fm_split_basic)
{
	const char *t = "---\ntitle: x\ndate: 2026-01-01\n---\n# Body\n";
	struct fm fm;

	CHECK_INT(fm_split(t, strlen(t), &fm), 1);
	CHECK_INT(fm.yaml_line, 2);
	CHECK_INT(fm.yaml_len, strlen("title: x\ndate: 2026-01-01\n"));
	CHECK_INT(fm.body_line, 5);
	CHECK_STR(fm.body, "# Body\n");
}

TEST(fm_split_none_bom_crlf_unclosed)
{
	struct fm fm;
	const char *a = "# Just text\n", *b = "\xef\xbb\xbf---\r\nt: 1\r\n...\r\nx";
	const char *c = "---\ntitle: x\n";

	CHECK_INT(fm_split(a, strlen(a), &fm), 0);
	CHECK_STR(fm.body, a);
	CHECK_INT(fm_split(b, strlen(b), &fm), 1);
	CHECK_STR(fm.body, "x");
	CHECK_INT(fm.body_line, 4);
	CHECK_INT(fm_split(c, strlen(c), &fm), -1);
}

static void
slug_of(const char *s, const char *want)
{
	struct buf b = BUF_INIT;

	slug_append(&b, s, strlen(s));
	CHECK_STR(b.ptr, want);
	buf_release(&b);
}

TEST(slug_rules)
{
	slug_of("Why Peer Support Works!", "why-peer-support-works");
	slug_of("  Café & Crème — 2026 ", "cafe-creme-2026");
	slug_of("Łódź, Straße", "lodz-strasse");
	slug_of("دعم الأقران", "دعم-الأقران");
	slug_of("心理健康", "心理健康");
	slug_of("!!!", "");
	CHECK(slug_is_strict("riverside-peer-2"));
	CHECK(!slug_is_strict("Riverside"));
	CHECK(!slug_is_strict("a--b"));
	CHECK(!slug_is_strict("-a"));
	CHECK(!slug_is_strict("a-"));
	CHECK(!slug_is_strict(""));
}

static char *
resolve(void *arg, const char *dest, const struct loc *l, int image)
{
	if (strcmp(dest, "../pages/missing.md") == 0 ||
	    strncmp(dest, "../x/", 5) == 0) {
		diag_error(l, "no such source '%s'", dest);
		return NULL;
	}
	if (strcmp(dest, "../pages/get-help.md") == 0)
		return xstrdup("../get-help.html");
	return NULL;
}

TEST(md_render_headings_links_text)
{
	const char *md = "# Hello \"world\"\n\n## Hello world\n\n"
	    "See [help](../pages/get-help.md) and [x](https://example.org).\n\n"
	    "<script>alert(1)</script>\n\n[bad](javascript:alert(1))\n\n"
	    "![A *calm* room](room.png)\n\n## Hello world\n";
	struct md_opts o = { 0 };
	struct md_doc d;

	o.file = diag_file("a.md", md, strlen(md));
	o.resolve = resolve;
	CHECK_INT(md_render(md, strlen(md), &o, &d), 0);
	CHECK_HAS(d.html.ptr, "<h2 id=\"hello-world\">Hello “world”</h2>");
	CHECK_HAS(d.html.ptr, "<h3 id=\"hello-world-2\">Hello world</h3>");
	CHECK_HAS(d.html.ptr, "<h3 id=\"hello-world-3\">");
	CHECK_HAS(d.html.ptr, "<a href=\"../get-help.html\">help</a>");
	CHECK_HAS(d.html.ptr, "<a href=\"https://example.org\" rel=\"noopener noreferrer\">x</a>");
	CHECK_HAS(d.html.ptr, "<!-- raw HTML omitted -->");
	CHECK(strstr(d.html.ptr, "<script>") == NULL);
	CHECK_HAS(d.html.ptr, "<a href=\"\">bad</a>");
	CHECK_HAS(d.html.ptr, "<img src=\"room.png\" alt=\"A calm room\" loading=\"lazy\" />");
	CHECK_HAS(d.text.ptr, "See help and x.");
	CHECK(strstr(d.html.ptr, "hello-world-4") == NULL);
	md_doc_release(&d);
}

TEST(md_render_broken_link_position)
{
	const char *md = "Intro.\n\nA café, then [gone](../pages/missing.md).\n";
	struct md_opts o = { 0 };
	struct md_doc d;

	harness_diag_capture();
	o.file = diag_file("content/articles/a.md", md, strlen(md));
	o.line_offset = 4;
	o.resolve = resolve;
	CHECK_INT(md_render(md, strlen(md), &o, &d), -1);
	CHECK_HAS(harness_diag_text(), "content/articles/a.md:7:14: error: no such source");
	md_doc_release(&d);
}

/* Positions stay right for many links: the line scan resumes, never skips. */
TEST(md_render_broken_link_positions_in_order)
{
	const char *md = "[a](../x/1.md) and [b](../x/2.md)\n\n"
	    "Text.\n\n- é [c](../x/3.md)\n- [d](../x/4.md)\n\n"
	    "![e](../x/5.png)\n";
	struct md_opts o = { 0 };
	struct md_doc d;
	const char *t;

	harness_diag_capture();
	o.file = diag_file("content/articles/b.md", md, strlen(md));
	o.resolve = resolve;
	CHECK_INT(md_render(md, strlen(md), &o, &d), -1);
	t = harness_diag_text();
	CHECK_HAS(t, "content/articles/b.md:1:1: error");
	CHECK_HAS(t, "content/articles/b.md:1:20: error");
	CHECK_HAS(t, "content/articles/b.md:5:5: error");
	CHECK_HAS(t, "content/articles/b.md:6:3: error");
	CHECK_HAS(t, "content/articles/b.md:8:1: error");
	md_doc_release(&d);
}

TEST(md_unsafe_passes_html)
{
	const char *md = "<div class=\"x\">hi</div>\n";
	struct md_opts o = { 0 };
	struct md_doc d;

	o.unsafe = 1;
	md_render(md, strlen(md), &o, &d);
	CHECK_HAS(d.html.ptr, "<div class=\"x\">hi</div>");
	md_doc_release(&d);
}

TEST(md_inline_summary)
{
	struct buf b = BUF_INIT;

	md_inline("A *warm* welcome & tea", 22, &b);
	CHECK_STR(b.ptr, "A <em>warm</em> welcome &amp; tea");
	buf_release(&b);
}

/* Clean UTF-8 skips cmark's check; broken bytes still become U+FFFD. */
TEST(md_render_utf8)
{
	const char *good = "Caf\xc3\xa9 \xf0\x9f\x98\x80 ok\n";
	const char *bad = "Caf\xc3 x \xed\xa0\x80 y \xc0\xaf z\n";
	struct md_opts o = { 0 };
	struct md_doc d;

	CHECK_INT(md_render(good, strlen(good), &o, &d), 0);
	CHECK_STR(d.html.ptr, "<p>Caf\xc3\xa9 \xf0\x9f\x98\x80 ok</p>\n");
	md_doc_release(&d);
	CHECK_INT(md_render(bad, strlen(bad), &o, &d), 0);
	CHECK(strstr(d.html.ptr, "\xc3 ") == NULL);
	CHECK_HAS(d.html.ptr, "Caf\xef\xbf\xbd x \xef\xbf\xbd");
	CHECK(strstr(d.html.ptr, "\xed\xa0\x80") == NULL);
	md_doc_release(&d);
}

/* An outbound href for a relative link, to see rel added late. */
static char *
resolve_out(void *arg, const char *dest, const struct loc *l, int image)
{
	if (strcmp(dest, "out.md") == 0)
		return xstrdup("https://example.org/out");
	return resolve(arg, dest, l, image);
}

/*
 * One parse for check and page: md_render_tree then md_resolve gives
 * md_render's HTML, text, links, messages and result.
 */
TEST(md_render_tree_then_resolve)
{
	static const char *const inputs[] = {
		"# Hello \"world\"\n\nSee [help](../pages/get-help.md \"T\") "
		"and [x](https://example.org) and [top](#a) and [e]().\n\n"
		"![A *calm* room](room.png) ![b](../x/1.png \"t\")\n\n"
		"[gone](../pages/missing.md) [out](out.md 'o') [o2](out.md)\n",
		"No links at all -- 'just' text...\n",
		"## See [help](../pages/get-help.md) and [out](out.md 't')\n\n"
		"Text [x](a.md) ![i](../x/2.png)\n\n# [Top](out.md)\n",
		("[a](../x/1.md) and [b](../x/2.md)\n\n- é [c](../x/3.md)\n"
		"- [![i](../pages/get-help.md)](../pages/get-help.md)\n"),
	};
	struct md_opts o = { 0 };
	struct md_doc a, b;
	struct cmark_node *tree;
	char *ta;
	size_t i, k, len;
	int ra, rb;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		len = strlen(inputs[i]);
		o.file = diag_file("content/articles/t.md", inputs[i], len);
		o.line_offset = 3;
		o.resolve = resolve_out;
		harness_diag_capture();
		ra = md_render(inputs[i], len, &o, &a);
		ta = xstrdup(harness_diag_text());
		harness_diag_capture();
		tree = md_parse_smart(inputs[i], len);
		CHECK(tree != NULL);
		md_render_tree(tree, inputs[i], len, &o, &b);
		md_tree_free(tree);
		CHECK_STR(harness_diag_text(), "");
		CHECK(b.deferred);
		rb = md_resolve(&b, &o);
		CHECK(!b.deferred);
		CHECK_STR(harness_diag_text(), ta);
		CHECK_INT(rb, ra);
		CHECK_STR(b.html.ptr, a.html.ptr);
		CHECK_STR(b.text.ptr, a.text.ptr);
		CHECK_INT(b.words, a.words);
		CHECK_INT(b.nlinks, a.nlinks);
		for (k = 0; k < a.nlinks && k < b.nlinks; k++) {
			CHECK_STR(b.links[k].href, a.links[k].href);
			CHECK_INT(b.links[k].loc.line, a.links[k].loc.line);
			CHECK_INT(b.links[k].loc.col, a.links[k].loc.col);
		}
		free(ta);
		md_doc_release(&a);
		md_doc_release(&b);
	}
	/* Text that needs cmark's UTF-8 repair is rendered on its own. */
	CHECK(md_parse_smart("bad \xff byte", 10) == NULL);
}
