/* SPDX-License-Identifier: ISC */
/* serve: the request path sanitiser, MIME types and script injection. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "serve.h"

/* The status for path, and the relative path when it is 0. */
static int
clean(const char *path, struct buf *rel)
{
	buf_reset(rel);
	return serve_path_clean(path, rel);
}

TEST(serve_path_ok)
{
	struct buf b = BUF_INIT;

	CHECK_INT(clean("/", &b), 0);
	CHECK_STR(b.ptr, "");
	CHECK_INT(clean("/index.html", &b), 0);
	CHECK_STR(b.ptr, "index.html");
	CHECK_INT(clean("/articles/why-peer-support.html", &b), 0);
	CHECK_STR(b.ptr, "articles/why-peer-support.html");
	CHECK_INT(clean("/articles/", &b), 0);
	CHECK_STR(b.ptr, "articles");
	CHECK_INT(clean("//articles//x.html", &b), 0);
	CHECK_STR(b.ptr, "articles/x.html");
	CHECK_INT(clean("/tags/caf%C3%A9.html?x=1#top", &b), 0);
	CHECK_STR(b.ptr, "tags/caf\xc3\xa9.html");
	CHECK_INT(clean("/a%20b.html", &b), 0);
	CHECK_STR(b.ptr, "a b.html");
	CHECK_INT(clean("/x.y..z/a...html", &b), 0);
	CHECK_STR(b.ptr, "x.y..z/a...html");
	buf_release(&b);
}

TEST(serve_path_traversal)
{
	static const char *const bad[] = {
		"/..", "/../etc/passwd", "/articles/../../etc/passwd",
		"/./index.html", "/articles/..", "/%2e%2e/etc/passwd",
		"/%2E%2E/%2e%2E/etc/passwd", "/.%2e/x", "/%2e./x",
		"/articles%2f..%2f..%2fetc%2fpasswd", "/a%2Fb",
		"/..%5c..%5cetc%5cpasswd", "/a\\b", "/..\\x",
		"/a%00b", "/index.html%00.css", "/a%0d%0aSet-Cookie:x",
		"/a%7fb", "/%", "/%2", "/%zz", "/%g0", "index.html",
		"", "http://evil/", "/c:/windows", "/a%3ab",
		"/%252e%252e/x.html%", NULL
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; bad[i] != NULL; i++) {
		int st = clean(bad[i], &b);

		if (st != 400 && st != 404)
			harness_fail(__FILE__, __LINE__, "'%s' gave %d (%s)",
			    bad[i], st, b.ptr);
		CHECK_STR(b.ptr, "");
	}
	buf_release(&b);
}

TEST(serve_path_hidden)
{
	struct buf b = BUF_INIT;

	CHECK_INT(clean("/.signpost-output", &b), 404);
	CHECK_INT(clean("/assets/.git/config", &b), 404);
	CHECK_INT(clean("/%2egit/config", &b), 404);
	/* A double-encoded dot-dot is a file literally named "%2e%2e". */
	CHECK_INT(clean("/%252e%252e/x", &b), 0);
	CHECK_STR(b.ptr, "%2e%2e/x");
	buf_release(&b);
}

TEST(serve_mime_types)
{
	CHECK_STR(serve_mime("index.html"), "text/html; charset=utf-8");
	CHECK_STR(serve_mime("a/b/site.webmanifest"),
	    "application/manifest+json");
	CHECK_STR(serve_mime("services/x.vcf"), "text/vcard; charset=utf-8");
	CHECK_STR(serve_mime("assets/icon.SVG"), "image/svg+xml");
	CHECK_STR(serve_mime("assets/js/search.js"),
	    "text/javascript; charset=utf-8");
	CHECK_STR(serve_mime("assets/style.css"), "text/css; charset=utf-8");
	CHECK_STR(serve_mime("data/hsds/services.json"), "application/json");
	CHECK_STR(serve_mime("sitemap.xml"), "application/xml");
	CHECK_STR(serve_mime("a.d/noext"), "application/octet-stream");
	CHECK_STR(serve_mime("README"), "application/octet-stream");
}

TEST(serve_inject_script)
{
	struct buf b = BUF_INIT;
	const char *h = "<html><head><title>x</title></HEAD><body></body>";

	serve_inject(&b, h, strlen(h), 7);
	CHECK_HAS(b.ptr, "<script src=\"/__signpost/reload.js?v=7\" defer>"
	    "</script>\n</HEAD>");
	buf_reset(&b);
	serve_inject(&b, "<p>no head", 10, 0);
	CHECK_HAS(b.ptr, "<p>no head<script");
	buf_release(&b);
}
