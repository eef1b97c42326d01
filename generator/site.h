/* SPDX-License-Identifier: ISC */
/* A whole build: load site.yml and content, render every page, swap the output in. */
#ifndef SITE_H
#define SITE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "content.h"
#include "output.h"
#include "strmap.h"
#include "theme.h"

struct buf;
struct cache;
struct hc;
struct md_doc;
struct mus_set;
struct value;

struct build_opts {
	const char	*srcdir;	/* the site: holds site.yml */
	const char	*outdir;	/* default srcdir/public */
	const char	*base_url;	/* overrides site.yml's, or NULL */
	int		 drafts;
	int		 quiet;
	int		 force;
	int		 full;		/* ignore the build cache (cache.h) */
	int		 werror;
	int		 check_pages;	/* read every written page (htmlcheck.h) */
	int		 progress;	/* -1: when stderr is a terminal */
	int		 check_only;	/* signpost check: no output */
	int		 private_out;	/* outdir is a folder of signpost's own
					   (serve's temporary one): no check
					   for files put there by others */
	int		 format_json;	/* diagnostics as JSON on stdout */
	const char	*report_dir;	/* check --report DIR */
	int		 exiting;	/* the process ends after this build:
					   the site's data need not be freed */
};

/* One language of the site: its content and its template data. */
struct lang_site {
	const struct config_lang *lang;
	char		*content_abs;	/* folder of articles/, pages/, services/ */
	char		*content_rel;	/* "content" or "content/pl" */
	struct doc	**articles;
	size_t		  narticles;
	struct doc	**pages;
	size_t		  npages;
	struct strmap	  links;	/* "pages/a.md" -> url (borrowed) */
	struct strmap	  by_rel;	/* "articles/a.md" -> struct doc */
	struct strmap	  planned;	/* url of every page this language writes
					   (pages_plan: sites of several
					   languages only) */
	struct strmap	  statics;	/* url -> absolute source path (owned) */
	pthread_mutex_t	  lock;		/* statics, from parallel rendering */
	struct value	 *data;		/* site-wide template data, owned */
	uint64_t	  data_fp;	/* cache_site_data_hash of data */
	struct value	 *tags;		/* list of {name, slug, url, articles} */
	struct value	 *services;	/* listings (services.h), by name */
	struct value	 *crisis_services; /* refs to listed crisis: true */
	int		  stubbed;	/* services are stubs (svcstub.h) */
	struct value	 *stubs;	/* the stubs, once services are whole */
	pthread_t	  export;	/* the HSDS export, beside the pages */
	int		  exporting, export_rc;
};

struct site {
	const struct build_opts	*opts;
	struct config		 cfg;
	struct theme		 theme;
	struct mus_set		*tpl;
	struct out		 out;
	struct lang_site	*langs;
	size_t			  nlangs;
	size_t			  pages;	/* HTML pages written */
	size_t			  pages_taken;	/* of them, taken unmade */
	size_t			  total;	/* pages to write, for progress */
	int			  progress;
	struct hc		 *hc;		/* the check of every page */
	char			 *css_file;	/* under assets/, with its hash */
	char			 *js_file;
	struct value		 *asset;	/* "search_js" -> "js/search.<hash>.js" */
	struct cache		 *cache;	/* inputs recorded, files reused */
};

/* Run a build; returns the exit status (0, 1 content errors, 3 system). */
int	site_build(const struct build_opts *);

/* render.c: every page of one language, then the assets. 0 or -1. */
int	render_lang(struct site *, struct lang_site *);
/* render.c: the Markdown of every article and page of a language. */
int	render_markdown(struct site *, struct lang_site *);
/*
 * render.c: the Markdown of d when render_markdown left it for later
 * (d->md_later: its page was to be taken from the last build); 0 or -1.
 * Safe on several threads, one document each.
 */
int	render_doc_md(struct site *, struct lang_site *, struct doc *);
/* listings.c: load a language's service listings and register their links. */
void	listings_load(struct site *, struct lang_site *);
/*
 * listings.c: when listings_load gave stubs in place of unchanged
 * listings, load them whole now for what needs more of them (their
 * messages are not printed twice).  0, or -1 after a message.
 */
int	listings_materialize(struct site *, struct lang_site *);
/* listings.c: service pages, vCards, the directory and category pages. */
int	listings_write(struct site *, struct lang_site *);
/* listings.c: wait for the open data export listings_write started. 0 or -1. */
int	listings_finish(struct site *, struct lang_site *);

/* pages.c: the data every page has; url is relative to the language root. */
struct value *page_new(struct site *, struct lang_site *, const char *url,
	    const char *title);
/* pages.c: render ctx through template tpl into url, then free ctx. */
int	page_write(struct site *, struct lang_site *, const char *tpl,
	    const char *url, struct value *ctx);
/*
 * pages.c: instead of page_write, the page at url as the last build
 * wrote it, when the cache can give it (cache_page_take): 0, else -1
 * and nothing was done.
 */
int	page_take(struct site *, struct lang_site *, const char *url);

/* pages.c: theme assets, named after their content, before any page. */
int	render_assets(struct site *);
/* pages.c: after every page: links checked, sitemap, feeds, robots.txt,
 * the offline cache. */
int	render_publish(struct site *);

/* pages.c: the urls of every page a language will write (for switchers). */
void	pages_plan(struct site *, struct lang_site *);

/*
 * check.c: language, safe-messaging, readability and accessibility checks
 * of every article, page (and, for signpost check, listing); findings are
 * reported through diag.  0, or -1 when the rules cannot be loaded.
 */
int	site_check(struct site *);

/* sitesearch.c: the search index of a language, under assets/search/. */
int	site_search_write(struct site *, struct lang_site *);

/* render.c: a date as the language writes it (t.date_format, t.months). */
struct date;
void	render_date(const struct lang_site *, const struct date *,
	    struct buf *);

/* render.c: template data shared by every page of a language. */
void	render_site_data(struct site *, struct lang_site *);

#endif
