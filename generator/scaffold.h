/* SPDX-License-Identifier: ISC */
/* signpost new: start a site, an article, a page or a service listing. */
#ifndef SCAFFOLD_H
#define SCAFFOLD_H

/*
 * Each function writes new files only (a file that exists is never
 * overwritten), prints every path it created on stdout, and returns the
 * exit status: 0 done, 1 refused (reported: the folder is not empty, the
 * file exists, no site.yml, a title with nothing to make a file name
 * from), 3 a system error (reported).  Dates are today's (date_today,
 * which honours SIGNPOST_TODAY).
 */

/*
 * A complete small site in dir (created when absent; refused when it
 * holds anything): site.yml with a note on every setting, one article,
 * About and Get help pages, two listings and placeholder crisis lines in
 * numbers reserved for fiction (the build warns until they are replaced).
 */
int	scaffold_site(const char *dir);

/*
 * content/articles/SLUG.md or content/pages/SLUG.md in the site srcdir
 * (kind "article" or "page") with front matter: title, date, summary and
 * tags.  slug NULL: made from the title (slug_append).
 */
int	scaffold_doc(const char *srcdir, const char *kind, const char *title,
	    const char *slug);

/*
 * content/services/SLUG.yml in srcdir: a listing named name with every
 * field of the format present and explained, verified today.  The slug
 * must be plain ASCII (a-z, 0-9, '-'); pass one when the name has none.
 */
int	scaffold_service(const char *srcdir, const char *name,
	    const char *slug);

#endif
