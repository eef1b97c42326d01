/* SPDX-License-Identifier: ISC */
/* Every page of a language: its template data, rendered and written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "feeds.h"
#include "fsutil.h"
#include "htmlcheck.h"
#include "mustache.h"
#include "offline.h"
#include "pool.h"
#include "site.h"
#include "slug.h"
#include "strmap.h"
#include "timing.h"
#include "urlpath.h"
#include "value.h"
#include "xalloc.h"

#define HOME_LATEST 3

/* The navigation as this page sees it: hrefs relative to it, and "current". */
static struct value *
nav_for(const struct lang_site *ls, const char *url)
{
	const struct value *menu = value_get(ls->data, "menu"), *it;
	struct value *list = value_new(VALUE_LIST, NULL), *m;
	struct buf b = BUF_INIT;
	const char *target;
	size_t i;

	for (i = 0; i < value_len(menu); i++) {
		it = menu->list.items[i];
		m = value_list_push_take(list, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "label", value_get_str(it, "label", ""));
		if ((target = value_get_str(it, "url", NULL)) != NULL) {
			buf_reset(&b);
			urlpath_rel(&b, url, target);
			value_map_set_str(m, "href", b.ptr);
			if (strcmp(target, url) == 0)
				value_map_set_take(m, "current",
				    value_new_bool(1));
		} else {
			value_map_set_str(m, "href",
			    value_get_str(it, "external", ""));
			value_map_set_take(m, "external", value_new_bool(1));
		}
	}
	buf_release(&b);
	return list;
}

static void
plan(struct lang_site *ls, const char *url)
{
	strmap_put(&ls->planned, url, (void *)1);
}

void
pages_plan(struct site *s, struct lang_site *ls)
{
	static const char *const fixed[] = { "index.html", "search.html",
	    "tags/index.html", "services/index.html", "services/print.html" };
	const struct value *cats = value_get(ls->data, "categories"), *v;
	struct buf b = BUF_INIT;
	size_t i, k, per = s->cfg.per_page;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		plan(ls, fixed[i]);
	for (i = 0; i * per < ls->narticles || i == 0; i++) {
		buf_reset(&b);
		if (i == 0)
			buf_puts(&b, "articles/index.html");
		else
			buf_printf(&b, "articles/page-%zu.html", i + 1);
		plan(ls, b.ptr);
	}
	for (i = 0; i < ls->narticles + ls->npages; i++) {
		struct doc *d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];

		plan(ls, d->url);
		v = value_get(d->item, "tags");
		for (k = 0; k < value_len(v); k++)
			plan(ls, value_get_str(v->list.items[k], "url", ""));
	}
	for (i = 0; i < value_len(cats); i++) {
		buf_reset(&b);
		buf_printf(&b, "categories/%s.html",
		    value_get_str(cats->list.items[i], "key", ""));
		plan(ls, b.ptr);
	}
	for (i = 0; i < value_len(ls->services); i++)
		if (value_get_bool(ls->services->list.items[i], "is_listed", 0))
			plan(ls, value_get_str(ls->services->list.items[i],
			    "url", ""));
	buf_release(&b);
}

/* Where page url of language from has its counterpart in language to. */
static const char *
counterpart(struct lang_site *to, const char *url, const char *rel)
{
	struct doc *d;

	if (rel != NULL)
		return (d = strmap_get(&to->by_rel, rel)) != NULL ? d->url :
		    NULL;
	return strmap_get(&to->planned, url) != NULL ? url : NULL;
}

static void
page_languages(struct site *s, struct lang_site *ls, struct value *ctx,
    const char *url, const char *rel)
{
	struct value *langs, *alts, *m;
	struct buf from = BUF_INIT, to = BUF_INIT, href = BUF_INIT;
	struct lang_site *o;
	const char *there;
	size_t i;

	if (s->nlangs < 2)
		return;
	langs = value_map_set_take(ctx, "languages", value_new(VALUE_LIST,
	    NULL));
	alts = value_map_set_take(ctx, "alternates", value_new(VALUE_LIST,
	    NULL));
	buf_printf(&from, "%s%s", ls->lang->prefix, url);
	for (i = 0; i < s->nlangs; i++) {
		o = &s->langs[i];
		there = o == ls ? url : counterpart(o, url, rel);
		buf_reset(&to);
		buf_printf(&to, "%s%s", o->lang->prefix, there ? there :
		    "index.html");
		buf_reset(&href);
		urlpath_rel(&href, from.ptr, to.ptr);
		m = value_list_push_take(langs, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "code", o->lang->code);
		value_map_set_str(m, "name", o->lang->name);
		value_map_set_str(m, "dir", o->lang->rtl ? "rtl" : "ltr");
		value_map_set_str(m, "href", href.ptr);
		value_map_set_take(m, "current", value_new_bool(o == ls));
		value_map_set_take(m, "translated", value_new_bool(there != NULL));
		if (there != NULL) {
			m = value_list_push_take(alts, value_new(VALUE_MAP,
			    NULL));
			value_map_set_str(m, "code", o->lang->code);
			value_map_set_str(m, "href", href.ptr);
		}
	}
	value_map_set_take(ctx, "has_languages", value_new_bool(1));
	buf_release(&from);
	buf_release(&to);
	buf_release(&href);
}

/* The common page data; rel names a translated document's source, or NULL. */
static struct value *
page_data(struct site *s, struct lang_site *ls, const char *url,
    const char *title, const char *rel)
{
	struct value *m = value_new(VALUE_MAP, NULL);
	struct buf b = BUF_INIT;

	value_map_set_take(m, "site", value_new_ref(ls->data));
	value_map_set_take(m, "t", value_new_ref(value_get(ls->data, "t")));
	urlpath_root(&b, url);
	value_map_set_str(m, "root", b.ptr);
	urlpath_root(&b, ls->lang->prefix);
	buf_puts(&b, "assets/");
	value_map_set_str(m, "assets", b.ptr);
	value_map_set_str(m, "page_url", url);
	value_map_set_str(m, "page_title", title);
	value_map_set_str(m, "lang", ls->lang->code);
	value_map_set_str(m, "dir", ls->lang->rtl ? "rtl" : "ltr");
	value_map_set_take(m, "nav", nav_for(ls, url));
	page_languages(s, ls, m, url, rel);
	buf_release(&b);
	return m;
}

struct value *
page_new(struct site *s, struct lang_site *ls, const char *url,
    const char *title)
{
	return page_data(s, ls, url, title, NULL);
}

static void
progress(struct site *s)
{
	size_t n = __atomic_load_n(&s->pages, __ATOMIC_RELAXED);

	if (!s->progress || (n % 64 != 0 && n != s->total))
		return;
	fprintf(stderr, "\r\033[Ksignpost: writing pages %zu/%zu", n,
	    s->total > n ? s->total : n);
}

/*
 * Render, check from memory (src: the Markdown shown, may be NULL), write.
 * *kept (when not NULL) says whether the check holds on to src, for a
 * page the build cache takes as unchanged.
 */
static int
write_page(struct site *s, struct lang_site *ls, const char *tpl,
    const char *url, struct value *ctx, const struct md_doc *src, int *kept)
{
	const struct mus_tpl *t = mus_get(s->tpl, tpl);
	struct buf *html = buf_scratch(BUF_SCRATCH_PAGE), path = BUF_INIT;
	int rc = -1;

	if (t == NULL) {
		diag_sys("no template '%s' (looked for %s.mustache in the "
		    "site's templates/ and in %s/templates)", tpl, tpl,
		    s->theme.share);
		goto out;
	}
	if (mus_render(t, ctx, html) == -1)
		goto out;
	buf_printf(&path, "%s%s", ls->lang->prefix, url);
	if (s->hc != NULL && cache_page_same(s->cache, path.ptr, html->ptr,
	    html->len)) {
		hc_page_same(s->hc, path.ptr, src);
		if (kept != NULL)
			*kept = 1;
	} else if (s->hc != NULL)
		hc_page(s->hc, path.ptr, html->ptr, html->len, src);
	rc = out_write(&s->out, path.ptr, html->ptr, html->len);
	__atomic_add_fetch(&s->pages, 1, __ATOMIC_RELAXED);
	progress(s);
out:
	value_free(ctx);
	buf_scratch_done(html);
	buf_release(&path);
	return rc;
}

int
page_write(struct site *s, struct lang_site *ls, const char *tpl,
    const char *url, struct value *ctx)
{
	return write_page(s, ls, tpl, url, ctx, NULL, NULL);
}

/* page_take; src is the Markdown the page shows, made only if it is checked again. */
static int
take_page(struct site *s, struct lang_site *ls, const char *url,
    const struct md_doc *src)
{
	struct buf path = BUF_INIT;
	int rc;

	buf_printf(&path, "%s%s", ls->lang->prefix, url);
	if ((rc = cache_page_take(s->cache, &s->out, path.ptr, 1)) == 0) {
		if (s->hc != NULL)
			hc_page_same(s->hc, path.ptr, src);
		__atomic_add_fetch(&s->pages, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&s->pages_taken, 1, __ATOMIC_RELAXED);
		progress(s);
	}
	buf_release(&path);
	return rc;
}

int
page_take(struct site *s, struct lang_site *ls, const char *url)
{
	return take_page(s, ls, url, NULL);
}

static struct value *
item_ref(const struct doc *d)
{
	return value_new_ref(d->item);
}

/*
 * An article's or page's own page, taken from the last output unmade
 * when what it shows has the fingerprint it had: the site data, its
 * list data and bytes, where its links lead, its neighbours' list data,
 * whether it shows the help box and, on sites of several languages,
 * its language switcher.  0 when taken.
 */
static int
doc_take(struct site *s, struct lang_site *ls, struct doc *d,
    const struct doc *newer, const struct doc *older)
{
	struct buf b = BUF_INIT;
	struct value *langs;
	uint64_t h[8];
	int rc = -1;

	h[0] = ls->data_fp;
	h[1] = d->item_fp;
	h[2] = d->text_hash;
	h[3] = d->links_fp;
	h[4] = newer != NULL ? newer->item_fp : 0;
	h[5] = older != NULL ? older->item_fp : 0;
	h[6] = (uint64_t)d->mentions_suicide;
	h[7] = 0;
	if (s->nlangs > 1) {
		langs = value_new(VALUE_MAP, NULL);
		page_languages(s, ls, langs, d->url, d->rel);
		h[7] = cache_tree_hash(langs);
		value_free(langs);
	}
	buf_printf(&b, "page:%s%s", ls->lang->prefix, d->url);
	if (cache_data_same(s->cache, b.ptr, out_hash(h, sizeof(h))))
		rc = take_page(s, ls, d->url, &d->md);
	buf_release(&b);
	return rc;
}

static int
write_doc(struct site *s, struct lang_site *ls, struct doc *d,
    struct doc *newer, struct doc *older)
{
	struct value *ctx;
	char *html;
	size_t len, i;
	int rc, kept = 0;

	if (s->cache != NULL && doc_take(s, ls, d, newer, older) == 0)
		return 0;
	/* Made: its item and the next one's (which it links to) from memory. */
	value_prefetch(d->item);
	if (older != NULL)
		value_prefetch(older->item);
	if (render_doc_md(s, ls, d) == -1)
		return -1;
	ctx = page_data(s, ls, d->url, d->title, d->rel);

	value_map_set_take(ctx, "page", item_ref(d));
	/*
	 * Nothing reads the body's HTML after its page: the page data takes
	 * it, and it is freed once the page is written, not kept (tens of
	 * megabytes on a big site) through the rest of the build.
	 */
	html = buf_detach(&d->md.html, &len);
	value_map_set_take(ctx, "content_html", value_new_str_take(html, len));
	if (d->mentions_suicide)
		value_map_set_take(ctx, "help_box", value_new_bool(1));
	if (newer != NULL)
		value_map_set_take(ctx, "newer", item_ref(newer));
	if (older != NULL)
		value_map_set_take(ctx, "older", item_ref(older));
	rc = write_page(s, ls, d->kind == DOC_ARTICLE ? "article" : "page",
	    d->url, ctx, &d->md, &kept);
	/*
	 * The links of the body serve only to trace the page check's
	 * messages to their Markdown line: once the page is checked, they
	 * are not needed (unless the check keeps them for later).
	 */
	if (!kept) {
		for (i = 0; i < d->md.nlinks; i++)
			free(d->md.links[i].href);
		free(d->md.links);
		d->md.links = NULL;
		d->md.nlinks = 0;
	}
	return rc;
}

struct doc_job {
	struct site		*s;
	struct lang_site	*ls;
	int			 rc;
};

static struct value	*collect_tags(struct lang_site *);

static void
write_one(void *p, size_t i)
{
	struct doc_job *j = p;
	struct lang_site *ls = j->ls;
	size_t n = ls->narticles;
	int rc;

	/*
	 * Job 0 gathers the tags for the list pages that follow: it reads
	 * the articles' list items, final since the Markdown, and would
	 * otherwise keep the other core idle between the two runs.
	 */
	if (i-- == 0) {
		ls->tags = collect_tags(ls);
		return;
	}
	if (i < n)
		rc = write_doc(j->s, ls, ls->articles[i],
		    i > 0 ? ls->articles[i - 1] : NULL,
		    i + 1 < n ? ls->articles[i + 1] : NULL);
	else
		rc = write_doc(j->s, ls, ls->pages[i - n], NULL, NULL);
	if (rc != 0)
		j->rc = -1;
}

/* Every article and page, on every core. */
static int
write_docs(struct site *s, struct lang_site *ls)
{
	struct doc_job j = { s, ls, 0 };

	diag_defer_begin();
	pool_run(1 + ls->narticles + ls->npages, write_one, &j);
	diag_defer_end();
	return j.rc;
}

static void
page_url(struct buf *b, const char *folder, size_t n)
{
	buf_reset(b);
	if (n == 1)
		buf_printf(b, "%s/index.html", folder);
	else
		buf_printf(b, "%s/page-%zu.html", folder, n);
}

/* The article list page p (from 1) of pages, per_page articles to a page. */
static int
write_article_list(struct site *s, struct lang_site *ls, size_t p,
    size_t pages)
{
	size_t per = s->cfg.per_page, i;
	struct value *ctx, *list, *pg;
	struct buf url = BUF_INIT, other = BUF_INIT;
	int rc;

	page_url(&url, "articles", p);
	ctx = page_new(s, ls, url.ptr, value_get_str(value_get(ls->data, "t"),
	    "articles", "Articles"));
	list = value_map_set_take(ctx, "articles", value_new(VALUE_LIST, NULL));
	for (i = (p - 1) * per; i < ls->narticles && i < p * per; i++)
		value_list_push_take(list, item_ref(ls->articles[i]));
	pg = value_map_set_take(ctx, "pagination", value_new(VALUE_MAP, NULL));
	value_map_set_take(pg, "current", value_new_printf("%zu", p));
	value_map_set_take(pg, "total", value_new_printf("%zu", pages));
	if (pages > 1)
		value_map_set_take(pg, "several", value_new_bool(1));
	if (p > 1) {
		page_url(&other, "articles", p - 1);
		value_map_set_str(pg, "prev", other.ptr);
	}
	if (p < pages) {
		page_url(&other, "articles", p + 1);
		value_map_set_str(pg, "next", other.ptr);
	}
	rc = page_write(s, ls, "articles", url.ptr, ctx);
	buf_release(&url);
	buf_release(&other);
	return rc;
}

/* Every tag of the articles, in first-seen order, with its articles. */
static struct value *
collect_tags(struct lang_site *ls)
{
	struct strmap seen = STRMAP_INIT, as_written = STRMAP_INIT;
	struct value *tags = value_new(VALUE_LIST, NULL), *tag, *list;
	const struct value *dt, *name;
	struct buf b = BUF_INIT;
	size_t i, k;

	for (i = 0; i < ls->narticles; i++) {
		dt = value_get(ls->articles[i]->item, "tags");
		for (k = 0; k < value_len(dt); k++) {
			name = value_get(dt->list.items[k], "name");
			/* Most tags come again as written: no slug to make. */
			if ((tag = strmap_get(&as_written, name->str.ptr)) !=
			    NULL)
				goto add;
			buf_reset(&b);
			slug_append(&b, name->str.ptr, name->str.len);
			if (b.len == 0)
				continue;
			if ((tag = strmap_get(&seen, b.ptr)) == NULL) {
				tag = value_list_push_take(tags,
				    value_new(VALUE_MAP, NULL));
				value_map_set_str(tag, "name", name->str.ptr);
				value_map_set_str(tag, "url", value_get_str(
				    dt->list.items[k], "url", ""));
				value_map_set_take(tag, "articles",
				    value_new(VALUE_LIST, NULL));
				strmap_put(&seen, b.ptr, tag);
			}
			strmap_put(&as_written, name->str.ptr, tag);
add:
			list = (struct value *)value_get(tag, "articles");
			value_list_push_take(list, item_ref(ls->articles[i]));
		}
	}
	for (i = 0; i < tags->list.len; i++) {
		tag = tags->list.items[i];
		value_map_set_take(tag, "count", value_new_printf("%zu",
		    value_len(value_get(tag, "articles"))));
	}
	strmap_release(&seen);
	strmap_release(&as_written);
	buf_release(&b);
	return tags;
}

static int
write_tag(struct site *s, struct lang_site *ls, const struct value *tag)
{
	struct value *ctx = page_new(s, ls, value_get_str(tag, "url", ""),
	    value_get_str(tag, "name", ""));

	value_map_set_take(ctx, "tag", value_new_ref(tag));
	return page_write(s, ls, "tag", value_get_str(tag, "url", ""), ctx);
}

static int
write_tag_index(struct site *s, struct lang_site *ls)
{
	struct value *ctx = page_new(s, ls, "tags/index.html", value_get_str(
	    value_get(ls->data, "t"), "tags", "Topics"));

	value_map_set_take(ctx, "tags", value_new_ref(ls->tags));
	return page_write(s, ls, "tags", "tags/index.html", ctx);
}

/*
 * The list pages, one job each: the article list pages first, then a
 * page per tag, then tags/index.html.
 */
struct list_job {
	struct site		*s;
	struct lang_site	*ls;
	size_t			 pages;		/* article list pages */
	size_t			 ntags;
	int			 rc;
	int			 take;		/* lists_same */
};

static void
write_list(void *p, size_t i)
{
	struct list_job *j = p;
	struct buf url = BUF_INIT;
	int rc;

	if (j->take) {
		if (i < j->pages)
			page_url(&url, "articles", i + 1);
		else
			buf_puts(&url, i - j->pages < j->ntags ?
			    value_get_str(j->ls->tags->list.items[i - j->pages],
			    "url", "") : "tags/index.html");
		rc = page_take(j->s, j->ls, url.ptr);
		buf_release(&url);
		if (rc == 0)
			return;
	}
	if (i < j->pages)
		rc = write_article_list(j->s, j->ls, i + 1, j->pages);
	else if (i - j->pages < j->ntags)
		rc = write_tag(j->s, j->ls,
		    j->ls->tags->list.items[i - j->pages]);
	else
		rc = write_tag_index(j->s, j->ls);
	if (rc != 0)
		__atomic_store_n(&j->rc, -1, __ATOMIC_RELAXED);
}

/*
 * The article list, per_page to a page (articles/index.html,
 * page-2.html...), a page per tag listing its articles, and
 * tags/index.html, on every core.
 */
static int
write_lists(struct site *s, struct lang_site *ls, int take)
{
	struct list_job j;
	size_t per = s->cfg.per_page;

	/* ls->tags: write_docs gathered them, in its run's first job. */
	j.s = s;
	j.ls = ls;
	j.pages = ls->narticles == 0 ? 1 : (ls->narticles + per - 1) / per;
	j.ntags = ls->tags->list.len;
	j.rc = 0;
	j.take = take;
	diag_defer_begin();
	pool_run(j.pages + j.ntags + 1, write_list, &j);
	diag_defer_end();
	return j.rc;
}

static int
write_home(struct site *s, struct lang_site *ls, int take)
{
	struct value *ctx, *list;
	size_t i;

	if (take && page_take(s, ls, "index.html") == 0)
		return 0;
	ctx = page_new(s, ls, "index.html", s->cfg.title);
	value_map_set_take(ctx, "is_home", value_new_bool(1));
	list = value_map_set_take(ctx, "latest", value_new(VALUE_LIST, NULL));
	for (i = 0; i < ls->narticles && i < HOME_LATEST; i++)
		value_list_push_take(list, item_ref(ls->articles[i]));
	if (ls->narticles > HOME_LATEST)
		value_map_set_take(ctx, "more_articles", value_new_bool(1));
	return page_write(s, ls, "home", "index.html", ctx);
}

static int
write_simple(struct site *s, struct lang_site *ls, const char *tpl,
    const char *url, const char *title_key, const char *title)
{
	struct value *ctx = page_new(s, ls, url, value_get_str(value_get(
	    ls->data, "t"), title_key, title));

	return page_write(s, ls, tpl, url, ctx);
}

/* Put base in front of the relative hrefs of a list of links. */
static void
absolute_hrefs(const struct value *list, const char *base)
{
	struct value *m;
	const char *href;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < value_len(list); i++) {
		m = list->list.items[i];
		if (value_get_bool(m, "external", 0) ||
		    (href = value_get_str(m, "href", NULL)) == NULL)
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s%s", base, href);
		value_map_set_str(m, "href", b.ptr);
	}
	buf_release(&b);
}

/*
 * 404.html: a host serves it for a missing address at any depth, where
 * relative links would miss; with a base URL its links are absolute (a
 * <base> element is ruled out by the CSP's base-uri 'none').  Its assets
 * stay relative: no page loads anything by a full address.
 */
static int
write_404(struct site *s, struct lang_site *ls)
{
	const char *base = s->cfg.base_url;
	struct value *ctx = page_new(s, ls, "404.html", value_get_str(
	    value_get(ls->data, "t"), "not_found", "Page not found"));

	if (base != NULL) {
		value_map_set_str(ctx, "root", base);
		absolute_hrefs(value_get(ctx, "nav"), base);
		absolute_hrefs(value_get(ctx, "languages"), base);
		absolute_hrefs(value_get(ctx, "alternates"), base);
	}
	return page_write(s, ls, "404", "404.html", ctx);
}

/* Copy the pictures and files that content links to. */
static int
write_statics(struct site *s, struct lang_site *ls)
{
	struct buf path = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < ls->statics.cap; i++) {
		if (ls->statics.slots[i].key == NULL)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s%s", ls->lang->prefix,
		    ls->statics.slots[i].key);
		rc |= out_copy(&s->out, path.ptr, ls->statics.slots[i].val);
	}
	buf_release(&path);
	return rc;
}

/* Copy site.yml's logo to where the template data says it is. */
static int
write_logo(struct site *s)
{
	const struct value *v = value_get(s->cfg.tree, "logo");
	const struct value *d = value_get(s->langs[0].data, "logo");
	struct buf rel = BUF_INIT;
	char *path;
	int rc = 0;

	if (v == NULL || v->type != VALUE_STRING || d == NULL)
		return 0;
	path = fs_join(s->opts->srcdir, v->str.ptr);
	if (strstr(v->str.ptr, "..") != NULL || !fs_exists(path))
		rc = diag_error(&v->loc, "no logo file '%s' in the site "
		    "folder", v->str.ptr);
	else {
		buf_printf(&rel, "assets/%s", value_str(d));
		rc = out_copy(&s->out, rel.ptr, path);
	}
	free(path);
	buf_release(&rel);
	return rc;
}

/*
 * 1 when the home page, the article lists and the tag pages may be taken
 * from the last output: they show the site data and the list data of the
 * articles (those of every language, for the language switcher), and
 * the build cache has the same fingerprint of these as last time.
 */
static int
lists_same(struct site *s, struct lang_site *ls)
{
	struct buf b = BUF_INIT;
	const struct lang_site *o;
	uint64_t h;
	size_t i, k;
	int same;

	buf_put(&b, &ls->data_fp, sizeof(ls->data_fp));
	for (i = 0; i < s->nlangs; i++) {
		o = &s->langs[i];
		buf_put(&b, &o->narticles, sizeof(o->narticles));
		for (k = 0; k < o->narticles; k++)
			buf_put(&b, &o->articles[k]->item_fp,
			    sizeof(o->articles[k]->item_fp));
	}
	h = out_hash(b.ptr, b.len);
	buf_reset(&b);
	buf_printf(&b, "lists:%s", ls->lang->code);
	same = cache_data_same(s->cache, b.ptr, h);
	buf_release(&b);
	return same;
}

/*
 * Before the pages taken unmade are checked after all: the Markdown they
 * were given with (take_page), so that a message names its source line.
 */
static void
md_for_recheck(void *arg)
{
	struct site *s = arg;
	struct lang_site *ls;
	struct doc *d;
	size_t i, k;

	for (i = 0; i < s->nlangs; i++) {
		ls = &s->langs[i];
		for (k = 0; k < ls->narticles + ls->npages; k++) {
			d = k < ls->narticles ? ls->articles[k] :
			    ls->pages[k - ls->narticles];
			(void)render_doc_md(s, ls, d);
			buf_release(&d->md.html);	/* its page is made */
		}
	}
}

int
render_lang(struct site *s, struct lang_site *ls)
{
	int rc = 0, take = lists_same(s, ls);

	rc |= write_home(s, ls, take);
	/*
	 * The search page needs nothing from the pages below, and every one
	 * of them links to it: written first, those links hold when their
	 * page is checked instead of being kept for hc_resolve.
	 */
	rc |= write_simple(s, ls, "search", "search.html", "search",
	    "Search");
	rc |= write_docs(s, ls);
	timing_mark("article, page pages");
	rc |= write_lists(s, ls, take);
	/* Nothing reads the tag list after its pages. */
	value_free(ls->tags);
	ls->tags = NULL;
	timing_mark("lists, tags");
	rc |= listings_write(s, ls);
	/*
	 * Once, here: before the listings most links still wait for their
	 * page (every page links to the directory), and settling then cost
	 * the main thread 10 ms at 10k articles for little memory.
	 */
	if (s->hc != NULL)
		hc_settle(s->hc);
	timing_mark("listing pages");
	if (*ls->lang->prefix == '\0') {
		rc |= write_404(s, ls);
		rc |= write_logo(s);
	}
	rc |= write_statics(s, ls);
	rc |= site_search_write(s, ls);
	timing_mark("search index");
	rc |= listings_finish(s, ls);
	timing_mark("listings finish");
	return rc ? -1 : 0;
}

/* "js/search.js" -> "search_js": the key templates use in site.asset. */
static void
asset_key(struct buf *b, const char *rel)
{
	const char *p = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;

	buf_reset(b);
	for (; *p != '\0'; p++)
		buf_putc(b, *p == '.' || *p == '-' ? '_' : *p);
}

static int
hashed_kind(const char *f)
{
	size_t n = strlen(f);

	return strncmp(f, "assets/", 7) == 0 && ((n > 4 &&
	    strcmp(f + n - 4, ".css") == 0) || (n > 3 &&
	    strcmp(f + n - 3, ".js") == 0));
}

/*
 * The theme's assets, written first so that pages can name them: every
 * stylesheet and script carries a hash of its content (site.css_file,
 * site.js_file, and site.asset.NAME_EXT for the others), and the site
 * script registers the offline cache.
 */
int
render_assets(struct site *s)
{
	struct buf css = BUF_INIT, js = BUF_INIT, name = BUF_INIT,
	    key = BUF_INIT;
	char *path, *text, *rel;
	size_t len, i, n;
	int rc = 0;

	path = fs_join(s->theme.dir, "js/site.js");
	if (!fs_exists(path)) {
		free(path);
		path = fs_join(s->theme.share, "templates/assets/js/site.js");
	}
	if (fs_read(path, &text, &len) == 0) {
		buf_put(&js, text, len);
		free(text);
	}
	free(path);
	rc |= offline_register_js(&js, s->theme.share, "assets/js/site.js");
	rc |= out_write(&s->out, "assets/js/site.js", js.ptr, js.len);
	theme_check_colors(&s->theme, value_get(s->cfg.tree, "colors"));
	theme_css_vars(&s->theme, value_get(s->cfg.tree, "colors"), &css);
	rc |= theme_write_assets(&s->theme, &s->out, s->opts->srcdir,
	    css.ptr);
	s->asset = value_new(VALUE_MAP, NULL);
	n = s->out.nfiles;
	for (i = 0; rc == 0 && i < n; i++) {
		if (!hashed_kind(s->out.files[i]))
			continue;
		rel = xstrdup(s->out.files[i]);
		if (s->hc != NULL && strcmp(rel + strlen(rel) - 4,
		    ".css") == 0) {
			path = fs_join(s->out.stage, rel);
			if (fs_read(path, &text, &len) == 0) {
				hc_css(s->hc, rel, text, len);
				free(text);
			}
			free(path);
		}
		buf_reset(&name);
		if (out_fingerprint(&s->out, rel, &name) == -1)
			rc = -1;
		else {
			asset_key(&key, rel);
			if (value_get(s->asset, key.ptr) == NULL)
				value_map_set_str(s->asset, key.ptr,
				    name.ptr + strlen("assets/"));
			if (strcmp(rel, "assets/style.css") == 0)
				s->css_file = xstrdup(name.ptr + 7);
			if (strcmp(rel, "assets/js/site.js") == 0)
				s->js_file = xstrdup(name.ptr + 7);
		}
		free(rel);
	}
	buf_release(&css);
	buf_release(&js);
	buf_release(&name);
	buf_release(&key);
	return rc || s->css_file == NULL || s->js_file == NULL ? -1 : 0;
}

static int
by_date(const void *a, const void *b)
{
	const struct feed_entry *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c != 0 ? c : strcmp(x->url, y->url);
}

/* The Atom feed of a language's articles. */
static int
write_feed(struct site *s, struct lang_site *ls, struct strmap *lastmod,
    struct buf *keep)
{
	struct feed_entry *e = xcalloc(ls->narticles + 1, sizeof(*e));
	struct feed_info fi;
	struct doc *d;
	size_t i, n = 0;
	const char *date, *upd;
	char *url;
	int rc;

	for (i = 0; i < ls->narticles + ls->npages; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		date = value_get_str(d->meta, "date", NULL);
		upd = value_get_str(d->meta, "updated", NULL);
		buf_reset(keep);
		buf_printf(keep, "%s%s", ls->lang->prefix, d->url);
		url = xstrdup(keep->ptr);
		if (upd != NULL || date != NULL)
			strmap_put(lastmod, url, (void *)(upd ? upd : date));
		if (i < ls->narticles && date != NULL) {
			e[n].title = d->title;
			e[n].url = url;
			e[n].summary = value_get_str(d->meta, "summary", NULL);
			e[n].date = date;
			e[n].updated = upd;
			n++;
		} else
			free(url);
	}
	qsort(e, n, sizeof(*e), by_date);
	memset(&fi, 0, sizeof(fi));
	fi.base_url = s->cfg.base_url;
	/* The language's own title and description (languages: in site.yml). */
	fi.title = value_get_str(ls->data, "title", s->cfg.title);
	fi.description = value_get_str(ls->data, "description",
	    s->cfg.description);
	fi.lang = ls->lang->code;
	fi.prefix = ls->lang->prefix;
	rc = feeds_atom(&s->out, &fi, e, n);
	for (i = 0; i < n; i++)
		free((char *)e[i].url);
	free(e);
	return rc;
}

int
render_publish(struct site *s)
{
	struct strmap lastmod = STRMAP_INIT;
	struct offline_info oi;
	const struct value *colors = value_get(s->theme.yml, "colors");
	struct buf b = BUF_INIT;
	size_t i;
	int rc = 0;

	if (s->cfg.base_url != NULL) {
		for (i = 0; i < s->nlangs; i++)
			rc |= write_feed(s, &s->langs[i], &lastmod, &b);
		rc |= feeds_sitemap(&s->out, s->cfg.base_url, &lastmod);
	}
	rc |= feeds_robots(&s->out, s->cfg.base_url);
	memset(&oi, 0, sizeof(oi));
	oi.name = s->cfg.title;
	oi.description = s->cfg.description;
	oi.lang = s->langs[0].lang->code;
	oi.dir = s->langs[0].lang->rtl ? "rtl" : "ltr";
	oi.icon = out_has(&s->out, "assets/icon.svg") ? "assets/icon.svg" :
	    NULL;
	oi.theme_color = value_get_str(colors, "accent", NULL);
	oi.background = value_get_str(colors, "background", NULL);
	rc |= offline_write(&s->out, s->theme.share, &oi);
	cache_check_links(s->cache, s->hc, md_for_recheck, s);
	if (s->hc != NULL && hc_resolve(s->hc) == -1)
		rc = -1;
	strmap_release(&lastmod);
	buf_release(&b);
	return rc ? -1 : 0;
}
