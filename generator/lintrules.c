/* SPDX-License-Identifier: ISC */
/* Load the language rules (templates/rules/language.yml) and site.yml's check: map. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "lint.h"
#include "lintint.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

static const char *const categories[] = {
	"suicide-reporting", "person-first", "pity-framing", "slur",
	"trivialising", "treatment-colloquial", "substance-use", NULL
};

static const char *const term_keys[] = {
	"term", "also", "prefer", "category", "severity", "inflect",
	"context", "source", "note", NULL
};

static const char *const cond_keys[] = {
	"near", "before", "after", "unless_near", "unless_before",
	"unless_after", "gap", NULL
};

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Warn about keys of map that are not in keys. */
static void
check_keys(const struct value *map, const char *const *keys, const char *what)
{
	size_t i;

	for (i = 0; i < map->map.len; i++)
		if (!in_list(keys, map->map.items[i].key))
			diag_warn(&map->map.items[i].loc,
			    "unknown key '%s' in %s", map->map.items[i].key,
			    what);
}

/* "off", "info", "warning", "error" (or false); -1 with a diagnostic. */
static int
parse_sev(const struct value *v, enum lint_severity *sev)
{
	const char *s;

	v = value_deref(v);
	if (v->type == VALUE_BOOL && !v->boolean) {
		*sev = LINT_OFF;
		return 0;
	}
	if ((s = value_str(v)) == NULL)
		return diag_error(&v->loc, "severity must be off, info, "
		    "warning or error");
	if (strcmp(s, "off") == 0)
		*sev = LINT_OFF;
	else if (strcmp(s, "info") == 0)
		*sev = LINT_INFO;
	else if (strcmp(s, "warning") == 0)
		*sev = LINT_WARNING;
	else if (strcmp(s, "error") == 0)
		*sev = LINT_ERROR;
	else
		return diag_error(&v->loc, "unknown severity '%s'", s),
		    diag_note(NULL, "use off, info, warning or error"), -1;
	return 0;
}

static struct lint_wset *
wset_from_list(const struct value *list)
{
	struct lint_wset *s = xcalloc(1, sizeof(*s));
	const char *w;
	size_t i;

	s->w = xcalloc(value_len(list) + 1, sizeof(*s->w));
	for (i = 0; i < value_len(list); i++) {
		if ((w = value_str(list->list.items[i])) == NULL) {
			diag_error(&list->list.items[i]->loc,
			    "a word set holds words (strings)");
			continue;
		}
		s->w[s->n] = xstrdup(w);
		for (char *p = s->w[s->n]; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		s->n++;
	}
	lint_wset_prepare(s);
	return s;
}

static const struct lint_wset *
add_set(struct lint_rules *r, const char *name, struct lint_wset *s)
{
	if (r->nsets == r->capsets) {
		r->capsets = r->capsets ? 2 * r->capsets : 16;
		r->sets = xreallocarray(r->sets, r->capsets, sizeof(*r->sets));
		r->setnames = xreallocarray(r->setnames, r->capsets,
		    sizeof(*r->setnames));
	}
	r->sets[r->nsets] = s;
	r->setnames[r->nsets++] = name ? xstrdup(name) : NULL;
	return s;
}

static const struct lint_wset *
find_set(const struct lint_rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nsets; i++)
		if (r->setnames[i] != NULL && strcmp(r->setnames[i], name) == 0)
			return r->sets[i];
	return NULL;
}

/* A set name or an inline list; NULL with a diagnostic otherwise. */
static const struct lint_wset *
set_ref(struct lint_rules *r, const struct value *v)
{
	const struct lint_wset *s;

	v = value_deref(v);
	if (v->type == VALUE_LIST)
		return add_set(r, NULL, wset_from_list(v));
	if (v->type == VALUE_STRING) {
		if ((s = find_set(r, v->str.ptr)) == NULL)
			diag_error(&v->loc, "unknown word set '%s'",
			    v->str.ptr);
		return s;
	}
	diag_error(&v->loc, "expected a set name or a list of words");
	return NULL;
}

static int
parse_cond(struct lint_rules *r, const struct value *m, struct lint_cond *c)
{
	const struct value *v;

	memset(c, 0, sizeof(*c));
	c->gap = 2;
	if (m->type != VALUE_MAP)
		return diag_error(&m->loc, "a context is a map of conditions");
	check_keys(m, cond_keys, "a context");
	if ((v = value_get(m, "near")) != NULL)
		c->near = set_ref(r, v);
	if ((v = value_get(m, "before")) != NULL)
		c->before = set_ref(r, v);
	if ((v = value_get(m, "after")) != NULL)
		c->after = set_ref(r, v);
	if ((v = value_get(m, "unless_near")) != NULL)
		c->unless_near = set_ref(r, v);
	if ((v = value_get(m, "unless_before")) != NULL)
		c->unless_before = set_ref(r, v);
	if ((v = value_get(m, "unless_after")) != NULL)
		c->unless_after = set_ref(r, v);
	if ((v = value_get(m, "gap")) != NULL) {
		const char *s = value_str(v);
		long g = s ? strtol(s, NULL, 10) : 0;

		if (g < 1 || g > 10)
			return diag_error(&v->loc, "gap must be 1 to 10");
		c->gap = (unsigned)g;
	}
	return 0;
}

static int
consonant(char c)
{
	return c >= 'a' && c <= 'z' && strchr("aeiou", c) == NULL;
}

/* Plural (or third person) of w, and whether w ends consonant-vowel-consonant. */
static void
plural(struct buf *b, const char *w)
{
	size_t n = strlen(w);

	buf_reset(b);
	if (n > 1 && w[n - 1] == 'y' && consonant(w[n - 2]))
		buf_printf(b, "%.*sies", (int)(n - 1), w);
	else if ((n > 0 && strchr("sxz", w[n - 1]) != NULL) ||
	    (n > 1 && w[n - 1] == 'h' && strchr("cs", w[n - 2]) != NULL))
		buf_printf(b, "%ses", w);
	else
		buf_printf(b, "%ss", w);
}

static int
cvc(const char *w)
{
	size_t n = strlen(w);

	return n >= 3 && consonant(w[n - 1]) && strchr("wxy", w[n - 1]) ==
	    NULL && !consonant(w[n - 2]) && consonant(w[n - 3]);
}

/* Add the pattern words with word i replaced by form. */
static void
add_form(struct lint_term *t, struct lint_pat base, size_t i,
    const char *form)
{
	struct lint_pat *p;
	size_t k;

	t->pats = xreallocarray(t->pats, t->npats + 1, sizeof(*t->pats));
	p = &t->pats[t->npats++];
	memset(p, 0, sizeof(*p));
	p->n = base.n;
	p->w = xcalloc(p->n, sizeof(*p->w));
	for (k = 0; k < p->n; k++)
		p->w[k] = xstrdup(k == i ? form : base.w[k]);
}

/*
 * Inflected forms of a phrase: nouns inflect their last word, verbs
 * their first (commit: commits, committed, committing).  Both spellings
 * of a doubled consonant are added, which also catches the common
 * misspelling.
 */
static void
inflect(struct lint_term *t, size_t pi, int verb)
{
	struct lint_pat base = t->pats[pi];
	struct buf b = BUF_INIT;
	size_t i = verb ? 0 : base.n - 1, n;
	const char *w = base.w[i];

	n = strlen(w);
	plural(&b, w);
	add_form(t, base, i, b.ptr);
	if (verb) {
		buf_reset(&b);
		if (n > 0 && w[n - 1] == 'e')
			buf_printf(&b, "%sd", w);
		else if (n > 1 && w[n - 1] == 'y' && consonant(w[n - 2]))
			buf_printf(&b, "%.*sied", (int)(n - 1), w);
		else
			buf_printf(&b, "%sed", w);
		add_form(t, base, i, b.ptr);
		buf_reset(&b);
		if (n > 1 && w[n - 1] == 'e' && w[n - 2] != 'e')
			buf_printf(&b, "%.*sing", (int)(n - 1), w);
		else
			buf_printf(&b, "%sing", w);
		add_form(t, base, i, b.ptr);
		if (cvc(w)) {
			buf_reset(&b);
			buf_printf(&b, "%s%ced", w, w[n - 1]);
			add_form(t, base, i, b.ptr);
			buf_reset(&b);
			buf_printf(&b, "%s%cing", w, w[n - 1]);
			add_form(t, base, i, b.ptr);
		}
	}
	buf_release(&b);
}

static char *
join_prefer(const struct value *v, char **more)
{
	struct buf b = BUF_INIT;
	char *first = NULL;
	size_t i;

	*more = NULL;
	v = value_deref(v);
	if (v == NULL)
		return xstrdup("");
	if (v->type == VALUE_STRING)
		return xstrdup(v->str.ptr);
	for (i = 0; i < value_len(v); i++) {
		const char *s = value_str(v->list.items[i]);

		if (s == NULL)
			continue;
		if (first == NULL)
			first = xstrdup(s);
		else
			buf_printf(&b, "%s'%s'", b.len ? ", " : "", s);
	}
	if (b.len)
		*more = buf_detach(&b, NULL);
	buf_release(&b);
	return first ? first : xstrdup("");
}

static void
add_phrase(struct lint_term *t, const struct value *v)
{
	struct lint_pat p;
	const char *s = value_str(v);

	if (s == NULL || lint_pat_compile(&p, s) == -1) {
		diag_error(&v->loc, "a term is a phrase of words");
		return;
	}
	t->pats = xreallocarray(t->pats, t->npats + 1, sizeof(*t->pats));
	t->pats[t->npats++] = p;
}

static int
parse_context(struct lint_rules *r, struct lint_term *t, const struct value *v)
{
	size_t i, n;

	v = value_deref(v);
	n = v->type == VALUE_LIST ? v->list.len : 1;
	t->conds = xcalloc(n, sizeof(*t->conds));
	for (i = 0; i < n; i++) {
		if (parse_cond(r, v->type == VALUE_LIST ? v->list.items[i] : v,
		    &t->conds[i]) == -1)
			return -1;
		t->nconds++;
	}
	return 0;
}

static int
parse_term(struct lint_rules *r, const struct value *m)
{
	struct lint_term *t;
	const struct value *v;
	const char *cat, *infl;
	size_t i, nbase;

	if (m->type != VALUE_MAP)
		return diag_error(&m->loc, "a term is a map");
	check_keys(m, term_keys, "a term");
	if ((v = value_get(m, "term")) == NULL || value_str(v) == NULL)
		return diag_error(&m->loc, "a term needs 'term'");
	cat = value_get_str(m, "category", NULL);
	if (cat == NULL || !in_list(categories, cat))
		return diag_error(&m->loc, "unknown category '%s'",
		    cat ? cat : ""), diag_note(NULL, "use suicide-reporting, "
		    "person-first, pity-framing, slur, trivialising, "
		    "treatment-colloquial or substance-use"), -1;
	if (r->nterms == r->capterms) {
		r->capterms = r->capterms ? 2 * r->capterms : 64;
		r->terms = xreallocarray(r->terms, r->capterms,
		    sizeof(*r->terms));
	}
	t = &r->terms[r->nterms++];
	memset(t, 0, sizeof(*t));
	t->sev = LINT_WARNING;
	t->term = xstrdup(value_str(v));
	t->category = xstrdup(cat);
	t->rule = xmalloc(strlen(cat) + 10);
	memcpy(t->rule, "language/", 9);
	memcpy(t->rule + 9, cat, strlen(cat) + 1);
	t->prefer = join_prefer(value_get(m, "prefer"), &t->prefer_more);
	t->note = xstrdup(value_get_str(m, "note", ""));
	add_phrase(t, v);
	if ((v = value_get(m, "severity")) != NULL && parse_sev(v, &t->sev))
		return -1;
	infl = value_get_str(m, "inflect", NULL);
	if (infl != NULL && strcmp(infl, "verb") && strcmp(infl, "noun"))
		return diag_error(&value_get(m, "inflect")->loc,
		    "inflect must be verb or noun");
	nbase = t->npats;
	if (infl != NULL)
		for (i = 0; i < nbase; i++)
			inflect(t, i, infl[0] == 'v');
	if ((v = value_get(m, "also")) != NULL)
		for (i = 0; i < value_len(v); i++)
			add_phrase(t, v->list.items[i]);
	if ((v = value_get(m, "context")) != NULL)
		return parse_context(r, t, v);
	return 0;
}

static void
load_pats(const struct value *list, struct lint_pat **pats, size_t *n)
{
	size_t i;
	const char *s;

	*pats = xcalloc(value_len(list) + 1, sizeof(**pats));
	for (i = 0; i < value_len(list); i++) {
		s = value_str(list->list.items[i]);
		if (s == NULL || lint_pat_compile(&(*pats)[*n], s) == -1)
			diag_error(&list->list.items[i]->loc,
			    "expected a phrase");
		else
			(*n)++;
	}
}

static void
load_allow(struct lint_rules *r, const struct value *list)
{
	size_t i;

	/* Proper names keep their capitals: "Mad Men" is not "mad men". */
	r->allow = xcalloc(value_len(list) + 1, sizeof(*r->allow));
	for (i = 0; i < value_len(list); i++) {
		const char *s = value_str(list->list.items[i]);
		struct lint_pat *p = &r->allow[r->nallow];
		struct lint_toks toks;
		size_t k;

		if (s == NULL)
			continue;
		memset(&toks, 0, sizeof(toks));
		toks.norm = (struct buf)BUF_INIT;
		/* Compile, then put back each word's first capital. */
		if (lint_pat_compile(p, s) == -1)
			continue;
		lint_tokenize(s, strlen(s), &toks);
		for (k = 0; k < p->n && k < toks.n; k++)
			if (s[toks.v[k].off] >= 'A' && s[toks.v[k].off] <= 'Z')
				p->w[k][0] = s[toks.v[k].off];
		lint_toks_release(&toks);
		r->nallow++;
	}
}

static void
load_sets(struct lint_rules *r, const struct value *sets)
{
	size_t i;

	for (i = 0; i < value_len(sets) && sets->type == VALUE_MAP; i++)
		add_set(r, sets->map.items[i].key,
		    wset_from_list(sets->map.items[i].val));
}

static const struct lint_wset *
sm_set(struct lint_rules *r, const struct value *sm, const char *key)
{
	const struct value *v = value_get(sm, key);

	return v ? set_ref(r, v) : add_set(r, NULL,
	    xcalloc(1, sizeof(struct lint_wset)));
}

/* Apply site.yml's check: map: severities, added terms, max_grade. */
static int
apply_site(struct lint_rules *r, const struct value *sc)
{
	const struct value *v, *cats, *sev;
	enum lint_severity s;
	size_t i, k;
	int rc = 0;

	if ((v = value_get(sc, "max_grade")) != NULL) {
		const char *str = value_str(v);
		char *end = NULL;

		r->max_grade = str ? strtod(str, &end) : 0;
		if (str == NULL || end == str || *end != '\0' ||
		    r->max_grade <= 0)
			rc = diag_error(&v->loc, "max_grade must be a number");
	}
	r->show_info = value_get_bool(sc, "info", r->show_info);
	if ((v = value_get(sc, "terms")) != NULL)
		for (i = 0; i < value_len(v); i++)
			if (parse_term(r, v->list.items[i]) == -1)
				rc = -1;
	cats = value_get(sc, "categories");
	for (i = 0; cats && cats->type == VALUE_MAP && i < cats->map.len; i++) {
		if (!in_list(categories, cats->map.items[i].key)) {
			diag_warn(&cats->map.items[i].loc, "unknown category "
			    "'%s'", cats->map.items[i].key);
			continue;
		}
		if (parse_sev(cats->map.items[i].val, &s) == -1) {
			rc = -1;
			continue;
		}
		for (k = 0; k < r->nterms; k++)
			if (strcmp(r->terms[k].category,
			    cats->map.items[i].key) == 0)
				r->terms[k].sev = s;
	}
	sev = value_get(sc, "severity");
	for (i = 0; sev && sev->type == VALUE_MAP && i < sev->map.len; i++) {
		for (k = 0; k < r->nterms; k++)
			if (strcmp(r->terms[k].term, sev->map.items[i].key) == 0)
				break;
		if (k == r->nterms)
			diag_warn(&sev->map.items[i].loc, "unknown term '%s'",
			    sev->map.items[i].key);
		else if (parse_sev(sev->map.items[i].val, &r->terms[k].sev))
			rc = -1;
	}
	return rc;
}

static void
bucket_add(struct lint_bucket *b, size_t term, const struct lint_pat *p)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4;
		b->v = xreallocarray(b->v, b->cap, sizeof(*b->v));
	}
	b->v[b->n].term = term;
	b->v[b->n++].pat = p;
}

static void
slot_put(struct lint_dict *d, const char *w, size_t n, uint32_t h,
    struct lint_word **out)
{
	struct lint_word *e;
	size_t at;

	for (at = h & (d->nslots - 1); (e = &d->slots[at])->w != NULL;
	    at = (at + 1) & (d->nslots - 1))
		if (e->hash == h && e->nlen == n && memcmp(e->w, w, n) == 0)
			break;
	*out = e;
}

/* Double the table of words (or make it). */
static void
slots_grow(struct lint_dict *d)
{
	struct lint_word *old = d->slots, *e;
	size_t n = d->nslots, i;

	d->nslots = n ? 2 * n : 256;
	d->slots = xcalloc(d->nslots, sizeof(*d->slots));
	for (i = 0; i < n; i++)
		if (old[i].w != NULL) {
			slot_put(d, old[i].w, old[i].nlen, old[i].hash, &e);
			*e = old[i];
		}
	free(old);
}

enum dict_list { DL_TERMS, DL_ALLOW, DL_MENTIONS };

static struct lint_bucket *
starts_list(struct lint_starts *s, enum dict_list which)
{
	s->lists |= which == DL_TERMS ? LT_TERMS : which == DL_ALLOW ?
	    LT_ALLOWS : LT_MENTIONS;
	return which == DL_TERMS ? &s->terms : which == DL_ALLOW ? &s->allow :
	    &s->mentions;
}

/*
 * Add pattern p (of term, for the terms) to a list of the dictionary by
 * its first word; key is that word as the words of a text will be.
 */
static void
dict_add(struct lint_dict *d, enum dict_list which, size_t term,
    const struct lint_pat *p, const char *key)
{
	struct lint_word *e;
	size_t n;
	uint32_t h;
	int b;

	if (d->pairs == NULL)
		d->pairs = xcalloc(65536, 1);
	if (p->wkind[0] == LW_EXACT) {
		n = strlen(key);
		d->pairs[LINT_PAIR(key)] |= LP_LEN(n);
		h = lint_hash(key, n);
		if (4 * (d->used + 1) > d->nslots)
			slots_grow(d);
		slot_put(d, key, n, h, &e);
		if (e->w == NULL) {
			e->w = xstrdup(key);
			e->nlen = (unsigned)n;
			e->hash = h;
			d->used++;
		}
		bucket_add(starts_list(&e->pats, which), term, p);
		return;
	}
	if (d->buckets == NULL) {
		d->buckets = xcalloc(LINT_BUCKETS, sizeof(*d->buckets));
		d->thirds = xcalloc(LINT_BUCKETS, sizeof(*d->thirds));
	}
	b = lint_bucket_of(p->w[0]);
	if (b >= 0) {
		d->pairs[LINT_PAIR(p->w[0])] |= LP_PREFIX;
		d->thirds[b] |= p->wlen[0] < 3 ? ~(uint64_t)0 :
		    (uint64_t)1 << ((unsigned char)p->w[0][2] & 63);
	}
	bucket_add(starts_list(b < 0 ? &d->any : &d->buckets[b], which), term,
	    p);
}

static void
starts_free(struct lint_starts *s)
{
	free(s->terms.v);
	free(s->allow.v);
	free(s->mentions.v);
}

static void
dict_free(struct lint_dict *d)
{
	size_t i;

	for (i = 0; i < d->nslots; i++) {
		free(d->slots[i].w);
		starts_free(&d->slots[i].pats);
	}
	free(d->slots);
	for (i = 0; d->buckets != NULL && i < LINT_BUCKETS; i++)
		starts_free(&d->buckets[i]);
	free(d->buckets);
	free(d->thirds);
	free(d->pairs);
	starts_free(&d->any);
}

/*
 * Index every pattern of every term by its first word (lintint.h), and
 * the mentions and the allow list the same way, so that a word meets only
 * the patterns that can start there.
 */
static void
build_index(struct lint_rules *r)
{
	char *first;
	size_t k, p;

	for (k = 0; k < r->nterms; k++)
		for (p = 0; p < r->terms[k].npats; p++) {
			struct lint_pat *pat = &r->terms[k].pats[p];

			lint_pat_prepare(pat);
			if (pat->n > 0)
				dict_add(&r->dict, DL_TERMS, k, pat,
				    pat->w[0]);
		}
	for (k = 0; k < r->nmentions; k++) {
		lint_pat_prepare(&r->mentions[k]);
		if (r->mentions[k].n > 0)
			dict_add(&r->dict, DL_MENTIONS, k, &r->mentions[k],
			    r->mentions[k].w[0]);
	}
	for (k = 0; k < r->nallow; k++) {
		lint_pat_prepare(&r->allow[k]);
		if (r->allow[k].n == 0)
			continue;
		/* Words meet it by their lower-case form (mark_allowed). */
		first = xstrdup(r->allow[k].w[0]);
		first[0] |= 0x20;
		dict_add(&r->dict, DL_ALLOW, k, &r->allow[k], first);
		free(first);
	}
}

struct lint_rules *
lint_rules_load(const char *path, const char *display,
    const struct value *site_check)
{
	struct lint_rules *r = xcalloc(1, sizeof(*r));
	struct value *doc;
	const struct value *v, *sm;
	size_t i, errs = diag_errors();

	r->max_grade = 8;
	if ((doc = yamlload_file(path, display, NULL, NULL)) == NULL)
		goto fail;
	if (doc->type != VALUE_MAP) {
		diag_error(&doc->loc, "the rules file is a map");
		goto fail;
	}
	load_sets(r, value_get(doc, "sets"));
	load_allow(r, value_get(doc, "allow"));
	v = value_get(doc, "terms");
	for (i = 0; i < value_len(v); i++)
		parse_term(r, v->list.items[i]);
	sm = value_get(doc, "safe_messaging");
	r->suicide = find_set(r, "suicide");
	if (r->suicide == NULL)
		r->suicide = add_set(r, NULL, xcalloc(1, sizeof(*r->suicide)));
	r->sensational = sm_set(r, sm, "sensational");
	r->sensational_suicide = sm_set(r, sm, "sensational_suicide");
	r->method = sm_set(r, sm, "method");
	load_pats(value_get(sm, "mentions"), &r->mentions, &r->nmentions);
	if (site_check != NULL)
		apply_site(r, value_deref(site_check));
	if (diag_errors() > errs)
		goto fail;
	build_index(r);
	value_free(doc);
	return r;
fail:
	value_free(doc);
	lint_rules_free(r);
	return NULL;
}

static void
wset_free(struct lint_wset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->w[i]);
	free(s->w);
	free(s->wlen);
	free(s->wkind);
	free(s);
}

void
lint_rules_free(struct lint_rules *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->nterms; i++) {
		struct lint_term *t = &r->terms[i];

		free(t->term);
		free(t->category);
		free(t->rule);
		free(t->prefer);
		free(t->prefer_more);
		free(t->note);
		for (k = 0; k < t->npats; k++)
			lint_pat_release(&t->pats[k]);
		free(t->pats);
		free(t->conds);
	}
	free(r->terms);
	for (i = 0; i < r->nsets; i++) {
		wset_free(r->sets[i]);
		free(r->setnames[i]);
	}
	free(r->sets);
	free(r->setnames);
	for (i = 0; i < r->nallow; i++)
		lint_pat_release(&r->allow[i]);
	free(r->allow);
	for (i = 0; i < r->nmentions; i++)
		lint_pat_release(&r->mentions[i]);
	free(r->mentions);
	dict_free(&r->dict);
	free(r);
}

double
lint_rules_max_grade(const struct lint_rules *r)
{
	return r->max_grade;
}

size_t
lint_rules_nterms(const struct lint_rules *r)
{
	return r->nterms;
}
