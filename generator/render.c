/* SPDX-License-Identifier: ISC */
/* Rendering: Markdown with links resolved, template data, every page written. */
#include <sys/stat.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cache.h"
#include "dates.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "markdown.h"
#include "mdmemo.h"
#include "mustache.h"
#include "phone.h"
#include "pool.h"
#include "site.h"
#include "slug.h"
#include "urlpath.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

struct resolve_arg {
	struct lang_site	*ls;
	const struct doc	*doc;
	struct buf		*rec;	/* when not NULL: mdmemo_link each */
	struct buf		*hrefs;	/* and each href, NUL-ended */
};

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A file under the language's content folder that may be copied as is. */
static char *
static_source(struct lang_site *ls, const char *target)
{
	char *path = fs_join(ls->content_abs, target);
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    fs_inside(path, ls->content_abs))
		return path;
	free(path);
	return NULL;
}

/* Whether target is a file beside the content already found for copying. */
static int
static_known(struct lang_site *ls, const char *target)
{
	int known;

	pthread_mutex_lock(&ls->lock);
	known = strmap_get(&ls->statics, target) != NULL;
	pthread_mutex_unlock(&ls->lock);
	return known;
}

/*
 * Whether target is a file beside the content that may be copied: one
 * seen before (many pages show the same picture) needs no second look
 * on disk; a new one is recorded for pages.c to copy.
 */
static int
static_file(struct lang_site *ls, const char *target)
{
	char *abs;
	int known;

	pthread_mutex_lock(&ls->lock);
	known = strmap_get(&ls->statics, target) != NULL;
	pthread_mutex_unlock(&ls->lock);
	if (known)
		return 1;
	if ((abs = static_source(ls, target)) == NULL)
		return 0;
	pthread_mutex_lock(&ls->lock);
	if (strmap_get(&ls->statics, target) == NULL)
		strmap_put(&ls->statics, target, abs);
	else
		free(abs);
	pthread_mutex_unlock(&ls->lock);
	return 1;
}

enum { RESOLVED, LEADS_OUT, NAMES_NONE };

/*
 * resolve's answer without a word: RESOLVED with *hrefp (NULL keeps dest
 * as written), else why not.
 */
static int
resolve_href(struct resolve_arg *a, const char *dest, char **hrefp)
{
	struct buf href = BUF_INIT;
	size_t plen = strcspn(dest, "#?");
	char *path, *target;
	const char *url;
	int rc = RESOLVED;

	*hrefp = NULL;
	if (plen == 0)
		return RESOLVED;
	/* "my%20file.md" finds "my file.md". */
	path = esc_url_decode(dest, plen);
	target = urlpath_resolve(a->doc->rel, path);
	free(path);
	if (target == NULL)
		return LEADS_OUT;
	if ((url = strmap_get(&a->ls->links, target)) != NULL) {
		urlpath_rel(&href, a->doc->url, url);
	} else if (static_known(a->ls, target)) {
		/* Pictures are shared: resolve each file's real path once. */
		urlpath_rel(&href, a->doc->url, target);
	} else if (!ends_with(target, ".md") && !ends_with(target, ".yml") &&
	    static_file(a->ls, target)) {
		urlpath_rel(&href, a->doc->url, target);
	} else
		rc = NAMES_NONE;
	free(target);
	if (rc != RESOLVED) {
		buf_release(&href);
		return rc;
	}
	buf_puts(&href, dest + plen);
	*hrefp = buf_detach(&href, NULL);
	return RESOLVED;
}

/* What a document's links became, for the fingerprint of its page. */
static void
note_href(struct resolve_arg *a, const char *dest, const char *href)
{
	const char *h = href != NULL ? href : dest;

	buf_put(a->hrefs, h, strlen(h) + 1);
}

/*
 * A link between sources: "../pages/get-help.md#now" from an article
 * becomes "../get-help.html#now"; pictures and other files beside the
 * content are copied and linked.  Missing targets are errors at the link.
 */
static char *
resolve(void *argp, const char *dest, const struct loc *loc, int is_image)
{
	struct resolve_arg *a = argp;
	size_t plen = strcspn(dest, "#?");
	char *href, *path, *target;
	int rc = resolve_href(a, dest, &href);

	if (rc == RESOLVED) {
		if (a->rec != NULL) {
			mdmemo_link(a->rec, dest, is_image);
			note_href(a, dest, href);
		}
		return href;
	}
	path = esc_url_decode(dest, plen);
	if (rc == LEADS_OUT) {
		diag_error(loc, "link to '%s' leads out of the content folder",
		    path);
		free(path);
		return NULL;
	}
	target = urlpath_resolve(a->doc->rel, path);
	diag_error(loc, "%s '%s' names no %s", is_image ? "image" :
	    "link to", path, ends_with(target, ".md") ?
	    "article or page" : ends_with(target, ".yml") ?
	    "service listing" : "file");
	diag_note(NULL, "it was looked for at '%s/%s'",
	    a->ls->content_rel, target);
	free(path);
	free(target);
	return NULL;
}

/*
 * The last build's record of a document's links: whether each still
 * leads where it may (pictures found again are copied as before), with
 * the hrefs they become noted.
 */
static int
links_hold(struct resolve_arg *a, const struct mdmemo_rec *r)
{
	const char *p = r->links, *end = r->links + r->links_len, *dest;
	char *href;
	int img;

	while (mdmemo_next(&p, end, &dest, &img)) {
		if (resolve_href(a, dest, &href) != RESOLVED)
			return 0;
		note_href(a, dest, href);
		free(href);
	}
	return 1;
}

/*
 * A date as the language writes it: t.date_format with {day}, {month}
 * (from t.months) and {year}; English "14 March 2026" by default.
 */
void
render_date(const struct lang_site *ls, const struct date *d, struct buf *b)
{
	date_format(b, d, value_get(ls->data, "t"));
}

static void
put_date(const struct lang_site *ls, struct value *m, const char *key,
    const struct value *meta)
{
	const char *s = value_get_str(meta, key, NULL);
	struct buf b = BUF_INIT;
	struct date d;

	if (s == NULL || date_parse(s, &d) == -1)
		return;
	value_map_set_str(m, key, s);
	render_date(ls, &d, &b);
	value_map_set_take(m, key[0] == 'd' ? "date_human" : "updated_human",
	    value_new_str(b.ptr, b.len, NULL));
	buf_release(&b);
}

/* Mark the first and last items of a list for templates that need separators. */
static void
mark_ends(struct value *list)
{
	size_t i;

	for (i = 0; i < list->list.len; i++) {
		if (list->list.items[i]->type != VALUE_MAP)
			continue;
		value_map_set_take(list->list.items[i], "first",
		    value_new_bool(i == 0));
		value_map_set_take(list->list.items[i], "last",
		    value_new_bool(i + 1 == list->list.len));
	}
}

static void
tag_url(struct buf *b, const char *name)
{
	buf_puts(b, "tags/");
	slug_append(b, name, strlen(name));
	buf_puts(b, ".html");
}

/* The template data a list shows for an article or page. */
static struct value *
doc_item(struct lang_site *ls, struct doc *d)
{
	struct value *m = value_new(VALUE_MAP, NULL), *tags;
	const struct value *v;
	struct buf b = BUF_INIT;
	size_t i;

	value_map_set_str(m, "title", d->title);
	value_map_set_str(m, "url", d->url);
	value_map_set_str(m, "slug", d->slug);
	if ((v = value_get(d->meta, "summary")) != NULL &&
	    v->type == VALUE_STRING) {
		value_map_set_str(m, "summary", v->str.ptr);
		md_inline(v->str.ptr, v->str.len, &b);
		value_map_set_take(m, "summary_html",
		    value_new_str(b.ptr, b.len, NULL));
		buf_reset(&b);
	}
	put_date(ls, m, "date", d->meta);
	put_date(ls, m, "updated", d->meta);
	if ((v = value_get(d->meta, "tags")) != NULL && v->type == VALUE_LIST &&
	    v->list.len > 0) {
		tags = value_map_set_take(m, "tags", value_new(VALUE_LIST, NULL));
		for (i = 0; i < v->list.len; i++) {
			struct value *t = value_list_push_take(tags,
			    value_new(VALUE_MAP, NULL));

			value_map_set_str(t, "name", v->list.items[i]->str.ptr);
			buf_reset(&b);
			tag_url(&b, v->list.items[i]->str.ptr);
			value_map_set_str(t, "url", b.ptr);
		}
		mark_ends(tags);
		value_map_set_take(m, "has_tags", value_new_bool(1));
	}
	if ((v = value_get(d->meta, "content_warning")) != NULL &&
	    v->type == VALUE_STRING)
		value_map_set_str(m, "content_warning", v->str.ptr);
	value_map_set_take(m, "reading_minutes", value_new_printf("%zu",
	    (d->md.words + 199) / 200 ? (d->md.words + 199) / 200 : 1));
	buf_release(&b);
	return m;
}

/* The front matter image, resolved like a Markdown image. */
static void
doc_image(struct lang_site *ls, struct doc *d)
{
	const struct value *v = value_get(d->meta, "image");
	struct resolve_arg a = { ls, d, NULL, NULL };
	char *href;

	if (v == NULL || v->type != VALUE_STRING)
		return;
	if ((href = resolve(&a, v->str.ptr, &v->loc, 1)) == NULL)
		return;
	/* resolve() answers relative to the page; the item wants the root. */
	free(href);
	href = urlpath_resolve(d->rel, v->str.ptr);
	value_map_set_take(d->item, "image", value_new_strz(href));
	value_map_set_str(d->item, "image_alt",
	    value_get_str(d->meta, "image_alt", ""));
	free(href);
}

/*
 * ASCII capitals to lower case, as tolower() does in the C locale the
 * program runs in, eight bytes a step: a byte in 'A'..'Z' gains 0x20.
 */
static void
lower_copy(char *dst, const char *src, size_t n)
{
	const uint64_t high = 0x8080808080808080ull;
	uint64_t x, low7, ge_a, gt_z;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, src + i, sizeof(x));
		low7 = x & ~high;
		ge_a = low7 + 0x3f3f3f3f3f3f3f3full;	/* bit 7: >= 'A' */
		gt_z = low7 + 0x2525252525252525ull;	/* bit 7: > 'Z' */
		x |= (ge_a & ~gt_z & ~x & high) >> 2;
		memcpy(dst + i, &x, sizeof(x));
	}
	for (; i < n; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[n] = '\0';
}

/*
 * The language's t.help_box_words (lower case), grouped by their first
 * four bytes: "self-harm", "self harm" and "selfharm" need one search
 * for "self", then a look at each place it was found.
 */
struct help_words {
	char		(*prefix)[5];	/* of group g */
	size_t		 *start;	/* group g's words: start[g]..start[g+1] */
	size_t		  ngroups;
	const char	**word;
	size_t		 *len;
};

/* Whether a and b share a group: the same first four bytes (or all). */
static int
same_group(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	na = na < 4 ? na : 4;
	nb = nb < 4 ? nb : 4;
	return na == nb && memcmp(a, b, na) == 0;
}

static void
help_words_init(struct help_words *hw, const struct lang_site *ls)
{
	const struct value *words = value_get(value_get(ls->data, "t"),
	    "help_box_words");
	size_t n = value_len(words), i, j, m = 0, g = 0;
	const char *w, *v;

	hw->prefix = xcalloc(n + 1, sizeof(*hw->prefix));
	hw->start = xcalloc(n + 1, sizeof(*hw->start));
	hw->word = xcalloc(n + 1, sizeof(*hw->word));
	hw->len = xcalloc(n + 1, sizeof(*hw->len));
	for (i = 0; i < n; i++) {
		if ((w = value_str(words->list.items[i])) == NULL)
			continue;
		for (j = 0; j < g && !same_group(hw->prefix[j], w); j++)
			;
		if (j < g)
			continue;	/* in an earlier group */
		snprintf(hw->prefix[g], sizeof(hw->prefix[g]), "%.4s", w);
		hw->start[g++] = m;
		for (j = i; j < n; j++)
			if ((v = value_str(words->list.items[j])) != NULL &&
			    same_group(w, v)) {
				hw->word[m] = v;
				hw->len[m++] = strlen(v);
			}
	}
	hw->ngroups = g;
	hw->start[g] = m;
}

static void
help_words_release(struct help_words *hw)
{
	free(hw->prefix);
	free(hw->start);
	free(hw->word);
	free(hw->len);
}

/*
 * Whether text mentions suicide or self-harm, so the page gets a help box:
 * any of the help words appears in it, ignoring ASCII case.
 */
static int
mentions_suicide(const struct help_words *hw, const char *text)
{
	size_t n = strlen(text), g, k;
	char small[8192], *low = n < sizeof(small) ? small : xmalloc(n + 1);
	const char *p;
	int hit = 0;

	/* One lower-case copy: this runs over every page's whole text. */
	lower_copy(low, text, n);
	for (g = 0; g < hw->ngroups && !hit; g++)
		for (p = low; !hit && (p = strstr(p, hw->prefix[g])) != NULL;
		    p++)
			for (k = hw->start[g]; k < hw->start[g + 1]; k++)
				if (strncmp(p, hw->word[k], hw->len[k]) == 0) {
					hit = 1;
					break;
				}
	if (low != small)
		free(low);
	return hit;
}

struct md_job {
	struct site		*s;
	struct lang_site	*ls;
	struct help_words	 hw;
	struct mdmemo		*memo;		/* the last build's records */
	int			 failed;
};

/* How a document's body renders, its links resolved through a. */
static void
doc_md_opts(const struct site *s, const struct doc *d, struct resolve_arg *a,
    struct md_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->file = d->file;
	o->line_offset = d->body_line - 1;
	o->unsafe = s->cfg.unsafe;
	o->resolve = resolve;
	o->arg = a;
}

/* One article or page: Markdown to HTML, then its list data. */
static void
render_one(void *p, size_t i)
{
	struct md_job *j = p;
	struct lang_site *ls = j->ls;
	struct doc *d = i < ls->narticles ? ls->articles[i] :
	    ls->pages[i - ls->narticles];
	const struct mdmemo_rec *r = NULL;
	struct buf *hrefs = buf_scratch(BUF_SCRATCH_HREFS);
	struct resolve_arg a;
	struct md_opts o;
	int rc;

	a.ls = ls;
	a.doc = d;
	a.rec = NULL;
	a.hrefs = hrefs;
	doc_md_opts(j->s, d, &a, &o);
	buf_reset(&d->links_rec);
	/*
	 * Bytes the last build rendered, with links that still hold, are
	 * rendered only if their page is made again (render_doc_md).
	 */
	if (!d->md.deferred)
		r = mdmemo_get(j->memo, d->file, d->text_hash);
	if (r != NULL && links_hold(&a, r)) {
		d->md_later = 1;
		d->md.words = r->words;
		d->text_mention = r->mention;
		buf_put(&d->links_rec, r->links, r->links_len);
	} else {
		buf_reset(hrefs);
		a.rec = &d->links_rec;
		/* The content check may have rendered it already (check.c). */
		if (d->md.deferred)
			rc = md_resolve(&d->md, &o);
		else if ((rc = doc_text(d)) == 0)
			rc = md_render(d->body, d->body_len, &o, &d->md);
		if (rc == -1)
			j->failed = 1;
		d->text_mention = mentions_suicide(&j->hw, d->md.text.ptr);
	}
	d->links_fp = out_hash(hrefs->ptr, hrefs->len);
	buf_scratch_done(hrefs);
	d->mentions_suicide |= d->text_mention ||
	    mentions_suicide(&j->hw, d->title);
	/*
	 * Packed into one allocation: lists and tag pages read thousands of
	 * items long after they were made, and a packed item is a few
	 * neighbouring cache lines instead of a malloc'd node per field.
	 */
	value_block_begin(2048);
	d->item = value_block_end(doc_item(ls, d));
	doc_image(ls, d);
	/* What lists show of it, for the build cache (pages.c). */
	d->item_fp = cache_tree_hash(d->item);
}

int
render_doc_md(struct site *s, struct lang_site *ls, struct doc *d)
{
	struct resolve_arg a = { ls, d, NULL, NULL };
	struct md_opts o;

	if (!d->md_later)
		return 0;
	d->md_later = 0;
	if (doc_text(d) == -1)
		return -1;
	doc_md_opts(s, d, &a, &o);
	return md_render(d->body, d->body_len, &o, &d->md);
}

/* For the next build: each document's record, then the links' are freed. */
static void
keep_memo(struct site *s, struct lang_site *ls)
{
	struct buf b = BUF_INIT, name = BUF_INIT;
	struct doc *d;
	char *bytes;
	size_t i, n = ls->narticles + ls->npages;

	for (i = 0; i < n; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		mdmemo_put(&b, d->file, d->text_hash, (unsigned)d->md.words,
		    d->text_mention, d->links_rec.ptr, d->links_rec.len);
		buf_release(&d->links_rec);
	}
	buf_printf(&name, "md:%s", ls->lang->code);
	bytes = buf_detach(&b, &n);
	cache_blob_keep(s->cache, name.ptr, bytes, n);
	buf_release(&name);
}

int
render_markdown(struct site *s, struct lang_site *ls)
{
	struct buf name = BUF_INIT;
	const void *blob;
	struct md_job j;
	size_t len = 0;

	j.s = s;
	j.ls = ls;
	j.failed = 0;
	buf_printf(&name, "md:%s", ls->lang->code);
	blob = cache_blob(s->cache, name.ptr, &len);
	j.memo = mdmemo_open(blob, len);
	buf_release(&name);
	help_words_init(&j.hw, ls);
	diag_defer_begin();
	pool_run(ls->narticles + ls->npages, render_one, &j);
	diag_defer_end();
	help_words_release(&j.hw);
	mdmemo_free(j.memo);
	if (!j.failed && s->cache != NULL)
		keep_memo(s, ls);
	return j.failed ? -1 : 0;
}

/* key_href: "tel:+44..." or "sms:..." for a help line's number. */
static void
number_href(struct value *m, const char *key, const char *country, int sms)
{
	const char *num = value_get_str(m, key, NULL);
	struct buf b = BUF_INIT;
	struct phone ph;

	if (num == NULL || phone_parse(num, country, &ph, NULL) == -1)
		return;
	phone_href(&ph, sms, &b);
	value_map_set_str(m, sms ? "text_href" : "phone_href", b.ptr);
	buf_release(&b);
}

static struct value *
crisis_data(const struct site *s, const struct lang_site *ls)
{
	const struct value *src = config_setting(&s->cfg, ls->lang, "crisis"),
	    *c;
	struct value *list = value_new(VALUE_LIST, NULL), *m;
	size_t i;

	for (i = 0; src != NULL && i < src->list.len; i++) {
		c = src->list.items[i];
		m = value_list_push_take(list, value_copy(c));
		number_href(m, "phone", s->cfg.country, 0);
		number_href(m, "text", s->cfg.country, 1);
	}
	mark_ends(list);
	return list;
}

/* The strings file for code: the site's i18n/ first, then Signpost's. */
static struct value *
strings_file(struct site *s, const char *code, int own, struct buf *name)
{
	struct buf path = BUF_INIT;
	struct value *t = NULL;

	buf_reset(name);
	if (own) {
		buf_printf(&path, "%s/i18n/%s.yml", s->opts->srcdir, code);
		buf_printf(name, "i18n/%s.yml", code);
	} else {
		buf_printf(&path, "%s/templates/i18n/%s.yml", s->theme.share,
		    code);
		buf_printf(name, "templates/i18n/%s.yml", code);
	}
	if (fs_exists(path.ptr)) {
		t = yamlload_file(path.ptr, name->ptr, NULL, NULL);
		if (t != NULL && t->type != VALUE_MAP) {
			diag_error(&t->loc, "'%s' must be a map of keys and "
			    "strings", name->ptr);
			value_free(t);
			t = NULL;
		}
	}
	buf_release(&path);
	return t;
}

static void
merge_over(struct value *base, const struct value *over)
{
	size_t i;

	for (i = 0; over != NULL && i < over->map.len; i++)
		value_map_set_take(base, over->map.items[i].key,
		    value_copy(over->map.items[i].val));
}

/*
 * Interface words for a language: Signpost's templates/i18n/<code>.yml
 * (or its primary language, "en" for "en-GB"), the site's i18n/<code>.yml
 * over it.  A key the default language has and this one lacks is a
 * warning, and the default language's string stands in.
 */
static struct value *
load_strings(struct site *s, struct lang_site *ls)
{
	const struct value *def = ls == &s->langs[0] ? NULL :
	    value_get(s->langs[0].data, "t");
	struct buf code = BUF_INIT, name = BUF_INIT, shown = BUF_INIT;
	struct value *t, *own, *found = NULL;
	size_t i;

	buf_puts(&code, ls->lang->code);
	while ((found = strings_file(s, code.ptr, 0, &name)) == NULL &&
	    strchr(code.ptr, '-') != NULL)
		buf_truncate(&code, (size_t)(strrchr(code.ptr, '-') - code.ptr));
	buf_puts(&shown, found != NULL ? name.ptr : "");
	own = strings_file(s, ls->lang->code, 1, &name);
	if (own != NULL) {
		buf_puts(&shown, shown.len ? " and " : "");
		buf_puts(&shown, name.ptr);
	}
	if (def == NULL && found == NULL && own == NULL)
		found = strings_file(s, "en", 0, &name);
	t = value_new(VALUE_MAP, NULL);
	merge_over(t, found);
	merge_over(t, own);
	if (def != NULL && found == NULL && own == NULL) {
		struct loc l = { NULL, 0, 0 };

		diag_warn(&l, "no interface strings for '%s': add "
		    "i18n/%s.yml; using those of '%s'", ls->lang->code,
		    ls->lang->code, s->langs[0].lang->code);
		merge_over(t, def);
	} else
		for (i = 0; def != NULL && i < def->map.len; i++) {
			if (value_get(t, def->map.items[i].key) != NULL)
				continue;
			diag_warn(NULL, "interface string '%s' is missing "
			    "for '%s' (in %s)", def->map.items[i].key,
			    ls->lang->code, shown.ptr);
			value_map_set_take(t, def->map.items[i].key,
			    value_copy(def->map.items[i].val));
		}
	value_free(found);
	value_free(own);
	buf_release(&code);
	buf_release(&name);
	buf_release(&shown);
	return t;
}

/* The menu: site.yml's items, then pages with "menu:" not listed yet. */
static struct value *
menu_data(struct site *s, struct lang_site *ls)
{
	const struct value *menu = config_setting(&s->cfg, ls->lang, "menu"),
	    *it;
	struct value *list = value_new(VALUE_LIST, NULL), *m;
	struct strmap used = STRMAP_INIT;
	const char *link, *url;
	size_t i, k;

	for (i = 0; menu != NULL && i < menu->list.len; i++) {
		it = menu->list.items[i];
		link = value_get_str(it, "link", "");
		url = NULL;
		if (strcmp(link, "home") == 0)
			url = "index.html";
		else if (strcmp(link, "articles") == 0)
			url = "articles/index.html";
		else if (strcmp(link, "directory") == 0)
			url = "services/index.html";
		else if (strcmp(link, "search") == 0)
			url = "search.html";
		else if ((url = strmap_get(&ls->links, link)) == NULL &&
		    strncmp(link, "https://", 8) != 0 &&
		    strncmp(link, "http://", 7) != 0) {
			/* A page not translated into this language: no item. */
			if (ls != &s->langs[0] &&
			    strmap_get(&s->langs[0].links, link) != NULL)
				continue;
			diag_error(&value_get(it, "link")->loc, "menu link "
			    "'%s' names no page", link);
			diag_note(NULL, "use home, articles, directory, "
			    "search, a file such as pages/about.md, or a "
			    "full https:// address");
			continue;
		}
		m = value_list_push_take(list, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "label", value_get_str(it, "label", link));
		if (url != NULL) {
			value_map_set_str(m, "url", url);
			strmap_put(&used, url, m);
		} else
			value_map_set_str(m, "external", link);
	}
	for (k = 1; k < 100; k++)
		for (i = 0; i < ls->npages; i++)
			if (ls->pages[i]->menu == (int)k &&
			    strmap_get(&used, ls->pages[i]->url) == NULL) {
				m = value_list_push_take(list,
				    value_new(VALUE_MAP, NULL));
				value_map_set_str(m, "label",
				    ls->pages[i]->title);
				value_map_set_str(m, "url", ls->pages[i]->url);
			}
	strmap_release(&used);
	return list;
}

/* The site's categories with this language's labels where it has them. */
static struct value *
categories_data(const struct site *s, const struct lang_site *ls)
{
	const struct value *own = config_setting(&s->cfg, ls->lang,
	    "categories"), *o;
	struct value *list = value_copy(s->cfg.categories), *c;
	size_t i, k;

	for (i = 0; i < value_len(list); i++) {
		c = list->list.items[i];
		for (k = 0; k < value_len(own); k++) {
			o = own->list.items[k];
			if (strcmp(value_get_str(o, "key", ""),
			    value_get_str(c, "key", "-")) != 0)
				continue;
			value_map_set_str(c, "label", value_get_str(o, "label",
			    value_get_str(c, "label", "")));
			if (value_get(o, "description") != NULL)
				value_map_set_str(c, "description",
				    value_get_str(o, "description", ""));
		}
	}
	return list;
}

/*
 * The services marked crisis: true for the help box, less those that
 * site.yml's help lines already name, so that no line shows twice.
 */
static struct value *
crisis_services(const struct site *s, const struct lang_site *ls)
{
	const struct value *lines = value_get(s->cfg.tree, "crisis"), *svc;
	struct value *list = value_new(VALUE_LIST, NULL);
	size_t i, k;
	int dup;

	for (i = 0; i < value_len(ls->crisis_services); i++) {
		svc = value_deref(ls->crisis_services->list.items[i]);
		dup = 0;
		for (k = 0; k < value_len(lines); k++)
			if (strcasecmp(value_get_str(svc, "name", ""),
			    value_get_str(lines->list.items[k], "name", "")) == 0)
				dup = 1;
		if (!dup)
			value_list_push_take(list, value_new_ref(svc));
	}
	return list;
}

/*
 * The logo under assets/: site.yml's logo (a file in the site folder,
 * copied as assets/site-logo.EXT by pages.c) over theme.yml's (a file
 * in the theme folder, copied with the theme).
 */
static void
logo_data(struct site *s, struct value *d)
{
	const char *own = value_get_str(s->cfg.tree, "logo", NULL);
	const char *theirs = value_get_str(s->theme.yml, "logo", NULL);
	const char *ext;

	if (own != NULL) {
		ext = strrchr(own, '.');
		value_map_set_take(d, "logo", value_new_printf("site-logo%s",
		    ext != NULL && strchr(ext, '/') == NULL ? ext : ""));
	} else if (theirs != NULL)
		value_map_set_str(d, "logo", theirs);
}

void
render_site_data(struct site *s, struct lang_site *ls)
{
	const struct config_lang *l = ls->lang;
	struct value *d = value_new(VALUE_MAP, NULL), *q, *t;
	const struct value *v;

	/* The interface words first: defaults below may come from them. */
	t = value_map_set_take(d, "t", load_strings(s, ls));
	v = config_setting(&s->cfg, l, "title");
	value_map_set_str(d, "title", value_str(v) ? value_str(v) :
	    s->cfg.title);
	v = config_setting(&s->cfg, l, "description");
	value_map_set_str(d, "description", value_str(v) ? value_str(v) :
	    s->cfg.description);
	value_map_set_str(d, "language", l->code);
	value_map_set_str(d, "dir", l->rtl ? "rtl" : "ltr");
	if (s->cfg.base_url != NULL)
		value_map_set_str(d, "base_url", s->cfg.base_url);
	/* feeds.c writes <lang>/feed.xml when there is a base_url and articles. */
	if (s->cfg.base_url != NULL && ls->narticles > 0)
		value_map_set_str(d, "feed", "feed.xml");
	if ((v = config_setting(&s->cfg, l, "footer")) != NULL)
		value_map_set_take(d, "footer", value_copy(v));
	value_map_set_take(d, "crisis", crisis_data(s, ls));
	value_map_set_take(d, "categories", categories_data(s, ls));
	value_map_set_take(d, "crisis_services", crisis_services(s, ls));
	if ((v = config_setting(&s->cfg, l, "quick_exit")) != NULL) {
		q = value_map_set_take(d, "quick_exit", value_copy(v));
		if (value_get(q, "label") == NULL)
			value_map_set_str(q, "label", value_get_str(t,
			    "quick_exit", "Leave this site"));
	}
	value_map_set_take(d, "menu", menu_data(s, ls));
	logo_data(s, d);
	/* The theme's icon, when it has one (browsers ask for one anyway). */
	if (out_has(&s->out, "assets/icon.svg"))
		value_map_set_str(d, "icon", "icon.svg");
	value_map_set_str(d, "generator", "Signpost " SIGNPOST_VERSION);
	/* Asset file names under assets/, so that they can carry a hash. */
	value_map_set_str(d, "css_file", s->css_file != NULL ? s->css_file :
	    "style.css");
	value_map_set_str(d, "js_file", s->js_file != NULL ? s->js_file :
	    "js/site.js");
	if (s->asset != NULL)
		value_map_set_take(d, "asset", value_copy(s->asset));
	ls->data = d;
	ls->data_fp = cache_site_data_hash(d);
}
