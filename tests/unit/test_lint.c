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
#include "markdown.h"
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

/* Every problem in the fixture, at its line and column, with its rule. */
TEST(lint_fixture_problems)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	char *got;
	size_t i;
	int victim = 0;

	harness_diag_capture();
	lint_result_init(&res);
	got = lint_file(r, SRCDIR "/tests/fixtures/lint/problems.md",
	    "content/articles/problems.md", &res);
	CHECK_STR(got,
	    "2:8 language/suicide-reporting\n"
	    "2:38 safe-messaging/method-in-headline\n"
	    "3:12 language/slur\n"
	    "4:1 lint/silence\n"
	    "5:1 a11y/image-alt\n"
	    "7:23 language/suicide-reporting\n"
	    "8:57 language/slur\n"
	    "10:26 safe-messaging/sensational-headline\n"
	    "12:8 language/pity-framing\n"
	    "13:1 language/treatment-colloquial\n"
	    "13:53 language/substance-use\n"
	    "21:33 lint/silence\n"
	    "23:1 a11y/heading-order\n"
	    "25:1 a11y/image-alt\n"
	    "27:1 a11y/image-alt\n"
	    "28:1 a11y/image-alt\n"
	    "31:13 a11y/link-text\n"
	    "31:48 a11y/link-text\n"
	    "32:50 a11y/link-text\n"
	    "35:1 a11y/capitals\n"
	    "37:1 a11y/table-headers\n"
	    "41:5 safe-messaging/method-in-headline\n"
	    "41:21 safe-messaging/method-in-headline\n");
	CHECK_HAS(harness_diag_text(), "content/articles/problems.md:7:23: "
	    "warning: 'committed suicide' can stigmatise; prefer 'died by "
	    "suicide' [language/suicide-reporting]");
	CHECK(res.mentions_suicide);
	CHECK_INT(res.silenced, 3);	/* mad, nutter, bonkers */
	CHECK_INT(res.errors, 0);
	CHECK_INT(res.warnings, 23);
	/* Info findings are kept but not printed by default. */
	for (i = 0; i < res.len; i++)
		if (res.items[i].line == 43 && res.items[i].col == 35 &&
		    strcmp(res.items[i].rule, "language/pity-framing") == 0)
			victim = 1;
	CHECK(victim);
	CHECK(strstr(harness_diag_text(), ":43:") == NULL);
	CHECK(res.has_readability && res.read.words > 50);
	CHECK(strstr(res.plain, "crazy` code") == NULL);
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
}

static char *
lint_text(const struct lint_rules *r, const char *md, struct lint_result *res)
{
	const char *f = diag_file("t.md", md, strlen(md));
	const struct diag_rec *recs;
	struct buf b = BUF_INIT;
	size_t i, n;

	diag_reset();
	f = diag_file("t.md", md, strlen(md));
	lint_markdown(r, f, md, strlen(md), 0, NULL, res);
	recs = diag_records(&n);
	for (i = 0; i < n; i++)
		if (recs[i].rule != NULL)
			buf_printf(&b, "%u:%u %s %s\n", recs[i].line,
			    recs[i].col, recs[i].rule, recs[i].msg);
	return buf_detach(&b, NULL);
}

TEST(lint_inflections_and_case)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	char *got;

	harness_diag_capture();
	lint_result_init(&res);
	got = lint_text(r, "She COMMITS suicide.\nHe was committing "
	    "suicide.\nThey commited suicide.\nTo commit suicide.\n", &res);
	CHECK_HAS(got, "1:5 language/suicide-reporting 'COMMITS suicide'");
	CHECK_HAS(got, "2:8 language/suicide-reporting 'committing suicide'");
	CHECK_HAS(got, "3:6 language/suicide-reporting");
	CHECK_HAS(got, "4:4 language/suicide-reporting");
	free(got);
	/* Word bounds: no match inside longer words or compounds. */
	got = lint_text(r, "Psychotherapy and psycho-education help.\n"
	    "Schizophrenia is treatable. Madrid is warm.\n", &res);
	CHECK_STR(got, "");
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
}

TEST(lint_silence_line_before_and_reason)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	char *got;

	harness_diag_capture();
	lint_result_init(&res);
	got = lint_text(r, "<!-- signpost: allow 'psycho' because a film "
	    "title -->\nWe watched Psycho.\n\nA psycho.\n", &res);
	CHECK_STR(got, "4:3 language/slur 'psycho' can stigmatise (remove; "
	    "describe behaviour factually)\n");
	free(got);
	got = lint_text(r, "A junkie. <!-- signpost: allow junkie -->\n",
	    &res);
	CHECK_STR(got, "1:11 lint/silence silencing 'junkie' needs a "
	    "reason; add 'because ...'\n");
	free(got);
	got = lint_text(r, "<!-- signpost: hush -->\n", &res);
	CHECK_HAS(got, "1:1 lint/silence unknown signpost comment");
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
}

TEST(lint_site_check_overrides)
{
	struct lint_rules *r = rules("categories: {slur: off}\n"
	    "severity: {committed suicide: error}\n"
	    "info: true\nmax_grade: 3\n"
	    "terms:\n  - {term: sufferer, category: pity-framing, "
	    "prefer: person with, inflect: noun}\n");
	struct lint_result res;
	char *got;

	CHECK(r != NULL);
	if (r == NULL)
		return;
	harness_diag_capture();
	lint_result_init(&res);
	got = lint_text(r, "A crazy nutter. Two sufferers met.\n\n"
	    "He committed suicide. He stayed clean for two years.\n\n"
	    "Notwithstanding considerable organisational difficulties, "
	    "the administration implemented comprehensive improvements "
	    "immediately, consolidating international partnerships and "
	    "establishing sustainable infrastructure.\n", &res);
	CHECK(strstr(got, "language/slur") == NULL);
	CHECK_HAS(got, "1:21 language/pity-framing 'sufferers'");
	CHECK_HAS(got, "3:4 language/suicide-reporting");
	CHECK_HAS(got, "3:33 language/substance-use 'clean'");
	CHECK_HAS(got, "1:0 readability/grade reading grade");
	CHECK_HAS(harness_diag_text(), "t.md:3:33: note: 'clean'");
	CHECK_HAS(harness_diag_text(), "t.md:3:4: error: 'committed");
	CHECK_INT(res.errors, 1);
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
	harness_diag_capture();
	r = rules("categories: {slur: loud}\n");
	CHECK(r == NULL);
	CHECK_HAS(harness_diag_text(), "unknown severity 'loud'");
}

TEST(lint_context_words)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	char *got;

	harness_diag_capture();
	lint_result_init(&res);
	got = lint_text(r, "Drink clean water. She has been clean for a "
	    "year.\n\nHe suffers from hay fever. He suffers from severe "
	    "anxiety.\n\nThe weather is so bipolar. Bipolar disorder is "
	    "common.\n", &res);
	free(got);
	CHECK_INT(res.len, 3);
	if (res.len == 3) {
		CHECK_INT(res.items[0].col, 33);	/* clean for a year */
		CHECK_STR(res.items[1].text, "suffers from");
		CHECK_INT(res.items[1].col, 31);
		CHECK_INT(res.items[2].col, 19);	/* so bipolar */
	}
	lint_result_release(&res);
	lint_rules_free(r);
}

TEST(lint_listing_checks)
{
	struct lint_rules *r = rules(NULL);
	const char *y = "name: Riverside Group\nsummary: Help for addicts.\n"
	    "description: |\n  We meet on Tuesdays. Nobody is a nutter here.\n"
	    "contact: {}\nverified: 2024-01-10\n";
	const char *f = diag_file("content/services/riverside.yml", y,
	    strlen(y));
	struct value *v = yamlload_parse(f, y, strlen(y), NULL);
	struct lint_result res;

	harness_diag_capture();
	lint_result_init(&res);
	lint_listing(r, f, v, &res);
	/* services.c owns these two warnings: no second copy from lint. */
	CHECK(strstr(harness_diag_text(), "no way to contact") == NULL);
	CHECK(strstr(harness_diag_text(), "last verified") == NULL);
	CHECK_HAS(harness_diag_text(), "riverside.yml:1:1: warning: listing "
	    "has no opening hours");
	CHECK_HAS(harness_diag_text(), "riverside.yml:4:36: warning: 'nutter'");
	CHECK_HAS(harness_diag_text(), "[language/slur]");
	CHECK_HAS(harness_diag_text(), "riverside.yml:2:19: warning: "
	    "'addicts'");
	CHECK_INT(res.warnings, 3);
	lint_result_release(&res);
	value_free(v);
	lint_rules_free(r);
}

TEST(lint_readability_counts)
{
	struct lint_readability rd;
	const char *t = "The cat sat on the mat. It was happy!\n\n"
	    "A heading without a stop\n\nSee https://example.org now.";

	lint_readability(t, strlen(t), &rd);
	CHECK_INT(rd.sentences, 4);
	CHECK_INT(rd.words, 16);
	CHECK(rd.fk_grade < 3);
	CHECK(rd.flesch > 90);
	CHECK(rd.smog > 3);
}

/*
 * Chunk counts come from a per-thread table: the same text gives the
 * same counts first, again, and after the table was emptied; chunks too
 * long for the table are counted too.  Counts as before the table.
 */
TEST(lint_readability_table)
{
	const char *t = "Everyone's recipe: quietly studying psychology, "
	    "well-being and self-care! The troubled theatre-goers argued. "
	    "Extraordinarily-long-hyphenated-compound-words-here are rare? "
	    "See https://example.org/a-b or help@example.org.\n\n"
	    "Caf\xc3\xa9 na\xc3\xafve Zo\xc3\xab \xc3\xbc" "ber-cool (e.g. "
	    "this) 3.5 and/or x/y.\n\n"
	    "\xe2\x80\x9c" "Are you okay?\xe2\x80\x9d asked Sam. Yes. "
	    "Rhythm queue pioneer.";
	struct lint_readability a, b;
	struct buf many = BUF_INIT;
	size_t i;

	lint_readability(t, strlen(t), &a);
	CHECK_INT(a.words, 34);
	CHECK_INT(a.sentences, 8);
	CHECK_INT(a.syllables, 76);
	CHECK_INT(a.polysyllables, 11);
	lint_readability(t, strlen(t), &b);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	/* More distinct words than the table holds. */
	for (i = 0; i < 10000; i++)
		buf_printf(&many, "w%zuzy ", i);
	lint_readability(many.ptr, many.len, &b);
	CHECK_INT(b.words, 10000);
	lint_readability(t, strlen(t), &b);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	buf_release(&many);
}

/*
 * Terms are found by their first word: a one-letter word, a prefix and a
 * wildcard first word, in the rules file and added by site.yml.
 */
TEST(lint_first_words)
{
	struct lint_rules *r = rules("terms:\n"
	    "  - {term: \"grumpi* cat\", category: slur, prefer: cat}\n"
	    "  - {term: \"* wombat\", category: slur, prefer: animal}\n"
	    "  - {term: \"x\", category: slur, prefer: y}\n");
	struct lint_result res;
	char *got;

	CHECK(r != NULL);
	if (r == NULL)
		return;
	harness_diag_capture();
	lint_result_init(&res);
	got = lint_text(r, "A GRUMPIEST cat and the big wombat.\n\n"
	    "He is a bit OCD about x. Crazy Horse led; a crazy horse ran.\n",
	    &res);
	CHECK_HAS(got, "1:3 language/slur 'GRUMPIEST cat'");
	CHECK_HAS(got, "1:25 language/slur 'big wombat'");
	CHECK_HAS(got, "3:7 language/trivialising 'a bit OCD'");
	CHECK_HAS(got, "3:23 language/slur 'x'");
	CHECK_HAS(got, "3:45 language/slur 'crazy'");
	CHECK(strstr(got, "3:26 ") == NULL);	/* Crazy Horse: a name */
	free(got);
	lint_result_release(&res);
	lint_rules_free(r);
}

TEST(lint_report_page)
{
	struct lint_result res;
	struct lint_page p;
	struct buf out = BUF_INIT;
	const char *t = "Short words help. Long sentences do not.";

	lint_result_init(&res);
	lint_readability(t, strlen(t), &res.read);
	res.has_readability = 1;
	res.mentions_suicide = 1;
	p.file = "content/articles/<x>.md";
	p.title = "Tom & Jerry";
	p.res = &res;
	lint_report_html(&out, "Open \"Doors\"", &p, 1, 8);
	CHECK_HAS(out.ptr, "<!DOCTYPE html>");
	CHECK_HAS(out.ptr, "Tom &amp; Jerry");
	CHECK_HAS(out.ptr, "content/articles/&lt;x&gt;.md");
	CHECK_HAS(out.ptr, "Open &quot;Doors&quot;");
	CHECK_HAS(out.ptr, "<td>needed</td>");
	CHECK(strstr(out.ptr, "http://") == NULL);
	CHECK(strstr(out.ptr, "https://") == NULL);
	CHECK(strstr(out.ptr, "<script") == NULL);
	buf_reset(&out);
	lint_report_text(&out, &p, 1, 8);
	CHECK_HAS(out.ptr, "content/articles/<x>.md");
	buf_release(&out);
	lint_result_release(&res);
}

static int
has_cat(const struct value *list, const char *cat)
{
	size_t i;

	for (i = 0; i < value_len(list); i++)
		if (value_str(list->list.items[i]) != NULL &&
		    strcmp(value_str(list->list.items[i]), cat) == 0)
			return 1;
	return 0;
}

static int
found_cat(const struct lint_result *res, const char *cat)
{
	size_t i;

	for (i = 0; i < res->len; i++)
		if (strncmp(res->items[i].rule, "language/", 9) == 0 &&
		    strcmp(res->items[i].rule + 9, cat) == 0)
			return 1;
	return 0;
}

/*
 * Precision and recall of the language rules over the labelled corpus,
 * counted on (sentence, category) pairs, info findings included.  With
 * SIGNPOST_CORPUS_OUT set, each sentence and its findings are written
 * there for bench/alex-compare: "N<TAB>S<TAB>sentence<TAB>expected
 * categories<TAB>kind" and "N<TAB>F<TAB>rule<TAB>term" lines.
 */
TEST(lint_corpus_precision_recall)
{
	static const char *const cats[] = { "suicide-reporting",
	    "person-first", "pity-framing", "slur", "trivialising",
	    "treatment-colloquial", "substance-use", NULL };
	struct lint_rules *r = rules(NULL);
	struct value *corpus;
	const char *out = getenv("SIGNPOST_CORPUS_OUT");
	FILE *dump = out ? fopen(out, "w") : NULL;
	size_t i, k, c, tp = 0, fp = 0, fn = 0, h[3] = { 0, 0, 0 };
	double precision, recall;

	diag_set_format(DIAG_SILENT);
	corpus = yamlload_file(SRCDIR "/tests/lint/corpus.yml",
	    "tests/lint/corpus.yml", NULL, NULL);
	CHECK(r != NULL && corpus != NULL);
	if (r == NULL || corpus == NULL)
		goto out;
	CHECK(value_len(corpus) >= 200);
	for (i = 0; i < value_len(corpus); i++) {
		const struct value *e = corpus->list.items[i];
		const char *text = value_get_str(e, "text", "");
		const struct value *want = value_get(e, "expect");
		struct lint_result res;

		lint_result_init(&res);
		lint_markdown(r, diag_file("corpus.md", NULL, 0), text,
		    strlen(text), 0, NULL, &res);
		for (c = 0; cats[c] != NULL; c++) {
			int w = has_cat(want, cats[c]);
			int f = found_cat(&res, cats[c]);

			tp += w && f;
			fp += !w && f;
			fn += w && !f;
			if (strcmp(value_get_str(e, "kind", ""), "heldout") == 0) {
				h[0] += w && f;
				h[1] += !w && f;
				h[2] += w && !f;
			}
			if (w != f)
				printf("  %s %s: %s\n", f ? "false positive" :
				    "missed", cats[c], text);
		}
		if (dump != NULL) {
			fprintf(dump, "%zu\tS\t%s\t", i, text);
			for (k = 0; k < value_len(want); k++)
				fprintf(dump, "%s%s", k ? "," : "",
				    value_str(want->list.items[k]));
			fprintf(dump, "\t%s\n", value_get_str(e, "kind", ""));
		}
		for (k = 0; dump != NULL && k < res.len; k++)
			if (strncmp(res.items[k].rule, "language/", 9) == 0)
				fprintf(dump, "%zu\tF\t%s\t%s\n", i,
				    res.items[k].rule, res.items[k].text ?
				    res.items[k].text : "");
		lint_result_release(&res);
	}
	precision = tp + fp ? (double)tp / (double)(tp + fp) : 1;
	recall = tp + fn ? (double)tp / (double)(tp + fn) : 1;
	printf("corpus: %zu sentences, tp %zu, fp %zu, fn %zu, precision "
	    "%.3f, recall %.3f\n", value_len(corpus), tp, fp, fn, precision,
	    recall);
	printf("held-out part: tp %zu, fp %zu, fn %zu\n", h[0], h[1], h[2]);
	CHECK(precision >= 0.95);
	CHECK(recall >= 0.95);
out:
	diag_set_format(DIAG_TEXT);
	if (dump != NULL)
		fclose(dump);
	value_free(corpus);
	lint_rules_free(r);
}

/*
 * Our readability against npm text-readability on the texts in
 * tests/lint/readability (reference values in expected.yml).  With
 * SIGNPOST_READABILITY_OUT set, our values are written there as JSON for
 * tests/lint/readability-ref.js.
 */
TEST(lint_readability_reference)
{
	const char *dir = SRCDIR "/tests/lint/readability";
	const char *out = getenv("SIGNPOST_READABILITY_OUT");
	struct value *exp;
	struct buf json = BUF_INIT;
	double worst = 0, worst_raw = 0;
	size_t i, n = 0;

	exp = yamlload_file(SRCDIR "/tests/lint/readability/expected.yml",
	    "tests/lint/readability/expected.yml", NULL, NULL);
	CHECK(exp != NULL && value_len(exp) >= 8);
	buf_putc(&json, '{');
	for (i = 0; exp != NULL && i < exp->map.len; i++) {
		const char *name = exp->map.items[i].key;
		const struct value *e = exp->map.items[i].val;
		struct lint_readability rd;
		char *path = fs_join(dir, name), *text = NULL;
		size_t len;
		double fk = strtod(value_get_str(e, "fk", "0"), NULL);
		double raw = strtod(value_get_str(e, "fk_raw", "0"), NULL);

		if (fs_read(path, &text, &len) == -1) {
			CHECK(!"cannot read a readability text");
			free(path);
			continue;
		}
		lint_readability(text, len, &rd);
		printf("  %-24s words %3zu/%3s sentences %2zu/%2s syllables "
		    "%3zu/%3s grade %5.2f ref %5.1f (raw %5.2f)\n", name,
		    rd.words, value_get_str(e, "words", "?"), rd.sentences,
		    value_get_str(e, "sentences", "?"), rd.syllables,
		    value_get_str(e, "syllables", "?"), rd.fk_grade, fk, raw);
		if (value_get(e, "known") != NULL) {
			printf("    (known difference: %s)\n",
			    value_get_str(e, "known", ""));
		} else {
			if (fabs(rd.fk_grade - fk) > worst)
				worst = fabs(rd.fk_grade - fk);
			if (fabs(rd.fk_grade - raw) > worst_raw)
				worst_raw = fabs(rd.fk_grade - raw);
			CHECK(fabs(rd.fk_grade - raw) <= 0.5);
			n++;
		}
		buf_printf(&json, "%s\"%s\": {\"words\": %zu, \"sentences\": "
		    "%zu, \"syllables\": %zu, \"fk\": %.3f, \"flesch\": %.3f, "
		    "\"smog\": %.3f}", i ? ",\n" : "\n", name, rd.words,
		    rd.sentences, rd.syllables, rd.fk_grade, rd.flesch,
		    rd.smog);
		free(text);
		free(path);
	}
	buf_puts(&json, "\n}\n");
	printf("readability: %zu texts, largest grade difference %.2f from "
	    "text-readability's counts, %.2f from its rounded grade\n", n,
	    worst_raw, worst);
	CHECK(n >= 8);
	if (out != NULL)
		fs_write(out, json.ptr, json.len);
	buf_release(&json);
	value_free(exp);
}

/* Odd Markdown must not crash or read out of bounds (run under ASan). */
TEST(lint_odd_inputs)
{
	static const char *const inputs[] = {
		"", "\n", "<!--", "<!-- signpost:", "<!-- signpost: allow",
		"<!-- signpost: allow 'x", "“unclosed crazy", "\"",
		"[![crazy](a.png)](b.html)", "[link][ref]\n\n[ref]: /x",
		"&amp;&#x1F600; &bogus; crazy", "a\\*crazy\\* b", "> > > mad",
		"- a\n  - b crazy\n    - c", "<table><th>x</th></table>",
		"<img src=x alt=\"\">", "<table>\n\n<tr><td>x",
		"# \n## \n###### deep", "***\n---\n___",
		"```\ncrazy\n```", "    crazy code", "\xe2\x80", "\xff\xfe crazy",
		"Crazy\r\ncrazy\r\n", "[crazy](<url with space>)",
	};
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	size_t i;

	diag_set_format(DIAG_SILENT);
	for (i = 0; r != NULL && i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		lint_result_init(&res);
		lint_markdown(r, diag_file("odd.md", NULL, 0), inputs[i],
		    strlen(inputs[i]), 3, NULL, &res);
		for (size_t k = 0; k < res.len; k++)
			CHECK(res.items[k].line >= 1);
		lint_result_release(&res);
	}
	diag_set_format(DIAG_TEXT);
	lint_rules_free(r);
}

TEST(lint_crisis_lines)
{
	const char *one = "title: T\ncrisis:\n  - {name: A, phone: '111'}\n";
	const char *two = "title: T\ncrisis:\n  - {name: A, phone: '111'}\n"
	    "  - {name: B, phone: '116 123', always: true}\n";
	struct lint_result res;
	const char *f;
	struct value *v;

	harness_diag_capture();
	lint_result_init(&res);
	f = diag_file("site.yml", one, strlen(one));
	v = yamlload_parse(f, one, strlen(one), NULL);
	lint_crisis(NULL, f, v, &res);
	value_free(v);
	CHECK_HAS(harness_diag_text(), "site.yml:2:1: warning: the help box "
	    "lists fewer than two crisis lines");
	CHECK_HAS(harness_diag_text(), "no crisis line is open 24/7");
	CHECK_INT(res.warnings, 2);
	lint_result_release(&res);
	lint_result_init(&res);
	f = diag_file("site2.yml", two, strlen(two));
	v = yamlload_parse(f, two, strlen(two), NULL);
	lint_crisis(NULL, f, v, &res);
	value_free(v);
	CHECK_INT(res.warnings, 0);
	lint_result_release(&res);
}

TEST(lint_mentions_suicide)
{
	static const struct {
		const char	*md;
		int		 want;
	} cases[] = {
		{ "Talk to us about self-harm.", 1 },
		{ "She was suicidal last winter.", 1 },
		{ "If you think about hurting yourself, call us.", 1 },
		{ "He took his own life in May.", 1 },
		{ "> A quoted line about suicide still counts.", 1 },
		{ "Our group meets on Tuesdays.", 0 },
		{ "End of life care is a different service.", 0 },
		{ "Harmful myths about sleep.", 0 },
	};
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	size_t i;

	diag_set_format(DIAG_SILENT);
	for (i = 0; r != NULL && i < sizeof(cases) / sizeof(cases[0]); i++) {
		lint_result_init(&res);
		lint_markdown(r, diag_file("m.md", NULL, 0), cases[i].md,
		    strlen(cases[i].md), 0, NULL, &res);
		if (res.mentions_suicide != cases[i].want)
			harness_fail(__FILE__, __LINE__, "mentions_suicide "
			    "%d for: %s", res.mentions_suicide, cases[i].md);
		lint_result_release(&res);
	}
	diag_set_format(DIAG_TEXT);
	lint_rules_free(r);
}

/*
 * cmark's tree lives in blocks of the checking thread: a paragraph larger
 * than a block, many small nodes and a second document in a row.
 */
TEST(lint_markdown_large)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	struct buf md = BUF_INIT;
	size_t i, round;

	if (r == NULL)
		return;
	for (i = 0; i < 20000; i++)
		buf_puts(&md, i % 10 == 9 ? "calm day.\n" : "calm ");
	buf_puts(&md, "\n\n");
	for (i = 0; i < 3000; i++)
		buf_printf(&md, "- *item* `%zu` [the guide](x.md) crazy\n", i);
	diag_set_format(DIAG_SILENT);
	for (round = 0; round < 2; round++) {
		lint_result_init(&res);
		lint_markdown(r, diag_file("big.md", NULL, 0), md.ptr, md.len,
		    0, NULL, &res);
		CHECK_INT(res.read.words, 22000 + 3000 * 4);
		CHECK_INT(res.warnings, 3000);
		lint_result_release(&res);
	}
	diag_set_format(DIAG_TEXT);
	buf_release(&md);
	lint_rules_free(r);
}

/* Headings and list items are sentences; code and URLs are not words. */
TEST(lint_markdown_plain_text)
{
	struct lint_rules *r = rules(NULL);
	struct lint_result res;
	const char *md = "## Where to go\n\n- A walk in the park\n- Tea with "
	    "a friend\n\nRun `make check` or see <https://example.org/a>.\n\n"
	    "```\nlots of code words here\n```\n";

	diag_set_format(DIAG_SILENT);
	lint_result_init(&res);
	if (r != NULL)
		lint_markdown(r, diag_file("p.md", NULL, 0), md, strlen(md), 0,
		    NULL, &res);
	CHECK_INT(res.read.sentences, 4);
	CHECK_INT(res.read.words, 15);	/* "Run or see": no code, no URL */
	CHECK_HAS(res.plain, "Where to go.\n\nA walk in the park.");
	CHECK(strstr(res.plain, "make check") == NULL);
	CHECK(strstr(res.plain, "lots of code") == NULL);
	lint_result_release(&res);
	diag_set_format(DIAG_TEXT);
	lint_rules_free(r);
}

/* "line:col rule msg" per finding, the plain text and the scores. */
static void
describe(const struct lint_result *res, struct buf *b)
{
	size_t k;

	for (k = 0; k < res->len; k++)
		buf_printf(b, "%u:%u %s %s\n", res->items[k].line,
		    res->items[k].col, res->items[k].rule, res->items[k].msg);
	buf_printf(b, "%zu %zu %zu %zu %d\n[%s]\n", res->read.words,
	    res->read.sentences, res->read.syllables,
	    res->read.polysyllables, res->mentions_suicide,
	    res->plain ? res->plain : "");
}

/*
 * The check on md_parse_smart's tree (one parse for check and page)
 * finds what lint_markdown finds: smart punctuation maps back to the
 * ASCII the source has.
 */
TEST(lint_tree_same_as_parse)
{
	static const char *const inputs[] = {
		"Don't call people 'crazy'. He said \"insane\" -- twice --- "
		"and then... nothing.\n",
		"A dash - a pair -- a triple --- four ---- five ----- "
		"six ------ done.",
		"“Crazy” in curly quotes, ‘mad’ too, and — a dash… here.",
		"Mixed 'curly’ and “straight\" quotes: he's 'schizo'.",
		"# \"Suicide epidemic\" -- the 'shocking' truth\n\nText.",
		"[click here](x.md) and [it's 'here'](y.md) -- "
		"![IMG_20.jpg](a.png \"t\") ![a -- b...](b.png)",
		"Escaped \\'quote\\' and \\\"double\\\" and &quot;ent&quot; "
		"&#39;x&#39; and `code 'q' -- x` then 'crazy'.",
		"> 'Quoted' -- block, committed suicide...\n> more 'lines'\n",
		"- item 'one' -- x\n- item \"two\"...\n\n1. ordered -- 'x'",
		"Emphasis *'mad'* and _\"psycho\"_ and **--** and "
		"*a 'b* c'.",
		"Line one 'a\nline two' b -- c\nline three...",
		"<span title='a -- b'>html 'x'</span> after 'crazy' -- y",
		"Setext 'heading' -- x\n---\n\nAnd 'text'.",
		"Autolink <http://example.com/a--b'c> and 'after' it.",
		"Ellipsis.... and ..... and .. and . end",
		"don&apos;t 'x' and \\'y' -- &mdash; \\-- and \\... "
		"‘curly’ 'straight’ mixed – en—em --- ... …",
		"![alt 'with' -- quotes...](pic.png) [\"here\"](a.md)",
		"**'Crazy'** -- *“insane”* -- `'code'` -- <b>'x'</b>",
		"&mdash;\n\nText --- more and *&mdash;*New -- x --- y.",
		"—\nThese --- words, writt&rsquo;en b'single'y -- “so”.",
		"  [5]: https:/&rsquo;/x.org/a.png\n  \"quoted\"[7]: y -- z",
		"&#8217;a&#x2014;b&#8212; &amp; &rdquo;x\" -- &hellip;...",
		"Many words here. Another sentence -- with a dash! And a "
		"question? Yes... maybe 'so'. The end of a long paragraph "
		"with enough words to be graded by the readability formulas "
		"which need at least thirty words to say anything useful.",
	};
	struct lint_rules *r = rules(NULL);
	struct lint_result a, b;
	struct buf da = BUF_INIT, db = BUF_INIT;
	struct cmark_node *tree;
	const char *f;
	size_t i, len;

	diag_set_format(DIAG_SILENT);
	for (i = 0; r != NULL && i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		len = strlen(inputs[i]);
		f = diag_file("same.md", inputs[i], len);
		lint_result_init(&a);
		lint_result_init(&b);
		a.defer_emit = b.defer_emit = 1;
		lint_markdown(r, f, inputs[i], len, 2, NULL, &a);
		tree = md_parse_smart(inputs[i], len);
		CHECK(tree != NULL);
		if (tree == NULL)
			continue;
		lint_markdown_tree(r, f, inputs[i], len, 2, NULL, tree, &b);
		md_tree_free(tree);
		buf_reset(&da);
		buf_reset(&db);
		describe(&a, &da);
		describe(&b, &db);
		CHECK_STR(db.ptr, da.ptr);
		lint_result_release(&a);
		lint_result_release(&b);
	}
	buf_release(&da);
	buf_release(&db);
	diag_set_format(DIAG_TEXT);
	lint_rules_free(r);
}
