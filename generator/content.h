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
	char		*text;		/* the file's bytes, owned; NULL for
					   a stub's until doc_text */
	size_t		 len;
	uint64_t	 text_hash;	/* cache_text_hash of file and text */
	const char	*body;		/* into text */
	size_t		 body_len;
	size_t		 body_at;	/* body - text */
	char		*stub_path;	/* a stub's file, for doc_text */
	int		 text_told;	/* doc_text reported its change */
	/*
	 * For the next build's stub: the file as read (stub_ok: the load
	 * gave no message, the file is not changing), or the last build's
	 * stub, in the build cache, which stood in for it.
	 */
	int		 stub_ok;
	uint64_t	 file_mtime, file_ctime, file_ino;
	const unsigned char *stub_old;
	size_t		 stub_oldlen;
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
struct cache;
size_t	 content_load(struct cache *, const char *root, const char *absdir,
	    const char *relbase, const char *langrel, enum doc_kind kind,
	    int drafts, struct doc ***docsp, size_t *np);
/*
 * A document the last build loaded without a message, whose file looks
 * as it did then (size, time, inode), is taken from its stub in the
 * build cache: its front matter, with the places of its values, and
 * where its body starts; the file is not read.  doc_text reads it when
 * the body is needed (0), or reports that it changed meanwhile (-1).
 * Safe on any thread; a document loaded whole has its text already.
 */
int	 doc_text(struct doc *);
void	 doc_free(struct doc *);
/* Sort articles newest first (then by title, then slug), pages by slug. */
void	 content_sort(struct doc **, size_t, enum doc_kind);

#endif
