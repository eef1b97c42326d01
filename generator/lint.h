/* SPDX-License-Identifier: ISC */
/* signpost check: stigma-free language, safe messaging, readability, access. */
#ifndef LINT_H
#define LINT_H

#include <stddef.h>

struct buf;
struct value;

/*
 * Severity of a finding.  Errors and warnings go through diag_rule as
 * such; info findings are kept in the result and printed as notes only
 * when site.yml's check: says info: true.
 */
enum lint_severity {
	LINT_OFF,
	LINT_INFO,
	LINT_WARNING,
	LINT_ERROR
};

/*
 * Readability counts and scores of a text.  Headings and list items
 * count as sentences; code and URLs are not words.  smog is 0 when the
 * text has fewer than 3 sentences (the formula needs a sample).
 */
struct lint_readability {
	size_t	words;
	size_t	sentences;
	size_t	syllables;
	size_t	polysyllables;	/* words of 3 or more syllables */
	double	flesch;		/* Flesch reading ease */
	double	fk_grade;	/* Flesch-Kincaid grade */
	double	smog;		/* SMOG grade */
};

/* One finding, also printed through diag unless silenced. */
struct lint_finding {
	enum lint_severity	 sev;
	unsigned		 line;
	unsigned		 col;
	char			*rule;	/* owned: "language/slur" */
	char			*msg;	/* owned, as printed */
	char			*text;	/* owned: the term found, or NULL */
	char			*note;	/* owned: why, and other wording, or NULL */
};

/*
 * What lint_markdown and lint_listing found in one source.  Findings
 * silenced by an allow comment or front matter are not in the list.
 */
struct lint_result {
	struct lint_finding	*items;
	size_t			 len, cap;
	size_t			 errors, warnings, infos;
	size_t			 silenced;
	int			 mentions_suicide;	/* the help box is due */
	/*
	 * Set by the caller for text not in English: the term list and the
	 * reading-grade formulas are English, so only the checks that do not
	 * depend on the language run (alt text, headings, tables ...).
	 */
	int			 other_language;
	int			 has_readability;
	/*
	 * Set by the caller: keep the findings instead of printing them, so
	 * that documents checked in parallel print in order afterwards with
	 * lint_result_flush().
	 */
	int			 defer_emit;
	size_t			 emit_from;
	struct lint_readability	 read;
	char			*plain;	/* owned: the text readability saw */
};

struct lint_rules;

/* Print the findings a defer_emit check kept (see lint_markdown). */
void	lint_result_flush(const struct lint_rules *, const char *file,
	    struct lint_result *);

/*
 * Load the rules file at path (templates/rules/language.yml); display is
 * the name diagnostics give it.  site_check is site.yml's `check:` map or
 * NULL; it may hold
 *	max_grade: 8			readability target (default 8)
 *	info: true			print info findings as notes
 *	categories: {slur: off, substance-use: info}
 *	severity: {crazy: error}	by term
 *	terms: [{term, prefer, category, severity, ...}]  added terms
 * Errors are reported through diag; returns NULL then.  The caller owns
 * the result and frees it with lint_rules_free.
 */
struct lint_rules *lint_rules_load(const char *path, const char *display,
		    const struct value *site_check);
void		 lint_rules_free(struct lint_rules *);
double		 lint_rules_max_grade(const struct lint_rules *);
/* Number of language terms loaded (tests, the report). */
size_t		 lint_rules_nterms(const struct lint_rules *);

void		 lint_result_init(struct lint_result *);
void		 lint_result_release(struct lint_result *);

/*
 * Check one Markdown body.  file is a name from diag_file; line_offset
 * is the number of lines before md in that file (the front matter), so
 * that diagnostics point into the file.  front_matter (may be NULL) is
 * the page's front matter map: its title and summary are checked for
 * language, the title as a headline too, image needs image_alt, and
 * `lint: {allow: [...], reason: ...}` silences terms (or rule ids) for
 * the page.  rules must not be NULL.  Findings are printed through
 * diag_rule (sorted by position, after silences) and added to res
 * (initialised by the caller, which may reuse it for several calls);
 * res also gets the readability scores of the rendered text, that text,
 * and whether it mentions suicide or self-harm.  A grade above
 * max_grade is a warning [readability/grade] at line 1 when front_matter
 * is given, else at the first line of md; texts under 30 words are not
 * graded.  Returns -1 if an error-level finding was reported, else 0.
 */
int		 lint_markdown(const struct lint_rules *, const char *file,
		    const char *md, size_t len, unsigned line_offset,
		    const struct value *front_matter, struct lint_result *res);

/*
 * lint_markdown on md's tree as md_parse_smart made it (smart
 * punctuation on), so that one parse serves the check and md_render_tree.
 * The findings are those lint_markdown gives for md.
 */
struct cmark_node;
int		 lint_markdown_tree(const struct lint_rules *, const char *file,
		    const char *md, size_t len, unsigned line_offset,
		    const struct value *front_matter, struct cmark_node *doc,
		    struct lint_result *res);

/*
 * Readability of plain text: sentences end at . ! ? and at blank lines;
 * URLs, e-mail addresses and numbers are not words.
 */
void		 lint_readability(const char *text, size_t len,
		    struct lint_readability *out);

/*
 * Check a service listing (content/services/x.yml, already loaded): no
 * hours (hours or hours.always; a stale 'verified' date and a listing
 * with no way to contact it are warned about by services.c), then the summary and the description Markdown as
 * lint_markdown does (res->read ends up with the description's scores).
 * file is the listing's diag_file name.  Returns as lint_markdown.
 */
int		 lint_listing(const struct lint_rules *, const char *file,
		    const struct value *listing, struct lint_result *res);

/*
 * The site's help lines (site.yml `crisis:`): pages that mention suicide
 * or self-harm carry a help box, and the guides ask it to list at least
 * two services, one of them open 24/7 (`always: true`).  site is the
 * site.yml map and file its diag name.  Warns [safe-messaging/help-lines]
 * into res; returns 0.
 */
int		 lint_crisis(const struct lint_rules *, const char *file,
		    const struct value *site, struct lint_result *res);

/* One row of the report: a source and what lint found in it. */
struct lint_page {
	const char		*file;	/* as shown, e.g. content/articles/x.md */
	const char		*title;	/* may be NULL */
	const struct lint_result *res;
};

/*
 * The scores of every page as a self-contained HTML page (inline CSS, no
 * external requests) for `signpost check --report DIR`; the caller
 * writes out to DIR/index.html.
 */
void		 lint_report_html(struct buf *out, const char *site_title,
		    const struct lint_page *, size_t n, double max_grade);
/* The same table as aligned text for the terminal. */
void		 lint_report_text(struct buf *out, const struct lint_page *,
		    size_t n, double max_grade);

#endif
