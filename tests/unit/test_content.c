/* SPDX-License-Identifier: ISC */
/* Tests of loading articles: order of documents and of messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
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
	failed = content_load(NULL, dir, dir, "content/articles", "articles",
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

/*
 * A document taken from its stub reads its text when it is needed: the
 * bytes the stub was made from, or an error when the file changed since.
 */
TEST(doc_text_reads_the_stubbed_file_or_says_it_changed)
{
	static const char text[] = "---\ntitle: T\n---\nBody.\n";
	char *dir = harness_tmpdir(), path[4096];
	struct doc *d = calloc(1, sizeof(*d));

	put_file(dir, "a.md", text);
	snprintf(path, sizeof(path), "%s/a.md", dir);
	d->file = diag_file_at("content/articles/a.md", path);
	d->stub_path = strdup(path);
	d->len = sizeof(text) - 1;
	d->body_at = 17;
	d->body_len = 6;
	d->text_hash = cache_text_hash(d->file, "---\ntitle: U\n---\nBody.\n",
	    sizeof(text) - 1);
	harness_diag_capture();
	CHECK_INT(doc_text(d), -1);
	CHECK_HAS(harness_diag_text(), "content/articles/a.md: error: the file "
	    "changed while the site was being built");
	CHECK(d->text == NULL && d->body == NULL);
	/* Asked again (the page after the content check): told once. */
	CHECK_INT(doc_text(d), -1);
	CHECK(strstr(strstr(harness_diag_text(), "changed while") + 1,
	    "changed while") == NULL);
	d->text_hash = cache_text_hash(d->file, text, sizeof(text) - 1);
	CHECK_INT(doc_text(d), 0);
	CHECK_STR(d->body, "Body.\n");
	CHECK_INT(doc_text(d), 0);
	doc_free(d);
	free(dir);
}
