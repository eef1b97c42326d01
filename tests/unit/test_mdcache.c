/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "markdown.h"
#include "mdcache.h"
#include "xalloc.h"

/* Resolves "a.md" to "a.html", "gone.md" fails, the rest is kept. */
static char *
fake_probe(void *arg, const char *dest, int is_image, int *failed)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(dest, "a.md") == 0)
		return xstrdup(is_image ? "a.png" : "a.html");
	if (strcmp(dest, "gone.md") == 0)
		*failed = 1;
	return NULL;
}

static void
sample(struct buf *b, const char *href_of_a)
{
	struct md_doc d;
	struct mdc_calls c = { NULL, 0, 0 };

	memset(&d, 0, sizeof(d));
	buf_puts(&d.text, "Some words here.\n");
	d.words = 3;
	d.nlinks = 1;
	d.links = xcalloc(1, sizeof(*d.links));
	d.links[0].href = xstrdup("a.html");
	d.links[0].loc.line = 7;
	d.links[0].loc.col = 3;
	mdc_calls_add(&c, "a.md", 0, href_of_a);
	mdc_calls_add(&c, "#top", 0, NULL);
	mdc_pack(b, &d, 1, 0x1234, &c);
	mdc_calls_release(&c);
	md_doc_release(&d);
}

TEST(mdcache_round_trip)
{
	struct buf b = BUF_INIT;
	struct md_doc d;
	uint64_t h = 0;
	int m = 0, calls = 0;

	sample(&b, "a.html");
	memset(&d, 0, sizeof(d));
	CHECK_INT(mdc_unpack(b.ptr, b.len, "f.md", fake_probe, &calls, &d,
	    &m, &h), 0);
	CHECK_INT(calls, 2);
	CHECK(d.text.ptr == NULL);
	CHECK_INT((int)d.words, 3);
	CHECK_INT(m, 1);
	CHECK(h == 0x1234);
	CHECK_INT((int)d.nlinks, 1);
	CHECK_STR(d.links[0].href, "a.html");
	CHECK_STR(d.links[0].loc.file, "f.md");
	CHECK_INT((int)d.links[0].loc.line, 7);
	CHECK_INT((int)d.links[0].loc.col, 3);
	md_doc_release(&d);
	buf_release(&b);
}

TEST(mdcache_link_resolving_otherwise_is_a_miss)
{
	struct buf b = BUF_INIT;
	struct md_doc d;
	uint64_t h = 0;
	int m = 0, calls = 0;

	sample(&b, "elsewhere/a.html");
	memset(&d, 0, sizeof(d));
	CHECK_INT(mdc_unpack(b.ptr, b.len, "f.md", fake_probe, &calls, &d,
	    &m, &h), -1);
	CHECK(d.text.ptr == NULL && d.links == NULL);
	buf_release(&b);
}

TEST(mdcache_short_or_long_bytes_are_a_miss)
{
	struct buf b = BUF_INIT;
	struct md_doc d;
	uint64_t h = 0;
	size_t n;
	int m = 0, calls = 0;

	sample(&b, "a.html");
	for (n = 0; n < b.len; n++) {
		memset(&d, 0, sizeof(d));
		CHECK_INT(mdc_unpack(b.ptr, n, "f.md", fake_probe, &calls, &d,
		    &m, &h), -1);
	}
	buf_putc(&b, 'x');
	CHECK_INT(mdc_unpack(b.ptr, b.len, "f.md", fake_probe, &calls, &d,
	    &m, &h), -1);
	buf_release(&b);
}
