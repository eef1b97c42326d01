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
/* Check a stylesheet: url() and @import from a host not listed. */
void	 hc_css(struct hc *, const char *path, const char *css, size_t len);
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
