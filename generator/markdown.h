/* SPDX-License-Identifier: ISC */
/* Markdown with cmark: HTML with heading ids and rewritten links, plain text. */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/*
 * Called for each link or image destination that is relative (no scheme,
 * not "#fragment" only, not "//host"): dest is the destination as
 * written, loc where the link starts.  Return a new malloc'd href to use
 * instead, or NULL to keep dest as written (the callback reports its own
 * errors).
 */
typedef char *(*md_resolve_fn)(void *arg, const char *dest,
    const struct loc *loc, int is_image);

struct md_opts {
	const char	*file;		/* diag_file name of the source */
	unsigned	 line_offset;	/* body lines before this text */
	int		 unsafe;	/* pass raw HTML through */
	md_resolve_fn	 resolve;	/* may be NULL */
	void		*arg;
	int		 shift_headings; /* add to heading levels (0); a
					    body with an h1 moves down
					    one more */
};

/* A link or image as written into the HTML, and where its source is. */
struct md_link {
	char		*href;		/* owned, unescaped, as in the HTML */
	struct loc	 loc;
};

/* A link md_render_tree left for md_resolve. */
struct md_pending {
	size_t		 link;		/* index into links */
	size_t		 at;		/* html offset where the href goes */
	size_t		 rel_at;	/* where rel goes, or (size_t)-1 */
	int		 image;
};

struct md_doc {
	struct buf		 html;		/* the rendered body */
	struct buf		 text;		/* plain text, a line per block */
	size_t			 words;
	struct md_link		*links;		/* in document order, so that a
						   checker of the page can
						   trace a link to its line */
	size_t			 nlinks;
	int			 deferred;	/* by md_render_tree: md_resolve
						   is due */
	struct md_pending	*pending;
	size_t			 npending;
};

/*
 * Render Markdown text into doc (initialised here; release it with
 * md_doc_release).  Smart punctuation is on; raw HTML is replaced by a
 * comment unless opts->unsafe; javascript:, vbscript:, file: and data:
 * links are emptied.  Returns 0, or -1 when a resolver reported errors.
 */
int	md_render(const char *md, size_t len, const struct md_opts *,
	    struct md_doc *);
void	md_doc_release(struct md_doc *);
/* Render an inline-only snippet (a summary) to HTML without <p>. */
void	md_inline(const char *md, size_t len, struct buf *html);

/*
 * Parse Markdown with cmark's options into a tree kept in the calling
 * thread's arena: quicker to make than cmark_parse_document's and freed
 * all at once.  Free it with md_tree_free (not cmark_node_free), on the
 * same thread; md_render may run while it is alive.
 */
struct cmark_node	*md_parse(const char *md, size_t len, int options);
void			 md_tree_free(struct cmark_node *);

/*
 * One parse for both the check and the page: md_parse with the options
 * md_render uses, or NULL when md needs cmark's UTF-8 repair (then
 * md_render and lint_markdown parse on their own).
 */
struct cmark_node	*md_parse_smart(const char *md, size_t len);
/*
 * md_render on a tree from md_parse_smart, but relative links and images
 * are not resolved yet: their hrefs are written by md_resolve, which is
 * due before doc is used (doc->deferred says so).  opts->resolve is not
 * called here, so no diagnostics come out yet.
 */
void	md_render_tree(struct cmark_node *root, const char *md, size_t len,
	    const struct md_opts *, struct md_doc *);
/* Resolve what md_render_tree left; returns as md_render. */
int	md_resolve(struct md_doc *, const struct md_opts *);

#endif
