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
