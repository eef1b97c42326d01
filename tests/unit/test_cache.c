/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "output.h"
#include "site.h"
#include "value.h"

static int
has(const char *h, size_t len, const char *n)
{
	size_t i, k = strlen(n);

	for (i = 0; i + k <= len; i++)
		if (memcmp(h + i, n, k) == 0)
			return 1;
	return 0;
}

/* A cache as a build writes it: two inputs, a warning, two files. */
static char *
sample(size_t *lenp)
{
	struct build_opts o;
	struct cache *c;
	struct out out;
	char *dir = harness_tmpdir(), *src, *outdir, *p, *text = NULL;
	char **names;
	const char *f;
	struct loc l;
	size_t mark;

	memset(&o, 0, sizeof(o));
	src = fs_join(dir, "site");
	outdir = fs_join(dir, "out");
	fs_mkdirs(src);
	p = fs_join(src, "site.yml");
	fs_write(p, "title: x\n", 9);
	o.srcdir = src;
	o.outdir = outdir;
	c = cache_open(&o);
	cache_record(c, 1);
	CHECK(fs_read(p, &text, lenp) == 0);
	free(text);
	names = fs_list(src, NULL);
	fs_names_free(names);
	harness_diag_capture();
	f = diag_file("content/a.md", NULL, 0);
	l.file = f;
	l.line = 2;
	l.col = 3;
	mark = cache_diag_mark();
	diag_rule(DIAG_WARNING, &l, "language/x", "say '%s'", "y");
	cache_lint_keep(c, f, cache_text_hash(f, "abc", 3), 0, 1, mark);
	CHECK(out_open(&out, outdir, src, 0) == 0);
	cache_attach(c, &out);
	CHECK(out_write(&out, "index.html", "<p>hi</p>", 9) == 0);
	cache_write(c, &out, NULL);
	free(p);
	p = fs_join(out.stage, CACHE_FILE);
	CHECK(fs_read(p, &text, lenp) == 0);
	out_abort(&out);
	out_release(&out);
	cache_free(c);
	diag_reset();
	free(p);
	free(src);
	free(outdir);
	free(dir);
	return text;
}

TEST(cache_parses_what_it_writes)
{
	size_t len;
	char *t = sample(&len);

	CHECK(t != NULL);
	if (t == NULL)
		return;
	CHECK_INT(cache_parse_check(t, len), 0);
	CHECK(has(t, len, "site.yml"));
	CHECK(has(t, len, "language/x"));
	free(t);
}

TEST(cache_rejects_every_truncation_and_flip)
{
	size_t len, i;
	char *t = sample(&len), *copy;

	if (t == NULL)
		return;
	for (i = 0; i < len; i++)
		CHECK_INT(cache_parse_check(t, i), -1);
	copy = malloc(len);
	for (i = 0; i < len; i++) {
		memcpy(copy, t, len);
		copy[i] ^= 0x20;
		CHECK_INT(cache_parse_check(copy, len), -1);
	}
	free(copy);
	free(t);
}

TEST(cache_survives_noise)
{
	unsigned char b[512];
	unsigned x = 12345;
	size_t i, n;

	/* Random bytes behind a valid magic: never a crash, never a cache. */
	for (n = 0; n < 300; n++) {
		for (i = 0; i < sizeof(b); i++) {
			x = x * 1103515245u + 12345u;
			b[i] = (unsigned char)(x >> 16);
		}
		memcpy(b, "SPCACHE\n\3\0\0\0", 12);
		CHECK_INT(cache_parse_check(b, 12 + n % 500), -1);
	}
	CHECK_INT(cache_parse_check("", 0), -1);
}

/*
 * cache_tree_hash as it was first written: every tag, length, key and
 * string hashed as it comes.  The build cache keeps these hashes from one
 * build to the next, so however the bytes are gathered, the hash must stay.
 */
static void
piece_num(struct out_hasher *x, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	out_hash_more(x, b, 8);
}

static void
piece_put(struct out_hasher *x, const struct value *v)
{
	size_t i;
	char c;

	v = value_deref(v);
	c = v == NULL ? 'n' : v->type == VALUE_BOOL ? (v->boolean ? 't' :
	    'f') : v->type == VALUE_STRING ? 's' : v->type == VALUE_LIST ?
	    'l' : v->type == VALUE_MAP ? 'm' : 'n';
	out_hash_more(x, &c, 1);
	if (v == NULL)
		return;
	switch (v->type) {
	case VALUE_STRING:
		piece_num(x, v->str.len);
		out_hash_more(x, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		piece_num(x, v->list.len);
		for (i = 0; i < v->list.len; i++)
			piece_put(x, v->list.items[i]);
		break;
	case VALUE_MAP:
		piece_num(x, v->map.len);
		for (i = 0; i < v->map.len; i++) {
			piece_num(x, v->map.items[i].keylen);
			out_hash_more(x, v->map.items[i].key,
			    v->map.items[i].keylen);
			piece_put(x, v->map.items[i].val);
		}
		break;
	default:
		break;
	}
}

TEST(cache_tree_hash_is_the_hash_of_its_pieces)
{
	struct value *m = value_new(VALUE_MAP, NULL), *l;
	struct out_hasher x;
	char key[40], *big;
	size_t i, bad = 0, len;

	for (len = 0; len < 1400; len += 37) {
		/* strings across the gathering buffer's size and half of it */
		big = malloc(len + 1);
		memset(big, 'a' + (int)(len % 26), len);
		big[len] = '\0';
		snprintf(key, sizeof(key), "key-%zu", len);
		value_map_set_take(m, key, value_new_str(big, len, NULL));
		free(big);
		l = value_map_set_take(m, "list", value_new(VALUE_LIST, NULL));
		for (i = 0; i < len % 7; i++)
			value_list_push_take(l, value_new_bool(i & 1));
		out_hash_start(&x, 0);
		piece_put(&x, m);
		bad += out_hash_end(&x) != cache_tree_hash(m);
	}
	CHECK_INT(bad, 0);
	CHECK(cache_tree_hash(m) != cache_tree_hash(l));
	value_free(m);
}
