/* SPDX-License-Identifier: ISC */
/* The build's side of search: index a language's pages and listings, write it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "pool.h"
#include "searchidx.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* One page or listing to index, made and tokenised on any thread. */
struct item {
	struct sidx_doc	 sd;
	const char	**labels;
	struct buf	 body;
	struct value	*facets;
	struct sidx_toks toks;
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
	struct item		 *items;	/* this batch: INDEX_BATCH */
	size_t			  from;		/* its first document */
	struct item		 *prev;		/* the batch to add, or NULL */
	size_t			  nprev;
};

static void
prepare_one(struct index_job *j, size_t k)
{
	struct lang_site *ls = j->ls;
	struct item *it = &j->items[k];
	size_t i = j->from + k;

	if (i < ls->narticles)
		fill_doc(it, ls->articles[i]);
	else if (i < ls->narticles + ls->npages)
		fill_doc(it, ls->pages[i - ls->narticles]);
	else
		fill_service(it, j->svcs[i - ls->narticles - ls->npages],
		    j->s->cfg.timezone);
	sidx_tokenize(&it->sd, &it->toks);
}

/* Add a tokenised batch to the index, in order, and empty its items. */
static void
add_batch(struct sidx *x, struct item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sidx_add_tokens(x, &items[i].sd, &items[i].toks);
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
		add_batch(j->x, j->prev, j->nprev);
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
	char *dir;
	size_t i, n, nb, nsvc;
	unsigned cur;
	int rc;

	/* Made and tokenised on every core, added in the same order. */
	j.s = s;
	j.ls = ls;
	j.x = x;
	j.svcs = xcalloc(value_len(ls->services) + 1, sizeof(*j.svcs));
	for (i = nsvc = 0; i < value_len(ls->services); i++) {
		svc = ls->services->list.items[i];
		if (value_get_bool(svc, "is_listed", 0))
			j.svcs[nsvc++] = svc;
	}
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
		add_batch(x, j.prev, j.nprev);
	for (i = 0; i < INDEX_BATCH; i++) {
		sidx_toks_release(&batch[0][i].toks);
		sidx_toks_release(&batch[1][i].toks);
	}
	free(batch[0]);
	free(batch[1]);
	free(j.svcs);
	dir = *ls->lang->prefix ? fs_join(s->out.stage, ls->lang->prefix) :
	    xstrdup(s->out.stage);
	t1 = clock_s();
	sidx_set_writer(x, &w);
	rc = sidx_write(x, dir, &note);
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
