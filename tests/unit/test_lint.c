/* SPDX-License-Identifier: ISC */
/* Tests of signpost check: language rules, safe messaging, access, readability. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "lint.h"
#include "value.h"
#include "yamlload.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

#define RULES SRCDIR "/templates/rules/language.yml"

static struct lint_rules *
rules(const char *site_yaml)
{
	struct value *sc = NULL;
	struct lint_rules *r;

	if (site_yaml != NULL)
		sc = yamlload_parse(diag_file("site.yml", NULL, 0), site_yaml,
		    strlen(site_yaml), NULL);
	r = lint_rules_load(RULES, "templates/rules/language.yml", sc);
	value_free(sc);
	return r;
}

/* Split "---\n...\n---\n" front matter off text; returns the body. */
static const char *
split_front(const char *file, const char *text, struct value **fm,
    unsigned *offset)
{
	const char *end;
	struct yamlload_opts o;

	*fm = NULL;
	*offset = 0;
	if (strncmp(text, "---\n", 4) != 0 ||
	    (end = strstr(text + 4, "\n---\n")) == NULL)
		return text;
	memset(&o, 0, sizeof(o));
	o.line_offset = 1;
	*fm = yamlload_parse(file, text + 4, (size_t)(end + 1 - text - 4), &o);
	for (const char *p = text; p < end + 5; p++)
		*offset += *p == '\n';
	return end + 5;
}

/* Lint a Markdown file with front matter; "line:col rule" per line. */
static char *
lint_file(const struct lint_rules *r, const char *path, const char *name,
    struct lint_result *res)
{
	char *text = NULL;
	size_t len, i, n;
	struct value *fm;
	unsigned off;
	const char *f, *body;
	const struct diag_rec *recs;
	struct buf b = BUF_INIT;

	if (fs_read(path, &text, &len) == -1)
		return NULL;
	f = diag_file(name, text, len);
	body = split_front(f, text, &fm, &off);
	lint_markdown(r, f, body, len - (size_t)(body - text), off, fm, res);
	recs = diag_records(&n);
	for (i = 0; i < n; i++)
		if (recs[i].rule != NULL)
			buf_printf(&b, "%u:%u %s\n", recs[i].line, recs[i].col,
			    recs[i].rule);
	value_free(fm);
	diag_file_text(f, NULL, 0);
	free(text);
	return buf_detach(&b, NULL);
}

TEST(lint_rules_load_all_terms)
{
	struct lint_rules *r = rules(NULL);

	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK(lint_rules_nterms(r) >= 68);
	CHECK(lint_rules_max_grade(r) == 8);
	lint_rules_free(r);
}

TEST(lint_fixture_problems)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	char *got;

	harness_diag_capture();
	lint_result_init(&res);
	got = lint_file(r, SRCDIR "/tests/fixtures/lint/problems.md",
	    "content/articles/problems.md", &res);
	printf("%s\n---\n%s\n", got, harness_diag_text());
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
}
