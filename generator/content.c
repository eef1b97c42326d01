/* SPDX-License-Identifier: ISC */
/* Loading articles and pages: front matter checked, body kept for rendering. */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "content.h"
#include "diag.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "pool.h"
#include "schema.h"
#include "slug.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

static const struct schema_field article_fields[] = {
	{ "title", SCHEMA_STRING, 1 },
	{ "date", SCHEMA_DATE, 1 },
	{ "updated", SCHEMA_DATE, 0 },
	{ "summary", SCHEMA_STRING, 0 },
	{ "tags", SCHEMA_STRINGS, 0 },
	{ "draft", SCHEMA_BOOL, 0 },
	{ "slug", SCHEMA_STRING, 0 },
	{ "image", SCHEMA_STRING, 0 },
	{ "image_alt", SCHEMA_STRING, 0 },
	{ "content_warning", SCHEMA_STRING, 0 },
	{ "author", SCHEMA_STRING, 0 },
	{ "lint", SCHEMA_MAP, 0 },
	{ NULL, 0, 0 }
};

static const struct schema_field page_fields[] = {
	{ "title", SCHEMA_STRING, 1 },
	{ "date", SCHEMA_DATE, 0 },
	{ "updated", SCHEMA_DATE, 0 },
	{ "summary", SCHEMA_STRING, 0 },
	{ "tags", SCHEMA_STRINGS, 0 },
	{ "draft", SCHEMA_BOOL, 0 },
	{ "slug", SCHEMA_STRING, 0 },
	{ "image", SCHEMA_STRING, 0 },
	{ "image_alt", SCHEMA_STRING, 0 },
	{ "content_warning", SCHEMA_STRING, 0 },
	{ "menu", SCHEMA_UINT, 0 },
	{ "lint", SCHEMA_MAP, 0 },
	{ NULL, 0, 0 }
};

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	if (d->file != NULL)
		diag_file_text(d->file, NULL, 0);
	free(d->rel);
	free(d->text);
	value_free(d->meta);
	free(d->slug);
	free(d->url);
	md_doc_release(&d->md);
	buf_release(&d->links_rec);
	value_free(d->item);
	free(d);
}

/* The slug: front matter's, else the file name without ".md". */
static int
set_slug(struct doc *d, const char *name)
{
	const struct value *v = value_get(d->meta, "slug");
	struct buf b = BUF_INIT;

	if (v != NULL && v->type == VALUE_STRING) {
		slug_append(&b, v->str.ptr, v->str.len);
		if (b.len == 0 || strcmp(b.ptr, v->str.ptr) != 0) {
			diag_error(&v->loc, "slug '%s' may hold only lower-case "
			    "letters, digits and '-'", v->str.ptr);
			if (b.len > 0)
				diag_note(NULL, "did you mean '%s'?", b.ptr);
			buf_release(&b);
			return -1;
		}
	} else
		slug_append(&b, name, strlen(name) - 3);
	if (b.len == 0) {
		struct loc l = { d->file, 0, 0 };

		buf_release(&b);
		return diag_error(&l, "cannot make a slug from the file name");
	}
	d->slug = buf_detach(&b, NULL);
	return 0;
}

/* Check the front matter and take title, date, draft and menu from it. */
static int
check_meta(struct doc *d)
{
	const struct value *v;
	int bad;

	bad = schema_check(d->meta, d->kind == DOC_ARTICLE ? article_fields :
	    page_fields, "front matter", 0) > 0;
	d->title = value_get_str(d->meta, "title", NULL);
	if ((v = value_get(d->meta, "date")) != NULL &&
	    v->type == VALUE_STRING && date_parse(v->str.ptr, &d->date) == 0)
		d->has_date = 1;
	if ((v = value_get(d->meta, "updated")) != NULL &&
	    v->type == VALUE_STRING && d->has_date) {
		struct date u;

		if (date_parse(v->str.ptr, &u) == 0 &&
		    date_cmp(&u, &d->date) < 0) {
			diag_error(&v->loc, "'updated' is before 'date'");
			bad = 1;
		}
	}
	if ((v = value_get(d->meta, "image")) != NULL &&
	    value_get(d->meta, "image_alt") == NULL) {
		diag_error(&v->loc, "'image' needs 'image_alt'");
		diag_note(NULL, "describe the picture for people who cannot "
		    "see it, or write image_alt: \"\" if it is decoration");
		bad = 1;
	}
	d->draft = value_get_bool(d->meta, "draft", 0);
	d->menu = atoi(value_get_str(d->meta, "menu", "0"));
	return bad ? -1 : 0;
}

/* "dir/name" into b, without printf: this runs for every file. */
static void
join_name(struct buf *b, const char *dir, const char *name)
{
	buf_puts(b, dir);
	buf_putc(b, '/');
	buf_puts(b, name);
}

static struct doc *
load_one(const char *path, const char *name, const char *relbase,
    const char *langrel, enum doc_kind kind)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	struct yamlload_opts yo;
	struct buf b = BUF_INIT;
	struct fm fm;
	int rc;

	d->kind = kind;
	join_name(&b, relbase, name);
	if (fs_read(path, &d->text, &d->len) == -1) {
		diag_sys("cannot read '%s': %s", b.ptr, strerror(errno));
		buf_release(&b);
		free(d);
		return NULL;
	}
	d->file = diag_file(b.ptr, d->text, d->len);
	d->text_hash = cache_text_hash(d->file, d->text, d->len);
	buf_reset(&b);
	join_name(&b, langrel, name);
	d->rel = buf_detach(&b, NULL);
	rc = fm_split(d->text, d->len, &fm);
	d->body = fm.body;
	d->body_len = fm.body_len;
	d->body_line = fm.body_line;
	if (rc <= 0) {
		struct loc l = { d->file, 1, 1 };

		diag_error(&l, rc == 0 ? "no front matter" :
		    "front matter is never closed");
		diag_note(NULL, rc == 0 ? "start the file with a '---' line, "
		    "then 'title: ...', then another '---' line" :
		    "end it with a line of three dashes: ---");
		goto fail;
	}
	memset(&yo, 0, sizeof(yo));
	yo.line_offset = fm.yaml_line - 1;
	yo.max_size = 256u << 10;
	if ((d->meta = yamlload_parse(d->file, fm.yaml, fm.yaml_len,
	    &yo)) == NULL)
		goto fail;
	if (d->meta->type == VALUE_NULL) {
		struct loc l = { d->file, 1, 1 };

		diag_error(&l, "front matter is empty");
		diag_note(NULL, "it needs at least a 'title'");
		goto fail;
	}
	if (check_meta(d) == -1 || set_slug(d, name) == -1)
		goto fail;
	return d;
fail:
	doc_free(d);
	return NULL;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

struct load_job {
	const char	 *root, *absdir, *relbase, *langrel;
	enum doc_kind	  kind;
	int		  inside;	/* absdir is inside root */
	unsigned char	 *maybe_link;	/* names[i] may be a symlink */
	char		**names;
	struct doc	**docs;		/* docs[i] from names[i], or NULL */
	int		 *failed;
};

/* One file: its diagnostics carry its place in the folder (diag_defer_key). */
static void
load_at(void *p, size_t i)
{
	struct load_job *j = p;
	const char *name = j->names[i];
	char *path;

	if (!ends_with(name, ".md") || name[0] == '.')
		return;
	diag_defer_key(i + 1);
	path = fs_join(j->absdir, name);
	if (!j->inside || (j->maybe_link[i] &&
	    !fs_entry_inside(path, j->root, j->inside))) {
		struct buf shown = BUF_INIT;
		struct loc l = { NULL, 0, 0 };

		buf_printf(&shown, "%s/%s", j->relbase, name);
		l.file = diag_file(shown.ptr, NULL, 0);
		diag_warn(&l, "skipped: a link to a file outside the "
		    "site folder");
		buf_release(&shown);
	} else if ((j->docs[i] = load_one(path, name, j->relbase, j->langrel,
	    j->kind)) == NULL)
		j->failed[i] = 1;
	free(path);
	diag_defer_key(0);
}

/*
 * Files are read and parsed on every core; the documents keep the
 * folder's order, and so do the messages, as if loaded one by one.
 */
size_t
content_load(const char *root, const char *absdir, const char *relbase,
    const char *langrel, enum doc_kind kind, int drafts, struct doc ***docsp,
    size_t *np)
{
	struct load_job j;
	size_t i, n, failed = 0;

	if ((j.names = fs_list_links(absdir, &n, &j.maybe_link)) == NULL)
		return 0;
	*docsp = xreallocarray(*docsp, *np + n + 1, sizeof(**docsp));
	j.root = root;
	j.absdir = absdir;
	j.relbase = relbase;
	j.langrel = langrel;
	j.kind = kind;
	j.inside = fs_inside(absdir, root);
	j.docs = xcalloc(n ? n : 1, sizeof(*j.docs));
	j.failed = xcalloc(n ? n : 1, sizeof(*j.failed));
	diag_defer_begin();
	pool_run(n, load_at, &j);
	diag_defer_end();
	for (i = 0; i < n; i++) {
		failed += j.failed[i];
		if (j.docs[i] == NULL)
			continue;
		if (j.docs[i]->draft && !drafts) {
			doc_free(j.docs[i]);
			continue;
		}
		(*docsp)[(*np)++] = j.docs[i];
	}
	free(j.docs);
	free(j.failed);
	fs_names_free(j.names);
	free(j.maybe_link);
	return failed;
}

static int
by_date(const void *a, const void *b)
{
	const struct doc *x = *(struct doc *const *)a;
	const struct doc *y = *(struct doc *const *)b;
	int c = date_cmp(&y->date, &x->date);

	if (c == 0)
		c = strcmp(x->title ? x->title : "", y->title ? y->title : "");
	return c != 0 ? c : strcmp(x->slug, y->slug);
}

static int
by_slug(const void *a, const void *b)
{
	return strcmp((*(struct doc *const *)a)->slug,
	    (*(struct doc *const *)b)->slug);
}

void
content_sort(struct doc **docs, size_t n, enum doc_kind kind)
{
	if (n > 1)
		qsort(docs, n, sizeof(*docs), kind == DOC_ARTICLE ? by_date :
		    by_slug);
}
