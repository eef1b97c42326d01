/* SPDX-License-Identifier: ISC */
/* Tests of search normalisation against the vectors shared with the JS twin. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "normalize.h"
#include "value.h"
#include "yamlload.h"

#ifndef VECTORS
#define VECTORS "tests/search/vectors.json"
#endif

static void
collect(const char *tok, size_t len, void *arg)
{
	struct buf *b = arg;

	if (b->len > 0)
		buf_putc(b, '|');
	buf_put(b, tok, len);
}

static char *
toks(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	norm_tokens(s, n, 1, collect, &b);
	return buf_detach(&b, NULL);
}

/* JSON is YAML: the shared vectors are read with our own loader. */
TEST(normalize_shared_vectors)
{
	struct value *doc;
	const struct value *vs, *v, *out;
	struct buf want = BUF_INIT;
	const char *in;
	char *got;
	size_t i, j, nfail = 0;

	doc = yamlload_file(VECTORS, "vectors.json", NULL, NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	vs = value_get(doc, "vectors");
	CHECK(value_len(vs) > 30);
	for (i = 0; i < value_len(vs); i++) {
		v = vs->list.items[i];
		in = value_get_str(v, "in", "");
		out = value_get(v, "out");
		buf_reset(&want);
		for (j = 0; j < value_len(out); j++) {
			if (j > 0)
				buf_putc(&want, '|');
			buf_puts(&want, value_str(out->list.items[j]));
		}
		got = toks(in, strlen(in));
		if (strcmp(got, want.ptr) != 0 && nfail++ < 10)
			harness_fail(__FILE__, __LINE__, "vector %zu '%s'\n"
			    "      got: %s\n     want: %s", i, in, got, want.ptr);
		free(got);
	}
	buf_release(&want);
	value_free(doc);
}

TEST(normalize_bad_bytes_never_crash)
{
	static const char bad[] = "ab\xff" "cd\xc3" "\xe2\x82" "x\xed\xa0\x80"
	    "y\xc0\xaf" "z\xf4\x90\x80\x80" "caf\xc3\xa9\xe4\xb8";
	char *got = toks(bad, sizeof(bad) - 1);
	struct buf b = BUF_INIT;
	size_t len;

	CHECK_STR(got, "ab|cd|x|y|z|cafe");
	free(got);
	CHECK_INT(norm_utf8_decode("\xe4\xb8", 2, &len), 0xFFFD);
	CHECK_INT(len, 1);
	CHECK_INT(norm_utf8_decode("\xf0\x9f\x98\x80", 4, &len), 0x1F600);
	CHECK_INT(len, 4);
	norm_utf8_clean(&b, "a\xffz\xc3\xa9", 5);
	CHECK_STR(b.ptr, "a\xef\xbf\xbdz\xc3\xa9");
	buf_release(&b);
}

TEST(normalize_stem_and_long_words)
{
	char t[] = "groups", u[] = "ies", w[] = "ZZ";
	char longw[200];
	char *got;

	CHECK_INT(norm_stem(t, 6), 5);
	CHECK_STR(t, "group");
	CHECK_INT(norm_stem(u, 3), 3);
	CHECK_INT(norm_stem(w, 2), 2);
	memset(longw, 'a', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	got = toks(longw, strlen(longw));
	CHECK_INT(strlen(got), NORM_TOKEN_MAX);
	free(got);
}

TEST(normalize_random_bytes)
{
	unsigned long r = 12345;
	char s[64];
	char *got;
	size_t i, k;

	for (i = 0; i < 5000; i++) {
		for (k = 0; k < sizeof(s); k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			s[k] = (char)(r >> 56);
		}
		got = toks(s, 1 + i % sizeof(s));
		CHECK(got != NULL);
		free(got);
	}
}

/*
 * With SIGNPOST_NORM_DUMP=in:out, tokenise each line of in and write the
 * tokens, '|'-separated, one line each, to out: the node tests compare
 * them with the JS twin on random text.
 */
TEST(normalize_dump)
{
	const char *spec = getenv("SIGNPOST_NORM_DUMP");
	char *in, *text = NULL, *line, *nl, *got;
	struct buf out = BUF_INIT;
	size_t len;

	if (spec == NULL || strchr(spec, ':') == NULL)
		return;
	in = strndup(spec, (size_t)(strchr(spec, ':') - spec));
	CHECK_INT(fs_read(in, &text, &len), 0);
	for (line = text; text != NULL && *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		got = toks(line, (size_t)(nl - line));
		buf_puts(&out, got);
		buf_putc(&out, '\n');
		free(got);
	}
	CHECK_INT(fs_write(strchr(spec, ':') + 1, out.ptr, out.len), 0);
	free(text);
	free(in);
	buf_release(&out);
}

/*
 * The tokeniser as first written, one code point at a time through the
 * public rules: norm_tokens, with its ASCII fast path and word built in
 * place, must give the same tokens for any input.
 */
static void
ref_emit(struct buf *out, struct buf *w, size_t *ncp, size_t *run,
    uint32_t prev)
{
	if (w->len > 0) {
		w->len = norm_stem(w->ptr, w->len);
		if (out->len > 0)
			buf_putc(out, '|');
		buf_put(out, w->ptr, w->len);
	} else if (*run == 1) {
		if (out->len > 0)
			buf_putc(out, '|');
		norm_utf8_put(out, prev);
	}
	buf_reset(w);
	*ncp = 0;
	*run = 0;
}

static char *
ref_toks(const char *s, size_t n)
{
	struct buf out = BUF_INIT, w = BUF_INIT;
	uint32_t o[2], prev = 0;
	size_t i = 0, len, nout, k, ncp = 0, run = 0;
	enum norm_class cls;

	while (i < n) {
		cls = norm_fold(norm_utf8_decode(s + i, n - i, &len), o, &nout);
		i += len;
		if (cls == NORM_IGNORE)
			continue;
		if (cls == NORM_SEP) {
			ref_emit(&out, &w, &ncp, &run, prev);
			continue;
		}
		if (cls == NORM_CJK) {
			if (w.len > 0)
				ref_emit(&out, &w, &ncp, &run, prev);
			if (run > 0) {
				if (out.len > 0)
					buf_putc(&out, '|');
				norm_utf8_put(&out, prev);
				norm_utf8_put(&out, o[0]);
			}
			prev = o[0];
			run++;
			continue;
		}
		if (run > 0)
			ref_emit(&out, &w, &ncp, &run, prev);
		for (k = 0; k < nout && ncp < NORM_TOKEN_MAX; k++) {
			norm_utf8_put(&w, o[k]);
			ncp++;
		}
	}
	ref_emit(&out, &w, &ncp, &run, prev);
	buf_release(&w);
	return buf_detach(&out, NULL);
}

TEST(normalize_fast_path_matches_reference)
{
	/* pieces of text a build meets, mixed at random */
	static const char *const parts[] = {
		"a", "Z", "s", "ies", "Groups", " ", ",", "'", "-", "9",
		"\xc3\xa9", "\xc3\x9f", "\xc3\x89", "\xc3\x86", "\xc2\xad",
		"\xe2\x80\x99", "\xe5\x8c\x97", "\xe4\xba\xac", "\xe3\x81\x82",
		"\xd8\xa7\xd9\x84", "\xd8\xb5", "\xd9\x8e", "\xcf\x82",
		"\xce\x86", "\xd0\x81", "\xff", "\xc3", "\xf0\x9f\x98\x80",
		"\xef\xbc\xa1", "\xe1\xba\x9e", "\t", "\n", "S", "sses", "us",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		/* lower-case runs about eight long, for the eight-byte step */
		"counselling", "abcdefgh", "support's", "xyz", "zz9", "a{b",
		"`a", "q@", "ab\x7f",
	};
	size_t np = sizeof(parts) / sizeof(parts[0]), i, k, nfail = 0;
	unsigned long r = 99;
	struct buf in = BUF_INIT;
	char *got, *want;

	for (i = 0; i < 4000; i++) {
		buf_reset(&in);
		for (k = 0; k < 1 + i % 40; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			buf_puts(&in, parts[(r >> 33) % np]);
		}
		got = toks(in.ptr, in.len);
		want = ref_toks(in.ptr, in.len);
		if (strcmp(got, want) != 0 && nfail++ < 5)
			harness_fail(__FILE__, __LINE__, "input '%s'\n"
			    "      got: %s\n     want: %s", in.ptr, got, want);
		free(got);
		free(want);
	}
	buf_release(&in);
}
