/* SPDX-License-Identifier: ISC */
/* Tests of loading articles: order of documents and of messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "harness.h"

static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/*
 * Files load on every core, yet documents come in folder order and the
 * messages of each file in the order they were made, files in order.
 */
TEST(content_load_keeps_folder_order)
{
	char *dir = harness_tmpdir(), name[64];
	struct doc **docs = NULL;
	size_t n = 0, i, failed;
	const char *t, *p1, *p2, *p3;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "a%02zu.md", i);
		put_file(dir, name, "---\ntitle: T\ndate: 2026-01-02\n---\nHi.\n");
	}
	/* Line 5 is reported before line 2 within the file: kept so. */
	put_file(dir, "b.md", "---\ndate: 2026-05-01\nupdated: 2026-01-01\n"
	    "colour: blue\n---\nBody.\n");
	put_file(dir, "c.md", "no front matter\n");
	harness_diag_capture();
	failed = content_load(dir, dir, "content/articles", "articles",
	    DOC_ARTICLE, 0, &docs, &n);
	CHECK_INT(failed, 2);
	CHECK_INT(n, 40);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "articles/a%02zu.md", i);
		CHECK_STR(docs[i]->rel, name);
	}
	t = harness_diag_text();
	p1 = strstr(t, "b.md:4:1: warning: unknown key 'colour'");
	p2 = strstr(t, "b.md:2:1: error: front matter has no 'title'");
	p3 = strstr(t, "c.md:1:1: error: no front matter");
	CHECK(p1 != NULL && p2 != NULL && p3 != NULL);
	CHECK(p1 < p2 && p2 < p3);
	for (i = 0; i < n; i++)
		doc_free(docs[i]);
	free(docs);
	free(dir);
}
