/* SPDX-License-Identifier: ISC */
/* Templates and themes: where they are, and copying a theme's assets. */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "contrast.h"
#include "diag.h"
#include "fsutil.h"
#include "mustache.h"
#include "output.h"
#include "theme.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

#ifndef SIGNPOST_SHAREDIR
#define SIGNPOST_SHAREDIR "/usr/local/share/signpost"
#endif

static int
has_templates(const char *dir)
{
	char *p = fs_join(dir, "templates/base.mustache");
	int ok = fs_exists(p);

	free(p);
	return ok;
}

char *
theme_share_dir(void)
{
	char exe[PATH_MAX], *slash, *up;
	const char *env = getenv("SIGNPOST_HOME");
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (has_templates(exe))
			return xstrdup(exe);
		/* Installed: PREFIX/bin/signpost beside PREFIX/share/signpost,
		 * whatever PREFIX the program was compiled with. */
		up = fs_join(exe, "../share/signpost");
		if (has_templates(up)) {
			char real[PATH_MAX];

			if (realpath(up, real) != NULL) {
				free(up);
				return xstrdup(real);
			}
		}
		free(up);
		up = fs_join(exe, "..");
		if (has_templates(up)) {
			char real[PATH_MAX];

			if (realpath(up, real) != NULL) {
				free(up);
				return xstrdup(real);
			}
		}
		free(up);
	}
	return xstrdup(SIGNPOST_SHAREDIR);
}

/* A theme's folder: the site's own themes/NAME, else Signpost's; NULL if none. */
static char *
theme_dir(const struct theme *t, const char *srcdir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s/themes/%s", srcdir, name);
	if (!fs_is_dir(b.ptr)) {
		buf_reset(&b);
		buf_printf(&b, "%s/themes/%s", t->share, name);
	}
	if (!fs_is_dir(b.ptr)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int
bad_name(const char *name)
{
	return strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0';
}

int
theme_open(struct theme *t, const char *srcdir, const char *name)
{
	struct buf b = BUF_INIT;
	const struct value *ext;
	char *path;

	memset(t, 0, sizeof(*t));
	t->share = theme_share_dir();
	t->name = xstrdup(name);
	if (bad_name(name)) {
		diag_sys("theme name '%s' may not contain '/' or start "
		    "with '.'", name);
		return -1;
	}
	if ((t->dir = theme_dir(t, srcdir, name)) == NULL) {
		diag_sys("no theme called '%s' in themes/ or in %s/themes",
		    name, t->share);
		diag_note(NULL, "the themes that ship with signpost are "
		    "'default' and 'high-contrast'");
		return -1;
	}
	path = fs_join(t->dir, "theme.yml");
	if (fs_exists(path)) {
		buf_printf(&b, "themes/%s/theme.yml", name);
		t->yml = yamlload_file(path, b.ptr, NULL, &t->yml_text);
		buf_release(&b);
		if (t->yml == NULL) {
			free(path);
			return -1;
		}
	}
	free(path);
	/* A theme may build on another: its stylesheet and files come first. */
	if ((ext = value_get(t->yml, "extends")) != NULL) {
		if (ext->type != VALUE_STRING || bad_name(ext->str.ptr) ||
		    strcmp(ext->str.ptr, name) == 0 ||
		    (t->parent = theme_dir(t, srcdir, ext->str.ptr)) == NULL)
			return diag_error(&ext->loc, "'extends' names no other "
			    "theme");
	}
	return 0;
}

void
theme_add_templates(const struct theme *t, struct mus_set *set,
    const char *srcdir)
{
	char *own = fs_join(srcdir, "templates"), *def;

	if (fs_is_dir(own))
		mus_set_add_dir(set, own, "templates");
	def = fs_join(t->share, "templates");
	mus_set_add_dir(set, def, strcmp(own, def) == 0 ? "templates" :
	    def);
	free(own);
	free(def);
}

/*
 * Copy every file under dir to prefix/..., skipping theme.yml, dotfiles
 * and links that lead out of root (the folder the copy started from).
 */
static int
copy_tree(struct out *o, const char *root, const char *dir,
    const char *prefix, const char *skip_ext)
{
	char **names, *path, *rel;
	size_t i;
	int rc = 0;

	if ((names = fs_list(dir, NULL)) == NULL)
		return 0;
	for (i = 0; names[i] != NULL; i++) {
		if (names[i][0] == '.' || strcmp(names[i], "theme.yml") == 0)
			continue;
		if (skip_ext != NULL && strlen(names[i]) > strlen(skip_ext) &&
		    strcmp(names[i] + strlen(names[i]) - strlen(skip_ext),
		    skip_ext) == 0)
			continue;
		path = fs_join(dir, names[i]);
		rel = fs_join(prefix, names[i]);
		if (!fs_inside(path, root))
			diag_warn(NULL, "skipped '%s': a link to a file outside "
			    "'%s'", path, root);
		else if (fs_is_dir(path))
			rc |= copy_tree(o, root, path, rel, skip_ext);
		else if (!out_has(o, rel))
			rc |= out_copy(o, rel, path);
		free(path);
		free(rel);
	}
	fs_names_free(names);
	return rc;
}

static void
append_file(struct buf *b, const char *dir, const char *name)
{
	char *path = fs_join(dir, name), *text;
	size_t len;

	if (fs_read(path, &text, &len) == 0) {
		buf_put(b, text, len);
		free(text);
	}
	free(path);
}

int
theme_write_assets(const struct theme *t, struct out *o, const char *srcdir,
    const char *css_extra)
{
	struct buf b = BUF_INIT;
	char *dir;
	int rc = 0;

	buf_puts(&b, css_extra);
	if (t->parent != NULL)
		append_file(&b, t->parent, "style.css");
	append_file(&b, t->dir, "style.css");
	rc |= out_write(o, "assets/style.css", b.ptr, b.len);
	buf_release(&b);
	/* The theme's own files first: they win over its parent's. */
	rc |= copy_tree(o, t->dir, t->dir, "assets", "style.css");
	if (t->parent != NULL)
		rc |= copy_tree(o, t->parent, t->parent, "assets",
		    "style.css");
	dir = fs_join(t->share, "templates/assets");
	rc |= copy_tree(o, dir, dir, "assets", NULL);
	free(dir);
	(void)srcdir;
	return rc ? -1 : 0;
}

static void
put_vars(struct buf *b, const struct value *colors, const struct value *over)
{
	size_t i;

	for (i = 0; i < value_len(colors); i++) {
		const struct value_pair *p = &colors->map.items[i];

		if (p->val->type != VALUE_STRING ||
		    (over != NULL && value_get(over, p->key) != NULL))
			continue;
		buf_printf(b, "\t--color-%s: %s;\n", p->key, p->val->str.ptr);
	}
}

static const struct value *
as_map(const struct value *v)
{
	return v != NULL && v->type == VALUE_MAP ? v : NULL;
}

void
theme_css_vars(const struct theme *t, const struct value *colors,
    struct buf *out)
{
	const struct value *base = as_map(value_get(t->yml, "colors"));
	const struct value *dark = as_map(value_get(t->yml, "dark"));
	const struct value *own = as_map(colors);
	const struct value *own_dark = as_map(value_get(own, "dark"));

	buf_puts(out, ":root {\n");
	if (base != NULL)
		put_vars(out, base, own);
	if (own != NULL)
		put_vars(out, own, NULL);
	buf_puts(out, "}\n");
	if (dark == NULL && own_dark == NULL)
		return;
	buf_puts(out, "@media (prefers-color-scheme: dark) {\n:root {\n");
	if (dark != NULL)
		put_vars(out, dark, own_dark);
	if (own_dark != NULL)
		put_vars(out, own_dark, NULL);
	buf_puts(out, "}\n}\n");
}

int
theme_check_colors(const struct theme *t, const struct value *colors)
{
	const struct value *pairs = as_map(value_get(t->yml, "pairs"));
	const struct value *own = as_map(colors), *maps[4];
	int bad;

	if (pairs == NULL)
		return 0;
	maps[0] = own;
	maps[1] = as_map(value_get(t->yml, "colors"));
	bad = contrast_check(pairs, maps, 2, NULL);
	if (value_get(t->yml, "dark") == NULL && value_get(own, "dark") == NULL)
		return bad;
	maps[0] = as_map(value_get(own, "dark"));
	maps[1] = as_map(value_get(t->yml, "dark"));
	maps[2] = own;
	maps[3] = as_map(value_get(t->yml, "colors"));
	return bad + contrast_check(pairs, maps, 4, "dark");
}

void
theme_release(struct theme *t)
{
	if (t->yml != NULL)
		diag_file_text(t->yml->loc.file, NULL, 0);
	value_free(t->yml);
	free(t->yml_text);
	free(t->share);
	free(t->dir);
	free(t->parent);
	free(t->name);
	memset(t, 0, sizeof(*t));
}
