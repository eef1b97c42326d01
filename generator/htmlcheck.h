/* SPDX-License-Identifier: ISC */
/* The check of every written page: links, fragments, hosts, alt text, h1, ids. */
#ifndef HTMLCHECK_H
#define HTMLCHECK_H

#include <stddef.h>

struct md_doc;
struct out;
struct value;
struct hc;

/*
 * A checker for one build writing into o.  outdir names the output in
 * messages ("public"); hosts is site.yml's hosts: list (may be NULL):
 * resources may load from those hosts only.  A new checker; free it with
 * hc_free.
 */
struct hc	*hc_new(struct out *o, const char *outdir,
		    const struct value *hosts, const char *base_url);
/*
 * Check the page about to be written to path (relative to the output
 * root) from its bytes in memory.  Duplicate ids, several or no h1, an
 * image without alt, a root-absolute link or a link to a folder and a
 * resource from a host not listed are reported now; links to other
 * files and fragments are resolved now when their target is known, else
 * kept for hc_resolve.  src, when not NULL, is the Markdown the page
 * shows: a link that came from it is reported at its source line.
 * Safe to call from several threads at once.
 */
void	 hc_page(struct hc *, const char *path, const char *html,
	    size_t len, const struct md_doc *src);
/*
 * For the build cache: the page about to be written to path has the
 * bytes the last build checked without a message, so it is not parsed
 * again.  Its links are taken to hold when every link the last build
 * needed still does (hc_need_holds; else hc_recheck_same); its ids are
 * read from the written file only when another page links to one.
 */
void	 hc_page_same(struct hc *, const char *path, const struct md_doc *src);
/* Pages given to hc_page_same (and not checked again since). */
size_t	 hc_same_count(const struct hc *);
/* 1 when the page at path was checked (or taken as same) without a message. */
int	 hc_page_clean(struct hc *, const char *path);
/*
 * The links to other files that the pages checked need: "target", or
 * "target" "\37" "fragment".  hc_each_need calls fn with each; hc_need_add
 * adds one (kept for the next build); hc_need_holds says whether one
 * holds in this build, after every file was written.
 */
void	 hc_each_need(struct hc *, void (*fn)(void *, const char *), void *);
void	 hc_need_add(struct hc *, const char *);
int	 hc_need_holds(struct hc *, const char *);
/* Check every page given to hc_page_same after all, from its written bytes. */
void	 hc_recheck_same(struct hc *);
/* Check a stylesheet: url() and @import from a host not listed. */
void	 hc_css(struct hc *, const char *path, const char *css, size_t len);
/*
 * Drop the links kept for hc_resolve that hold now (their file is
 * written, with the id they name), so that the check keeps less while
 * the rest of the site is written.  Call when no page is being checked.
 */
void	 hc_settle(struct hc *);
/*
 * After every file is written: resolve the links kept by hc_page
 * against the files written and the ids of the pages checked.  Broken
 * links are errors.  Returns 0, or -1 when one was broken.
 */
int	 hc_resolve(struct hc *);
/* Pages checked and links looked at, for measurements. */
void	 hc_counts(const struct hc *, size_t *pages, size_t *links);
void	 hc_free(struct hc *);

#endif
