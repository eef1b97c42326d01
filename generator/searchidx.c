/* SPDX-License-Identifier: ISC */
/* The offline search index: BM25F impacts in term-range shards, as scripts. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "hash.h"
#include "normalize.h"
#include "pool.h"
#include "searchidx.h"
#include "value.h"
#include "xalloc.h"

/*
 * Field weights in term-frequency units: a word in the title counts as
 * four in the body.  Scores are BM25 over the weighted frequencies
 * (BM25F with one length), computed here, so the client only adds them.
 */
#define W_TITLE		4
#define W_CATEGORY	2
#define W_SUMMARY	2
#define W_BODY		1
#define BM25_K1		1.2
#define BM25_B		0.75
#define SCORE_SCALE	10.0
#define SUMMARY_MAX	200
#define DOC_CHUNK	8
#define SHARD_BYTES	(48 * 1024)
#define SINGLE_MAX	(160 * 1024)

/*
 * Strings interned to dense indices, in first-seen order.  A slot holds
 * the string's term_key and length, so that most probes compare there.
 */
struct slot {
	uint64_t	 key;
	uint32_t	 len;
	uint32_t	 idx;		/* index + 1; 0 is empty */
};

struct strtab {
	char		**s;
	size_t		 *len;
	size_t		  n, cap;
	struct slot	 *slot;
	size_t		  nslot;
};

/*
 * A term's postings, packed as they arrive: the document gap and the
 * weighted term frequency as 7-bit groups (two or three bytes where a
 * pair of numbers took eight).  The last posting is kept apart too, so a
 * second add for the same document can rewrite it.
 */
struct plist {
	unsigned char	*p;
	size_t		 len, cap;
	uint32_t	 n;		/* postings */
	uint32_t	 last;		/* the last posting's document */
	uint32_t	 lastw;		/* and its frequency, */
	size_t		 wpos;		/* which starts here in p */
};

/* A number seven_put wrote in this index's own memory. */
static uint32_t
unpack_u32(const unsigned char **pp)
{
	uint32_t v;

	(void)seven_get(pp, *pp + SEVEN_MAX, &v);
	return v;
}

struct sdoc {
	size_t		 rec;		/* its JSON record in recs */
	size_t		 rec_len;
	size_t		 url;		/* its quoted URL in recs */
	size_t		 url_len;
	int		 kind;		/* letter for the kinds runs */
	uint32_t	 len;		/* weighted length */
};

enum facet_kind { FK_CATEGORY, FK_LANGUAGE, FK_ACCESS, FK_TOWN, FK__MAX };

static const char *const facet_keys[FK__MAX] = {
	"categories", "languages", "access", "towns"
};
static const char *const facet_names[FK__MAX] = {
	"category", "language", "access", "town"
};

struct sidx {
	char		*lang;
	struct strtab	 terms;
	struct plist	*plists;	/* parallel to terms */
	size_t		 plcap;
	struct sdoc	*docs;
	size_t		 ndocs, doccap;
	struct buf	 recs;		/* documents' records back to back */
	struct buf	 scratch;
	uint64_t	 totlen;
	struct strtab	 dicts[FK__MAX];
	struct strtab	 hours;		/* distinct hours, compact JSON */
	struct strtab	 zones;		/* time zones */
	struct buf	 facets;	/* service records, comma separated */
	size_t		 nservices;
	size_t		 shard_bytes, single_max;
	struct fs_writer w;
	struct sidx_stats st;
	int		 keep;		/* sidx_keep_terms */
	struct buf	 kept;		/* each document's (term, wtf) pairs */
	size_t		*kept_at;	/* document i's start in kept */
};

/*
 * Terms are hashed and compared by their first eight bytes as one word,
 * zero-padded (most terms are that short: the word and the length name
 * one); longer ones are hashed by hash_str.  term_key reads any string;
 * the tokeniser's callback reads its padded buffer at once.
 */
static uint64_t
term_key(const char *s, size_t len)
{
	uint64_t w = 0;

	memcpy(&w, s, len < 8 ? len : 8);
	return w;
}

static uint64_t
load_key(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

/* term_key of s[0..len), len <= 8, where 8 bytes can be read at s. */
static uint64_t
pad_key(const char *s, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const uint64_t low[9] = {
		0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffULL,
		0xffffffffffffULL, 0xffffffffffffffULL, 0xffffffffffffffffULL
	};

	return load_key(s) & low[len];
#else
	return term_key(s, len);
#endif
}

static inline uint32_t
term_hash(uint64_t key, const char *s, size_t len)
{
	if (len > 8)
		return hash_str(s, len);
	key ^= key >> 32;
	return (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32);
}

/*
 * Whether the bytes of two strings of length len > 8 with the same key
 * are the same: the few past the key, in line rather than a call.
 */
static inline int
same_tail(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 8; i < len && a[i] == b[i]; i++)
		continue;
	return i == len;
}

static void
strtab_rehash(struct strtab *t)
{
	struct slot *old = t->slot;
	size_t i, j, mask, nold = t->nslot;
	uint32_t k;

	t->nslot = t->nslot ? t->nslot * 2 : 64;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	mask = t->nslot - 1;
	for (i = 0; i < nold; i++) {
		if ((k = old[i].idx) == 0)
			continue;
		for (j = term_hash(old[i].key, t->s[k - 1], t->len[k - 1]) &
		    mask; t->slot[j].idx != 0; j = (j + 1) & mask)
			continue;
		t->slot[j] = old[i];
	}
	free(old);
}

/* The slot of s (term_key key, hash h) in t, or the empty one for it. */
static inline size_t
strtab_probe(const struct strtab *t, const char *s, size_t n, uint64_t key,
    uint32_t h)
{
	const struct slot *sl;
	size_t j, mask = t->nslot - 1;

	for (j = h & mask; (sl = &t->slot[j])->idx != 0; j = (j + 1) & mask)
		if (sl->key == key && sl->len == n && (n <= 8 ||
		    same_tail(t->s[sl->idx - 1], s, n)))
			break;
	return j;
}

/*
 * The index of s (term_key key, hash h) in t, added when absent (*isnew
 * says so).
 */
static size_t
strtab_intern_h(struct strtab *t, const char *s, size_t n, uint64_t key,
    uint32_t h, int *isnew)
{
	size_t j;

	if (t->n * 2 >= t->nslot)
		strtab_rehash(t);
	j = strtab_probe(t, s, n, key, h);
	if (t->slot[j].idx != 0) {
		*isnew = 0;
		return t->slot[j].idx - 1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->s = xreallocarray(t->s, t->cap, sizeof(*t->s));
		t->len = xreallocarray(t->len, t->cap, sizeof(*t->len));
	}
	t->s[t->n] = xstrndup(s, n);
	t->len[t->n] = n;
	t->slot[j].key = key;
	t->slot[j].len = (uint32_t)n;
	t->slot[j].idx = (uint32_t)t->n + 1;
	*isnew = 1;
	return t->n++;
}

static size_t
strtab_intern(struct strtab *t, const char *s, size_t n, int *isnew)
{
	uint64_t key = term_key(s, n);

	return strtab_intern_h(t, s, n, key, term_hash(key, s, n), isnew);
}

/* The index of s in t, or -1. */
static ssize_t
strtab_find(const struct strtab *t, const char *s, size_t n)
{
	uint64_t key = term_key(s, n);
	size_t j;

	if (t->nslot == 0)
		return -1;
	j = strtab_probe(t, s, n, key, term_hash(key, s, n));
	return t->slot[j].idx != 0 ? (ssize_t)t->slot[j].idx - 1 : -1;
}

static void
strtab_release(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->len);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

struct sidx *
sidx_new(const char *lang)
{
	struct sidx *x = xcalloc(1, sizeof(*x));

	x->lang = xstrdup(lang ? lang : "en");
	buf_init(&x->facets);
	buf_init(&x->recs);
	buf_init(&x->scratch);
	x->shard_bytes = SHARD_BYTES;
	x->single_max = SINGLE_MAX;
	return x;
}

void
sidx_free(struct sidx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->terms.n; i++)
		free(x->plists[i].p);
	free(x->plists);
	strtab_release(&x->terms);
	free(x->docs);
	buf_release(&x->recs);
	buf_release(&x->scratch);
	for (i = 0; i < FK__MAX; i++)
		strtab_release(&x->dicts[i]);
	strtab_release(&x->hours);
	strtab_release(&x->zones);
	buf_release(&x->facets);
	buf_release(&x->kept);
	free(x->kept_at);
	free(x->lang);
	free(x);
}

void
sidx_set_limits(struct sidx *x, size_t shard_bytes, size_t single_max)
{
	x->shard_bytes = shard_bytes ? shard_bytes : SHARD_BYTES;
	x->single_max = single_max ? single_max : SINGLE_MAX;
}

void
sidx_set_writer(struct sidx *x, const struct fs_writer *w)
{
	x->w = *w;
}

/*
 * Write a file: 0, -1 reported by the writer, or 1 when fs_write failed
 * (errno says why; the caller reports it, in order).
 */
static int
put(const struct sidx *x, const char *path, const void *p, size_t len)
{
	if (x->w.write != NULL)
		return x->w.write(x->w.arg, path, p, len) == -1 ? -1 : 0;
	return fs_write(path, p, len) == -1 ? 1 : 0;
}

struct addst {
	struct sidx	*x;
	uint32_t	 doc;
};

/*
 * One distinct term of a document: a posting at the end of its list.
 * Docs arrive in order, so a term's current doc is its last posting.
 */
static size_t
intern_term(struct sidx *x, const char *s, size_t len, uint64_t key,
    uint32_t h)
{
	size_t t;
	int isnew;

	t = strtab_intern_h(&x->terms, s, len, key, h, &isnew);
	if (isnew) {
		if (x->terms.n > x->plcap) {
			x->plcap = x->terms.cap;
			x->plists = xreallocarray(x->plists, x->plcap,
			    sizeof(*x->plists));
		}
		memset(&x->plists[t], 0, sizeof(x->plists[t]));
	}
	return t;
}

/* Term t's posting for the document being added (a->doc). */
static void
add_posting(struct addst *a, size_t t, uint32_t wtf)
{
	struct sidx *x = a->x;
	struct plist *pl;

	pl = &x->plists[t];
	if (pl->len + 2 * SEVEN_MAX > pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 16;
		pl->p = xrealloc(pl->p, pl->cap);
	}
	if (pl->n > 0 && pl->last == a->doc) {
		/* the same document again: its frequency grows */
		wtf += pl->lastw;
		pl->len = pl->wpos;
	} else {
		pl->len += seven_put(pl->p + pl->len, a->doc - pl->last);
		pl->last = a->doc;
		pl->n++;
	}
	pl->wpos = pl->len;
	pl->lastw = wtf;
	pl->len += seven_put(pl->p + pl->len, wtf);
}

static char *
clean(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t n = s ? strlen(s) : 0;

	if (n > max) {
		/* cut at a space near the end, else a character boundary */
		for (n = max; n > 0 && max - n < 40 && s[n] != ' '; n--)
			continue;
		if (n > 0 && s[n] == ' ')
			max = n;
		while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
			max--;
		norm_utf8_clean(&b, s, max);
		while (b.len > 0 && b.ptr[b.len - 1] == ' ')
			b.len--;
		buf_puts(&b, "\xe2\x80\xa6");
	} else
		norm_utf8_clean(&b, s ? s : "", n);
	return buf_detach(&b, NULL);
}

/* A number in decimal, as printf's %zu writes it. */
static void
put_uint(struct buf *b, size_t v)
{
	char d[24];
	size_t n = sizeof(d);

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_put(b, d + n, sizeof(d) - n);
}

/* A list of dictionary indices for one facet key, as a JSON array. */
static void
facet_list(struct sidx *x, const struct value *f, enum facet_kind k)
{
	const struct value *v = value_deref(value_get(f, facet_keys[k]));
	const char *s;
	size_t i, idx;
	int isnew;

	buf_putc(&x->facets, '[');
	for (i = 0; i < value_len(v) && v->type == VALUE_LIST; i++) {
		if ((s = value_str(value_deref(v->list.items[i]))) == NULL)
			continue;
		idx = strtab_intern(&x->dicts[k], s, strlen(s), &isnew);
		if (i > 0)
			buf_putc(&x->facets, ',');
		put_uint(&x->facets, idx);
	}
	buf_putc(&x->facets, ']');
}

static const char *const day_codes[] = {
	"mo", "tu", "we", "th", "fr", "sa", "su"
};

static void
put_str_or_empty(struct buf *b, const char *s)
{
	esc_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* A rule: day mask (mo = 1 ... su = 64), opens, closes, overnight, from, to. */
static void
hours_rule(struct buf *b, const struct value *r)
{
	const struct value *days = value_deref(value_get(r, "days"));
	const char *d;
	unsigned mask = 0;
	size_t i, k;

	for (i = 0; days && days->type == VALUE_LIST && i < days->list.len;
	    i++) {
		if ((d = value_str(value_deref(days->list.items[i]))) == NULL)
			continue;
		for (k = 0; k < 7; k++)
			if (strcmp(d, day_codes[k]) == 0)
				mask |= 1u << k;
	}
	buf_putc(b, ',');
	put_uint(b, mask);
	buf_putc(b, ',');
	put_str_or_empty(b, value_get_str(r, "opens", NULL));
	buf_putc(b, ',');
	put_str_or_empty(b, value_get_str(r, "closes", NULL));
	buf_puts(b, value_get_bool(r, "overnight", 0) ? ",1," : ",0,");
	put_str_or_empty(b, value_get_str(r, "from", NULL));
	buf_putc(b, ',');
	put_str_or_empty(b, value_get_str(r, "to", NULL));
}

/*
 * The listing's hours (timezone, always, rules) as a flat array:
 * [zone index or -1, always, then six fields per rule], deduplicated.
 * sidx_tokenize writes what follows the zone ("always,rules...]") into
 * toks->hours, so the add only looks up the zone.
 */
static int
hours_after_zone(struct buf *b, const struct value *f)
{
	const struct value *h = value_deref(value_get(f, "hours")), *rules;
	size_t i;

	buf_reset(b);
	if (h == NULL || h->type != VALUE_MAP)
		return 0;
	buf_putc(b, value_get_bool(h, "always", 0) ? '1' : '0');
	rules = value_deref(value_get(h, "rules"));
	for (i = 0; rules && rules->type == VALUE_LIST && i < rules->list.len;
	    i++)
		hours_rule(b, value_deref(rules->list.items[i]));
	buf_putc(b, ']');
	return 1;
}

static size_t
facet_hours(struct sidx *x, const struct value *f, const struct sidx_toks *t)
{
	const struct value *h = value_deref(value_get(f, "hours"));
	const char *tz;
	struct buf *b = &x->scratch;
	int isnew;

	if (!t->has_hours)
		return (size_t)-1;
	tz = value_get_str(h, "timezone", value_get_str(f, "timezone", NULL));
	buf_reset(b);
	if (tz != NULL) {
		buf_putc(b, '[');
		put_uint(b, strtab_intern(&x->zones, tz, strlen(tz), &isnew));
		buf_putc(b, ',');
	} else
		buf_puts(b, "[-1,");
	buf_put(b, t->hours.ptr, t->hours.len);
	return strtab_intern(&x->hours, b->ptr, b->len, &isnew);
}

static void
add_facets(struct sidx *x, const struct sidx_doc *d, struct addst *a,
    const struct sidx_toks *t)
{
	const struct value *f = value_deref(d->facets);
	size_t h;

	if (x->nservices++ > 0)
		buf_putc(&x->facets, ',');
	buf_putc(&x->facets, '[');
	put_uint(&x->facets, a->doc);
	buf_putc(&x->facets, ',');
	buf_put(&x->facets, x->recs.ptr + x->docs[a->doc].url,
	    x->docs[a->doc].url_len);
	buf_putc(&x->facets, ',');
	facet_list(x, f, FK_CATEGORY);
	buf_putc(&x->facets, ',');
	facet_list(x, f, FK_LANGUAGE);
	buf_puts(&x->facets, value_get_bool(f, "free", 0) ? ",1," : ",0,");
	facet_list(x, f, FK_ACCESS);
	buf_putc(&x->facets, ',');
	facet_list(x, f, FK_TOWN);
	h = facet_hours(x, f, t);
	if (h == (size_t)-1)
		buf_puts(&x->facets, ",-1]");
	else {
		buf_putc(&x->facets, ',');
		put_uint(&x->facets, h);
		buf_putc(&x->facets, ']');
	}
}

/* The document's entry, as sidx_tokenize made it, without its terms. */
static struct addst
add_entry(struct sidx *x, const struct sidx_toks *t)
{
	struct addst a;
	struct sdoc *sd;

	if (x->ndocs == x->doccap) {
		x->doccap = x->doccap ? x->doccap * 2 : 64;
		x->docs = xreallocarray(x->docs, x->doccap, sizeof(*x->docs));
		if (x->keep)
			x->kept_at = xreallocarray(x->kept_at, x->doccap + 1,
			    sizeof(*x->kept_at));
	}
	if (x->keep)
		x->kept_at[x->ndocs] = x->kept.len;
	sd = &x->docs[x->ndocs];
	sd->rec = x->recs.len;
	sd->rec_len = t->rec.len;
	sd->url = x->recs.len + t->url_off;
	sd->url_len = t->url_len;
	sd->kind = t->kind;
	sd->len = 0;
	buf_put(&x->recs, t->rec.ptr, t->rec.len);
	a.x = x;
	a.doc = (uint32_t)x->ndocs++;
	return a;
}

static int
kind_letter(const char *kind)
{
	return kind[0] >= 'a' && kind[0] <= 'z' ? kind[0] : '_';
}

/* A cleaned field as a JSON string. */
static void
put_field(struct buf *b, const char *s, size_t max)
{
	char *c = clean(s, max);

	esc_json_str(b, c, strlen(c));
	free(c);
}

/* ["kind","url","title","summary"], each cleaned and cut. */
static void
make_record(const struct sidx_doc *d, struct sidx_toks *t)
{
	char *kind = clean(d->kind ? d->kind : "article", 32);

	buf_reset(&t->rec);
	buf_putc(&t->rec, '[');
	esc_json_str(&t->rec, kind, strlen(kind));
	buf_putc(&t->rec, ',');
	t->url_off = t->rec.len;
	put_field(&t->rec, d->url, 4096);
	t->url_len = t->rec.len - t->url_off;
	buf_putc(&t->rec, ',');
	put_field(&t->rec, d->title, 4096);
	buf_putc(&t->rec, ',');
	put_field(&t->rec, d->summary, SUMMARY_MAX);
	buf_putc(&t->rec, ']');
	t->kind = kind_letter(kind);
	free(kind);
}

void
sidx_add(struct sidx *x, const struct sidx_doc *d)
{
	struct sidx_toks t;

	memset(&t, 0, sizeof(t));
	sidx_tokenize(d, &t);
	sidx_add_tokens(x, d, &t);
	sidx_toks_release(&t);
}

/*
 * The terms of one document by hash.  A slot holds the term's first
 * eight bytes as a word, its length and its index + 1 (0 is empty):
 * most terms are that short, and a probe compares them in the slot
 * without reading the term.  The table starts on the stack, where it
 * stays in cache from one document to the next; a document with many
 * terms moves it to the heap.
 */
#define TOKST_LOCAL	2048

struct tslot {
	uint64_t	 key;
	uint32_t	 len;
	uint32_t	 idx;
};

struct tokst {
	struct sidx_toks	*t;
	uint32_t		 w;
	struct tslot		*slot;
	size_t			 mask;		/* slots - 1 */
	struct tslot		*local;		/* TOKST_LOCAL slots */
};

/*
 * The term_key of a document's term: toks_add leaves eight bytes to read
 * at a term (a short one is stored as its zero-padded key).
 */
static inline uint64_t
entry_key(const struct sidx_toks *t, const struct sidx_term *e)
{
	const char *s = t->s + e->off;

	return e->len <= 8 ? pad_key(s, e->len) : load_key(s);
}

static void
toks_rehash(struct tokst *k)
{
	struct sidx_toks *t = k->t;
	const struct sidx_term *e;
	size_t i, j, n = (k->mask + 1) * 2;

	if (n <= TOKST_LOCAL) {
		memset(k->local, 0, n * sizeof(*k->local));
		k->slot = k->local;
	} else {
		if (k->slot != k->local)
			free(k->slot);
		k->slot = xcalloc(n, sizeof(*k->slot));
	}
	k->mask = n - 1;
	for (i = 0; i < t->n; i++) {
		e = &t->t[i];
		for (j = e->hash & k->mask; k->slot[j].idx != 0;
		    j = (j + 1) & k->mask)
			continue;
		k->slot[j].key = entry_key(t, e);
		k->slot[j].len = e->len;
		k->slot[j].idx = (uint32_t)i + 1;
	}
}

/*
 * The slot of a token (key, hash h): its term's or the empty one where
 * it goes.  A long token's bytes past the key are compared too.
 */
static size_t
toks_probe(const struct tokst *k, const char *tok, size_t len, uint64_t key,
    uint32_t h)
{
	const struct sidx_toks *t = k->t;
	const struct tslot *sl;
	size_t j;

	for (j = h & k->mask; (sl = &k->slot[j])->idx != 0;
	    j = (j + 1) & k->mask)
		if (sl->key == key && sl->len == len && (len <= 8 ||
		    same_tail(t->s + t->t[sl->idx - 1].off, tok, len)))
			break;
	return j;
}

/*
 * A token keep_token did not find among the short terms, empty slot j
 * (long tokens: not looked for yet).  Adds the term when it is new.
 * Kept out of line: keep_token's common path then saves no registers.
 */
static void __attribute__((noinline))
toks_add(struct tokst *k, size_t j, const char *tok, size_t len,
    uint64_t key, uint32_t h)
{
	struct sidx_toks *t = k->t;
	struct sidx_term *e;

	if (len > 8 && k->slot[(j = toks_probe(k, tok, len, key, h))].idx) {
		t->t[k->slot[j].idx - 1].wtf += k->w;
		return;
	}
	if (t->n * 2 + 2 > k->mask + 1) {
		toks_rehash(k);
		j = toks_probe(k, tok, len, key, h);
	}
	/* room for a key stored whole, past a short term's NUL */
	if (t->len + len + 9 > t->cap) {
		t->cap = (t->len + len + 9) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	if (t->n == t->tcap) {
		t->tcap = t->tcap ? t->tcap * 2 : 64;
		t->t = xreallocarray(t->t, t->tcap, sizeof(*t->t));
	}
	e = &t->t[t->n];
	e->off = (uint32_t)t->len;
	e->len = (uint32_t)len;
	e->hash = h;
	e->wtf = k->w;
	if (len <= 8)		/* the key is the term, zero-padded: no call */
		memcpy(t->s + t->len, &key, 8);
	else
		memcpy(t->s + t->len, tok, len);
	t->s[t->len + len] = '\0';
	t->len += len + 1;
	k->slot[j].key = key;
	k->slot[j].len = (uint32_t)len;
	k->slot[j].idx = (uint32_t)++t->n;
}

/*
 * A token: its weight goes to the document's entry for the term.  The
 * tokeniser's buffer holds NORM_TOKEN_PAD bytes from tok, so a short
 * token is read as one word; a short term seen before (most tokens) is
 * found here without a call.
 */
static void
keep_token(const char *tok, size_t len, void *arg)
{
	struct tokst *k = arg;
	const struct tslot *sl;
	uint64_t key;
	uint32_t h;
	size_t j = 0;

	if (len <= 8) {
		key = pad_key(tok, len);
		h = term_hash(key, tok, len);
		for (j = h & k->mask; (sl = &k->slot[j])->idx != 0;
		    j = (j + 1) & k->mask)
			if (sl->key == key && sl->len == len) {
				k->t->t[sl->idx - 1].wtf += k->w;
				return;
			}
	} else {
		key = load_key(tok);
		h = term_hash(key, tok, len);
	}
	toks_add(k, j, tok, len, key, h);
}

static void
keep_field(struct tokst *k, const char *s, uint32_t w)
{
	if (s == NULL)
		return;
	k->w = w;
	norm_tokens(s, strlen(s), 1, keep_token, k);
}

void
sidx_prepare(const struct sidx_doc *d, struct sidx_toks *t)
{
	t->len = t->n = 0;
	t->doclen = 0;
	make_record(d, t);
	t->has_hours = d->facets != NULL &&
	    hours_after_zone(&t->hours, value_deref(d->facets));
}

void
sidx_tokenize(const struct sidx_doc *d, struct sidx_toks *t)
{
	const struct value *towns;
	const char *s;
	struct tslot local[TOKST_LOCAL];
	struct tokst k;
	size_t i;

	k.t = t;
	k.local = local;
	k.slot = local;
	k.mask = 255;
	memset(local, 0, (k.mask + 1) * sizeof(*local));
	sidx_prepare(d, t);
	keep_field(&k, d->title, W_TITLE);
	for (i = 0; i < d->ncategories; i++)
		keep_field(&k, d->categories[i], W_CATEGORY);
	keep_field(&k, d->summary, W_SUMMARY);
	keep_field(&k, d->body, W_BODY);
	/* towns are searchable text too, as in facet_list's order */
	towns = value_deref(value_get(value_deref(d->facets),
	    facet_keys[FK_TOWN]));
	for (i = 0; i < value_len(towns) && towns->type == VALUE_LIST; i++)
		if ((s = value_str(value_deref(towns->list.items[i]))) !=
		    NULL)
			keep_field(&k, s, W_CATEGORY);
	/* each token's weight went to its term: the sum, once a document */
	for (i = 0; i < t->n; i++)
		t->doclen += t->t[i].wtf;
	if (k.slot != local)
		free(k.slot);
}

/* A document's end: its length, its facets, the end of its kept pairs. */
static void
add_end(struct sidx *x, const struct sidx_doc *d, struct addst *a,
    const struct sidx_toks *t, uint32_t doclen)
{
	x->docs[a->doc].len = doclen;
	if (d->facets != NULL)
		add_facets(x, d, a, t);
	x->totlen += doclen;
	if (x->keep)
		x->kept_at[x->ndocs] = x->kept.len;
}

void
sidx_add_tokens(struct sidx *x, const struct sidx_doc *d,
    const struct sidx_toks *t)
{
	struct addst a = add_entry(x, t);
	const struct sidx_term *e;
	uint32_t term;
	size_t i;

	for (i = 0; i < t->n; i++) {
		e = &t->t[i];
		term = (uint32_t)intern_term(x, t->s + e->off, e->len,
		    entry_key(t, e), e->hash);
		add_posting(&a, term, e->wtf);
		if (x->keep)		/* the pairs the next build adds */
			seven_put_pair(&x->kept, term, e->wtf);
	}
	add_end(x, d, &a, t, t->doclen);
}

int
sidx_preload_terms(struct sidx *x, const char *const *term, const size_t *len,
    size_t n)
{
	uint64_t key;
	size_t i;

	if (x->ndocs > 0 || x->terms.n > 0)
		return -1;
	for (i = 0; i < n; i++) {
		key = term_key(term[i], len[i]);
		if (intern_term(x, term[i], len[i], key, term_hash(key,
		    term[i], len[i])) != i)
			return -1;
	}
	return 0;
}

int
sidx_pairs_ok(const unsigned char *pairs, size_t len, size_t nterms)
{
	const unsigned char *p = pairs, *end = pairs + len;
	uint32_t term, wtf;

	while (p < end)
		if (seven_get(&p, end, &term) == -1 ||
		    seven_get(&p, end, &wtf) == -1 || term >= nterms)
			return 0;
	return 1;
}

void
sidx_add_packed(struct sidx *x, const struct sidx_doc *d,
    const struct sidx_toks *t, const unsigned char *pairs, size_t len,
    uint32_t doclen)
{
	const unsigned char *p = pairs, *end = pairs + len;
	struct addst a = add_entry(x, t);
	uint32_t term, wtf;

	/* Within bounds whatever they hold (sidx_pairs_ok said they read). */
	while (p < end && seven_get(&p, end, &term) == 0 &&
	    seven_get(&p, end, &wtf) == 0)
		if (term < x->terms.n)
			add_posting(&a, term, wtf);
	/* The pairs name the same terms in this index: kept as they are. */
	if (x->keep)
		buf_put(&x->kept, pairs, len);
	add_end(x, d, &a, t, doclen);
}

void
sidx_keep_terms(struct sidx *x)
{
	x->keep = 1;
}

const unsigned char *
sidx_doc_terms(const struct sidx *x, size_t doc, size_t *len,
    uint32_t *doclen)
{
	if (!x->keep || doc >= x->ndocs) {
		*len = 0;
		return NULL;
	}
	*len = x->kept_at[doc + 1] - x->kept_at[doc];
	*doclen = x->docs[doc].len;
	return (const unsigned char *)x->kept.ptr + x->kept_at[doc];
}

int
sidx_term_used(const struct sidx *x, size_t i)
{
	return x->plists[i].n > 0;
}

size_t
sidx_nterms(const struct sidx *x)
{
	return x->terms.n;
}

const char *
sidx_term(const struct sidx *x, size_t i, size_t *len)
{
	*len = x->terms.len[i];
	return x->terms.s[i];
}

void
sidx_toks_release(struct sidx_toks *t)
{
	free(t->s);
	free(t->t);
	buf_release(&t->rec);
	buf_release(&t->hours);
	memset(t, 0, sizeof(*t));
}

size_t
sidx_term_docs(const struct sidx *x, const char *term, uint32_t *docs,
    size_t max)
{
	ssize_t t = strtab_find(&x->terms, term, strlen(term));
	const struct plist *pl;
	const unsigned char *p;
	uint32_t doc = 0;
	size_t i;

	if (t < 0)
		return 0;
	pl = &x->plists[t];
	p = pl->p;
	for (i = 0; i < pl->n && i < max; i++) {
		doc += unpack_u32(&p);
		(void)unpack_u32(&p);
		docs[i] = doc;
	}
	return pl->n;
}

void
sidx_get_stats(const struct sidx *x, struct sidx_stats *st)
{
	*st = x->st;
}

/* Everything sidx_write lays out before it decides on one file or many. */
struct layout {
	uint32_t	*order;		/* term indices in byte order */
	size_t		 nterms;	/* terms with postings: order's length */
	struct buf	*part;		/* "term":"postings" back to back, */
	size_t		 nparts;	/* in ranges of sorted terms */
	const char	**at;		/* entry i is at[i][0..len[i]) */
	size_t		*len;
	size_t		 total;		/* all entries' bytes */
	struct buf	*vbody;		/* vocabulary buckets: "t t t" */
	char		(*vkey)[8];	/* their keys */
	size_t		 nv;
	size_t		 nchunks;	/* document chunks (put_chunk) */
	size_t		 chunks_len;	/* their bytes */
};

/* A term to sort without a global (qsort has no context argument). */
struct tref {
	const char	*s;
	size_t		 len;
	uint32_t	 i;
};

static int
cmp_term(const void *a, const void *b)
{
	const struct tref *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Terms beginning with the same character share a vocabulary bucket. */
static void
vocab_key(const char *term, size_t len, char key[8])
{
	size_t n;
	uint32_t cp = norm_utf8_decode(term, len, &n);

	if (cp < 0x80)
		snprintf(key, 8, "%c", (char)cp);
	else
		snprintf(key, 8, "u%u", (unsigned)(cp & 63));
}

/*
 * A number as search.js reads it back: five bits a character, the low
 * bits first, from a 64-character alphabet with no quote or backslash;
 * the first 32 characters end a number, the last 32 say more follows.
 * Most postings (a small document gap, a score under 32) take two bytes
 * where JSON numbers took four.
 */
#define VARINT_MAX	13	/* characters for 64 bits */

static char *
put_varint(char *p, unsigned long v)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
	    "ghijklmnopqrstuvwxyz0123456789-_";

	while (v >= 32) {
		*p++ = digits[32 + (v & 31)];
		v >>= 5;
	}
	*p++ = digits[v];
	return p;
}

/* A number unpack_u32 reads, most often in one byte: that one in line. */
static inline uint32_t
unpack_small(const unsigned char **pp)
{
	if (**pp < 0x80)
		return *(*pp)++;
	return unpack_u32(pp);
}

/* lround(v) for v >= 0 (no call): v - (long)v is exact. */
static inline long
round_pos(double v)
{
	long q = (long)v;

	return v - (double)q >= 0.5 ? q + 1 : q;
}

/*
 * A term's postings as impacts: document gaps and round(10 * BM25), in
 * pairs.  knorm[doc] is the document's K1 * length norm (lay_knorm).
 */
static void
lay_entry(const struct sidx *x, uint32_t t, const double *knorm,
    struct buf *b)
{
	const struct plist *pl = &x->plists[t];
	double n = (double)x->ndocs, df = (double)pl->n, idf, tf, s;
	const unsigned char *in = pl->p;
	uint32_t doc = 0, gap;
	size_t i;
	long q;
	char *p;

	idf = log(1.0 + (n - df + 0.5) / (df + 0.5));
	esc_json_str(b, x->terms.s[t], x->terms.len[t]);
	buf_puts(b, ":\"");
	buf_grow(b, pl->n * 2 * VARINT_MAX + 1);
	p = b->ptr + b->len;
	for (i = 0; i < pl->n; i++) {
		gap = unpack_small(&in);
		doc += gap;
		tf = (double)unpack_small(&in);
		s = idf * tf * (BM25_K1 + 1.0) / (tf + knorm[doc]);
		q = round_pos(s * SCORE_SCALE);
		p = put_varint(p, gap);
		p = put_varint(p, q < 1 ? 1UL : (unsigned long)q);
	}
	*p++ = '"';
	*p = '\0';
	b->len = (size_t)(p - b->ptr);
}

/*
 * Each document's K1 * (1 - B + B * len / avgdl), the same double as
 * when lay_entry worked it out for each posting: once a document.
 */
static double *
lay_knorm(const struct sidx *x, double avgdl)
{
	double *knorm = xcalloc(x->ndocs + 1, sizeof(*knorm)), norm;
	size_t i;

	for (i = 0; i < x->ndocs; i++) {
		norm = 1.0 - BM25_B + BM25_B * x->docs[i].len / avgdl;
		knorm[i] = BM25_K1 * norm;
	}
	return knorm;
}

static void
lay_vocab(const struct sidx *x, struct layout *l)
{
	char key[8];
	struct buf *b = NULL;
	size_t i;
	uint32_t t;

	l->vbody = xcalloc(l->nterms + 1, sizeof(*l->vbody));
	l->vkey = xcalloc(l->nterms + 1, sizeof(*l->vkey));
	for (i = 0; i < l->nterms; i++) {
		t = l->order[i];
		vocab_key(x->terms.s[t], x->terms.len[t], key);
		if (l->nv == 0 || strcmp(key, l->vkey[l->nv - 1]) != 0) {
			if (b != NULL)
				buf_putc(b, '"');
			memcpy(l->vkey[l->nv], key, sizeof(key));
			b = &l->vbody[l->nv++];
			buf_putc(b, '"');
		} else
			buf_putc(b, ' ');
		esc_json(b, x->terms.s[t], x->terms.len[t]);
	}
	if (b != NULL)
		buf_putc(b, '"');
}

/*
 * Document chunk c as a JSON array of records, made when written (the
 * records are in the index already: no second copy of them all).
 */
static void
put_chunk(struct buf *b, const struct sidx *x, size_t c)
{
	const struct sdoc *d;
	size_t i, end = (c + 1) * DOC_CHUNK;

	if (end > x->ndocs)
		end = x->ndocs;
	for (i = c * DOC_CHUNK; i < end; i++) {
		d = &x->docs[i];
		buf_putc(b, i % DOC_CHUNK ? ',' : '[');
		buf_put(b, x->recs.ptr + d->rec, d->rec_len);
	}
	buf_putc(b, ']');
}

static void
lay_docs(const struct sidx *x, struct layout *l)
{
	size_t i;

	l->nchunks = (x->ndocs + DOC_CHUNK - 1) / DOC_CHUNK;
	/* brackets and commas: one byte a document, one a chunk */
	l->chunks_len = x->ndocs + l->nchunks;
	for (i = 0; i < x->ndocs; i++)
		l->chunks_len += x->docs[i].rec_len;
}

static void
lay_facets(const struct sidx *x, struct buf *b)
{
	size_t k, i;

	buf_puts(b, "{\"values\":{");
	for (k = 0; k < FK__MAX; k++) {
		buf_printf(b, "%s\"%s\":[", k ? "," : "", facet_names[k]);
		for (i = 0; i < x->dicts[k].n; i++) {
			if (i > 0)
				buf_putc(b, ',');
			esc_json_str(b, x->dicts[k].s[i], x->dicts[k].len[i]);
		}
		buf_putc(b, ']');
	}
	buf_puts(b, "},\"zones\":[");
	for (i = 0; i < x->zones.n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		esc_json_str(b, x->zones.s[i], x->zones.len[i]);
	}
	buf_puts(b, "],\"hours\":[");
	for (i = 0; i < x->hours.n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_put(b, x->hours.s[i], x->hours.len[i]);
	}
	buf_puts(b, "],\"services\":[");
	buf_put(b, x->facets.ptr, x->facets.len);
	buf_puts(b, "]}");
}

/*
 * The parts of the layout are made on every core: the entries in ranges
 * of terms (joined in order afterwards), the vocabulary, the document
 * chunks and the facets, each into buffers of its own.
 */
#define LAY_RANGES	16

struct lay_job {
	const struct sidx	*x;
	struct layout		*l;
	double			*knorm;		/* lay_knorm */
	size_t			 from[LAY_RANGES + 1];	/* ranges of sorted terms */
	size_t			*off;	/* entry i's offset in its range */
	struct buf		*fac;
};

static void
lay_one(void *arg, size_t k)
{
	struct lay_job *j = arg;
	size_t i;

	if (k < LAY_RANGES) {
		for (i = j->from[k]; i < j->from[k + 1]; i++) {
			j->off[i] = j->l->part[k].len;
			lay_entry(j->x, j->l->order[i], j->knorm, &j->l->part[k]);
			j->l->len[i] = j->l->part[k].len - j->off[i];
		}
	} else if (k == LAY_RANGES)
		lay_vocab(j->x, j->l);
	else if (k == LAY_RANGES + 1)
		lay_docs(j->x, j->l);
	else if (j->x->nservices > 0)
		lay_facets(j->x, j->fac);
}

static void
layout(const struct sidx *x, struct layout *l, struct buf *fac)
{
	double avgdl = x->ndocs ? (double)x->totlen / x->ndocs : 1.0;
	struct lay_job *j;
	struct tref *refs;
	size_t i, k, n, post, sum;

	memset(l, 0, sizeof(*l));
	if (avgdl <= 0)
		avgdl = 1.0;
	refs = xcalloc(x->terms.n + 1, sizeof(*refs));
	/* A term no document has now (sidx_preload) is left out. */
	for (i = n = 0; i < x->terms.n; i++) {
		if (x->plists[i].n == 0)
			continue;
		refs[n].s = x->terms.s[i];
		refs[n].len = x->terms.len[i];
		refs[n++].i = (uint32_t)i;
	}
	l->nterms = n;
	qsort(refs, n, sizeof(*refs), cmp_term);
	l->order = xcalloc(n + 1, sizeof(*l->order));
	for (i = 0; i < n; i++)
		l->order[i] = refs[i].i;
	free(refs);
	l->nparts = LAY_RANGES;
	l->part = xcalloc(LAY_RANGES, sizeof(*l->part));
	l->at = xcalloc(n + 1, sizeof(*l->at));
	l->len = xcalloc(n + 1, sizeof(*l->len));
	/* ranges of about equal postings */
	j = xcalloc(1, sizeof(*j));
	j->off = xcalloc(n + 1, sizeof(*j->off));
	j->x = x;
	j->l = l;
	j->knorm = lay_knorm(x, avgdl);
	j->fac = fac;
	for (i = post = 0; i < n; i++)
		post += x->plists[l->order[i]].n + 1;
	for (i = sum = 0, k = 1; i < n && k < LAY_RANGES; i++) {
		sum += x->plists[l->order[i]].n + 1;
		if (sum >= post * k / LAY_RANGES)
			j->from[k++] = i + 1;
	}
	while (k <= LAY_RANGES)
		j->from[k++] = n;
	pool_run(LAY_RANGES + 3, lay_one, j);
	/* the ranges' buffers are final now: point into them */
	for (k = 0; k < LAY_RANGES; k++) {
		for (i = j->from[k]; i < j->from[k + 1]; i++)
			l->at[i] = l->part[k].ptr + j->off[i];
		l->total += l->part[k].len;
	}
	free(j->knorm);
	free(j->off);
	free(j);
}

static void
layout_release(struct layout *l)
{
	size_t i;

	free(l->order);
	for (i = 0; i < l->nparts; i++)
		buf_release(&l->part[i]);
	free(l->part);
	free(l->at);
	free(l->len);
	for (i = 0; i < l->nv; i++)
		buf_release(&l->vbody[i]);
	free(l->vbody);
	free(l->vkey);
}

/* Entries i..j joined as one JSON object. */
static void
put_entries(struct buf *b, const struct layout *l, size_t i, size_t j)
{
	size_t k;

	buf_putc(b, '{');
	for (k = i; k < j; k++) {
		if (k > i)
			buf_putc(b, ',');
		buf_put(b, l->at[k], l->len[k]);
	}
	buf_putc(b, '}');
}

static int
write_file(struct sidx *x, const char *dir, const char *name,
    const struct buf *b)
{
	char *path;
	struct buf fn = BUF_INIT;
	int rc = 0;

	buf_printf(&fn, "%s.js", name);
	path = fs_join(dir, fn.ptr);
	if ((rc = put(x, path, b->ptr, b->len)) == 1)
		rc = diag_sys("cannot write '%s': %s", path, strerror(errno));
	x->st.files++;
	x->st.bytes += b->len;
	free(path);
	buf_release(&fn);
	return rc;
}

/* Cut the sorted entries into shards of about shard_bytes each. */
static size_t
cut_shards(const struct sidx *x, const struct layout *l, int single,
    size_t *first)
{
	size_t n = l->nterms, i = 0, nsh = 0, size;

	if (single || n == 0) {
		first[0] = 0;
		first[1] = n;
		return 1;
	}
	while (i < n) {
		first[nsh++] = i;
		size = l->len[i];
		for (i++; i < n; i++) {
			if (size + l->len[i] + 1 > x->shard_bytes)
				break;
			size += l->len[i] + 1;
		}
	}
	first[nsh] = n;
	return nsh;
}

/* The manifest up to its "inline" part; kinds are run-length coded ("a3s2"). */
static void
put_manifest_head(const struct sidx *x, const struct layout *l,
    const size_t *first, size_t nsh, struct buf *m)
{
	uint32_t t;
	size_t i, run;
	int k;

	buf_puts(m, "window.SignpostSearch=window.SignpostSearch||{};\n"
	    "SignpostSearch.manifest={\"v\":1,\"lang\":");
	esc_json_str(m, x->lang, strlen(x->lang));
	buf_printf(m, ",\"docs\":%zu,\"chunk\":%d,\"kinds\":\"", x->ndocs,
	    DOC_CHUNK);
	for (i = 0; i < x->ndocs; i += run) {
		k = x->docs[i].kind;
		for (run = 1; i + run < x->ndocs &&
		    x->docs[i + run].kind == k; run++)
			continue;
		buf_printf(m, "%c%zu", k, run);
	}
	buf_puts(m, "\",\"shards\":[\"\"");
	for (i = 1; i < nsh; i++) {
		t = l->order[first[i]];
		buf_putc(m, ',');
		esc_json_str(m, x->terms.s[t], x->terms.len[t]);
	}
	buf_puts(m, "],\"vocab\":[");
	for (i = 0; i < l->nv; i++)
		buf_printf(m, "%s\"%s\"", i ? "," : "", l->vkey[i]);
	buf_printf(m, "],\"facets\":%d", x->nservices > 0);
}

/* Small sites: every part inline in the manifest, under its shard name. */
static void
put_inline(const struct sidx *x, const struct layout *l,
    const struct buf *fac, struct buf *m)
{
	size_t i;

	buf_puts(m, ",\"inline\":{\"p0\":");
	put_entries(m, l, 0, l->nterms);
	for (i = 0; i < l->nv; i++) {
		buf_printf(m, ",\"v-%s\":", l->vkey[i]);
		buf_put(m, l->vbody[i].ptr, l->vbody[i].len);
	}
	for (i = 0; i < l->nchunks; i++) {
		buf_printf(m, ",\"d%zu\":", i);
		put_chunk(m, x, i);
	}
	if (fac->len > 0) {
		buf_puts(m, ",\"f\":");
		buf_put(m, fac->ptr, fac->len);
	}
	buf_putc(m, '}');
}

/*
 * The shard files, written on every core: part k is a postings shard,
 * then a vocabulary bucket, a document chunk, the facets.  Each job
 * keeps its size and errno; the caller reports the first failure in
 * part order, as a serial write would have.
 */
struct parts_job {
	const struct sidx	*x;
	const struct layout	*l;
	const char		*dir;
	const size_t		*first;
	size_t			 nsh;
	const struct buf	*fac;
	size_t			 n;
	size_t			*len;
	int			*err;
};

/* Part k's name. */
static void
part_name(const struct parts_job *j, size_t k, char name[32])
{
	const struct layout *l = j->l;

	if (k < j->nsh)
		snprintf(name, 32, "p%zu", k);
	else if ((k -= j->nsh) < l->nv)
		snprintf(name, 32, "v-%s", l->vkey[k]);
	else if ((k -= l->nv) < l->nchunks)
		snprintf(name, 32, "d%zu", k);
	else
		snprintf(name, 32, "f");
}

/* Part k's body (postings shards are joined into tmp). */
static void
part_body(const struct parts_job *j, size_t k, struct buf *tmp,
    const char **body, size_t *len)
{
	const struct layout *l = j->l;
	const struct buf *b;

	if (k < j->nsh) {
		put_entries(tmp, l, j->first[k], j->first[k + 1]);
		b = tmp;
	} else if ((k -= j->nsh) < l->nv)
		b = &l->vbody[k];
	else if ((k -= l->nv) < l->nchunks) {
		put_chunk(tmp, j->x, k);
		b = tmp;
	} else
		b = j->fac;
	*body = b->ptr;
	*len = b->len;
}

static char *
part_path(const char *dir, const char *name)
{
	struct buf fn = BUF_INIT;
	char *path;

	buf_puts(&fn, name);
	buf_puts(&fn, ".js");
	path = fs_join(dir, fn.ptr);
	buf_release(&fn);
	return path;
}

/* A shard script: SignpostSearch.shard("name", body); */
static void
write_part(void *arg, size_t k)
{
	struct parts_job *j = arg;
	struct buf tmp = BUF_INIT, b = BUF_INIT;
	const char *body;
	char name[32], *path;
	size_t len;

	part_name(j, k, name);
	part_body(j, k, &tmp, &body, &len);
	buf_grow(&b, len + 64);
	buf_puts(&b, "SignpostSearch.shard(\"");
	buf_puts(&b, name);
	buf_puts(&b, "\",");
	buf_put(&b, body, len);
	buf_puts(&b, ");\n");
	path = part_path(j->dir, name);
	switch (put(j->x, path, b.ptr, b.len)) {
	case 0:
		j->err[k] = 0;
		break;
	case 1:
		j->err[k] = errno;
		break;
	default:
		j->err[k] = -1;	/* said already */
		break;
	}
	j->len[k] = b.len;
	free(path);
	buf_release(&b);
	buf_release(&tmp);
}

static int
write_parts(struct sidx *x, const char *dir, const struct layout *l,
    const size_t *first, size_t nsh, const struct buf *fac)
{
	struct parts_job j;
	char name[32], *path;
	size_t k, *maxp;
	int rc = 0;

	j.x = x;
	j.l = l;
	j.dir = dir;
	j.first = first;
	j.nsh = nsh;
	j.fac = fac;
	j.n = nsh + l->nv + l->nchunks + (fac->len > 0);
	j.len = xcalloc(j.n + 1, sizeof(*j.len));
	j.err = xcalloc(j.n + 1, sizeof(*j.err));
	pool_run(j.n, write_part, &j);
	for (k = 0; k < j.n; k++) {
		x->st.files++;
		x->st.bytes += j.len[k];
		if (k < nsh)
			maxp = &x->st.shard_max;
		else if (k < nsh + l->nv)
			maxp = &x->st.vocab_max;
		else if (k < nsh + l->nv + l->nchunks)
			maxp = &x->st.docs_max;
		else
			maxp = &x->st.facets_bytes;
		if (j.len[k] > *maxp)
			*maxp = j.len[k];
		if (j.err[k] == -1) {
			rc = -1;
			break;
		}
		if (j.err[k] != 0) {
			part_name(&j, k, name);
			path = part_path(dir, name);
			rc = diag_sys("cannot write '%s': %s", path,
			    strerror(j.err[k]));
			free(path);
			break;
		}
	}
	free(j.len);
	free(j.err);
	return rc;
}

int
sidx_write(struct sidx *x, const char *outdir, struct buf *note)
{
	struct layout l;
	struct buf man = BUF_INIT, fac = BUF_INIT;
	char *dir;
	size_t i, total, nsh, *first;
	int rc = -1, single;

	memset(&x->st, 0, sizeof(x->st));
	layout(x, &l, &fac);
	total = l.total + fac.len;
	for (i = 0; i < l.nv; i++)
		total += l.vbody[i].len;
	total += l.chunks_len;
	single = total <= x->single_max;
	first = xcalloc(l.nterms + 2, sizeof(*first));
	nsh = cut_shards(x, &l, single, first);
	dir = fs_join(outdir, "assets/search");
	if (fs_mkdirs(dir) == -1) {
		diag_sys("cannot make '%s': %s", dir, strerror(errno));
		goto out;
	}
	put_manifest_head(x, &l, first, nsh, &man);
	if (single)
		put_inline(x, &l, &fac, &man);
	buf_puts(&man, "};\n");
	if (!single && write_parts(x, dir, &l, first, nsh, &fac) == -1)
		goto out;
	if (write_file(x, dir, "index", &man) == -1)
		goto out;
	x->st.docs = x->ndocs;
	x->st.terms = l.nterms;
	for (i = 0; i < x->terms.n; i++)
		x->st.postings += x->plists[i].n;
	x->st.manifest_bytes = man.len;
	x->st.shards = single ? 0 : nsh;
	if (single)
		x->st.facets_bytes = fac.len;
	if (note != NULL)
		buf_printf(note, "search (%s): %zu documents, %zu terms, "
		    "%zu files, %zu bytes", x->lang, x->ndocs, l.nterms,
		    x->st.files, x->st.bytes);
	rc = 0;
out:
	free(dir);
	free(first);
	buf_release(&man);
	buf_release(&fac);
	layout_release(&l);
	return rc;
}
