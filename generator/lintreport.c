/* SPDX-License-Identifier: ISC */
/* signpost check on service listings, and the report of every page's scores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "lint.h"
#include "lintint.h"
#include "value.h"



static int
nonempty(const struct value *v)
{
	const char *s = value_str(v);

	return (s != NULL && s[0] != '\0') || value_len(v) > 0;
}

static void
add(struct lint_result *res, const struct value *at, const char *rule,
    const char *msg)
{
	lint_result_add(res, LINT_WARNING, at->loc.line, at->loc.col, rule,
	    NULL, msg);
}

int
lint_listing(const struct lint_rules *rules, const char *file,
    const struct value *listing, struct lint_result *res)
{
	const struct value *v, *hours, *desc;
	const struct value_pair *dp;
	struct buf msg = BUF_INIT;
	size_t first = res->len, errors = res->errors;
	unsigned off, col;

	listing = value_deref(listing);
	if (listing == NULL || listing->type != VALUE_MAP)
		return 0;
	/* Stale and unreachable listings are warned about by services.c. */
	hours = value_get(listing, "hours");
	if (hours == NULL || (!value_get_bool(hours, "always", 0) &&
	    value_len(value_get(hours, "rules")) == 0 &&
	    !nonempty(value_get(hours, "note"))))
		add(res, hours ? hours : listing, "listing/no-hours",
		    "listing has no opening hours; add 'hours' (or 'always: "
		    "true' for a 24/7 service)");
	buf_release(&msg);
	lint_result_emit(rules, file, res, first);
	v = value_get(listing, "summary");
	if (value_str(v) != NULL && strchr(v->str.ptr, '\n') == NULL)
		lint_markdown_at(rules, file, v->str.ptr, v->str.len,
		    v->loc.line - 1, v->loc.col - 1, NULL, res);
	dp = value_pair_get(listing, "description");
	desc = dp ? dp->val : NULL;
	if (value_str(desc) != NULL) {
		/*
		 * A block scalar starts on the line after its indicator,
		 * indented (we assume) two columns more than its key; a
		 * one-line scalar sits where it was written.
		 */
		if (strchr(desc->str.ptr, '\n') != NULL) {
			off = desc->loc.line;
			col = dp->loc.col + 1;
		} else {
			off = desc->loc.line - 1;
			col = desc->loc.col - 1;
		}
		lint_markdown_at(rules, file, desc->str.ptr, desc->str.len,
		    off, col, NULL, res);
	}
	return res->errors > errors ? -1 : 0;
}

int
lint_crisis(const struct lint_rules *rules, const char *file,
    const struct value *site, struct lint_result *res)
{
	const struct value *crisis;
	const struct value_pair *p;
	size_t i, first = res->len, always = 0;

	site = value_deref(site);
	crisis = value_get(site, "crisis");
	p = value_pair_get(site, "crisis");
	for (i = 0; crisis != NULL && crisis->type == VALUE_LIST &&
	    i < crisis->list.len; i++)
		always += value_get_bool(crisis->list.items[i], "always", 0);
	if (value_len(crisis) < 2 || crisis->type != VALUE_LIST)
		lint_result_add(res, LINT_WARNING, p ? p->loc.line : 1,
		    p ? p->loc.col : 0, "safe-messaging/help-lines", NULL,
		    "the help box lists fewer than two crisis lines; the "
		    "guides ask for at least two");
	if (always == 0)
		lint_result_add(res, LINT_WARNING, p ? p->loc.line : 1,
		    p ? p->loc.col : 0, "safe-messaging/help-lines", NULL,
		    "no crisis line is open 24/7; mark one with 'always: "
		    "true' or add one that is");
	lint_result_emit(rules, file, res, first);
	return 0;
}

/* ---------------------------------------------------------------- report */

static size_t
count(const struct lint_result *r, enum lint_severity sev)
{
	return sev == LINT_ERROR ? r->errors : sev == LINT_WARNING ?
	    r->warnings : r->infos;
}

static void
cell_num(struct buf *out, const char *fmt, double x, int have)
{
	buf_puts(out, "<td class=\"n\">");
	if (have)
		buf_printf(out, fmt, x);
	else
		buf_puts(out, "&ndash;");
	buf_puts(out, "</td>");
}

static void
report_row(struct buf *out, const struct lint_page *p, double max_grade)
{
	const struct lint_result *r = p->res;
	int have = r->has_readability && r->read.words > 0;
	int over = have && r->read.fk_grade > max_grade;

	buf_printf(out, "<tr%s><th scope=\"row\">", over ? " class=\"over\""
	    : "");
	if (p->title != NULL) {
		esc_html(out, p->title, strlen(p->title));
		buf_puts(out, "<br><small>");
		esc_html(out, p->file, strlen(p->file));
		buf_puts(out, "</small>");
	} else
		esc_html(out, p->file, strlen(p->file));
	buf_puts(out, "</th>");
	buf_printf(out, "<td class=\"n\">%zu</td>", r->read.words);
	buf_printf(out, "<td class=\"n\">%zu</td>", r->read.sentences);
	cell_num(out, "%.1f", r->read.flesch, have);
	cell_num(out, "%.1f", r->read.fk_grade, have);
	cell_num(out, "%.1f", r->read.smog, have && r->read.smog > 0);
	buf_printf(out, "<td>%s</td>", over ? "above target" : have ? "ok" :
	    "no text");
	buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
	    "<td class=\"n\">%zu</td>", count(r, LINT_ERROR),
	    count(r, LINT_WARNING), count(r, LINT_INFO));
	buf_printf(out, "<td>%s</td></tr>\n", r->mentions_suicide ?
	    "needed" : "");
}

void
lint_report_html(struct buf *out, const char *site_title,
    const struct lint_page *pages, size_t n, double max_grade)
{
	size_t i, over = 0;

	for (i = 0; i < n; i++)
		if (pages[i].res->has_readability &&
		    pages[i].res->read.words > 0 &&
		    pages[i].res->read.fk_grade > max_grade)
			over++;
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>Content check: ");
	esc_html(out, site_title, strlen(site_title));
	buf_puts(out, "</title>\n<style>\n"
	    "body{font:16px/1.5 system-ui,sans-serif;margin:2rem;"
	    "color:#1a1a1a;background:#fff}\n"
	    "table{border-collapse:collapse;width:100%}\n"
	    "th,td{border:1px solid #999;padding:.3rem .5rem;"
	    "text-align:left;vertical-align:top}\n"
	    "thead th{background:#eee}\ntd.n{text-align:right;"
	    "font-variant-numeric:tabular-nums}\n"
	    "tr.over{background:#fff3cd}\nsmall{color:#444}\n"
	    "</style>\n</head>\n<body>\n<main>\n<h1>Content check: ");
	esc_html(out, site_title, strlen(site_title));
	buf_printf(out, "</h1>\n<p>%zu pages and descriptions; %zu above "
	    "the target reading grade of %g (Flesch-Kincaid).  Reading "
	    "ease runs from 0 (hard) to 100 (easy); SMOG needs at least "
	    "three sentences.  The help box column marks pages that "
	    "mention suicide or self-harm.</p>\n", n, over, max_grade);
	buf_puts(out, "<table>\n<caption>Scores per page</caption>\n"
	    "<thead><tr><th scope=\"col\">Page</th>"
	    "<th scope=\"col\">Words</th><th scope=\"col\">Sentences</th>"
	    "<th scope=\"col\">Reading ease</th>"
	    "<th scope=\"col\">Grade</th><th scope=\"col\">SMOG</th>"
	    "<th scope=\"col\">Target</th><th scope=\"col\">Errors</th>"
	    "<th scope=\"col\">Warnings</th><th scope=\"col\">Notes</th>"
	    "<th scope=\"col\">Help box</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++)
		report_row(out, &pages[i], max_grade);
	buf_puts(out, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
}

void
lint_report_text(struct buf *out, const struct lint_page *pages, size_t n,
    double max_grade)
{
	size_t i, w = 4;

	for (i = 0; i < n; i++)
		if (strlen(pages[i].file) > w)
			w = strlen(pages[i].file);
	buf_printf(out, "%-*s %6s %5s %6s %5s %5s %4s %4s\n", (int)w, "page",
	    "words", "sent", "ease", "grade", "smog", "warn", "help");
	for (i = 0; i < n; i++) {
		const struct lint_result *r = pages[i].res;

		buf_printf(out, "%-*s %6zu %5zu %6.1f %5.1f %5.1f %4zu %4s%s\n",
		    (int)w, pages[i].file, r->read.words, r->read.sentences,
		    r->read.flesch, r->read.fk_grade, r->read.smog,
		    r->errors + r->warnings, r->mentions_suicide ? "yes" : "",
		    r->has_readability && r->read.fk_grade > max_grade ?
		    "  (above target)" : "");
	}
}
