/* SPDX-License-Identifier: ISC */
/* The YAML subset read without libyaml: the same trees, or it declines. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "value.h"
#include "yamlfast.h"
#include "yamlload.h"

/* Every node with its type, loc and text; keys with their loc. */
static void
dump(struct buf *b, const struct value *v)
{
	size_t i;

	buf_printf(b, "%d@%u:%u", v->type, v->loc.line, v->loc.col);
	switch (v->type) {
	case VALUE_STRING:
		buf_printf(b, "[%s]\n", v->str.ptr);
		break;
	case VALUE_BOOL:
		buf_printf(b, "%d\n", v->boolean);
		break;
	case VALUE_LIST:
		buf_puts(b, "[\n");
		for (i = 0; i < v->list.len; i++)
			dump(b, v->list.items[i]);
		buf_puts(b, "]\n");
		break;
	case VALUE_MAP:
		buf_puts(b, "{\n");
		for (i = 0; i < v->map.len; i++) {
			buf_printf(b, "%s@%u:%u ", v->map.items[i].key,
			    v->map.items[i].loc.line, v->map.items[i].loc.col);
			dump(b, v->map.items[i].val);
		}
		buf_puts(b, "}\n");
		break;
	default:
		buf_puts(b, "\n");
		break;
	}
}

/*
 * text read here and by libyaml (the core schema keeps yamlload_parse
 * off this reader; the inputs hold no numbers it would rewrite).
 */
static int
same_as_libyaml(const char *text, unsigned offset)
{
	const char *f = diag_file("fast.yml", text, strlen(text));
	struct yamlload_opts o;
	struct value *a, *b;
	struct buf da = BUF_INIT, db = BUF_INIT;
	int same;

	memset(&o, 0, sizeof(o));
	o.core_schema = 1;
	o.line_offset = offset;
	a = yamlfast_parse(f, text, strlen(text), offset, 64);
	b = yamlload_parse(f, text, strlen(text), &o);
	if (a == NULL || b == NULL) {
		value_free(a);
		value_free(b);
		return 0;
	}
	dump(&da, a);
	dump(&db, b);
	same = strcmp(da.ptr, db.ptr) == 0;
	if (!same)
		fprintf(stderr, "fast:\n%slibyaml:\n%s", da.ptr, db.ptr);
	buf_release(&da);
	buf_release(&db);
	value_free(a);
	value_free(b);
	return same;
}

static int
declines(const char *text)
{
	struct value *v = yamlfast_parse("t.yml", text, strlen(text), 0, 64);

	value_free(v);
	return v == NULL;
}

TEST(yamlfast_listing)
{
	CHECK(same_as_libyaml(
	    "name: \"Riverside Peer Support\"\n"
	    "status: active\n"
	    "categories: [peer-support, youth]\n"
	    "summary: Weekly groups, for anyone; just come.\n"
	    "description: |\n"
	    "  First paragraph, with: a colon.\n"
	    "\n"
	    "    indented # not a comment\n"
	    "  last line\n"
	    "\n"
	    "\n"
	    "# a comment\n"
	    "organization:\n"
	    "  name: 'Riverside''s Trust'\n"
	    "  website: https://example.org/a?b=c\n"
	    "ages: {min: eighteen, max: ~}\n"
	    "contact:\n"
	    "  phones:\n"
	    "    - {number: \"020 7946 0440\", type: voice}\n"
	    "    - number: \"07700 900666\"\n"
	    "      type: text\n"
	    "locations:\n"
	    "- name: Caf\xc3\xa9 \xe2\x80\x9cHub\xe2\x80\x9d\n"
	    "  geo: {lat: north, lon: west}\n"
	    "  accessibility: []\n"
	    "crisis: false\n"
	    "alert: |-\n"
	    "  no final newline\n"
	    "note: null\n", 0));
}

TEST(yamlfast_front_matter_lines)
{
	/* Front matter starts below its '---': lines move, columns do not. */
	CHECK(same_as_libyaml("title: \xc3\xa9t\xc3\xa9 \"x\"\ntags: [a, "
	    "\xc3\xa9, c]\ndate: today\n", 1));
	CHECK(same_as_libyaml("a: |\n  x", 3));
}

TEST(yamlfast_declines)
{
	CHECK(declines(""));
	CHECK(declines("- a\n- b\n"));
	CHECK(declines("a: 1\na: 2\n"));		/* libyaml reports it */
	CHECK(declines("a: {x: 1, x: 2}\n"));
	CHECK(declines("a: &x 1\nb: *x\n"));
	CHECK(declines("a: \"tab\\there\"\n"));
	CHECK(declines("a:\tb\n"));
	CHECK(declines("a: 1\r\n"));
	CHECK(declines("a: b\n  continued\n"));
	CHECK(declines("a: x: y\n"));
	CHECK(declines("a: x # comment\n"));
	CHECK(declines("a: >\n  folded\n"));
	CHECK(declines("a: |+\n  kept\n\n"));
	CHECK(declines("a:\n"));
	CHECK(declines("a: [x,\n  y]\n"));
	CHECK(declines("a: [x,]\n"));
	CHECK(declines("a: {u: http://x}\n"));
	CHECK(declines("a: 1\n---\nb: 2\n"));
	CHECK(declines("\xef\xbb\xbf" "a: 1\n"));
	CHECK(declines("a: \xc3\x28\n"));		/* not UTF-8 */
	CHECK(declines("a:\n  b: 1\n c: 2\n"));
	CHECK(declines("a:\n  - x\n  y: 1\n"));
}

TEST(yamlfast_depth)
{
	const char *t = "a: [[x]]\n";
	struct value *v;

	CHECK((v = yamlfast_parse("t.yml", t, strlen(t), 0, 3)) == NULL);
	CHECK((v = yamlfast_parse("t.yml", t, strlen(t), 0, 4)) != NULL);
	value_free(v);
}

TEST(yamlfast_errors_still_from_libyaml)
{
	const char *t = "name: a\nname: b\n";
	const char *f = diag_file("dup.yml", t, strlen(t));

	harness_diag_capture();
	CHECK(yamlload_parse(f, t, strlen(t), NULL) == NULL);
	CHECK_HAS(harness_diag_text(), "dup.yml:2:1: error: duplicate key "
	    "'name'");
}
