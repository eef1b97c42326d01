/* SPDX-License-Identifier: ISC */
/* Runs the official Mustache spec (YAML files) against our engine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "mustache.h"
#include "value.h"
#include "yamlload.h"

#define DEFAULT_DIR	"../shared/mustache-spec"

static const char *const files[] = {
	"comments.yml", "delimiters.yml", "interpolation.yml", "inverted.yml",
	"partials.yml", "sections.yml", "~dynamic-names.yml",
	"~inheritance.yml"
};

static void
show(const char *label, const char *s)
{
	printf("  %-9s", label);
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			fputs("\\n\n           ", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else
			putchar(*s);
	}
	putchar('\n');
}

/* Run one test; 0 if the output is as expected. */
static int
run_test(const char *file, const struct value *test)
{
	const struct value *partials = value_get(test, "partials");
	const char *tpl = value_get_str(test, "template", "");
	const char *want = value_get_str(test, "expected", "");
	const struct mus_tpl *t;
	struct mus_set *set = mus_set_new();
	struct buf out = BUF_INIT;
	char *msgs = NULL;
	size_t i, msglen = 0;
	FILE *cap;
	int rc = 0;

	cap = open_memstream(&msgs, &msglen);
	diag_set_stream(cap);
	if (partials != NULL && partials->type == VALUE_MAP)
		for (i = 0; i < partials->map.len; i++) {
			const struct value *p = partials->map.items[i].val;
			mus_set_add_string(set, partials->map.items[i].key,
			    p->str.ptr != NULL ? p->str.ptr : "",
			    p->type == VALUE_STRING ? p->str.len : 0);
		}
	mus_set_add_string(set, "(template)", tpl, strlen(tpl));
	if ((t = mus_get(set, "(template)")) == NULL ||
	    mus_render(t, value_get(test, "data"), &out) == -1 ||
	    strcmp(out.ptr, want) != 0)
		rc = -1;
	fclose(cap);
	diag_set_stream(NULL);
	if (rc == -1) {
		printf("FAIL %s: %s\n", file, value_get_str(test, "name", "?"));
		show("template", tpl);
		show("expected", want);
		show("got", out.ptr);
		if (msglen > 0)
			show("messages", msgs);
	}
	free(msgs);
	buf_release(&out);
	mus_set_free(set);
	return rc;
}

/*
 * For the fuzzer's seed corpus: each test's template, then a NUL and its
 * first partial, as one file per test in dir.
 */
static int
dump(const char *file, const struct value *tests, const char *dir,
    size_t *count)
{
	const struct value *t, *parts;
	struct buf b = BUF_INIT, path = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < value_len(tests); i++) {
		t = value_deref(tests->list.items[i]);
		buf_reset(&b);
		buf_puts(&b, value_get_str(t, "template", ""));
		parts = value_get(t, "partials");
		if (value_len(parts) > 0 && parts->type == VALUE_MAP &&
		    value_str(parts->map.items[0].val) != NULL) {
			buf_putc(&b, '\0');
			buf_puts(&b, value_str(parts->map.items[0].val));
		}
		buf_reset(&path);
		buf_printf(&path, "%s/%s-%zu", dir, file, i);
		if (fs_write(path.ptr, b.ptr, b.len) == -1)
			rc = diag_sys("cannot write '%s': %s", path.ptr,
			    strerror(errno));
		(*count)++;
	}
	buf_release(&b);
	buf_release(&path);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct yamlload_opts opts;
	const char *dir = DEFAULT_DIR, *dumpdir = NULL;
	const struct value *tests;
	struct value *doc;
	char *path;
	size_t f, i, pass, total, passed = 0, failed = 0;

	if (argc > 2 && strcmp(argv[1], "--dump-templates") == 0) {
		dumpdir = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc > 1)
		dir = argv[1];
	if (!fs_is_dir(dir)) {
		printf("mustache-spec: no spec folder '%s'; skipped\n", dir);
		printf("0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	memset(&opts, 0, sizeof(opts));
	opts.core_schema = 1;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		path = fs_join(dir, files[f]);
		doc = yamlload_file(path, files[f], &opts, NULL);
		free(path);
		tests = value_get(doc, "tests");
		if (tests == NULL || tests->type != VALUE_LIST) {
			printf("mustache-spec: %s: cannot load tests\n",
			    files[f]);
			failed++;
			value_free(doc);
			continue;
		}
		if (dumpdir != NULL) {
			if (dump(files[f], tests, dumpdir, &passed) == -1)
				failed++;
			value_free(doc);
			continue;
		}
		total = value_len(tests);
		for (i = pass = 0; i < total; i++)
			if (run_test(files[f], value_deref(
			    tests->list.items[i])) == 0)
				pass++;
		printf("mustache-spec: %s %zu/%zu\n", files[f], pass, total);
		passed += pass;
		failed += total - pass;
		value_free(doc);
	}
	if (dumpdir != NULL) {
		printf("mustache-spec: %zu templates written to %s\n", passed,
		    dumpdir);
		return failed > 0;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed > 0;
}
