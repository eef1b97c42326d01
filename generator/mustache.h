/* SPDX-License-Identifier: ISC */
/* Mustache templates: compile once into an operation tree, render many times. */
#ifndef MUSTACHE_H
#define MUSTACHE_H

#include <stddef.h>

struct buf;
struct value;
struct mus_set;
struct mus_tpl;

/*
 * A set of templates that resolve partials and parents among themselves.
 * Templates are compiled on first use and kept until mus_set_free.  The
 * caller owns the set.
 */
struct mus_set	*mus_set_new(void);
void		 mus_set_free(struct mus_set *);

/*
 * Search dir for templates, after the folders added before: the name
 * "partials/header" is read from dir/partials/header.mustache.  display
 * is how diagnostics name dir ("templates" gives
 * "templates/page.mustache:12:5: error: ...").  Both are copied.
 */
void	 mus_set_add_dir(struct mus_set *, const char *dir, const char *display);
/*
 * An in-memory template called name (copied, as is text); these are
 * found before any folder.  Diagnostics call it by its name.
 */
void	 mus_set_add_string(struct mus_set *, const char *name,
	    const char *text, size_t len);
/*
 * Bounds on one render: partials, parents and blocks nested deeper than
 * max_depth (default 100), or more than max_steps expansions in all
 * (default 1000000), stop it with an error.  0 keeps the default.
 */
void	 mus_set_limits(struct mus_set *, unsigned max_depth,
	    unsigned long max_steps);

/*
 * The template called name, compiled with every partial and parent it
 * names statically.  Names may contain "/" but no "." or ".." component
 * and no leading "/".  Syntax errors are reported through diag (a missing
 * partial is a warning and renders empty).  Returns NULL, silently when
 * no such template exists, or when it has errors.  The set owns the
 * result.  Safe to call from several threads.
 */
const struct mus_tpl *mus_get(struct mus_set *, const char *name);

/*
 * Render tpl with ctx as the bottom of the context stack, appending to
 * out.  Values are looked up through VALUE_REF; {{name}} is HTML-escaped,
 * {{{name}}} and {{&name}} are not.  Returns 0, or -1 after reporting an
 * error (nesting or step bound); out then holds a partial page.  Several
 * threads may render templates of one set at once.
 */
int	 mus_render(const struct mus_tpl *, const struct value *ctx,
	    struct buf *out);


#endif
