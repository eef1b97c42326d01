/* SPDX-License-Identifier: ISC */
/* Service listings in the build: loading, links, pages, directory, categories. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "cache.h"
#include "dates.h"
#include "diag.h"
#include "fsutil.h"
#include "hsds.h"
#include "markdown.h"
#include "output.h"
#include "pool.h"
#include "services.h"
#include "site.h"
#include "svc_export.h"
#include "svcstub.h"
#include "value.h"
#include "xalloc.h"

/* A listing with its sort keys looked up once, not at every compare. */
struct by_name_key {
	const char	*name, *slug;
	struct value	*svc;
};

static int
by_name(const void *a, const void *b)
{
	const struct by_name_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->slug, y->slug);
}

/* The listings by name, then slug. */
static void
sort_by_name(struct value *list)
{
	struct by_name_key *k;
	size_t i, n = list->list.len;

	if (n < 2)
		return;
	k = xreallocarray(NULL, n, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].svc = list->list.items[i];
		k[i].name = value_get_str(k[i].svc, "name", "");
		k[i].slug = value_get_str(k[i].svc, "slug", "");
	}
	qsort(k, n, sizeof(*k), by_name);
	for (i = 0; i < n; i++)
		list->list.items[i] = k[i].svc;
	free(k);
}

static int
is_listing(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && ((n > 4 && strcmp(name + n - 4, ".yml") == 0)
	    || (n > 5 && strcmp(name + n - 5, ".yaml") == 0));
}

/* The description as HTML (Markdown, safe mode), for the template. */
static void
describe(struct value *svc)
{
	const struct value *d = value_get(svc, "description");
	struct md_opts o;
	struct md_doc doc;

	if (d == NULL || d->type != VALUE_STRING)
		return;
	memset(&o, 0, sizeof(o));
	o.file = d->loc.file;
	o.line_offset = d->loc.line;
	o.unsafe = 0;
	o.shift_headings = 2;
	md_render(d->str.ptr, d->str.len, &o, &doc);
	value_map_set_take(svc, "description_html",
	    value_new_str(doc.html.ptr, doc.html.len, NULL));
	md_doc_release(&doc);
}

/* Template conveniences: the description as HTML, flags for lists. */
static void
decorate(struct value *svc)
{
	const struct value *locs, *acc;
	size_t i;

	describe(svc);
	locs = value_get(svc, "locations");
	for (i = 0; i < value_len(locs); i++) {
		acc = value_get(locs->list.items[i], "accessibility");
		if (value_len(acc) > 0)
			value_map_set_take(locs->list.items[i],
			    "has_accessibility", value_new_bool(1));
	}
}

/* Whether list holds a listing with this slug. */
static int
has_slug(const struct value *list, const char *slug)
{
	size_t i;

	for (i = 0; i < value_len(list); i++)
		if (strcmp(value_get_str(list->list.items[i], "slug", ""),
		    slug) == 0)
			return 1;
	return 0;
}

/*
 * A language other than the default also lists every listing of the
 * default language that its own services/ folder lacks, with its
 * translation overlaid (a translated description is rendered again).
 * The copies carry from_default (true): they are checked once, in the
 * default language.
 */
static void
add_shared(struct site *s, struct lang_site *ls)
{
	const struct value *def = s->langs[0].services, *svc, *tr;
	const char *code = ls->lang->code;
	struct value *copy;
	size_t i, own = value_len(ls->services);

	for (i = 0; i < value_len(def); i++) {
		svc = def->list.items[i];
		if (own > 0 && has_slug(ls->services, value_get_str(svc,
		    "slug", "")))
			continue;
		copy = value_list_push_take(ls->services, value_copy(svc));
		value_map_set_take(copy, "from_default", value_new_bool(1));
		tr = value_get(value_get(svc, "translations"), code);
		if (svc_translate(copy, code) &&
		    value_get(tr, "description") != NULL)
			describe(copy);
	}
}

/* The site's language codes, default first, NULL-terminated; caller frees. */
static const char **
lang_codes(const struct site *s)
{
	const char **codes = xreallocarray(NULL, s->cfg.nlangs + 1,
	    sizeof(*codes));
	size_t i;

	for (i = 0; i < s->cfg.nlangs; i++)
		codes[i] = s->cfg.langs[i].code;
	codes[i] = NULL;
	return codes;
}

struct load_job {
	const struct svc_opts	 *o;
	struct lang_site	 *ls;
	int			  other;
	char			**paths;	/* absolute */
	char			**names;	/* as messages name them */
	struct value		**svcs;		/* the results, NULL if none */
};

/* Load, check and prepare one listing (a thread of pool_run). */
static void
load_one(void *arg, size_t i)
{
	struct load_job *j = arg;
	struct value *svc;

	if ((svc = svc_load(j->paths[i], j->names[i], j->o)) != NULL) {
		if (j->other)
			svc_translate(svc, j->ls->lang->code);
		decorate(svc);
	}
	j->svcs[i] = svc;
}

/* Every listing of the language loaded whole, by name, into ls->services. */
static void
load_all(struct site *s, struct lang_site *ls)
{
	char **names = NULL, *dir;
	unsigned char *maybe_link = NULL;
	const char **codes = lang_codes(s);
	struct buf name = BUF_INIT, today = BUF_INIT;
	int other = ls != &s->langs[0];
	struct load_job j;
	struct svc_opts o;
	struct date d;
	size_t i, k, n = 0;
	int inside;

	ls->services = value_new(VALUE_LIST, NULL);
	dir = fs_join(ls->content_abs, "services");
	if (fs_is_dir(dir))
		names = fs_list_links(dir, &n, &maybe_link);
	date_today(&d);
	date_iso(&today, &d);
	memset(&o, 0, sizeof(o));
	o.categories = s->cfg.categories;
	o.country = s->cfg.country;
	o.timezone = s->cfg.timezone;
	o.stale_after = s->cfg.stale_after;
	o.today = today.ptr;
	o.languages = codes;
	memset(&j, 0, sizeof(j));
	j.o = &o;
	j.ls = ls;
	j.other = other;
	j.paths = xcalloc(n + 1, sizeof(*j.paths));
	j.names = xcalloc(n + 1, sizeof(*j.names));
	j.svcs = xcalloc(n + 1, sizeof(*j.svcs));
	inside = names != NULL && fs_inside(dir, s->opts->srcdir);
	for (i = k = 0; names != NULL && i < n; i++) {
		if (!is_listing(names[i]))
			continue;
		j.paths[k] = fs_join(dir, names[i]);
		buf_reset(&name);
		buf_printf(&name, "%s/services/%s", ls->content_rel, names[i]);
		/* A plain file in a folder inside: no lstat needed. */
		if (!inside || (maybe_link[i] &&
		    !fs_entry_inside(j.paths[k], s->opts->srcdir, inside))) {
			struct loc l = { diag_file(name.ptr, NULL, 0), 0, 0 };

			diag_warn(&l, "skipped: a link to a file outside the "
			    "site folder");
			free(j.paths[k]);
			j.paths[k] = NULL;
			continue;
		}
		j.names[k++] = buf_detach(&name, NULL);
	}
	/* Every listing on every core; the list keeps the files' order. */
	diag_defer_begin();
	pool_run(k, load_one, &j);
	diag_defer_end();
	for (i = 0; i < k; i++) {
		if (j.svcs[i] != NULL)
			value_list_push_take(ls->services, j.svcs[i]);
		free(j.paths[i]);
		free(j.names[i]);
	}
	free(j.paths);
	free(j.names);
	free(j.svcs);
	fs_names_free(names);
	free(maybe_link);
	free(dir);
	free(codes);
	buf_release(&today);
	buf_release(&name);
	svc_check_duplicates(ls->services);
	if (other)
		add_shared(s, ls);
	sort_by_name(ls->services);
}

/* Links to the listings, and the crisis lines the help box shows. */
static void
register_all(struct lang_site *ls)
{
	struct buf name = BUF_INIT;
	struct value *svc;
	size_t i;

	for (i = 0; i < ls->services->list.len; i++) {
		svc = ls->services->list.items[i];
		buf_reset(&name);
		buf_printf(&name, "services/%s.yml", value_get_str(svc, "slug",
		    ""));
		strmap_put(&ls->links, name.ptr, (void *)value_get_str(svc,
		    "url", ""));
		if (value_get_bool(svc, "crisis", 0) &&
		    value_get_bool(svc, "is_listed", 0))
			value_list_push_take(ls->crisis_services,
			    value_new_ref(svc));
	}
	buf_release(&name);
}

/*
 * Stubs of the listings for the next build (svcstub.h), in the build
 * cache as "listings:<lang>": u32 count, then each listing's file (u32
 * length, bytes) and stub (u32 length, bytes); and the messages their
 * load gave, to print again when the stubs stand in.  Sites of one
 * language only (another language shares the default one's listings)
 * and of English words (svc_localise rewrites the words of a listing a
 * stub would keep).
 * The messages are kept here; the stubs are made beside each listing's
 * page (stub_put), while the listing is in the processor's cache.
 */
static int
stubs_wanted(const struct site *s)
{
	return s->cache != NULL && s->nlangs == 1;
}

static void
stubs_keep_messages(struct site *s, struct lang_site *ls, size_t mark)
{
	struct buf key = BUF_INIT;

	if (!stubs_wanted(s))
		return;
	buf_printf(&key, "listings:%s", ls->lang->code);
	cache_lint_keep(s->cache, key.ptr, 0, 0, 0, mark);
	buf_release(&key);
}

/* Listing i's file and stub, made on any thread. */
static void
stub_put(struct buf *b, const struct value *svc)
{
	const char *file = svc->loc.file;
	size_t at;

	le_put(b, file ? strlen(file) : 0, 4);
	buf_puts(b, file ? file : "");
	at = le_span_open(b);
	svc_stub_put(b, svc);
	le_span_close(b, at);
}

/* Every listing's stub, in the order of the list, for the next build. */
static void
stubs_keep(struct site *s, struct lang_site *ls, struct buf *stub)
{
	struct buf key = BUF_INIT, blob = BUF_INIT;
	size_t i, n = ls->services->list.len, len;
	char *bytes;

	for (i = len = 0; i < n; i++)
		len += stub[i].len;
	buf_grow(&blob, len + 4);
	le_put(&blob, n, 4);
	for (i = 0; i < n; i++) {
		buf_put(&blob, stub[i].ptr, stub[i].len);
		buf_release(&stub[i]);
	}
	buf_printf(&key, "listings:%s", ls->lang->code);
	bytes = buf_detach(&blob, &len);
	cache_blob_keep(s->cache, key.ptr, bytes, len);
	buf_release(&key);
}

/* Stubs read on every core: where each is, what each became. */
struct stubs_job {
	const unsigned char	**file, **stub;
	size_t			 *flen, *slen;
	struct value		**svcs;
};

static void
stub_get_one(void *arg, size_t i)
{
	struct stubs_job *j = arg;
	const unsigned char *p = j->stub[i], *end = p + j->slen[i];
	char *name = xstrndup((const char *)j->file[i], j->flen[i]);

	j->svcs[i] = svc_stub_get(&p, end, diag_file(name, NULL, 0));
	if (j->svcs[i] != NULL && p != end) {
		value_free(j->svcs[i]);
		j->svcs[i] = NULL;
	}
	free(name);
}

/*
 * When no listing changed since the last build, its stubs stand in for
 * the listings, and the messages their load gave are printed again: 1.
 * Else 0, and nothing was done.
 */
static int
stubs_load(struct site *s, struct lang_site *ls)
{
	struct buf key = BUF_INIT;
	const unsigned char *p, *end;
	const void *blob;
	struct value *list = NULL;
	struct stubs_job j;
	char *copy;
	size_t len = 0, i, n;
	int mentions, ok = 0, bad = 0;

	if (!stubs_wanted(s) || !cache_listings_same(s->cache))
		return 0;
	buf_printf(&key, "listings:%s", ls->lang->code);
	if ((blob = cache_blob(s->cache, key.ptr, &len)) == NULL ||
	    !cache_lint_can_replay(s->cache, key.ptr, 0, 0))
		goto out;
	p = blob;
	end = p + len;
	n = (size_t)le_get(&p, end, 4, &bad);
	if (bad || n > len / 8)
		goto out;
	memset(&j, 0, sizeof(j));
	j.file = xcalloc(n + 1, sizeof(*j.file));
	j.stub = xcalloc(n + 1, sizeof(*j.stub));
	j.flen = xcalloc(n + 1, sizeof(*j.flen));
	j.slen = xcalloc(n + 1, sizeof(*j.slen));
	j.svcs = xcalloc(n + 1, sizeof(*j.svcs));
	/* Where each is (serial: length by length), then read on all cores. */
	for (i = 0; i < n && !bad; i++) {
		j.file[i] = le_span(&p, end, &j.flen[i], &bad);
		j.stub[i] = le_span(&p, end, &j.slen[i], &bad);
	}
	if (!bad && p == end) {
		pool_run(n, stub_get_one, &j);
		list = value_new(VALUE_LIST, NULL);
		for (i = 0; i < n; i++) {
			if (j.svcs[i] == NULL)
				bad = 1;
			else
				value_list_push_take(list, j.svcs[i]);
		}
	} else
		bad = 1;
	free(j.file);
	free(j.stub);
	free(j.flen);
	free(j.slen);
	free(j.svcs);
	if (bad)
		goto out;
	/* Their messages as their load gave them; each counts as a source. */
	if (cache_lint_replay(s->cache, key.ptr, 0, 0, &mentions))
		cache_count_replayed(s->cache, n);
	ls->services = list;
	list = NULL;
	ls->stubbed = 1;
	/* Not read in this build, they are still what it is made of. */
	cache_keep_listing_inputs(s->cache);
	/* The same stubs serve the next build. */
	copy = xmalloc(len);
	memcpy(copy, blob, len);
	cache_blob_keep(s->cache, key.ptr, copy, len);
	ok = 1;
out:
	value_free(list);
	buf_release(&key);
	return ok;
}

void
listings_load(struct site *s, struct lang_site *ls)
{
	size_t mark = cache_diag_mark();

	ls->crisis_services = value_new(VALUE_LIST, NULL);
	if (!stubs_load(s, ls)) {
		load_all(s, ls);
		stubs_keep_messages(s, ls, mark);
	}
	register_all(ls);
}

int
listings_materialize(struct site *s, struct lang_site *ls)
{
	struct value *stubs = ls->services;
	size_t errors;

	if (!ls->stubbed)
		return 0;
	/* Their messages were printed when the stubs stood in. */
	diag_mute(1);
	load_all(s, ls);
	errors = diag_mute(0);
	/* The help box in the site data shows the stubs of crisis lines. */
	ls->stubs = stubs;
	ls->stubbed = 0;
	if (errors > 0 || value_len(ls->services) != value_len(stubs)) {
		diag_sys("the service listings did not load again as they did "
		    "in the last build; build again with --full");
		return -1;
	}
	return 0;
}

/*
 * The categories with the listed services of each, for the directory:
 * one pass over the listings (each read once, not once a category), in
 * their order, a listing once in a category however often it names it.
 */
static struct value *
groups(struct lang_site *ls)
{
	const struct value *cats = value_get(ls->data, "categories"), *c, *svc;
	const struct value *keys;
	struct value *list = value_new(VALUE_LIST, NULL), *g, **items;
	struct buf b = BUF_INIT;
	const char **ckeys;
	const char *key;
	size_t i, j, k, n = value_len(cats);

	items = xreallocarray(NULL, n ? n : 1, sizeof(*items));
	ckeys = xreallocarray(NULL, n ? n : 1, sizeof(*ckeys));
	for (i = 0; i < n; i++) {
		c = cats->list.items[i];
		key = ckeys[i] = value_get_str(c, "key", "");
		g = value_list_push_take(list, value_copy(c));
		buf_reset(&b);
		buf_printf(&b, "categories/%s.html", key);
		value_map_set_str(g, "url", b.ptr);
		items[i] = value_map_set_take(g, "services",
		    value_new(VALUE_LIST, NULL));
	}
	for (k = 0; n > 0 && k < ls->services->list.len; k++) {
		svc = ls->services->list.items[k];
		if (!value_get_bool(svc, "is_listed", 0))
			continue;
		keys = value_get(svc, "category_keys");
		for (i = 0; i < value_len(keys); i++) {
			if ((key = value_str(keys->list.items[i])) == NULL)
				continue;
			for (j = 0; j < n; j++) {
				if (strcmp(ckeys[j], key) != 0 || (items[j]->
				    list.len > 0 && value_deref(items[j]->list.
				    items[items[j]->list.len - 1]) == svc))
					continue;
				value_list_push_take(items[j],
				    value_new_ref(svc));
			}
		}
	}
	for (i = 0; i < n; i++) {
		g = list->list.items[i];
		value_map_set_take(g, "count", value_new_printf("%zu",
		    items[i]->list.len));
		value_map_set_take(g, "has_services",
		    value_new_bool(items[i]->list.len > 0));
	}
	free(ckeys);
	free(items);
	buf_release(&b);
	return list;
}

/* Add to list a {key,label} (or {code,name}) map the first time key is seen. */
static void
collect(struct value *list, struct strmap *seen, const char *k1,
    const char *key, const char *k2, const char *label)
{
	struct value *m;

	if (key == NULL || strmap_get(seen, key) != NULL)
		return;
	m = value_list_push_take(list, value_new(VALUE_MAP, NULL));
	value_map_set_str(m, k1, key);
	value_map_set_str(m, k2, label != NULL ? label : key);
	strmap_put(seen, key, m);
}

static int
by_second(const void *a, const void *b)
{
	const struct value *x = *(struct value *const *)a;
	const struct value *y = *(struct value *const *)b;

	return strcmp(x->map.items[1].val->str.ptr,
	    y->map.items[1].val->str.ptr);
}

static void
sort_by_label(struct value *list)
{
	if (list->list.len > 1)
		qsort(list->list.items, list->list.len,
		    sizeof(*list->list.items), by_second);
}

/* The values the directory's filters offer: only those some listing has. */
static struct value *
filters(struct lang_site *ls, const struct value *groups)
{
	struct value *f = value_new(VALUE_MAP, NULL), *langs, *access, *towns;
	struct strmap sl = STRMAP_INIT, sa = STRMAP_INIT, st = STRMAP_INIT;
	const struct value *svc, *l;
	size_t i, k;

	value_map_set_take(f, "categories", value_new_ref(groups));
	langs = value_map_set_take(f, "languages", value_new(VALUE_LIST, NULL));
	access = value_map_set_take(f, "access", value_new(VALUE_LIST, NULL));
	towns = value_map_set_take(f, "towns", value_new(VALUE_LIST, NULL));
	for (i = 0; i < value_len(ls->services); i++) {
		svc = ls->services->list.items[i];
		if (!value_get_bool(svc, "is_listed", 0))
			continue;
		l = value_get(svc, "languages");
		for (k = 0; k < value_len(l); k++)
			collect(langs, &sl, "code", value_get_str(
			    l->list.items[k], "code", NULL), "name",
			    value_get_str(l->list.items[k], "name", NULL));
		l = value_get(svc, "access");
		for (k = 0; k < value_len(l); k++)
			collect(access, &sa, "key", value_get_str(
			    l->list.items[k], "key", NULL), "label",
			    value_get_str(l->list.items[k], "label", NULL));
		l = value_get(svc, "towns");
		for (k = 0; k < value_len(l); k++)
			collect(towns, &st, "key", value_str(l->list.items[k]),
			    "label", value_str(l->list.items[k]));
	}
	sort_by_label(langs);
	sort_by_label(access);
	sort_by_label(towns);
	strmap_release(&sl);
	strmap_release(&sa);
	strmap_release(&st);
	return f;
}

/*
 * A listing's vCard and page (what says which), taken from the last
 * build when take (listings_write says when it may); when svc is a stub
 * (left not NULL), what was not taken is left in *left instead, to be
 * made from the whole listing.
 */
#define WHAT_VCARD	1u
#define WHAT_PAGE	2u

static int
write_service(struct site *s, struct lang_site *ls, struct value *svc,
    int take, unsigned what, unsigned char *left)
{
	const char *url = value_get_str(svc, "url", "");
	struct value *ctx;
	struct buf b = BUF_INIT, path = BUF_INIT;
	int rc = 0;

	buf_printf(&path, "%s%s", ls->lang->prefix,
	    value_get_str(svc, "vcard_url", ""));
	if ((what & WHAT_VCARD) && (!take ||
	    cache_page_take(s->cache, &s->out, path.ptr, 0) == -1)) {
		if (left != NULL)
			*left |= WHAT_VCARD;
		else {
			svc_vcard(svc, &b);
			rc = out_write(&s->out, path.ptr, b.ptr, b.len);
			buf_reset(&b);
		}
	}
	if (!(what & WHAT_PAGE) || (take && page_take(s, ls, url) == 0))
		goto out;
	/* A stub cannot make the page: it is made once svc is whole. */
	if (left != NULL) {
		*left |= WHAT_PAGE;
		goto out;
	}
	ctx = page_new(s, ls, url, value_get_str(svc, "name", ""));
	value_map_set_take(ctx, "svc", value_new_ref(svc));
	svc_jsonld(svc, ls->data, &b);
	value_map_set_take(ctx, "jsonld_script", value_new_str(b.ptr, b.len,
	    NULL));
	value_map_set_take(ctx, "has_vcard", value_new_bool(1));
	rc |= page_write(s, ls, "service", url, ctx);
out:
	buf_release(&b);
	buf_release(&path);
	return rc;
}

struct dir_job {
	struct site		*s;
	struct lang_site	*ls;
	struct value		*groups;
	int			 rc;
	int			 take;		/* cache_data_same */
	unsigned char		*left;		/* stubs: pages not taken */
	const unsigned char	*only;		/* or make just these */
};

/*
 * Page i of the directory: the print page (the largest), the directory,
 * then the category pages (a thread of pool_run).
 */
static void
write_dir(void *arg, size_t i)
{
	struct dir_job *d = arg;
	struct site *s = d->s;
	struct lang_site *ls = d->ls;
	const struct value *t = value_get(ls->data, "t"), *c;
	struct value *ctx;
	int rc;

	/*
	 * Their messages after the service pages', in the order of a serial
	 * run: the directory, the print page, the categories.
	 */
	if (d->only != NULL && !d->only[i])
		return;
	diag_defer_key(i == 0 ? 2 : i == 1 ? 1 : i + 1);
	if (d->take && page_take(s, ls, i == 0 ? "services/print.html" :
	    i == 1 ? "services/index.html" : value_get_str(
	    d->groups->list.items[i - 2], "url", "")) == 0)
		rc = 0;
	else if (d->left != NULL) {
		d->left[i] = 1;
		rc = 0;
	} else if (i == 0) {
		ctx = page_new(s, ls, "services/print.html", value_get_str(t,
		    "print_directory", "Directory for printing"));
		value_map_set_take(ctx, "groups", value_new_ref(d->groups));
		rc = page_write(s, ls, "print", "services/print.html", ctx);
	} else if (i == 1) {
		ctx = page_new(s, ls, "services/index.html", value_get_str(t,
		    "directory", "Find support"));
		value_map_set_take(ctx, "groups", value_new_ref(d->groups));
		value_map_set_take(ctx, "filters", filters(ls, d->groups));
		rc = page_write(s, ls, "directory", "services/index.html", ctx);
	} else {
		c = d->groups->list.items[i - 2];
		ctx = page_new(s, ls, value_get_str(c, "url", ""),
		    value_get_str(c, "label", ""));
		value_map_set_take(ctx, "category", value_new_ref(c));
		rc = page_write(s, ls, "category", value_get_str(c, "url", ""),
		    ctx);
	}
	if (rc != 0)
		__atomic_store_n(&d->rc, -1, __ATOMIC_RELAXED);
	diag_defer_key(0);
}

struct svc_job {
	struct site		*s;
	struct lang_site	*ls;
	int			 rc;
	int			 english;	/* words as svc_load put them */
	struct hsds_ctx		*hx;		/* the export's, or NULL */
	struct hsds_part	**parts;	/* each listing's part of it */
	struct dir_job		*dir;		/* pages run first, or NULL */
	size_t			 ndir;
	int			 take;		/* pages from the last output */
	unsigned char		*left;		/* stubs: what was not taken */
	const unsigned char	*what;		/* or make just this of each */
	struct buf		*stub;		/* each listing's, for the next
						   build, or NULL */
};

/*
 * One listing: its words in the language, its part of the export, then
 * its page and vCard, one after the other while the listing is in cache.
 */
static void
write_one(void *arg, size_t i)
{
	struct svc_job *j = arg;
	struct value *svc;

	if (i < j->ndir) {
		write_dir(j->dir, i);
		return;
	}
	i -= j->ndir;
	if (j->what != NULL && j->what[i] == 0)
		return;
	svc = j->ls->services->list.items[i];
	/*
	 * This listing's packed tree, and the next one's, from memory; not
	 * when most pages are taken from the last build instead.
	 */
	if (!j->take) {
		value_prefetch(svc);
		if (i + 1 < j->ls->services->list.len)
			value_prefetch(j->ls->services->list.items[i + 1]);
	}
	/*
	 * Every listing here, copies from the default language too, still
	 * has the English words of svc_load: all languages load before any
	 * renders.
	 */
	if (!j->english)
		svc_localise(svc, value_get(j->ls->data, "t"));
	if (j->parts != NULL)
		j->parts[i] = hsds_part_new(j->hx, svc, i);
	if (j->stub != NULL)
		stub_put(&j->stub[i], svc);
	if (value_get_bool(svc, "is_listed", 0) &&
	    write_service(j->s, j->ls, svc, j->take, j->what != NULL ?
	    j->what[i] : WHAT_VCARD | WHAT_PAGE, j->left != NULL ?
	    &j->left[i] : NULL) != 0)
		__atomic_store_n(&j->rc, -1, __ATOMIC_RELAXED);
}

struct export_job {
	struct site		*s;
	struct lang_site	*ls;
	struct hsds_ctx		*hx;
	struct hsds_part	**parts;
	size_t			  n;
};

static void *
export_main(void *arg)
{
	struct export_job *j = arg;
	struct fs_writer w = { out_write_in, &j->s->out, out_writev_in };
	size_t i;

	j->ls->export_rc = hsds_parts_write(j->hx, j->parts, j->n,
	    j->s->out.stage, &w);
	for (i = 0; i < j->n; i++)
		hsds_part_free(j->parts[i]);
	free(j->parts);
	hsds_ctx_free(j->hx);
	free(j);
	return NULL;
}

/*
 * The open data export describes the listings once, in the default
 * language.  Its parts are made beside the listings' pages; when none
 * is wanted (another language, no listings, or no listing changed since
 * the last build: its export is linked whole) this returns NULL.
 */
static struct hsds_ctx *
export_begin(struct site *s, struct lang_site *ls)
{
	ls->export_rc = 0;
	if (*ls->lang->prefix != '\0' || ls->services->list.len == 0)
		return NULL;
	if (cache_reuse_dir(s->cache, &s->out, "data/hsds") == 0)
		return NULL;
	return hsds_ctx_new(s->cfg.base_url, value_get(ls->data,
	    "categories"));
}

/*
 * The files of the export, from the parts, on a thread of their own while
 * the directory, the category pages and the search index are made.
 */
static void
export_start(struct site *s, struct lang_site *ls, struct svc_job *sj)
{
	struct export_job *j;

	if (sj->parts == NULL)
		return;
	j = xmalloc(sizeof(*j));
	j->s = s;
	j->ls = ls;
	j->hx = sj->hx;
	j->parts = sj->parts;
	j->n = ls->services->list.len;
	if (pthread_create(&ls->export, NULL, export_main, j) == 0)
		ls->exporting = 1;
	else
		export_main(j);
}

/*
 * Stubs stood in for the listings, and some pages or vCards could not be
 * taken from the last build (their check had something to say): load
 * the listings whole and make just those, as the first run would have.
 */
static int
make_left(struct site *s, struct lang_site *ls, struct svc_job *j,
    struct dir_job *d)
{
	size_t i, n = ls->services->list.len, nd = 2 + d->groups->list.len;
	int any = 0;

	for (i = 0; i < n; i++)
		any |= j->left[i] != 0;
	for (i = 0; i < nd; i++)
		any |= d->left[i] != 0;
	if (!any)
		return 0;
	if (listings_materialize(s, ls) == -1)
		return -1;
	value_free(d->groups);
	d->groups = groups(ls);
	j->what = j->left;
	d->only = d->left;
	j->left = NULL;
	d->left = NULL;
	j->take = d->take = 0;
	diag_defer_begin();
	pool_run(j->ndir + n, write_one, j);
	diag_defer_end();
	j->what = NULL;
	d->only = NULL;		/* the caller frees d->left's memory */
	return 0;
}

int
listings_write(struct site *s, struct lang_site *ls)
{
	struct dir_job d;
	struct svc_job j;
	struct buf key = BUF_INIT;
	unsigned char *sleft = NULL, *dleft = NULL;
	int rc = 0, take;

	memset(&j, 0, sizeof(j));
	memset(&d, 0, sizeof(d));
	j.s = s;
	j.ls = ls;
	j.english = svc_words_english(value_get(ls->data, "t"));
	/*
	 * When nothing they show changed since the last build (an article
	 * was edited), the pages are taken from it instead of being made.
	 */
	buf_printf(&key, "listings:%s", ls->lang->code);
	take = cache_data_same(s->cache, key.ptr, ls->data_fp);
	buf_release(&key);
	/* Stubs serve only pages taken whole, with words as loaded. */
	if (ls->stubbed && (!take || !j.english) &&
	    listings_materialize(s, ls) == -1)
		return -1;
	if ((j.hx = export_begin(s, ls)) != NULL) {
		if (listings_materialize(s, ls) == -1) {
			hsds_ctx_free(j.hx);
			return -1;
		}
		j.parts = xcalloc(ls->services->list.len, sizeof(*j.parts));
	}
	d.s = s;
	d.ls = ls;
	d.groups = groups(ls);
	d.rc = 0;
	d.take = j.take = take;
	if (ls->stubbed) {
		j.left = sleft = xcalloc(ls->services->list.len + 1, 1);
		d.left = dleft = xcalloc(2 + d.groups->list.len, 1);
	} else if (stubs_wanted(s) && j.english && ls->stubs == NULL)
		j.stub = xcalloc(ls->services->list.len + 1, sizeof(*j.stub));
	/*
	 * The directory, the print page and the category pages show words
	 * that svc_localise writes: with words other than English they wait
	 * for every listing's; else they go first in the same run, the
	 * longest first, so that no core waits for another at the end.
	 */
	if (j.english) {
		j.dir = &d;
		j.ndir = 2 + d.groups->list.len;
	}
	/* Every page on every core; messages print in place order. */
	diag_defer_begin();
	pool_run(j.ndir + ls->services->list.len, write_one, &j);
	diag_defer_end();
	if (sleft != NULL && make_left(s, ls, &j, &d) == -1)
		rc = -1;
	if (j.stub != NULL) {
		stubs_keep(s, ls, j.stub);
		free(j.stub);
	}
	free(sleft);
	free(dleft);
	rc |= j.rc;
	export_start(s, ls, &j);
	if (!j.english) {
		diag_defer_begin();
		pool_run(2 + d.groups->list.len, write_dir, &d);
		diag_defer_end();
	}
	rc |= d.rc;
	value_free(d.groups);
	return rc;
}

int
listings_finish(struct site *s, struct lang_site *ls)
{
	(void)s;
	if (ls->exporting) {
		pthread_join(ls->export, NULL);
		ls->exporting = 0;
	}
	return ls->export_rc == -1 ? -1 : 0;
}
