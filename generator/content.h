/* SPDX-License-Identifier: ISC */
/* Articles and pages: Markdown files with front matter, loaded and checked. */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "markdown.h"

struct value;

enum doc_kind {
	DOC_ARTICLE,
	DOC_PAGE
};

struct doc {
	enum doc_kind	 kind;
	const char	*file;		/* diag name: "content/articles/a.md" */
	char		*rel;		/* "articles/a.md", from the language's content root */
	char		*text;		/* the file's bytes, owned */
	size_t		 len;
	uint64_t	 text_hash;	/* cache_text_hash of file and text */
	const char	*body;		/* into text */
	size_t		 body_len;
	unsigned	 body_line;
	struct value	*meta;		/* front matter (a map), owned */
	const char	*title;		/* into meta */
	char		*slug;
	char		*url;		/* "articles/a.html", from the language root */
	struct date	 date;
	int		 has_date;
	int		 draft;
	int		 menu;		/* pages: position in the menu, 0 = none */
	struct md_doc	 md;		/* filled when rendered; pages.c
					   takes md.html for the page */
	int		 md_later;	/* not rendered yet: the last build's
					   record stood in (render_doc_md) */
	int		 text_mention;	/* md.text names the help words */
	struct buf	 links_rec;	/* destinations resolved (mdmemo) */
	uint64_t	 links_fp;	/* of the hrefs they became */
	int		 mentions_suicide;
	struct value	*item;		/* template data, owned */
	uint64_t	 item_fp;	/* cache_tree_hash of item */
};

/*
 * Load every *.md file of absdir (a folder that may not exist) as kind;
 * a file that is a link leading out of root (the site folder) is skipped
 * with a warning;
 * relbase is the folder as diagnostics show it ("content/articles") and
 * langrel the folder from the language's content root ("articles").
 * Drafts are skipped unless drafts.  Files that fail are reported and
 * left out; returns the number of files that failed.  *docsp grows.
 */
size_t	 content_load(const char *root, const char *absdir,
	    const char *relbase, const char *langrel, enum doc_kind kind,
	    int drafts, struct doc ***docsp, size_t *np);
void	 doc_free(struct doc *);
/* Sort articles newest first (then by title, then slug), pages by slug. */
void	 content_sort(struct doc **, size_t, enum doc_kind);

#endif
