/* SPDX-License-Identifier: ISC */
/* A build from start to end: load, check, render, write, swap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "fsutil.h"
#include "heap.h"
#include "htmlcheck.h"
#include "mustache.h"
#include "pool.h"
#include "site.h"
#include "timing.h"
#include "value.h"
#include "xalloc.h"

/* Register every article and page so that links between sources resolve. */
static void
register_links(struct lang_site *ls, struct doc **docs, size_t n)
{
	struct doc *prev;
	size_t i;

	for (i = 0; i < n; i++) {
		prev = strmap_put(&ls->links, docs[i]->rel, docs[i]->url);
		(void)prev;
		strmap_put(&ls->by_rel, docs[i]->rel, docs[i]);
	}
}

/* "folder/slug.html" for each document: no printf, this runs on one core. */
static void
set_urls(struct doc **docs, size_t n, const char *folder)
{
	size_t i, fl = folder != NULL ? strlen(folder) + 1 : 0, sl;
	char *u;

	for (i = 0; i < n; i++) {
		sl = strlen(docs[i]->slug);
		u = xmalloc(fl + sl + sizeof(".html"));
		if (fl > 0) {
			memcpy(u, folder, fl - 1);
			u[fl - 1] = '/';
		}
		memcpy(u + fl, docs[i]->slug, sl);
		memcpy(u + fl + sl, ".html", sizeof(".html"));
		docs[i]->url = u;
	}
}

/* Pages sit at the root: these names belong to pages the build makes. */
static void
check_page_slugs(struct lang_site *ls)
{
	static const char *const reserved[] = { "index", "search", "404",
	    "articles", "services", "categories", "tags", "assets", "data",
	    "sitemap", "feed" };
	struct strmap seen = STRMAP_INIT;
	struct doc *d, *other;
	struct loc l;
	size_t i, k;

	for (i = 0; i < ls->npages; i++) {
		d = ls->pages[i];
		l.file = d->file;
		l.line = l.col = 1;
		for (k = 0; k < sizeof(reserved) / sizeof(reserved[0]); k++)
			if (strcmp(d->slug, reserved[k]) == 0) {
				diag_error(&l, "a page may not have the slug "
				    "'%s': the site uses that name", d->slug);
				diag_note(NULL, "set another with 'slug:' in "
				    "the front matter");
			}
	}
	for (i = 0; i < ls->narticles + ls->npages; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		if ((other = strmap_put(&seen, d->url, d)) != NULL) {
			l.file = d->file;
			l.line = l.col = 1;
			diag_error(&l, "'%s' has the same slug as '%s'",
			    d->file, other->file);
			diag_note(NULL, "set another with 'slug:' in the "
			    "front matter");
		}
	}
	strmap_release(&seen);
}

static void
load_lang(struct site *s, struct lang_site *ls)
{
	const struct build_opts *o = s->opts;
	struct buf b = BUF_INIT;
	char *dir;

	pool_mutex_init(&ls->lock);
	/* A language's own folder, content/<code>/; the default may use content/. */
	buf_printf(&b, "content/%s", ls->lang->code);
	ls->content_rel = buf_detach(&b, NULL);
	ls->content_abs = fs_join(o->srcdir, ls->content_rel);
	if (*ls->lang->prefix == '\0' && !fs_is_dir(ls->content_abs)) {
		free(ls->content_rel);
		free(ls->content_abs);
		ls->content_abs = fs_join(o->srcdir, "content");
		ls->content_rel = xstrdup("content");
	}
	buf_printf(&b, "%s/articles", ls->content_rel);
	dir = fs_join(ls->content_abs, "articles");
	content_load(s->cache, o->srcdir, dir, b.ptr, "articles", DOC_ARTICLE,
	    o->drafts, &ls->articles, &ls->narticles);
	free(dir);
	buf_reset(&b);
	buf_printf(&b, "%s/pages", ls->content_rel);
	dir = fs_join(ls->content_abs, "pages");
	content_load(s->cache, o->srcdir, dir, b.ptr, "pages", DOC_PAGE,
	    o->drafts, &ls->pages, &ls->npages);
	free(dir);
	buf_release(&b);
	content_sort(ls->articles, ls->narticles, DOC_ARTICLE);
	content_sort(ls->pages, ls->npages, DOC_PAGE);
	set_urls(ls->articles, ls->narticles, "articles");
	set_urls(ls->pages, ls->npages, NULL);
	check_page_slugs(ls);
	listings_load(s, ls);
	register_links(ls, ls->articles, ls->narticles);
	register_links(ls, ls->pages, ls->npages);
}

static void
lang_release(struct lang_site *ls)
{
	size_t i;

	for (i = 0; i < ls->narticles; i++)
		doc_free(ls->articles[i]);
	for (i = 0; i < ls->npages; i++)
		doc_free(ls->pages[i]);
	free(ls->articles);
	free(ls->pages);
	for (i = 0; i < ls->statics.cap; i++)
		if (ls->statics.slots[i].key != NULL)
			free(ls->statics.slots[i].val);
	strmap_release(&ls->statics);
	pthread_mutex_destroy(&ls->lock);
	strmap_release(&ls->links);
	strmap_release(&ls->by_rel);
	strmap_release(&ls->planned);
	value_free(ls->data);
	value_free(ls->tags);
	value_free(ls->services);
	value_free(ls->crisis_services);
	value_free(ls->stubs);
	free(ls->content_abs);
	free(ls->content_rel);
}

static int
load(struct site *s)
{
	size_t i;

	if (!fs_is_dir(s->opts->srcdir)) {
		diag_sys("no site folder '%s'", s->opts->srcdir);
		return -1;
	}
	if (config_load(s->opts->srcdir, s->opts->base_url, &s->cfg) == -1 &&
	    s->cfg.tree == NULL)
		return -1;
	if (theme_open(&s->theme, s->opts->srcdir, s->cfg.theme) == -1)
		return -1;
	s->tpl = mus_set_new();
	theme_add_templates(&s->theme, s->tpl, s->opts->srcdir);
	s->nlangs = s->cfg.nlangs;
	s->langs = xcalloc(s->nlangs, sizeof(*s->langs));
	for (i = 0; i < s->nlangs; i++) {
		s->langs[i].lang = &s->cfg.langs[i];
		load_lang(s, &s->langs[i]);
	}
	return diag_errors() > 0 ? -1 : 0;
}

static int
render(struct site *s)
{
	size_t i;
	int rc = 0;

	/* Before the template data, which names the assets by their hash. */
	if (render_assets(s) == -1)
		return -1;
	for (i = 0; i < s->nlangs; i++) {
		s->total += s->langs[i].narticles + s->langs[i].npages +
		    value_len(s->langs[i].services) + 8;
		render_site_data(s, &s->langs[i]);
		if (render_markdown(s, &s->langs[i]) == -1)
			rc = -1;
	}
	timing_mark("markdown");
	if (rc == -1 || diag_errors() > 0)
		return -1;
	/* Only language switchers look pages up in another language. */
	for (i = 0; s->nlangs > 1 && i < s->nlangs; i++)
		pages_plan(s, &s->langs[i]);
	for (i = 0; i < s->nlangs; i++)
		if (render_lang(s, &s->langs[i]) == -1)
			rc = -1;
	if (rc == 0 && render_publish(s) == -1)
		rc = -1;
	timing_mark("feeds, page links");
	return rc;
}

static void
summary(const struct site *s, double t0, int ok)
{
	if (s->opts->quiet)
		return;
	if (s->progress)
		fputs("\r\033[K", stderr);
	if (!ok) {
		fprintf(stderr, "signpost: %zu error%s, %zu warning%s; the "
		    "output was not changed\n", diag_errors(),
		    diag_errors() == 1 ? "" : "s", diag_warnings(),
		    diag_warnings() == 1 ? "" : "s");
		return;
	}
	printf("signpost: wrote %zu pages (%zu files, %.1f KB) to %s in "
	    "%.2f s", s->pages, s->out.nfiles, (double)s->out.bytes / 1024.0,
	    s->opts->outdir, timing_now() - t0);
	if (diag_warnings() > 0)
		printf(", %zu warning%s", diag_warnings(),
		    diag_warnings() == 1 ? "" : "s");
	if (cache_linked(s->cache) > 0) {
		printf("; %zu files unchanged (%zu pages not made again), "
		    "%zu sources", cache_linked(s->cache), s->pages_taken,
		    cache_lint_replayed(s->cache));
		if (s->hc != NULL)
			printf(" and %zu pages",
			    cache_pages_skipped(s->cache));
		printf(" not checked again");
	}
	putchar('\n');
}

static void
check_summary(const struct site *s)
{
	size_t i, n = 0;

	if (s->opts->quiet)
		return;
	for (i = 0; i < s->nlangs; i++)
		n += s->langs[i].narticles + s->langs[i].npages +
		    value_len(s->langs[i].services);
	fprintf(stderr, "signpost: checked %zu source%s: %zu error%s, %zu "
	    "warning%s\n", n, n == 1 ? "" : "s", diag_errors(),
	    diag_errors() == 1 ? "" : "s", diag_warnings(),
	    diag_warnings() == 1 ? "" : "s");
}

/* Nothing the build reads changed: say so, with the warnings it gave. */
static void
unchanged(struct site *s)
{
	cache_replay(s->cache);
	if (s->opts->quiet)
		return;
	printf("signpost: nothing changed in %s", s->opts->outdir);
	if (diag_warnings() > 0)
		printf(", %zu warning%s", diag_warnings(),
		    diag_warnings() == 1 ? "" : "s");
	putchar('\n');
}

/*
 * Files in the output that the last build did not write are not ours to
 * delete: refuse, or with --force keep that folder whole beside the new one.
 */
static int
foreign_files(struct site *s)
{
	char *example = NULL;
	size_t n;

	if (!s->out.existed || s->out.foreign || s->opts->private_out ||
	    (n = cache_foreign(s->cache, s->out.final, &example)) == 0)
		return 0;
	if (s->opts->force) {
		s->out.foreign = 1;
		free(example);
		return 0;
	}
	diag_sys("refusing to build into '%s': it holds %zu file%s that "
	    "signpost did not create, such as '%s'", s->opts->outdir, n,
	    n == 1 ? "" : "s", example);
	diag_note(NULL, "move them out of the output folder, or use --force "
	    "to keep the whole folder as '%s.before-signpost' and build anew",
	    s->opts->outdir);
	free(example);
	return -1;
}

int
site_build(const struct build_opts *opts)
{
	struct site s;
	double t0 = timing_now();
	int rc = 1, opened = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.opts = opts;
	timing_mark("start");
	s.progress = opts->progress < 0 ? isatty(STDERR_FILENO) &&
	    !opts->quiet : opts->progress;
	diag_set_werror(opts->werror);
	if (opts->format_json)
		diag_set_format(DIAG_JSON);
	if (!opts->check_only) {
		s.cache = cache_open(opts);
		if (cache_unchanged(s.cache)) {
			unchanged(&s);
			rc = 0;
			goto out;
		}
		cache_record(s.cache, 1);
	}
	if (load(&s) == -1)
		goto done;
	timing_mark("load");
	if (site_check(&s) == -1)
		goto done;
	timing_mark("content check");
	if (opts->check_only) {
		rc = diag_status();
		goto done;
	}
	cache_record(s.cache, 0);
	opened = 1;	/* out_release frees what out_open got to */
	if (out_open(&s.out, opts->outdir, opts->srcdir, opts->force) == -1) {
		rc = 2;
		goto done;
	}
	if (foreign_files(&s) == -1) {
		rc = 2;
		goto done;
	}
	cache_attach(s.cache, &s.out);
	cache_record(s.cache, 1);
	if (opts->check_pages)
		s.hc = hc_new(&s.out, opts->outdir, value_get(s.cfg.tree,
		    "hosts"), s.cfg.base_url);
	if (render(&s) == -1 || diag_status() != 0)
		goto done;
	cache_spare_prune(s.cache, &s.out);
	cache_write(s.cache, &s.out, s.hc);
	timing_mark("cache write");
	if (out_commit(&s.out) == -1) {
		rc = 3;
		goto done;
	}
	timing_mark("swap");
	rc = 0;
done:
	if (opened && rc != 0)
		out_abort(&s.out);
	if (opts->format_json)
		diag_print_json(stdout);
	else if (opts->check_only)
		check_summary(&s);
	else
		summary(&s, t0, rc == 0);
out:
	cache_free(s.cache);
	if (opened)
		out_release(&s.out);
	fflush(stdout);
	/*
	 * Freeing every document, listing and page record one by one takes
	 * an eighth of a large build; when the process ends next, main gives
	 * the whole heap back at once (heap_exit).  Sanitizer builds and
	 * SIGNPOST_FREE_ALL free all, so leak checks still see everything.
	 */
	if (opts->exiting && !heap_free_all())
		return rc;
	for (i = 0; i < s.nlangs; i++)
		lang_release(&s.langs[i]);
	free(s.langs);
	hc_free(s.hc);
	free(s.css_file);
	free(s.js_file);
	value_free(s.asset);
	mus_set_free(s.tpl);
	theme_release(&s.theme);
	config_release(&s.cfg);
	timing_mark("release");
	return rc;
}
