/* SPDX-License-Identifier: ISC */
/* The records a build keeps for the next: Markdown memos, listing stubs. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "mdmemo.h"
#include "svcstub.h"
#include "valpack.h"
#include "value.h"
#include "yamlload.h"

/* A blob of two documents' records. */
static void
md_blob(struct buf *b)
{
	struct buf links = BUF_INIT;

	mdmemo_link(&links, "../pages/get-help.md#now", 0);
	mdmemo_link(&links, "../images/chairs.svg", 1);
	mdmemo_put(b, "content/articles/a.md", 42, 350, 1, links.ptr,
	    links.len);
	mdmemo_put(b, "content/pages/b.md", 7, 10, 0, NULL, 0);
	buf_release(&links);
}

TEST(mdmemo_round_trip)
{
	struct buf b = BUF_INIT;
	struct mdmemo *m;
	const struct mdmemo_rec *r;
	const char *p, *dest;
	int img;

	md_blob(&b);
	m = mdmemo_open(b.ptr, b.len);
	CHECK(m != NULL);
	r = mdmemo_get(m, "content/articles/a.md", 42);
	CHECK(r != NULL);
	CHECK_INT(r->words, 350);
	CHECK_INT(r->mention, 1);
	p = r->links;
	CHECK(mdmemo_next(&p, r->links + r->links_len, &dest, &img));
	CHECK_STR(dest, "../pages/get-help.md#now");
	CHECK_INT(img, 0);
	CHECK(mdmemo_next(&p, r->links + r->links_len, &dest, &img));
	CHECK_STR(dest, "../images/chairs.svg");
	CHECK_INT(img, 1);
	CHECK(!mdmemo_next(&p, r->links + r->links_len, &dest, &img));
	/* Other bytes than the record's: no record. */
	CHECK(mdmemo_get(m, "content/articles/a.md", 43) == NULL);
	CHECK(mdmemo_get(m, "content/articles/c.md", 42) == NULL);
	r = mdmemo_get(m, "content/pages/b.md", 7);
	CHECK(r != NULL && r->links_len == 0);
	mdmemo_free(m);
	buf_release(&b);
}

TEST(mdmemo_refuses_cut_and_mangled_blobs)
{
	struct buf b = BUF_INIT;
	struct mdmemo *m;
	size_t i, k;
	char *copy;

	md_blob(&b);
	/* Every cut short of the whole is refused or reads only what is whole. */
	for (i = 1; i < b.len; i++) {
		m = mdmemo_open(b.ptr, i);
		if (m != NULL)
			CHECK(mdmemo_get(m, "content/pages/b.md", 7) == NULL);
		mdmemo_free(m);
	}
	/* Any byte changed: no crash, whatever comes of it. */
	copy = malloc(b.len);
	for (i = 0; i < b.len; i++)
		for (k = 0; k < 4; k++) {
			memcpy(copy, b.ptr, b.len);
			copy[i] = (char)(k == 0 ? 0 : k == 1 ? 0xff :
			    k == 2 ? copy[i] ^ 1 : 0x80);
			mdmemo_free(mdmemo_open(copy, b.len));
		}
	free(copy);
	CHECK(mdmemo_open(NULL, 0) == NULL);
	buf_release(&b);
}

static const char listing[] =
	"name: Walk and Talk\n"
	"slug: walk-and-talk\n"
	"url: services/walk-and-talk.html\n"
	"is_listed: true\n"
	"crisis: true\n"
	"description: Not in a stub.\n"
	"access: [{key: drop-in, label: Drop in}]\n"
	"languages: [{code: en, name: English}]\n"
	"hours: {timezone: Europe/London, always: false, rows: [1, 2],\n"
	"  rules: [{days: [mo, tu], opens: '09:00', closes: '17:00',\n"
	"  label: Weekdays}]}\n"
	"contact: {email: a@b.example, phones: [{display: '020', href: "
	"'tel:020', type_label: Phone}]}\n";

TEST(svc_stub_keeps_what_a_rebuild_reads)
{
	struct value *svc, *stub;
	struct buf b = BUF_INIT;
	const unsigned char *p, *end;
	const struct value *h, *r;

	svc = yamlload_parse("walk.yml", listing, strlen(listing), NULL);
	CHECK(svc != NULL);
	svc_stub_put(&b, svc);
	p = (const unsigned char *)b.ptr;
	end = p + b.len;
	stub = svc_stub_get(&p, end, "walk.yml");
	CHECK(stub != NULL && p == end);
	CHECK_STR(stub->loc.file, "walk.yml");
	CHECK_STR(value_get_str(stub, "name", ""), "Walk and Talk");
	CHECK_STR(value_get_str(stub, "url", ""),
	    "services/walk-and-talk.html");
	CHECK(value_get(stub, "description") == NULL);
	CHECK_STR(value_get_str(value_get(stub, "access")->list.items[0],
	    "key", ""), "drop-in");
	CHECK(value_get(value_get(stub, "access")->list.items[0],
	    "label") == NULL);
	h = value_get(stub, "hours");
	CHECK_STR(value_get_str(h, "timezone", ""), "Europe/London");
	CHECK(value_get(h, "rows") == NULL);
	r = value_get(h, "rules")->list.items[0];
	CHECK_STR(value_get_str(r, "opens", ""), "09:00");
	CHECK(value_get(r, "label") == NULL);
	CHECK(value_get(value_get(stub, "contact"), "email") == NULL);
	CHECK(value_get(value_get(stub, "contact"), "phones") != NULL);
	value_free(stub);
	value_free(svc);
	buf_release(&b);
}

/*
 * Every cut of the n bytes at b reads as nothing (and leaves the place
 * as it was); many mangled bytes read without harm.
 */
static void
cut_and_mangle(const char *b, size_t n, struct value *(*get)(const unsigned
    char **, const unsigned char *))
{
	const unsigned char *p;
	unsigned char *copy;
	size_t i, k;

	for (i = 0; i < n; i++) {
		p = (const unsigned char *)b;
		CHECK(get(&p, p + i) == NULL);
		CHECK(p == (const unsigned char *)b);
	}
	copy = malloc(n);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			memcpy(copy, b, n);
			copy[i] = (unsigned char)(k == 0 ? 0 : k == 1 ? 0xff :
			    copy[i] ^ 1);
			p = copy;
			value_free(get(&p, copy + n));
		}
	free(copy);
}

static struct value *
svc_get(const unsigned char **p, const unsigned char *end)
{
	return svc_stub_get(p, end, "walk.yml");
}

static struct value *
front_get(const unsigned char **p, const unsigned char *end)
{
	return valpack_get(p, end, "a.md", 1);
}

TEST(svc_stub_refuses_cut_and_mangled_bytes)
{
	struct value *svc;
	struct buf b = BUF_INIT;

	svc = yamlload_parse("walk.yml", listing, strlen(listing), NULL);
	svc_stub_put(&b, svc);
	cut_and_mangle(b.ptr, b.len, svc_get);
	value_free(svc);
	buf_release(&b);
}

static const char front[] =
    "title: Help close to home\n"
    "date: 2026-10-02\n"
    "tags: [local support, peer support]\n"
    "draft: false\n"
    "lint: {allow: [grade]}\n"
    "image_alt: ~\n";

/*
 * An article's front matter kept for the next build: every value and
 * key with its line and column, so that a message about it names them.
 */
TEST(valpack_keeps_values_and_their_places)
{
	struct value *fm, *back;
	struct buf b = BUF_INIT;
	const unsigned char *p, *end;
	const struct value *v;
	const struct value_pair *kp;

	fm = yamlload_parse("a.md", front, strlen(front), NULL);
	CHECK(fm != NULL);
	valpack_put(&b, fm, 1);
	p = (const unsigned char *)b.ptr;
	end = p + b.len;
	back = valpack_get(&p, end, "a.md", 1);
	CHECK(back != NULL && p == end);
	CHECK_STR(value_get_str(back, "title", ""), "Help close to home");
	v = value_get(back, "tags");
	CHECK(v != NULL && v->type == VALUE_LIST && v->list.len == 2);
	CHECK_STR(value_str(v->list.items[1]), "peer support");
	CHECK_INT(v->list.items[1]->loc.line, 3);
	CHECK_INT(v->list.items[1]->loc.col, 23);
	v = value_get(back, "date");
	CHECK_STR(v->loc.file, "a.md");
	CHECK_INT(v->loc.line, 2);
	CHECK_INT(v->loc.col, 7);
	CHECK(value_get(back, "draft")->type == VALUE_BOOL);
	CHECK_INT(value_get(back, "draft")->loc.line, 4);
	CHECK(value_get(back, "image_alt")->type == VALUE_NULL);
	kp = &back->map.items[4];
	CHECK_STR(kp->key, "lint");
	CHECK_INT(kp->loc.line, 5);
	CHECK_INT(kp->loc.col, 1);
	CHECK_STR(value_str(value_get(value_get(back, "lint"), "allow")->
	    list.items[0]), "grade");
	value_free(back);
	value_free(fm);
	buf_release(&b);
}

TEST(valpack_refuses_cut_and_mangled_bytes)
{
	struct value *fm;
	struct buf b = BUF_INIT;

	fm = yamlload_parse("a.md", front, strlen(front), NULL);
	valpack_put(&b, fm, 1);
	cut_and_mangle(b.ptr, b.len, front_get);
	value_free(fm);
	buf_release(&b);
}
