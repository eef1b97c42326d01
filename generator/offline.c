/* SPDX-License-Identifier: ISC */
/* The service worker and the web app manifest, written after every page. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "offline.h"
#include "output.h"
#include "urlpath.h"
#include "xalloc.h"

static int
read_share(const char *share, const char *name, char **text, size_t *len)
{
	char *path;
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "templates/offline/%s", name);
	path = fs_join(share, b.ptr);
	if ((rc = fs_read(path, text, len)) == -1)
		diag_sys("cannot read '%s': %s", path, strerror(errno));
	free(path);
	buf_release(&b);
	return rc;
}

int
offline_register_js(struct buf *js, const char *share, const char *relpath)
{
	struct buf root = BUF_INIT;
	char *text;
	size_t len;

	if (read_share(share, "register.js", &text, &len) == -1)
		return -1;
	urlpath_root(&root, relpath);
	buf_printf(js, "\nvar SIGNPOST_ROOT = '%s';\n", root.len ? root.ptr :
	    "./");
	buf_put(js, text, len);
	free(text);
	buf_release(&root);
	return 0;
}

/* Files a reader may open offline. */
static int
precached(const char *f)
{
	static const char *const skip[] = { OUT_MARKER, "sw.js",
	    "sitemap.xml", "robots.txt" };
	size_t i, n = strlen(f);

	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strcmp(f, skip[i]) == 0)
			return 0;
	if (strncmp(f, "data/", 5) == 0 || (n >= 8 &&
	    strcmp(f + n - 8, "feed.xml") == 0))
		return 0;
	return 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
json_member(struct buf *b, const char *key, const char *val, int comma)
{
	if (val == NULL)
		return;
	buf_printf(b, "%s\n\t\"%s\": ", comma ? "," : "", key);
	esc_json_str(b, val, strlen(val));
}

static int
write_manifest(struct out *o, const struct offline_info *in)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_putc(&b, '{');
	json_member(&b, "name", in->name, 0);
	json_member(&b, "short_name", in->name, 1);
	json_member(&b, "description", in->description, 1);
	json_member(&b, "lang", in->lang, 1);
	json_member(&b, "dir", in->dir, 1);
	json_member(&b, "start_url", "index.html", 1);
	json_member(&b, "scope", "./", 1);
	json_member(&b, "display", "standalone", 1);
	json_member(&b, "theme_color", in->theme_color, 1);
	json_member(&b, "background_color", in->background, 1);
	if (in->icon != NULL) {
		buf_puts(&b, ",\n\t\"icons\": [{ \"src\": ");
		esc_json_str(&b, in->icon, strlen(in->icon));
		buf_puts(&b, ", \"sizes\": \"any\", \"type\": "
		    "\"image/svg+xml\", \"purpose\": \"any\" }]");
	}
	buf_puts(&b, "\n}\n");
	rc = out_write(o, "manifest.webmanifest", b.ptr, b.len);
	buf_release(&b);
	return rc;
}

int
offline_write(struct out *o, const char *share, const struct offline_info *in)
{
	struct buf b = BUF_INIT;
	const char **v;
	char *text;
	size_t len, i, nv, n = 0;
	int rc;

	if (write_manifest(o, in) == -1 ||
	    read_share(share, "sw.js", &text, &len) == -1)
		return -1;
	nv = o->nfiles;
	v = xreallocarray(NULL, nv ? nv : 1, sizeof(*v));
	for (i = 0; i < nv; i++)
		v[i] = o->files[i];
	qsort(v, nv, sizeof(*v), by_name);
	buf_puts(&b, "/* Written by signpost build. */\nvar FILES = [");
	for (i = 0; i < nv; i++) {
		if (!precached(v[i]))
			continue;
		buf_puts(&b, n++ ? ",\n\t" : "\n\t");
		esc_json_str(&b, v[i], strlen(v[i]));
	}
	/* The version covers every path and byte written so far. */
	buf_printf(&b, "\n];\nvar VERSION = '%016llx';\n",
	    (unsigned long long)o->digest);
	buf_put(&b, text, len);
	free(v);
	rc = out_write(o, "sw.js", b.ptr, b.len);
	free(text);
	buf_release(&b);
	return rc;
}
