/* SPDX-License-Identifier: ISC */
/* Tests of the value tree and the YAML loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "harness.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

static struct value *
parse(const char *text)
{
	const char *f = diag_file("t.yml", text, strlen(text));

	return yamlload_parse(f, text, strlen(text), NULL);
}

TEST(value_map_order_and_replace)
{
	struct value *m = value_new(VALUE_MAP, NULL);

	value_map_set_str(m, "b", "1");
	value_map_set_str(m, "a", "2");
	value_map_set_str(m, "b", "3");
	CHECK_INT(m->map.len, 2);
	CHECK_STR(m->map.items[0].key, "b");
	CHECK_STR(value_get_str(m, "b", NULL), "3");
	CHECK(value_map_del(m, "b") == 0);
	CHECK(value_get(m, "b") == NULL);
	value_free(m);
}

TEST(value_ref_and_path)
{
	struct value *m = value_new(VALUE_MAP, NULL), *inner, *page;

	inner = value_map_set_take(m, "site", value_new(VALUE_MAP, NULL));
	value_map_set_str(inner, "title", "Hope");
	page = value_new(VALUE_MAP, NULL);
	value_map_set_take(page, "s", value_new_ref(inner));
	CHECK_STR(value_str(value_path(page, "s.title")), "Hope");
	CHECK(value_path(page, "s.missing") == NULL);
	value_free(page);	/* must not free what the ref points at */
	CHECK_STR(value_str(value_path(m, "site.title")), "Hope");
	value_free(m);
}

TEST(value_truthiness)
{
	struct value *v = value_new(VALUE_LIST, NULL);

	CHECK(!value_truthy(v));
	value_list_push_take(v, value_new_strz(""));
	CHECK(value_truthy(v));
	CHECK(value_truthy(v->list.items[0]));
	CHECK(!value_truthy(NULL));
	value_free(v);
}

TEST(yaml_scalars_stay_strings)
{
	struct value *v;

	harness_diag_capture();
	v = parse("phone: 020 7946 0000\nno: no\nzip: 01234\n"
	    "flag: true\nq: \"true\"\nempty:\ntilde: ~\n");
	CHECK(v != NULL);
	CHECK_STR(value_get_str(v, "phone", NULL), "020 7946 0000");
	CHECK_STR(value_get_str(v, "no", NULL), "no");
	CHECK_STR(value_get_str(v, "zip", NULL), "01234");
	CHECK_INT(value_get(v, "flag")->type, VALUE_BOOL);
	CHECK_INT(value_get(v, "q")->type, VALUE_STRING);
	CHECK_INT(value_get(v, "empty")->type, VALUE_NULL);
	CHECK_INT(value_get(v, "tilde")->type, VALUE_NULL);
	CHECK_INT(value_get(v, "zip")->loc.line, 3);
	CHECK_INT(value_get(v, "zip")->loc.col, 6);
	value_free(v);
}

TEST(yaml_core_schema_numbers)
{
	struct yamlload_opts o = { 0 };
	const char *t = "a: 1.210\nb: 0x10\nc: 42\nd: '1.210'\n";
	const char *f = diag_file("t.yml", t, strlen(t));
	struct value *v;

	o.core_schema = 1;
	v = yamlload_parse(f, t, strlen(t), &o);
	CHECK_STR(value_get_str(v, "a", NULL), "1.21");
	CHECK_STR(value_get_str(v, "c", NULL), "42");
	CHECK_STR(value_get_str(v, "d", NULL), "1.210");
	value_free(v);
}

TEST(yaml_duplicate_key_error_with_note)
{
	struct value *v;

	harness_diag_capture();
	v = parse("title: a\nsummary: b\ntitle: c\n");
	CHECK(v == NULL);
	CHECK_HAS(harness_diag_text(), "t.yml:3:1: error: duplicate key 'title'");
	CHECK_HAS(harness_diag_text(), "t.yml:1:1: note: 'title' was first set here");
	CHECK_INT(diag_errors(), 1);
}

TEST(yaml_syntax_error_position)
{
	struct value *v;

	harness_diag_capture();
	v = parse("a: 1\nb: [1, 2\nc: 3\n");
	CHECK(v == NULL);
	CHECK_HAS(harness_diag_text(), "t.yml:");
	CHECK_HAS(harness_diag_text(), ": error: ");
	CHECK_INT(diag_errors(), 1);
}

TEST(yaml_tab_hint)
{
	harness_diag_capture();
	CHECK(parse("a:\n\tb: 1\n") == NULL);
	CHECK_HAS(harness_diag_text(), "t.yml:2:1: error:");
	CHECK_HAS(harness_diag_text(), "not tabs");
}

TEST(yaml_anchors_refused)
{
	harness_diag_capture();
	CHECK(parse("a: &x 1\nb: *x\n") == NULL);
	CHECK_HAS(harness_diag_text(),
	    "t.yml:1:4: error: YAML anchors and aliases are not allowed");
}

TEST(yaml_depth_bounded)
{
	struct buf b = BUF_INIT;
	int i;

	harness_diag_capture();
	for (i = 0; i < 100; i++)
		buf_puts(&b, "[");
	CHECK(parse(b.ptr) == NULL);
	CHECK_HAS(harness_diag_text(), "nesting is deeper than 64 levels");
	buf_release(&b);
}

TEST(yaml_second_document_refused)
{
	harness_diag_capture();
	CHECK(parse("a: 1\n---\nb: 2\n") == NULL);
	CHECK_HAS(harness_diag_text(), "t.yml:2:1: error: only one YAML document");
}

TEST(yaml_empty_is_null)
{
	struct value *v = parse("");

	CHECK(v != NULL && v->type == VALUE_NULL);
	value_free(v);
}

TEST(diag_quotes_line_with_caret)
{
	const char *t = "name: x\nphnoe: 1\n";
	const char *f = diag_file("svc.yml", t, strlen(t));
	struct loc l = { f, 2, 1 };

	harness_diag_capture();
	diag_set_context(1);
	diag_error(&l, "unknown key '%s'", "phnoe");
	CHECK_HAS(harness_diag_text(),
	    "svc.yml:2:1: error: unknown key 'phnoe'\n     2 | phnoe: 1\n       | ^\n");
}

TEST(escape_html_and_url)
{
	struct buf b = BUF_INIT;

	esc_html(&b, "<a href=\"x\">&'", 14);
	CHECK_STR(b.ptr, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	buf_reset(&b);
	esc_url(&b, "a b/%20é?x=1&y=\"", strlen("a b/%20é?x=1&y=\""));
	CHECK_STR(b.ptr, "a%20b/%20%C3%A9?x=1&amp;y=%22");
	buf_reset(&b);
	esc_json(&b, "a\"\n</script>", 12);
	CHECK_STR(b.ptr, "a\\\"\\n<\\/script>");
	buf_release(&b);
}

/* Maps past VALUE_INDEX_MIN keys: lookups, replacement, removal, copy. */
TEST(value_map_index)
{
	struct value *m = value_new(VALUE_MAP, NULL), *c;
	char key[16], want[16];
	int i, ok = 0;

	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), "v%d", i);
		value_map_set_str(m, key, want);
	}
	value_map_set_str(m, "k7", "seven");
	CHECK_INT(m->map.len, 100);
	CHECK_STR(m->map.items[7].key, "k7");
	CHECK_STR(value_get_str(m, "k7", NULL), "seven");
	CHECK(value_get(m, "k100") == NULL);
	CHECK(value_getn(m, "k12", 2) == value_get(m, "k1"));
	CHECK(value_geth(m, "k42", 3, value_hash("k42", 3)) ==
	    value_get(m, "k42"));
	for (i = 0; i < 100; i += 2) {
		snprintf(key, sizeof(key), "k%d", i);
		CHECK(value_map_del(m, key) == 0);
	}
	CHECK_INT(m->map.len, 50);
	CHECK_STR(m->map.items[0].key, "k1");
	c = value_copy(m);
	value_free(m);
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), i == 7 ? "seven" : "v%d", i);
		if (i % 2 == 0 ? value_get(c, key) == NULL :
		    strcmp(value_get_str(c, key, ""), want) == 0)
			ok++;
	}
	CHECK_INT(ok, 100);
	while (c->map.len > 0)
		CHECK(value_map_del(c, c->map.items[0].key) == 0);
	CHECK(value_get(c, "k1") == NULL);
	value_map_set_str(c, "again", "yes");
	CHECK_STR(value_get_str(c, "again", NULL), "yes");
	value_free(c);
}

TEST(value_strings_inline_and_taken)
{
	struct value *v = value_new(VALUE_STRING, NULL), *c;
	char *s = strdup("taken");

	CHECK_STR(v->str.ptr, "");
	CHECK_INT(v->str.len, 0);
	value_free(v);
	v = value_new_str("abc\0def", 7, NULL);
	CHECK_INT(v->str.len, 7);
	CHECK(memcmp(v->str.ptr, "abc\0def", 8) == 0);
	c = value_copy(v);
	CHECK(memcmp(c->str.ptr, "abc\0def", 8) == 0);
	value_free(v);
	value_free(c);
	v = value_new_str_take(s, 5);
	CHECK_STR(value_str(v), "taken");
	c = value_copy(v);
	value_free(v);
	CHECK_STR(value_str(c), "taken");
	value_free(c);
	v = value_new_printf("%d-%s", 4, "x");
	CHECK_STR(value_str(v), "4-x");
	value_free(v);
}

/* Short keys live inside the pairs: they must follow the pairs as they move. */
TEST(value_map_keys_move_with_pairs)
{
	struct value *m = value_new(VALUE_MAP, NULL);
	char key[40];
	int i, ok = 0;

	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "%.*s%d", i % 20,
		    "a-rather-long-key-name", i);
		value_map_set_take(m, key, value_new_bool(1));
	}
	value_map_del(m, m->map.items[3].key);
	value_map_del(m, m->map.items[0].key);
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "%.*s%d", i % 20,
		    "a-rather-long-key-name", i);
		if ((i == 0 || i == 3) == (value_get(m, key) == NULL))
			ok++;
	}
	CHECK_INT(ok, 40);
	CHECK_STR(m->map.items[0].key, "a1");
	CHECK_STR(m->map.items[37].key, "a-rather-long-key-n39");
	value_free(m);
}

/* An empty map has no pair array: lookups and the first set must not touch it. */
TEST(value_empty_map_lookups)
{
	struct value *m = value_new(VALUE_MAP, NULL);

	CHECK(value_get(m, "x") == NULL);
	CHECK(value_pair_get(m, "x") == NULL);
	CHECK_INT(value_map_del(m, "x"), -1);
	value_map_set_str(m, "x", "1");
	CHECK_STR(value_get_str(m, "x", NULL), "1");
	value_free(m);
}

/* Key i of the block tests: every other one too long for kbuf. */
static void
block_key(char *key, size_t sz, int i)
{
	snprintf(key, sz, "%s%d", i % 2 ? "a-long-key-in-a-block-" : "k", i);
}

/* A tree built in a block and packed reads, grows and frees as any other. */
TEST(value_block_pack_and_change)
{
	struct value *m, *l, *big;
	char key[64];
	int i, ok = 0;

	value_block_begin(0);
	m = value_new(VALUE_MAP, NULL);
	big = value_map_set_take(m, "big", value_new(VALUE_MAP, NULL));
	for (i = 0; i < 21; i++) {
		block_key(key, sizeof(key), i);
		value_map_set_take(big, key, value_new_printf("v%d", i));
	}
	l = value_map_set_take(m, "list", value_new(VALUE_LIST, NULL));
	for (i = 0; i < 5; i++)
		value_list_push_take(l, value_new_str_take(xstrdup("taken"),
		    5));
	value_map_set_take(m, "gone", value_new_strz("x"));
	value_map_del(m, "gone");
	value_map_set_str(m, "s", "short");
	m = value_block_end(m);
	CHECK_INT(m->map.len, 3);
	CHECK_INT(value_len(value_get(m, "list")), 5);
	big = (struct value *)value_get(m, "big");
	for (i = 0; i < 21; i++) {
		block_key(key, sizeof(key), i);
		snprintf(key + 40, 20, "v%d", i);
		ok += strcmp(value_get_str(big, key, ""), key + 40) == 0;
	}
	CHECK_INT(ok, 21);
	/* Grow every packed array past its exact size, delete, replace. */
	for (i = 21; i < 70; i++) {
		block_key(key, sizeof(key), i);
		value_map_set_take(big, key, value_new_printf("v%d", i));
	}
	block_key(key, sizeof(key), 1);
	CHECK_INT(value_map_del(big, key), 0);
	block_key(key, sizeof(key), 3);
	value_map_set_str(big, key, "new");
	CHECK_STR(value_get_str(big, key, NULL), "new");
	for (ok = 0, i = 0; i < 70; i++) {
		block_key(key, sizeof(key), i);
		ok += (value_get(big, key) == NULL) == (i == 1);
	}
	CHECK_INT(ok, 70);
	l = (struct value *)value_get(m, "list");
	for (i = 0; i < 10; i++)
		value_list_push_take(l, value_new_strz("more"));
	CHECK_INT(value_len(l), 15);
	CHECK_STR(value_str(l->list.items[4]), "taken");
	value_map_set_str(m, "s", "replaced");
	value_map_set_str(m, "a-key-added-later-long", "y");
	CHECK_STR(value_get_str(m, "s", NULL), "replaced");
	value_free(m);
}

/* A block ended without a root, or with a scalar, leaves nothing behind. */
TEST(value_block_scalar_and_null)
{
	struct value *v;

	value_block_begin(0);
	value_free(value_new_strz("dropped"));
	CHECK(value_block_end(NULL) == NULL);
	value_block_begin(10);
	v = value_block_end(value_new_str("abc", 3, NULL));
	CHECK_STR(value_str(v), "abc");
	CHECK_INT(v->str.len, 3);
	value_free(v);
	value_block_begin(0);
	v = value_block_end(value_new(VALUE_LIST, NULL));
	value_list_push_take(v, value_new_bool(1));
	CHECK_INT(value_len(v), 1);
	value_free(v);
}

/*
 * value_prefetch asks for the allocation a node starts: it must not take
 * a node inside a packed tree or a block, or a shared boolean, for one
 * (AddressSanitizer reports a size asked of a pointer malloc never gave).
 */
TEST(value_prefetch_takes_any_node)
{
	struct value *m, *inner, *loose;

	value_prefetch(NULL);
	value_prefetch(value_bool_shared(1));
	value_block_begin(0);
	m = value_new(VALUE_MAP, NULL);
	inner = value_map_set_take(m, "inner", value_new(VALUE_MAP, NULL));
	value_map_set_str(inner, "k", "v");
	value_map_set_take(m, "yes", value_bool_shared(1));
	value_prefetch(m);
	value_prefetch(inner);		/* scratch, in the open block */
	m = value_block_end(m);
	value_prefetch(m);
	value_prefetch(value_get(m, "inner"));
	value_prefetch(value_get(value_get(m, "inner"), "k"));
	value_prefetch(value_get(m, "yes"));
	loose = value_new_strz("a node of its own");
	value_prefetch(loose);
	CHECK_STR(value_get_str(value_get(m, "inner"), "k", NULL), "v");
	CHECK_STR(value_str(loose), "a node of its own");
	value_free(loose);
	value_free(m);
}

/* A tree made before the block and put into it is copied and freed too. */
TEST(value_block_foreign_parts)
{
	struct value *outside = value_new(VALUE_LIST, NULL), *m;

	value_list_push_take(outside, value_new_strz("made outside"));
	value_block_begin(0);
	m = value_new(VALUE_MAP, NULL);
	value_map_set_take(m, "outside", outside);
	value_map_set_take(m, "taken", value_new_str_take(xstrdup("t"), 1));
	m = value_block_end(m);
	CHECK_STR(value_str(value_get(m, "outside")->list.items[0]),
	    "made outside");
	CHECK_STR(value_get_str(m, "taken", NULL), "t");
	value_free(m);
}

/* The shared booleans go into any tree, packed or not, and outlive it. */
TEST(value_bool_shared_in_trees)
{
	struct value *m = value_new(VALUE_MAP, NULL), *c;

	value_map_set_take(m, "yes", value_bool_shared(1));
	value_block_begin(0);
	c = value_new(VALUE_LIST, NULL);
	value_list_push_take(c, value_bool_shared(0));
	value_list_push_take(c, value_new_bool(1));
	c = value_block_end(c);
	CHECK(c->list.items[0] == value_bool_shared(0));
	CHECK(value_truthy(c->list.items[1]));
	value_map_set_take(m, "list", c);
	value_map_set_take(m, "yes", value_bool_shared(0));
	CHECK(!value_get_bool(m, "yes", 1));
	c = value_copy(m);
	CHECK(value_get(c, "yes") != value_bool_shared(0));
	CHECK(!value_get_bool(c, "yes", 1));
	value_free(c);
	value_free(m);
	value_block_begin(0);
	CHECK(value_block_end(value_bool_shared(1)) == value_bool_shared(1));
	CHECK(value_get_bool(NULL, "x", 1));
}
