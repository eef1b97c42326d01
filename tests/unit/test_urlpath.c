/* SPDX-License-Identifier: ISC */
/* Tests of relative links between output files and source paths. */
#include <stdlib.h>

#include "buf.h"
#include "harness.h"
#include "strmap.h"
#include "urlpath.h"

static void
resolve_is(const char *base, const char *rel, const char *want)
{
	char *got = urlpath_resolve(base, rel);

	if (want == NULL)
		CHECK(got == NULL);
	else
		CHECK_STR(got, want);
	free(got);
}

TEST(urlpath_resolve_sources)
{
	resolve_is("articles/a.md", "../pages/get-help.md", "pages/get-help.md");
	resolve_is("articles/a.md", "b.md", "articles/b.md");
	resolve_is("articles/a.md", "./b.md", "articles/b.md");
	resolve_is("articles/a.md", "../images/x/../y.svg", "images/y.svg");
	resolve_is("articles/a.md", "../../etc/passwd", NULL);
	resolve_is("a.md", "../x.md", NULL);
	resolve_is("articles/a.md", "/pages/b.md", "pages/b.md");
}

/* The buffer form: reset on each call, -1 when the path leaves the root. */
TEST(urlpath_resolve_buf_reuses_its_buffer)
{
	struct buf b = BUF_INIT;

	CHECK_INT(urlpath_resolve_buf(&b, "articles/a.html", "../tags/x.html"),
	    0);
	CHECK_STR(b.ptr, "tags/x.html");
	CHECK_INT(urlpath_resolve_buf(&b, "index.html", "./a/./b/../c.html"),
	    0);
	CHECK_STR(b.ptr, "a/c.html");
	CHECK_INT(urlpath_resolve_buf(&b, "a/b.html", "../.."), -1);
	CHECK_INT(urlpath_resolve_buf(&b, "a/b.html", "..x/y.html"), 0);
	CHECK_STR(b.ptr, "a/..x/y.html");
	CHECK_INT(urlpath_resolve_buf(&b, "a/b.html", ".."), 0);
	CHECK_STR(b.ptr, "");
	buf_release(&b);
}

static void
rel_is(const char *from, const char *to, const char *want)
{
	struct buf b = BUF_INIT;

	urlpath_rel(&b, from, to);
	CHECK_STR(b.ptr, want);
	buf_release(&b);
}

TEST(urlpath_relative_links)
{
	rel_is("articles/a.html", "about.html", "../about.html");
	rel_is("articles/a.html", "articles/b.html", "b.html");
	rel_is("index.html", "articles/b.html", "articles/b.html");
	rel_is("pl/articles/a.html", "articles/b.html", "../../articles/b.html");
	rel_is("pl/articles/a.html", "pl/about.html", "../about.html");
	rel_is("articles/a.html", "articles/a.html", "a.html");
	rel_is("art/a.html", "articles/b.html", "../articles/b.html");
}

TEST(strmap_grows_and_replaces)
{
	struct strmap m = STRMAP_INIT;
	char key[32];
	int i, v[500];

	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		v[i] = i;
		CHECK(strmap_put(&m, key, &v[i]) == NULL);
	}
	CHECK_INT(m.len, 500);
	CHECK(*(int *)strmap_get(&m, "k499") == 499);
	CHECK(strmap_put(&m, "k7", &v[8]) == &v[7]);
	CHECK(strmap_get(&m, "nope") == NULL);
	strmap_release(&m);
}
