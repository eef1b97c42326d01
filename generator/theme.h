/* SPDX-License-Identifier: ISC */
/* Finding templates and themes: a site's own first, then Signpost's defaults. */
#ifndef THEME_H
#define THEME_H

struct buf;
struct mus_set;
struct out;
struct value;

struct theme {
	char		*share;		/* folder holding templates/ and themes/ */
	char		*dir;		/* the chosen theme's folder */
	char		*parent;	/* theme.yml's extends: theme's folder, or NULL */
	char		*name;
	struct value	*yml;		/* theme.yml, owned (may be NULL) */
	char		*yml_text;
};

/*
 * The folder Signpost's default templates and themes come from: the
 * SIGNPOST_HOME environment variable, else the build tree the program
 * runs from, else PREFIX/share/signpost beside PREFIX/bin, else the share
 * folder compiled in.  A new string.
 */
char	*theme_share_dir(void);
/* Find theme name in srcdir/themes, then the defaults. 0 or -1 (reported). */
int	 theme_open(struct theme *, const char *srcdir, const char *name);
/* Add the template folders to set: the site's own, then the defaults. */
void	 theme_add_templates(const struct theme *, struct mus_set *,
	    const char *srcdir);
/*
 * Write the theme's assets under assets/: its files (theme.yml aside) and
 * the shared scripts of templates/assets.  css_extra is prepended to the
 * stylesheet (the colour settings).  0 or -1.
 */
int	 theme_write_assets(const struct theme *, struct out *,
	    const char *srcdir, const char *css_extra);
/*
 * Append ":root { --color-NAME: VALUE; ... }" for the theme's colours with
 * site.yml's colors map (may be NULL) over them, then the same for the
 * dark scheme (theme.yml dark:, site.yml colors: dark:) inside
 * "@media (prefers-color-scheme: dark)".
 */
void	 theme_css_vars(const struct theme *, const struct value *colors,
	    struct buf *out);
/*
 * Check the contrast of every pair theme.yml declares under pairs:, with
 * site.yml's colors map (may be NULL) over the theme's, in the light
 * scheme and (theme.yml dark:, colors: dark:) the dark one.  Pairs below
 * WCAG AA are warnings at the colour's line.  Returns how many.
 */
int	 theme_check_colors(const struct theme *, const struct value *colors);
void	 theme_release(struct theme *);

#endif
