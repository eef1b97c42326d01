/* SPDX-License-Identifier: ISC */
/* The build's side of search: index a language's pages and listings, write it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "bytes.h"
#include "cache.h"
#include "diag.h"
#include "fsutil.h"
#include "pool.h"
#include "output.h"
#include "searchidx.h"
#include "site.h"
#include "strmap.h"
#include "value.h"
#include "xalloc.h"

/*
 * The terms the last build's index gave each article, page and listing,
 * kept in the build cache as "search:<lang>": u32 count, then each term
 * (u32 length, bytes); then each document: u32 length, its file, u64
 * hash of its bytes (0 for a listing), u32 weighted length, u32 length,
 * its (term, frequency) pairs as sidx_doc_terms packs them.  The terms
 * are loaded into the new index first, in their order, so that the pairs
 * of a document whose bytes did not change (of a listing: when no
 * listing changed) are added as they are, neither rendered nor tokenised
 * again.
 */
struct memo_doc {
	uint64_t		 hash;
	uint32_t		 doclen;
	const unsigned char	*p;
	size_t			 len;
};

struct memo {
	const char		**term;	/* the last index's terms, */
	size_t			 *tlen;
	size_t			  nterms;
	struct memo_doc		 *docs;
	size_t			  ndocs;
	struct strmap		  by_file;
};

static void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	free(m->term);
	free(m->tlen);
	free(m->docs);
	strmap_release(&m->by_file);
	free(m);
}

static struct memo *
memo_open(const void *blob, size_t len)
{
	const unsigned char *p = blob, *end = p + len, *file;
	struct memo *m;
	struct memo_doc *d;
	size_t i, n, cap = 0;
	char *name;
	int bad = 0;

	if (blob == NULL)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	n = (uint32_t)le_get(&p, end, 4, &bad);
	if (bad || n > (size_t)(end - p) / 4) {
		free(m);
		return NULL;
	}
	m->term = xcalloc(n ? n : 1, sizeof(*m->term));
	m->tlen = xcalloc(n ? n : 1, sizeof(*m->tlen));
	m->nterms = n;
	for (i = 0; i < n && !bad; i++)
		m->term[i] = (const char *)le_span(&p, end, &m->tlen[i], &bad);
	while (!bad && p < end) {
		if ((file = le_span(&p, end, &n, &bad)) == NULL)
			break;
		if (m->ndocs == cap) {
			cap = cap ? cap * 2 : 256;
			m->docs = xreallocarray(m->docs, cap, sizeof(*m->docs));
		}
		d = &m->docs[m->ndocs];
		d->hash = le_get(&p, end, 8, &bad);
		d->doclen = (uint32_t)le_get(&p, end, 4, &bad);
		if ((d->p = le_span(&p, end, &d->len, &bad)) == NULL)
			break;
		name = xstrndup((const char *)file, n);
		strmap_put(&m->by_file, name, (void *)(m->ndocs + 1));
		free(name);
		m->ndocs++;
	}
	if (bad) {
		memo_free(m);
		return NULL;
	}
	return m;
}

/*
 * The last build's terms of file (hash: of its bytes; 0 for a listing),
 * when they read well.
 */
static const struct memo_doc *
memo_get(const struct memo *m, const char *file, uint64_t hash)
{
	const struct memo_doc *md;
	size_t i;

	if (m == NULL || (i = (size_t)strmap_get(&m->by_file, file)) == 0)
		return NULL;
	md = &m->docs[i - 1];
	return md->hash == hash && sidx_pairs_ok(md->p, md->len, m->nterms) ?
	    md : NULL;
}

/* Pairs as the index packed them, their terms renumbered by remap. */
static void
put_pairs(struct buf *b, const unsigned char *p, size_t len,
    const uint32_t *remap)
{
	const unsigned char *end = p + len;
	uint32_t v[2];
	size_t at;

	if (remap == NULL) {
		le_put(b, len, 4);
		buf_put(b, p, len);
		return;
	}
	at = le_span_open(b);
	while (p < end && seven_get(&p, end, &v[0]) == 0 &&
	    seven_get(&p, end, &v[1]) == 0)
		seven_put_pair(b, remap[v[0]], v[1]);
	le_span_close(b, at);
}

static void
put_record(struct buf *b, const char *file, uint64_t hash,
    const struct sidx *x, size_t doc, const uint32_t *remap)
{
	const unsigned char *p;
	uint32_t doclen;
	size_t len;

	if ((p = sidx_doc_terms(x, doc, &len, &doclen)) == NULL)
		return;
	le_put(b, strlen(file), 4);
	buf_puts(b, file);
	le_put(b, hash, 8);
	le_put(b, doclen, 4);
	put_pairs(b, p, len, remap);
}

/* The bytes put_pairs writes for the pairs at p, their length included. */
static size_t
pairs_size(const unsigned char *p, size_t len, const uint32_t *remap)
{
	const unsigned char *end = p + len;
	unsigned char tmp[SEVEN_MAX];
	uint32_t v[2];
	size_t size = 4;

	if (remap == NULL)
		return size + len;
	while (p < end && seven_get(&p, end, &v[0]) == 0 &&
	    seven_get(&p, end, &v[1]) == 0)
		size += seven_put(tmp, remap[v[0]]) + seven_put(tmp, v[1]);
	return size;
}

/* The bytes put_record writes for document doc. */
static size_t
record_size(const char *file, const struct sidx *x, size_t doc,
    const uint32_t *remap)
{
	const unsigned char *p;
	uint32_t doclen;
	size_t len;

	if ((p = sidx_doc_terms(x, doc, &len, &doclen)) == NULL)
		return 0;
	return 4 + strlen(file) + 8 + 4 + pairs_size(p, len, remap);
}

/* The bytes memo_keep writes: the terms, then each document's record. */
static size_t
memo_size(const struct lang_site *ls, const struct sidx *x,
    const struct value **svcs, size_t nsvc, const uint32_t *remap)
{
	const struct doc *d;
	size_t i, n = sidx_nterms(x), len, size = 4;
	size_t nd = ls->narticles + ls->npages;

	for (i = 0; i < n; i++)
		if (remap == NULL || remap[i] != UINT32_MAX) {
			(void)sidx_term(x, i, &len);
			size += 4 + len;
		}
	for (i = 0; i < nd; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		size += record_size(d->file, x, i, remap);
	}
	for (i = 0; i < nsvc; i++)
		size += record_size(svcs[i]->loc.file, x, nd + i, remap);
	return size;
}

/*
 * This build's record: the index's terms, each document's pairs.  Terms
 * the last build had and no document has now are kept (the pairs stay
 * as they are) until they are a quarter of all.  The record (megabytes
 * on a big site) is allocated once at its size, not grown by copies.
 */
static void
memo_keep(struct site *s, struct lang_site *ls, const struct sidx *x,
    const struct value **svcs, size_t nsvc)
{
	struct buf b = BUF_INIT, name = BUF_INIT;
	const struct doc *d;
	uint32_t *remap = NULL, next;
	const char *t;
	char *bytes;
	size_t i, n, len, used, nd = ls->narticles + ls->npages;

	n = sidx_nterms(x);
	for (i = used = 0; i < n; i++)
		used += sidx_term_used(x, i);
	if (n - used > n / 4) {
		remap = xcalloc(n ? n : 1, sizeof(*remap));
		for (i = next = 0; i < n; i++)
			remap[i] = sidx_term_used(x, i) ? next++ : UINT32_MAX;
	}
	/* room for seven_put_pair's look-ahead past the last pair */
	b.cap = memo_size(ls, x, svcs, nsvc, remap) + 2 * SEVEN_MAX + 1;
	b.ptr = xmalloc(b.cap);
	le_put(&b, remap != NULL ? used : n, 4);
	for (i = 0; i < n; i++) {
		if (remap != NULL && remap[i] == UINT32_MAX)
			continue;
		t = sidx_term(x, i, &len);
		le_put(&b, len, 4);
		buf_put(&b, t, len);
	}
	for (i = 0; i < nd; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		put_record(&b, d->file, d->text_hash, x, i, remap);
	}
	for (i = 0; i < nsvc; i++)
		put_record(&b, svcs[i]->loc.file, 0, x, nd + i, remap);
	free(remap);
	buf_printf(&name, "search:%s", ls->lang->code);
	bytes = buf_detach(&b, &len);
	cache_blob_keep(s->cache, name.ptr, bytes, len);
	buf_release(&name);
}

/* Whether the memo holds the terms of every listed listing. */
static int
memo_has_all(const struct memo *m, int same, const struct value *list)
{
	const struct value *svc;
	size_t i;

	if (m == NULL || !same)
		return 0;
	for (i = 0; i < value_len(list); i++) {
		svc = list->list.items[i];
		if (value_get_bool(svc, "is_listed", 0) &&
		    memo_get(m, svc->loc.file, 0) == NULL)
			return 0;
	}
	return 1;
}

/* One page or listing to index, made and tokenised on any thread. */
struct item {
	struct sidx_doc	 sd;
	const char	**labels;
	struct buf	 body;
	struct value	*facets;
	struct sidx_toks toks;
	const struct memo_doc *memo;	/* or added from these terms */
};

static void
fill_doc(struct item *it, const struct doc *d)
{
	const struct value *tags = value_get(d->item, "tags");
	const char **labels = NULL;
	struct sidx_doc sd;
	size_t i, n = value_len(tags);

	if (n > 0)
		labels = xcalloc(n, sizeof(*labels));
	for (i = 0; i < n; i++)
		labels[i] = value_get_str(tags->list.items[i], "name", "");
	memset(&sd, 0, sizeof(sd));
	sd.kind = d->kind == DOC_ARTICLE ? "article" : "page";
	sd.url = d->url;
	sd.title = d->title;
	sd.summary = value_get_str(d->item, "summary", "");
	sd.body = d->md.text.ptr;
	sd.categories = labels;
	sd.ncategories = n;
	it->sd = sd;
	it->labels = labels;
}

/* A list of the strings at key of each map in list (or of the strings). */
static struct value *
pluck(const struct value *list, const char *key)
{
	struct value *out = value_new(VALUE_LIST, NULL);
	const struct value *v;
	size_t i;

	for (i = 0; i < value_len(list); i++) {
		v = list->list.items[i];
		if (key != NULL)
			v = value_get(v, key);
		if (value_str(v) != NULL)
			value_list_push_take(out, value_new_strz(value_str(v)));
	}
	return out;
}

static void
fill_service(struct item *it, const struct value *svc, const char *zone)
{
	const struct value *cats = value_get(svc, "categories"), *v;
	struct value *facets = value_new(VALUE_MAP, NULL);
	const char **labels = NULL;
	struct buf body = BUF_INIT;
	struct sidx_doc sd;
	size_t i, n = value_len(cats);

	if (n > 0)
		labels = xcalloc(n, sizeof(*labels));
	for (i = 0; i < n; i++)
		labels[i] = value_get_str(cats->list.items[i], "label", "");
	value_map_set_take(facets, "categories",
	    value_copy(value_get(svc, "category_keys")));
	value_map_set_take(facets, "languages",
	    pluck(value_get(svc, "languages"), "code"));
	value_map_set_take(facets, "access", pluck(value_get(svc, "access"),
	    "key"));
	value_map_set_take(facets, "towns", pluck(value_get(svc, "towns"),
	    NULL));
	value_map_set_take(facets, "free", value_new_bool(value_get_bool(svc,
	    "free", 0)));
	if ((v = value_get(svc, "hours")) != NULL)
		value_map_set_take(facets, "hours", value_new_ref(v));
	value_map_set_str(facets, "timezone", zone);
	/* The words a visitor may search by, beyond name and summary. */
	buf_puts(&body, value_get_str(svc, "description", ""));
	buf_putc(&body, '\n');
	buf_puts(&body, value_get_str(svc, "eligibility", ""));
	buf_putc(&body, '\n');
	buf_puts(&body, value_get_str(value_get(svc, "organization"), "name",
	    ""));
	buf_putc(&body, '\n');
	buf_puts(&body, value_get_str(svc, "towns_text", ""));
	buf_putc(&body, '\n');
	memset(&sd, 0, sizeof(sd));
	sd.kind = "service";
	sd.url = value_get_str(svc, "url", "");
	sd.title = value_get_str(svc, "name", "");
	sd.summary = value_get_str(svc, "summary", "");
	sd.body = body.ptr;
	sd.categories = labels;
	sd.ncategories = n;
	sd.facets = facets;
	it->sd = sd;
	it->labels = labels;
	it->body = body;
	it->facets = facets;
}

/* Documents tokenised at once: bounds the memory the tokens hold. */
#define INDEX_BATCH	256

/*
 * A batch is tokenised on every core while job 0 adds the batch before
 * it to the index, so the serial add overlaps the parallel work; the
 * index still takes the documents one by one, in order.
 */
struct index_job {
	struct site		 *s;
	struct lang_site	 *ls;
	struct sidx		 *x;
	const struct value	**svcs;		/* the listed listings */
	size_t			  nsvcs;
	struct item		 *items;	/* this batch: INDEX_BATCH */
	size_t			  from;		/* its first document */
	struct item		 *prev;		/* the batch to add, or NULL */
	size_t			  nprev;
	struct memo		 *memo;		/* the last build's terms */
	int			  svcs_same;	/* for the listings too */
	int			  failed;
};

/* Document i's packed tree (value_prefetch), if it has one. */
static void
prefetch_item(struct index_job *j, size_t i)
{
	struct lang_site *ls = j->ls;
	size_t nd = ls->narticles + ls->npages;

	if (i < ls->narticles)
		value_prefetch(ls->articles[i]->item);
	else if (i >= nd && i - nd < j->nsvcs)
		value_prefetch(j->svcs[i - nd]);
}

static void
prepare_one(struct index_job *j, size_t k)
{
	struct lang_site *ls = j->ls;
	struct item *it = &j->items[k];
	size_t i = j->from + k;
	const struct value *svc;
	struct doc *d;

	if (j->memo == NULL) {		/* each tokenised, not taken */
		prefetch_item(j, i);
		prefetch_item(j, i + 1);
	}
	if (i < ls->narticles + ls->npages) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		it->memo = memo_get(j->memo, d->file, d->text_hash);
		/* A page taken from the last build left its text unmade. */
		if (it->memo == NULL && render_doc_md(j->s, ls, d) == -1)
			j->failed = 1;
		buf_release(&d->md.html);	/* its page is made */
		fill_doc(it, d);
	} else {
		svc = j->svcs[i - ls->narticles - ls->npages];
		it->memo = j->svcs_same ? memo_get(j->memo, svc->loc.file, 0) :
		    NULL;
		fill_service(it, svc, j->s->cfg.timezone);
	}
	/* Its entry here, on every core; the add only adds. */
	if (it->memo != NULL)
		sidx_prepare(&it->sd, &it->toks);
	else
		sidx_tokenize(&it->sd, &it->toks);
}

/* A document from the pairs the last build gave it (memo_get read them). */
static void
add_memo(struct index_job *j, struct item *it)
{
	const struct memo_doc *md = it->memo;

	sidx_add_packed(j->x, &it->sd, &it->toks, md->p, md->len,
	    md->doclen);
}

/* Add a tokenised batch to the index, in order, and empty its items. */
static void
add_batch(struct index_job *j, struct item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (items[i].memo != NULL)
			add_memo(j, &items[i]);
		else
			sidx_add_tokens(j->x, &items[i].sd, &items[i].toks);
		items[i].memo = NULL;
		free(items[i].labels);
		buf_release(&items[i].body);
		value_free(items[i].facets);
		items[i].labels = NULL;
		items[i].facets = NULL;
		/* the token arrays are kept for the batch after next */
	}
}

static void
index_step(void *arg, size_t k)
{
	struct index_job *j = arg;

	if (j->prev == NULL)
		prepare_one(j, k);
	else if (k == 0)
		add_batch(j, j->prev, j->nprev);
	else
		prepare_one(j, k - 1);
}

static double
clock_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
site_search_write(struct site *s, struct lang_site *ls)
{
	double t0 = clock_s(), t1;
	struct sidx *x = sidx_new(ls->lang->code);
	struct fs_writer w = { out_write_in, &s->out, out_writev_in };
	struct buf note = BUF_INIT;
	const struct value *svc;
	struct index_job j;
	struct item *batch[2];
	struct buf name = BUF_INIT;
	const void *blob;
	char *dir;
	size_t i, n, nb, nsvc, len = 0;
	unsigned cur;
	int rc;

	/* Made and tokenised on every core, added in the same order. */
	memset(&j, 0, sizeof(j));
	j.s = s;
	j.ls = ls;
	j.x = x;
	if (s->cache != NULL) {
		buf_printf(&name, "search:%s", ls->lang->code);
		blob = cache_blob(s->cache, name.ptr, &len);
		j.memo = memo_open(blob, len);
		buf_release(&name);
		if (j.memo != NULL && sidx_preload_terms(x, j.memo->term,
		    j.memo->tlen, j.memo->nterms) == -1) {
			memo_free(j.memo);
			j.memo = NULL;
			sidx_free(x);
			j.x = x = sidx_new(ls->lang->code);
		}
		sidx_keep_terms(x);
		j.svcs_same = cache_listings_same(s->cache);
	}
	/* Stubs of listings are indexed only from their terms, kept. */
	if (ls->stubbed && !memo_has_all(j.memo, j.svcs_same,
	    ls->services) &&
	    listings_materialize(s, ls) == -1)
		j.failed = 1;
	j.svcs = xcalloc(value_len(ls->services) + 1, sizeof(*j.svcs));
	for (i = nsvc = 0; i < value_len(ls->services); i++) {
		svc = ls->services->list.items[i];
		if (value_get_bool(svc, "is_listed", 0))
			j.svcs[nsvc++] = svc;
	}
	j.nsvcs = nsvc;
	n = ls->narticles + ls->npages + nsvc;
	batch[0] = xcalloc(INDEX_BATCH, sizeof(*batch[0]));
	batch[1] = xcalloc(INDEX_BATCH, sizeof(*batch[1]));
	j.prev = NULL;
	j.nprev = 0;
	for (j.from = 0, cur = 0; j.from < n; j.from += nb, cur ^= 1) {
		nb = n - j.from < INDEX_BATCH ? n - j.from : INDEX_BATCH;
		j.items = batch[cur];
		pool_run(nb + (j.prev != NULL), index_step, &j);
		j.prev = j.items;
		j.nprev = nb;
	}
	if (j.prev != NULL)
		add_batch(&j, j.prev, j.nprev);
	memo_free(j.memo);
	for (i = 0; i < INDEX_BATCH; i++) {
		sidx_toks_release(&batch[0][i].toks);
		sidx_toks_release(&batch[1][i].toks);
	}
	free(batch[0]);
	free(batch[1]);
	dir = *ls->lang->prefix ? fs_join(s->out.stage, ls->lang->prefix) :
	    xstrdup(s->out.stage);
	t1 = clock_s();
	sidx_set_writer(x, &w);
	rc = j.failed ? -1 : sidx_write(x, dir, &note);
	/* After the layout, which needs the most memory of the index. */
	if (s->cache != NULL && rc == 0)
		memo_keep(s, ls, x, j.svcs, nsvc);
	free(j.svcs);
	free(dir);
	/* For bench/search-latency: the search phase's share of a build. */
	if (getenv("SIGNPOST_TIMING") != NULL)
		diag_note(NULL, "search index '%s': %.3f s (add %.3f s, "
		    "write %.3f s)", ls->lang->code, clock_s() - t0, t1 - t0,
		    clock_s() - t1);
	buf_release(&note);
	sidx_free(x);
	return rc;
}
