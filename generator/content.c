/* SPDX-License-Identifier: ISC */
/* Loading articles and pages: front matter checked, body kept for rendering. */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "cache.h"
#include "content.h"
#include "diag.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "pool.h"
#include "schema.h"
#include "slug.h"
#include "valpack.h"
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
	free(d->stub_path);
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
    const char *langrel, enum doc_kind kind, struct stat *st)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	struct yamlload_opts yo;
	struct buf b = BUF_INIT;
	struct fm fm;
	int rc;

	d->kind = kind;
	join_name(&b, relbase, name);
	if (fs_read_st(path, &d->text, &d->len, st) == -1) {
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
	d->body_at = fm.body != NULL ? (size_t)(fm.body - d->text) : 0;
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
	const unsigned char **old;	/* names[i]'s stub in the last build */
	size_t		 *oldlen;
	long long	  racy_from;	/* files changed since: no stub */
};

/* ---- Stubs of documents (content.h) ---- */

/*
 * A stub: u32 length of the rest; the name (u32 length, bytes); the
 * file's size, modification and change times (ns) and inode, the text
 * hash (u64 each); where the body starts, its length, its first line,
 * and the text's length (u32 each); the front matter (valpack, with
 * places).  The change time too, unlike the cache's other inputs: a
 * stub stands in for bytes that are not read.
 * The blob "docs:<relbase>" holds u32 count, then the stubs in the
 * folder's order.
 */
#define STUB_FIXED	(5 * 8 + 4 * 4)

static void
stub_put(struct buf *b, const struct doc *d)
{
	const char *slash = strrchr(d->rel, '/');
	const char *name = slash != NULL ? slash + 1 : d->rel;
	size_t at = le_span_open(b), n = strlen(name);

	le_put(b, n, 4);
	buf_put(b, name, n);
	le_put(b, d->len, 8);		/* fs_read_st read st_size bytes */
	le_put(b, d->file_mtime, 8);
	le_put(b, d->file_ctime, 8);
	le_put(b, d->file_ino, 8);
	le_put(b, d->text_hash, 8);
	le_put(b, d->body_at, 4);
	le_put(b, d->body_len, 4);
	le_put(b, d->body_line, 4);
	le_put(b, d->len, 4);
	valpack_put(b, d->meta, 1);
	le_span_close(b, at);
}

/* strcmp of s with the n bytes at q. */
static int
name_cmp(const char *s, const unsigned char *q, size_t n)
{
	size_t k = strlen(s);
	int c = memcmp(s, q, k < n ? k : n);

	return c != 0 ? c : (k > n) - (k < n);
}

/*
 * The stubs of the last build in blob, matched by name with names (both
 * in the folder's sorted order): old[i], oldlen[i] for names[i].
 */
static void
stubs_match(const unsigned char *blob, size_t len, char **names, size_t n,
    const unsigned char **old, size_t *oldlen)
{
	const unsigned char *p = blob, *end = blob + len, *rec, *q, *name;
	size_t count, k, i = 0, rlen, nlen;
	int bad = 0;

	count = (size_t)le_get(&p, end, 4, &bad);
	for (k = 0; k < count && !bad && i < n; k++) {
		if ((rec = le_span(&p, end, &rlen, &bad)) == NULL)
			return;
		q = rec;
		if ((name = le_span(&q, rec + rlen, &nlen, &bad)) == NULL ||
		    (size_t)(rec + rlen - q) < STUB_FIXED)
			return;
		while (i < n && name_cmp(names[i], name, nlen) < 0)
			i++;
		if (i < n && name_cmp(names[i], name, nlen) == 0) {
			old[i] = rec;
			oldlen[i] = rlen;
			i++;
		}
	}
}

/*
 * names[i] from its stub, when the file looks as it did (lstat of path):
 * a document whose text is read later (doc_text), else NULL.
 */
static struct doc *
stub_take(struct load_job *j, size_t i, const char *path)
{
	const unsigned char *p = j->old[i], *end = p + j->oldlen[i];
	const char *name = j->names[i];
	struct buf b = BUF_INIT;
	struct stat st;
	struct doc *d;
	uint64_t size, mtime, ctime, ino, hash;
	size_t at, blen, line, len;
	int bad = 0;

	p += 4 + strlen(name);
	size = le_get(&p, end, 8, &bad);
	mtime = le_get(&p, end, 8, &bad);
	ctime = le_get(&p, end, 8, &bad);
	ino = le_get(&p, end, 8, &bad);
	hash = le_get(&p, end, 8, &bad);
	at = (size_t)le_get(&p, end, 4, &bad);
	blen = (size_t)le_get(&p, end, 4, &bad);
	line = (size_t)le_get(&p, end, 4, &bad);
	len = (size_t)le_get(&p, end, 4, &bad);
	if (bad || lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size != size || fs_mtime_ns(&st) != mtime ||
	    fs_ctime_ns(&st) != ctime || (uint64_t)st.st_ino != ino ||
	    len != size || at > len || blen > len - at)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->kind = j->kind;
	join_name(&b, j->relbase, name);
	d->file = diag_file_at(b.ptr, path);
	buf_reset(&b);
	join_name(&b, j->langrel, name);
	d->rel = buf_detach(&b, NULL);
	d->stub_path = xstrdup(path);
	d->len = len;
	d->text_hash = hash;
	d->body_at = at;
	d->body_len = blen;
	d->body_line = (unsigned)line;
	if ((d->meta = valpack_get(&p, end, d->file, 1)) == NULL ||
	    p != end) {
		doc_free(d);
		return NULL;
	}
	/* It had no message then; it has none now. */
	if (check_meta(d) == -1 || set_slug(d, name) == -1) {
		doc_free(d);
		return NULL;
	}
	/* A source of this build, as if read. */
	fs_seen_read(path, &st);
	return d;
}

int
doc_text(struct doc *d)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct loc l = { d->file, 0, 0 };
	char *text = NULL;
	size_t len = 0;
	int ok, had, told = 0;

	if (d->stub_path == NULL)
		return 0;
	pthread_mutex_lock(&lock);
	had = d->text != NULL;
	pthread_mutex_unlock(&lock);
	if (had)
		return 0;
	/* Read outside the lock: many pages may want their text at once. */
	ok = fs_read(d->stub_path, &text, &len) == 0 && len == d->len &&
	    cache_text_hash(d->file, text, len) == d->text_hash;
	pthread_mutex_lock(&lock);
	if (d->text != NULL) {
		free(text);
		ok = 1;
	} else if (ok) {
		d->text = text;
		d->body = text + d->body_at;
		diag_file_text(d->file, text, len);
	} else {
		/* The content check and the page both ask: say it once. */
		told = d->text_told;
		d->text_told = 1;
	}
	pthread_mutex_unlock(&lock);
	if (ok)
		return 0;
	free(text);
	if (!told) {
		diag_error(&l, "the file changed while the site was being "
		    "built");
		diag_note(NULL, "build again; should this come back, build "
		    "with --full");
	}
	return -1;
}

/* One file: its diagnostics carry its place in the folder (diag_defer_key). */
static void
load_at(void *p, size_t i)
{
	struct load_job *j = p;
	const char *name = j->names[i];
	struct stat st;
	size_t before;
	char *path;

	if (!ends_with(name, ".md") || name[0] == '.')
		return;
	diag_defer_key(i + 1);
	path = fs_join(j->absdir, name);
	if (j->old[i] != NULL && !j->maybe_link[i] && j->inside &&
	    (j->docs[i] = stub_take(j, i, path)) != NULL) {
		/* The same stub serves the next build. */
		j->docs[i]->stub_old = j->old[i] - 4;
		j->docs[i]->stub_oldlen = j->oldlen[i] + 4;
	} else if (!j->inside || (j->maybe_link[i] &&
	    !fs_entry_inside(path, j->root, j->inside))) {
		struct buf shown = BUF_INIT;
		struct loc l = { NULL, 0, 0 };

		buf_printf(&shown, "%s/%s", j->relbase, name);
		l.file = diag_file(shown.ptr, NULL, 0);
		diag_warn(&l, "skipped: a link to a file outside the "
		    "site folder");
		buf_release(&shown);
	} else {
		before = diag_thread_count();
		if ((j->docs[i] = load_one(path, name, j->relbase,
		    j->langrel, j->kind, &st)) == NULL)
			j->failed[i] = 1;
		/* Not one the load had a word about, nor one changing now. */
		else if (diag_thread_count() == before &&
		    (long long)fs_mtime_ns(&st) < j->racy_from &&
		    (long long)fs_ctime_ns(&st) < j->racy_from) {
			j->docs[i]->stub_ok = 1;
			j->docs[i]->file_mtime = fs_mtime_ns(&st);
			j->docs[i]->file_ctime = fs_ctime_ns(&st);
			j->docs[i]->file_ino = (uint64_t)st.st_ino;
		}
	}
	free(path);
	diag_defer_key(0);
}

/* A folder's documents, in its order, whose stubs the next build gets. */
struct stub_set {
	struct doc	**docs;		/* NULL: none (failed, a draft) */
	size_t		  n;
};

/* cache_blob_later's maker of the blob "docs:<relbase>". */
static void
stubs_make(void *arg, struct buf *b)
{
	struct stub_set *set = arg;
	struct doc *d;
	size_t i, at, count = 0;

	if (b != NULL) {
		at = b->len;
		le_put(b, 0, 4);
		for (i = 0; i < set->n; i++) {
			if ((d = set->docs[i]) == NULL)
				continue;
			if (d->stub_old != NULL)
				buf_put(b, d->stub_old, d->stub_oldlen);
			else if (d->stub_ok)
				stub_put(b, d);
			else
				continue;
			count++;
		}
		le_bytes((unsigned char *)b->ptr + at, count, 4);
	}
	free(set->docs);
	free(set);
}

/*
 * Files are read and parsed on every core; the documents keep the
 * folder's order, and so do the messages, as if loaded one by one.
 */
size_t
content_load(struct cache *c, const char *root, const char *absdir,
    const char *relbase, const char *langrel, enum doc_kind kind, int drafts,
    struct doc ***docsp, size_t *np)
{
	struct load_job j;
	struct buf key = BUF_INIT;
	struct stub_set *set;
	const void *blob;
	size_t i, n, failed = 0, len = 0;

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
	j.old = xcalloc(n ? n : 1, sizeof(*j.old));
	j.oldlen = xcalloc(n ? n : 1, sizeof(*j.oldlen));
	/* As the build cache has it for its inputs: a tick's time. */
	j.racy_from = cache_racy_from();
	buf_printf(&key, "docs:%s", relbase);
	if ((blob = cache_blob(c, key.ptr, &len)) != NULL)
		stubs_match(blob, len, j.names, n, j.old, j.oldlen);
	diag_defer_begin();
	pool_run(n, load_at, &j);
	diag_defer_end();
	free(j.old);
	free(j.oldlen);
	set = xmalloc(sizeof(*set));
	set->docs = xcalloc(n ? n : 1, sizeof(*set->docs));
	set->n = n;
	for (i = 0; i < n; i++) {
		failed += j.failed[i];
		if (j.docs[i] == NULL)
			continue;
		if (j.docs[i]->draft && !drafts) {
			doc_free(j.docs[i]);
			continue;
		}
		set->docs[i] = j.docs[i];
		(*docsp)[(*np)++] = j.docs[i];
	}
	/* Made once the cache is written: the documents live until then. */
	cache_blob_later(c, key.ptr, stubs_make, set);
	buf_release(&key);
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
