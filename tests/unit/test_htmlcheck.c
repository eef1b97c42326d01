/* SPDX-License-Identifier: ISC */
/* Tests of the page check, asset fingerprints, the feeds and the offline cache. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "feeds.h"
#include "fsutil.h"
#include "harness.h"
#include "htmlcheck.h"
#include "markdown.h"
#include "offline.h"
#include "output.h"
#include "strmap.h"
#include "theme.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

struct fixture {
	char		*dir;
	char		*src;
	char		*outdir;
	struct out	 out;
	struct hc	*hc;
	struct value	*hosts;
};

static void
setup(struct fixture *f, const char *hosts_yaml)
{
	memset(f, 0, sizeof(*f));
	f->dir = harness_tmpdir();
	f->src = fs_join(f->dir, "src");
	f->outdir = fs_join(f->dir, "public");
	fs_mkdirs(f->src);
	harness_diag_capture();
	CHECK_INT(out_open(&f->out, f->outdir, f->src, 0), 0);
	if (hosts_yaml != NULL)
		f->hosts = yamlload_parse("hosts.yml", hosts_yaml,
		    strlen(hosts_yaml), NULL);
	f->hc = hc_new(&f->out, "public", f->hosts, "https://example.org/c/");
}

static void
teardown(struct fixture *f)
{
	hc_free(f->hc);
	out_release(&f->out);
	value_free(f->hosts);
	free(f->dir);
	free(f->src);
	free(f->outdir);
}

/* Check html as the page at path, then write it. */
static void
page(struct fixture *f, const char *path, const char *body)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "<!DOCTYPE html>\n<html><head><title>t</title></head>"
	    "\n<body>\n%s\n</body></html>\n", body);
	hc_page(f->hc, path, b.ptr, b.len, NULL);
	out_write(&f->out, path, b.ptr, b.len);
	buf_release(&b);
}

TEST(hc_clean_pages_resolve)
{
	struct fixture f;
	size_t pages, links;

	setup(&f, NULL);
	out_write(&f.out, "assets/style.css", "x", 1);
	page(&f, "index.html", "<h1 id=\"top\">Home</h1>\n<a href=\"articles/"
	    "a.html#why\">a</a> <a href=\"#top\">top</a> <a href=\"https://"
	    "example.org/\">out</a> <a href=\"tel:+441234\">call</a>\n"
	    "<link rel=\"stylesheet\" href=\"assets/style.css\">\n"
	    "<img src=\"pic.png\" alt=\"\">\n<a href=\"https://example.org/"
	    "c/articles/a.html#why\">own</a><script src=\"https://example.org"
	    "/c/pic.png\"></script>");
	out_write(&f.out, "pic.png", "p", 1);
	page(&f, "articles/a.html", "<h1>A</h1><h2 id=\"why\">Why</h2>"
	    "<a href=\"../index.html\">home</a>");
	CHECK_INT(hc_resolve(f.hc), 0);
	CHECK_STR(harness_diag_text(), "");
	hc_counts(f.hc, &pages, &links);
	CHECK_INT(pages, 2);
	CHECK(links >= 6);
	teardown(&f);
}

TEST(hc_broken_links_are_errors)
{
	struct fixture f;

	setup(&f, NULL);
	page(&f, "index.html", "<h1>Home</h1>\n<a href=\"nope.html\">x</a>\n"
	    "<a href=\"b.html#gone\">y</a>\n<a href=\"/abs.html\">z</a>\n"
	    "<a href=\"articles/\">d</a>\n<a href=\"articles\">e</a>\n"
	    "<a href=\"#self\">s</a>\n<a href=\"https://example.org/c/\">f"
	    "</a>\n<a href=\"https://example.org/c/gone.html\">g</a>");
	page(&f, "b.html", "<h1>B</h1>");
	page(&f, "articles/index.html", "<h1>List</h1>");
	CHECK_INT(hc_resolve(f.hc), -1);
	CHECK_HAS(harness_diag_text(), "public/index.html:7: error: link "
	    "'/abs.html' starts at the server root");
	CHECK_HAS(harness_diag_text(), "public/index.html:8: error: link "
	    "'articles/' names a folder");
	CHECK_HAS(harness_diag_text(), "error: link '#self' names no "
	    "element: 'index.html' has no id 'self'");
	CHECK_HAS(harness_diag_text(), "public/index.html:5: error: link "
	    "'nope.html' names no file: the site has no 'nope.html'");
	CHECK_HAS(harness_diag_text(), "public/index.html:6: error: link "
	    "'b.html#gone' names no element: 'b.html' has no id 'gone'");
	CHECK_HAS(harness_diag_text(), "public/index.html:9: error: link "
	    "'articles' names a folder");
	CHECK_HAS(harness_diag_text(), "public/index.html:11: error: link "
	    "'https://example.org/c/' names a folder");
	CHECK_HAS(harness_diag_text(), "public/index.html:12: error: link "
	    "'https://example.org/c/gone.html' names no file: the site has no "
	    "'gone.html'");
	CHECK_INT(diag_errors(), 8);
	teardown(&f);
}

/* Links settled between phases drop out; the others still fail at the end. */
TEST(hc_settle_keeps_what_may_fail)
{
	struct fixture f;

	setup(&f, NULL);
	page(&f, "index.html", "<h1>Home</h1>\n<a href=\"b.html#here\">b</a>"
	    "\n<a href=\"b.html#gone\">g</a>\n<a href=\"c.html\">c</a>\n"
	    "<a href=\"later.html\">l</a>\n<a href=\"never.html\">n</a>");
	page(&f, "b.html", "<h1 id=\"here\">B</h1>");
	page(&f, "c.html", "<h1>C</h1>");
	hc_settle(f.hc);
	CHECK_STR(harness_diag_text(), "");
	out_write(&f.out, "later.html", "x", 1);
	CHECK_INT(hc_resolve(f.hc), -1);
	CHECK_HAS(harness_diag_text(), "public/index.html:6: error: link "
	    "'b.html#gone' names no element: 'b.html' has no id 'gone'");
	CHECK_HAS(harness_diag_text(), "public/index.html:9: error: link "
	    "'never.html' names no file: the site has no 'never.html'");
	CHECK_INT(diag_errors(), 2);
	teardown(&f);
}

TEST(hc_page_warnings)
{
	struct fixture f;

	setup(&f, "[fonts.example.net, 'https://media.example.org/']");
	page(&f, "index.html", "<p id=\"a\">x</p><p id=\"a\">y</p>\n"
	    "<img src=\"https://cdn.example.com/p.png\">\n"
	    "<script src=\"//cdn.example.com/x.js\"></script>\n"
	    "<img src=\"https://media.example.org/ok.png\" alt=\"ok\" "
	    "srcset=\"https://bad.example.com/2x.png 2x, "
	    "https://fonts.example.net/1.png 1x\">\n"
	    "<link rel=\"stylesheet\" href=\"https://fonts.example.net/a.css\">"
	    "\n<a href=\"https://anywhere.example.com/\">a link is fine</a>");
	page(&f, "two.html", "<h1>One</h1><h1>Two</h1>");
	CHECK_INT(hc_resolve(f.hc), 0);
	CHECK_HAS(harness_diag_text(), "warning: id 'a' is used twice");
	CHECK_HAS(harness_diag_text(), "public/index.html:5: warning: image "
	    "'https://cdn.example.com/p.png' has no alt text");
	CHECK_HAS(harness_diag_text(), "warning: <img> loads "
	    "'https://cdn.example.com/p.png' from another host");
	CHECK_HAS(harness_diag_text(), "warning: <script> loads "
	    "'//cdn.example.com/x.js' from another host");
	CHECK_HAS(harness_diag_text(), "'https://bad.example.com/2x.png' from");
	CHECK(strstr(harness_diag_text(), "media.example.org") == NULL);
	CHECK(strstr(harness_diag_text(), "fonts.example.net") == NULL);
	CHECK(strstr(harness_diag_text(), "anywhere") == NULL);
	CHECK_HAS(harness_diag_text(), "public/index.html: warning: the page "
	    "has no h1 heading");
	CHECK_HAS(harness_diag_text(), "public/two.html:4: warning: the page "
	    "has 2 h1 headings");
	CHECK_INT(diag_errors(), 0);
	teardown(&f);
}

/*
 * A page that is well-formed XML is read by the XML parser, any other by
 * the HTML parser: the findings, lines included, must be the same.
 */
static char *
findings(const char *body)
{
	struct fixture f;
	char *text;

	setup(&f, NULL);
	page(&f, "x.html", body);
	CHECK_INT(hc_resolve(f.hc), -1);
	text = xstrdup(harness_diag_text());
	teardown(&f);
	return text;
}

TEST(hc_xml_and_html_parsers_agree)
{
	char *xml, *html, *upper;

	xml = findings("<h1 id=\"a\">One</h1>\n<p id=\"a\">x<br />y</p>\n"
	    "<img src=\"p.png\" />\n<a href=\"gone.html\">gone</a>\n"
	    "<a href=\"#nowhere\">here</a><input type=\"checkbox\" "
	    "checked=\"\" />\n<h1>Two</h1>");
	html = findings("<h1 id=\"a\">One</h1>\n<p id=\"a\">x<br>y</p>\n"
	    "<img src=\"p.png\">\n<a href=\"gone.html\">gone</a>\n"
	    "<a href=\"#nowhere\">here</a><input type=\"checkbox\" "
	    "checked>\n<h1>Two</h1>");
	CHECK_HAS(xml, "public/x.html:5: warning: id 'a' is used twice");
	CHECK_HAS(xml, "public/x.html:6: warning: image 'p.png' has no alt");
	CHECK_HAS(xml, "error: link 'gone.html' names no file");
	CHECK_HAS(xml, "'#nowhere'");
	CHECK_HAS(xml, "public/x.html:4: warning: the page has 2 h1");
	CHECK_STR(xml, html);
	/* Upper-case names are HTML, not XML: still checked, by the HTML parser. */
	upper = findings("<H1>One</H1>\n<A HREF=\"gone.html\">gone</A>");
	CHECK_HAS(upper, "error: link 'gone.html' names no file");
	free(xml);
	free(html);
	free(upper);
}

/*
 * Most pages are checked as the XML parser reads them, nothing reported;
 * a page with a problem, or one that proves not to be XML after ids and
 * links were read, is read again: nothing of the first reading may stay
 * (an id seen twice, a link reported twice).
 */
TEST(hc_pages_read_again_keep_nothing_of_the_first_reading)
{
	const char *top = "<h1 id=\"a\">One</h1>\n<p id=\"b\">x</p>\n"
	    "<a href=\"gone.html\">gone</a>\n<a href=\"#b\">b</a>\n";
	char *late, *broken, *html, *clean;
	struct buf b = BUF_INIT;

	/* A problem on the last line, after ids and a pending link. */
	buf_printf(&b, "%s<p id=\"a\">again</p>", top);
	late = findings(b.ptr);
	/* Not XML at the end (an unclosed p): the HTML parser reads it. */
	buf_reset(&b);
	buf_printf(&b, "%s<p id=\"a\">again<p>", top);
	broken = findings(b.ptr);
	buf_reset(&b);
	buf_printf(&b, "%s<p id=\"a\">again</p><p>", top);
	html = findings(b.ptr);
	CHECK_STR(late, "public/x.html:8: warning: id 'a' is used twice on "
	    "the page\npublic/x.html:6: error: link 'gone.html' names no "
	    "file: the site has no 'gone.html'\n");
	CHECK_STR(broken, late);
	CHECK_STR(html, late);
	/* No problem but the missing file: reported once. */
	clean = findings(top);
	CHECK_STR(clean, "public/x.html:6: error: link 'gone.html' names no "
	    "file: the site has no 'gone.html'\n");
	free(late);
	free(broken);
	free(html);
	free(clean);
	buf_release(&b);
}

/*
 * A page checked once hc_resolve has begun (no build does this today)
 * reads the ids of a page not checked again from disk, in the middle of
 * its own reading: the two readings must not share a parser.
 */
TEST(hc_ids_read_in_the_middle_of_a_page)
{
	const char *b = "<!DOCTYPE html>\n<html><body><h1 id=\"why\">B</h1>"
	    "</body></html>\n";
	struct fixture f;

	setup(&f, NULL);
	out_write(&f.out, "b.html", b, strlen(b));
	hc_page_same(f.hc, "b.html", NULL);
	CHECK_INT(hc_resolve(f.hc), 0);
	page(&f, "a.html", "<h1>A</h1>\n<a href=\"b.html#why\">b</a>\n"
	    "<p id=\"x\">1</p>\n<p id=\"x\">2</p>\n"
	    "<a href=\"b.html#gone\">g</a>");
	CHECK_STR(harness_diag_text(), "public/a.html:7: warning: id 'x' is "
	    "used twice on the page\npublic/a.html:8: error: link "
	    "'b.html#gone' names no element: 'b.html' has no id 'gone'\n");
	teardown(&f);
}

TEST(hc_markdown_links_are_traced)
{
	struct fixture f;
	struct md_doc d;
	struct md_opts o;
	const char *md = "# T\n\nText and [a link](b.html#nowhere).\n\n"
	    "![pic](missing.png)\n";
	struct buf b = BUF_INIT;

	setup(&f, NULL);
	memset(&o, 0, sizeof(o));
	o.file = diag_file("content/articles/x.md", NULL, 0);
	o.line_offset = 3;
	CHECK_INT(md_render(md, strlen(md), &o, &d), 0);
	CHECK_INT(d.nlinks, 2);
	CHECK_STR(d.links[0].href, "b.html#nowhere");
	CHECK_INT(d.links[0].loc.line, 6);
	buf_printf(&b, "<html><body><h1>X</h1>\n%s</body></html>", d.html.ptr);
	hc_page(f.hc, "x.html", b.ptr, b.len, &d);
	out_write(&f.out, "x.html", b.ptr, b.len);
	page(&f, "b.html", "<h1>B</h1>");
	CHECK_INT(hc_resolve(f.hc), -1);
	CHECK_HAS(harness_diag_text(), "content/articles/x.md:6:10: error: "
	    "link 'b.html#nowhere' names no element");
	CHECK_HAS(harness_diag_text(), "content/articles/x.md:8:1: error: "
	    "link 'missing.png' names no file");
	md_doc_release(&d);
	buf_release(&b);
	teardown(&f);
}

TEST(hc_css_hosts_and_files)
{
	struct fixture f;
	const char *css = "@import url(\"https://fonts.example.com/f.css\");\n"
	    "body { background: url(img/bg.svg) } a { x: url('data:image/png;"
	    "base64,AA') }\n@font-face { src: url(fonts/gone.woff2) }\n";

	setup(&f, NULL);
	out_write(&f.out, "assets/img/bg.svg", "<svg/>", 6);
	hc_css(f.hc, "assets/style.css", css, strlen(css));
	CHECK_INT(hc_resolve(f.hc), -1);
	CHECK_HAS(harness_diag_text(), "warning: <style> loads "
	    "'https://fonts.example.com/f.css' from another host");
	CHECK_HAS(harness_diag_text(), "error: link 'fonts/gone.woff2' names "
	    "no file: the site has no 'assets/fonts/gone.woff2'");
	CHECK(strstr(harness_diag_text(), "bg.svg") == NULL);
	teardown(&f);
}

TEST(out_fingerprint_names_by_content)
{
	struct fixture f;
	struct buf a = BUF_INIT, b = BUF_INIT;
	char *p;

	setup(&f, NULL);
	CHECK_INT(out_write(&f.out, "assets/style.css", "body{}", 6), 0);
	CHECK_INT(out_write(&f.out, "assets/js/x.js", "body{}", 6), 0);
	CHECK_INT(out_fingerprint(&f.out, "assets/style.css", &a), 0);
	CHECK_INT(out_fingerprint(&f.out, "assets/js/x.js", &b), 0);
	CHECK_INT(a.len, strlen("assets/style.") + 12 + 4);
	CHECK_STR(a.ptr + a.len - 4, ".css");
	CHECK(strncmp(strchr(b.ptr + 10, '.'), strchr(a.ptr + 7, '.'), 13) == 0);
	CHECK(out_has(&f.out, a.ptr));
	CHECK(!out_has(&f.out, "assets/style.css"));
	p = fs_join(f.out.stage, a.ptr);
	CHECK(fs_exists(p));
	free(p);
	CHECK(out_hash("a", 1) != out_hash("b", 1));
	CHECK(out_hash("0123456789abcdefX", 17) !=
	    out_hash("0123456789abcdefY", 17));
	buf_release(&a);
	buf_release(&b);
	teardown(&f);
}

static char *
staged(struct fixture *f, const char *rel)
{
	char *p = fs_join(f->out.stage, rel), *text = NULL;
	size_t len;

	if (fs_read(p, &text, &len) == -1)
		text = xstrdup("");
	free(p);
	return text;
}

TEST(feeds_sitemap_atom_robots)
{
	struct fixture f;
	struct strmap lastmod = STRMAP_INIT;
	struct feed_entry e[2] = {
		{ "Newer & better", "articles/b.html", "Sum <b>", "2026-03-02",
		    "2026-04-01" },
		{ "Older", "articles/a.html", NULL, "2026-01-01", NULL },
	};
	struct feed_info fi = { "https://example.org/c/", "Site", "About",
	    "en-GB", "" };
	char *t;

	setup(&f, NULL);
	out_write(&f.out, "index.html", "x", 1);
	out_write(&f.out, "404.html", "x", 1);
	out_write(&f.out, "articles/a.html", "x", 1);
	strmap_put(&lastmod, "articles/a.html", "2026-01-01");
	CHECK_INT(feeds_sitemap(&f.out, fi.base_url, &lastmod), 0);
	CHECK_INT(feeds_atom(&f.out, &fi, e, 2), 0);
	CHECK_INT(feeds_robots(&f.out, fi.base_url), 0);
	t = staged(&f, "sitemap.xml");
	CHECK_HAS(t, "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
	    "sitemap/0.9\">");
	CHECK_HAS(t, "<loc>https://example.org/c/articles/a.html</loc>\n"
	    "\t\t<lastmod>2026-01-01</lastmod>");
	CHECK(strstr(t, "404") == NULL);
	CHECK(strstr(t, "articles/a.html") < strstr(t, "c/index.html"));
	free(t);
	t = staged(&f, "feed.xml");
	CHECK_HAS(t, "<feed xml:lang=\"en-GB\" "
	    "xmlns=\"http://www.w3.org/2005/Atom\">");
	CHECK_HAS(t, "<updated>2026-04-01T00:00:00Z</updated>");
	CHECK_HAS(t, "<title>Newer &amp; better</title>");
	CHECK_HAS(t, "<summary>Sum &lt;b&gt;</summary>");
	CHECK_HAS(t, "<link rel=\"self\" type=\"application/atom+xml\" "
	    "href=\"https://example.org/c/feed.xml\"/>");
	free(t);
	t = staged(&f, "robots.txt");
	CHECK_HAS(t, "Sitemap: https://example.org/c/sitemap.xml\n");
	free(t);
	strmap_release(&lastmod);
	teardown(&f);
}

TEST(offline_files_and_registration)
{
	struct fixture f;
	struct offline_info oi = { "Site \"x\"", NULL, "en", "ltr",
	    "assets/icon.svg", "#123456", NULL };
	struct buf js = BUF_INIT;
	char *share = theme_share_dir(), *t;

	setup(&f, NULL);
	out_write(&f.out, "index.html", "x", 1);
	out_write(&f.out, "data/hsds/x.json", "{}", 2);
	CHECK_INT(offline_register_js(&js, share, "assets/js/site.js"), 0);
	CHECK_HAS(js.ptr, "var SIGNPOST_ROOT = '../../';");
	CHECK_HAS(js.ptr, "serviceWorker");
	CHECK_INT(offline_write(&f.out, share, &oi), 0);
	t = staged(&f, "sw.js");
	CHECK_HAS(t, "\"index.html\",\n\t\"manifest.webmanifest\"\n];");
	CHECK(strstr(t, "data/hsds") == NULL);
	CHECK(strstr(t, OUT_MARKER) == NULL);
	free(t);
	t = staged(&f, "manifest.webmanifest");
	CHECK_HAS(t, "\"name\": \"Site \\\"x\\\"\"");
	CHECK_HAS(t, "\"src\": \"assets/icon.svg\"");
	free(t);
	buf_release(&js);
	free(share);
	teardown(&f);
}
