/* SPDX-License-Identifier: ISC */
/* Content checks in a build and in `signpost check`: language, safe messaging, readability. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "fsutil.h"
#include "lint.h"
#include "markdown.h"
#include "pool.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* The rules file: a site's own templates/rules/language.yml, else ours. */
static struct lint_rules *
load_rules(struct site *s)
{
	char *own = fs_join(s->opts->srcdir, "templates/rules/language.yml");
	struct lint_rules *r;
	char *def;

	if (fs_exists(own)) {
		r = lint_rules_load(own, "templates/rules/language.yml",
		    value_get(s->cfg.tree, "check"));
		free(own);
		return r;
	}
	free(own);
	def = fs_join(s->theme.share, "templates/rules/language.yml");
	r = lint_rules_load(def, "templates/rules/language.yml",
	    value_get(s->cfg.tree, "check"));
	free(def);
	return r;
}

/* The checker's words and grade formulas are English ones. */
static int
is_english(const char *code)
{
	return (code[0] == 'e' || code[0] == 'E') && (code[1] == 'n' ||
	    code[1] == 'N') && (code[2] == '\0' || code[2] == '-');
}

static void
report(struct site *s, struct lint_rules *r, struct lint_page *rows,
    size_t n)
{
	struct buf b = BUF_INIT;
	char *path;

	lint_report_text(&b, rows, n, lint_rules_max_grade(r));
	if (s->opts->format_json)
		fputs(b.ptr, stderr);
	else
		fputs(b.ptr, stdout);
	buf_reset(&b);
	if (fs_mkdirs(s->opts->report_dir) == -1) {
		diag_sys("cannot create '%s': %s", s->opts->report_dir,
		    strerror(errno));
		buf_release(&b);
		return;
	}
	lint_report_html(&b, s->cfg.title, rows, n, lint_rules_max_grade(r));
	path = fs_join(s->opts->report_dir, "index.html");
	if (fs_write(path, b.ptr, b.len) == -1)
		diag_sys("cannot write '%s': %s", path, strerror(errno));
	else if (!s->opts->quiet)
		fprintf(stderr, "signpost: wrote the report to %s\n", path);
	free(path);
	buf_release(&b);
}

/* The documents to check, one per index, for the threads of pool_run. */
struct check_job {
	const struct lint_rules	 *rules;
	struct doc		**docs;
	struct lint_result	 *res;
	const char		 *skip;	/* replayed from the cache instead */
	int			  render;	/* a build: render the pages too */
	int			  unsafe;	/* markdown.unsafe */
};

static void
check_one(void *arg, size_t i)
{
	struct check_job *j = arg;
	struct doc *d = j->docs[i];

	struct cmark_node *tree;
	struct md_opts o;

	if (j->skip[i] || doc_text(d) == -1)
		return;
	/*
	 * A build parses each body once for the check and the page: the
	 * page's links are resolved with the others (md_resolve), so that
	 * their messages come where they did.
	 */
	if (!j->render || (tree = md_parse_smart(d->body, d->body_len)) ==
	    NULL) {
		lint_markdown(j->rules, d->file, d->body, d->body_len,
		    d->body_line - 1, d->meta, &j->res[i]);
		return;
	}
	lint_markdown_tree(j->rules, d->file, d->body, d->body_len,
	    d->body_line - 1, d->meta, tree, &j->res[i]);
	memset(&o, 0, sizeof(o));
	o.file = d->file;
	o.line_offset = d->body_line - 1;
	o.unsafe = j->unsafe;
	md_render_tree(tree, d->body, d->body_len, &o, &d->md);
	md_tree_free(tree);
}

int
site_check(struct site *s)
{
	struct lint_rules *r = load_rules(s);
	struct lint_result *res;
	struct lint_page *rows;
	struct lang_site *ls;
	const struct value *svc;
	size_t i, k, nd, n = 0, cap = 1, mark;
	struct check_job job;
	struct doc *d, **docs = NULL;
	char *replay = NULL;
	int mentions, other;

	if (r == NULL)
		return -1;
	for (i = 0; i < s->nlangs; i++)
		cap += s->langs[i].narticles + s->langs[i].npages +
		    value_len(s->langs[i].services);
	res = xcalloc(cap, sizeof(*res));
	rows = xcalloc(cap, sizeof(*rows));
	lint_result_init(&res[n]);
	lint_crisis(r, s->cfg.file, s->cfg.tree, &res[n]);
	lint_result_release(&res[n]);
	for (i = 0; i < s->nlangs; i++) {
		ls = &s->langs[i];
		other = !is_english(ls->lang->code);
		/*
		 * Documents the build cache knows unchanged replay their
		 * findings; the others are checked on every core, and every
		 * finding prints afterwards in document order.
		 */
		nd = ls->narticles + ls->npages;
		docs = xreallocarray(docs, nd ? nd : 1, sizeof(*docs));
		replay = xrealloc(replay, nd ? nd : 1);
		for (k = 0; k < nd; k++) {
			d = docs[k] = k < ls->narticles ? ls->articles[k] :
			    ls->pages[k - ls->narticles];
			lint_result_init(&res[n + k]);
			res[n + k].other_language = other;
			res[n + k].defer_emit = 1;
			replay[k] = s->opts->report_dir == NULL &&
			    cache_lint_can_replay(s->cache, d->file,
			    d->text_hash, other);
		}
		job.rules = r;
		job.docs = docs;
		job.res = res + n;
		job.skip = replay;
		job.render = !s->opts->check_only;
		job.unsafe = s->cfg.unsafe;
		pool_run(nd, check_one, &job);
		for (k = 0; k < nd; k++) {
			d = docs[k];
			if (replay[k] && cache_lint_replay(s->cache, d->file,
			    d->text_hash, other, &mentions))
				res[n].mentions_suicide = mentions;
			else {
				mark = cache_diag_mark();
				lint_result_flush(r, d->file, &res[n]);
				cache_lint_keep(s->cache, d->file,
				    d->text_hash, other,
				    res[n].mentions_suicide, mark);
			}
			d->mentions_suicide |= res[n].mentions_suicide;
			rows[n].file = d->file;
			rows[n].title = d->title;
			rows[n].res = &res[n];
			n++;
		}
		for (k = 0; s->opts->check_only && k < value_len(ls->services);
		    k++) {
			svc = ls->services->list.items[k];
			/* A default-language listing shown in this language. */
			if (value_get_bool(svc, "from_default", 0))
				continue;
			lint_result_init(&res[n]);
			res[n].other_language = other;
			lint_listing(r, svc->loc.file, svc, &res[n]);
			rows[n].file = svc->loc.file;
			rows[n].title = value_get_str(svc, "name", NULL);
			rows[n].res = &res[n];
			n++;
		}
	}
	if (s->opts->report_dir != NULL)
		report(s, r, rows, n);
	for (i = 0; i < n; i++)
		lint_result_release(&res[i]);
	free(res);
	free(rows);
	free(docs);
	free(replay);
	lint_rules_free(r);
	return 0;
}
