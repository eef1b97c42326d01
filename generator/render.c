/* SPDX-License-Identifier: ISC */
/* Rendering: Markdown with links resolved, template data, every page written. */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dates.h"
#include "diag.h"
#include "fsutil.h"
#include "markdown.h"
#include "mustache.h"
#include "site.h"
#include "slug.h"
#include "urlpath.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

struct resolve_arg {
	struct lang_site	*ls;
	const struct doc	*doc;
};

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Decode %XX escapes so that "my%20file.md" finds "my file.md". */
static char *
percent_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;
	unsigned v;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1])
		    && isxdigit((unsigned char)s[i + 2]) &&
		    sscanf(s + i + 1, "%2x", &v) == 1) {
			*o++ = (char)v;
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* A file under the language's content folder that may be copied as is. */
static char *
static_source(struct lang_site *ls, const char *target)
{
	char *path = fs_join(ls->content_abs, target);
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
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
	struct buf href = BUF_INIT;
	size_t plen = strcspn(dest, "#?");
	char *path, *target, *abs;
	const char *url;

	if (plen == 0)
		return NULL;
	path = percent_decode(dest, plen);
	target = urlpath_resolve(a->doc->rel, path);
	if (target == NULL) {
		diag_error(loc, "link to '%s' leads out of the content folder",
		    path);
		free(path);
		return NULL;
	}
	if ((url = strmap_get(&a->ls->links, target)) != NULL) {
		urlpath_rel(&href, a->doc->url, url);
	} else if (!ends_with(target, ".md") && !ends_with(target, ".yml") &&
	    (abs = static_source(a->ls, target)) != NULL) {
		if (strmap_get(&a->ls->statics, target) == NULL)
			strmap_put(&a->ls->statics, target, abs);
		else
			free(abs);
		urlpath_rel(&href, a->doc->url, target);
	} else {
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
	buf_puts(&href, dest + plen);
	free(path);
	free(target);
	return buf_detach(&href, NULL);
}

static void
put_date(struct value *m, const char *key, const struct value *meta)
{
	const char *s = value_get_str(meta, key, NULL);
	struct buf b = BUF_INIT;
	struct date d;

	if (s == NULL || date_parse(s, &d) == -1)
		return;
	value_map_set_str(m, key, s);
	date_human(&b, &d);
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
	put_date(m, "date", d->meta);
	put_date(m, "updated", d->meta);
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
	(void)ls;
	return m;
}

/* The front matter image, resolved like a Markdown image. */
static void
doc_image(struct lang_site *ls, struct doc *d)
{
	const struct value *v = value_get(d->meta, "image");
	struct resolve_arg a = { ls, d };
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

static const char *const suicide_words[] = { "suicid", "self-harm",
    "self harm", "selfharm", "take their own life", "took their own life",
    "end their life", "ending their life", "kill themselves",
    "kill myself", "killed himself", "killed herself" };

/*
 * Whether text mentions suicide or self-harm, so the page gets a help box.
 * One lower-case copy made in a single allocation (this runs over every
 * page's whole text), then a search per phrase until one is found.
 */
static int
mentions_suicide(const char *text)
{
	size_t n = strlen(text), i;
	char *low = xmalloc(n + 1);
	int hit = 0;

	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[n] = '\0';
	for (i = 0; !hit && i < sizeof(suicide_words) /
	    sizeof(suicide_words[0]); i++)
		hit = strstr(low, suicide_words[i]) != NULL;
	free(low);
	return hit;
}

int
render_markdown(struct site *s, struct lang_site *ls)
{
	struct resolve_arg a;
	struct md_opts o;
	struct doc *d;
	size_t i;
	int rc = 0;

	for (i = 0; i < ls->narticles + ls->npages; i++) {
		d = i < ls->narticles ? ls->articles[i] :
		    ls->pages[i - ls->narticles];
		memset(&o, 0, sizeof(o));
		a.ls = ls;
		a.doc = d;
		o.file = d->file;
		o.line_offset = d->body_line - 1;
		o.unsafe = s->cfg.unsafe;
		o.resolve = resolve;
		o.arg = &a;
		if (md_render(d->body, d->body_len, &o, &d->md) == -1)
			rc = -1;
		d->mentions_suicide = mentions_suicide(d->md.text.ptr) ||
		    mentions_suicide(d->title);
		d->item = doc_item(ls, d);
		doc_image(ls, d);
	}
	return rc;
}

/* "tel:+442079460000" from a number as written; national 0 uses the country. */
static void
phone_href(struct buf *b, const char *scheme, const char *number,
    const char *country)
{
	const char *p = number;

	buf_puts(b, scheme);
	if (*p == '0' && p[1] != '0' && country != NULL &&
	    strcmp(country, "GB") == 0) {
		buf_puts(b, "+44");
		p++;
	}
	for (; *p != '\0'; p++)
		if (isdigit((unsigned char)*p) || (*p == '+' && b->len ==
		    strlen(scheme)))
			buf_putc(b, *p);
}

static struct value *
crisis_data(const struct site *s)
{
	const struct value *src = value_get(s->cfg.tree, "crisis"), *c;
	struct value *list = value_new(VALUE_LIST, NULL), *m;
	struct buf b = BUF_INIT;
	const char *num;
	size_t i;

	for (i = 0; src != NULL && i < src->list.len; i++) {
		c = src->list.items[i];
		m = value_list_push_take(list, value_copy(c));
		if ((num = value_get_str(c, "phone", NULL)) != NULL) {
			buf_reset(&b);
			phone_href(&b, "tel:", num, s->cfg.country);
			value_map_set_str(m, "phone_href", b.ptr);
		}
		if ((num = value_get_str(c, "text", NULL)) != NULL) {
			buf_reset(&b);
			phone_href(&b, "sms:", num, s->cfg.country);
			value_map_set_str(m, "text_href", b.ptr);
		}
	}
	mark_ends(list);
	buf_release(&b);
	return list;
}

/* Interface words: templates/i18n/<lang>.yml, the site's own i18n/ over them. */
static struct value *
load_strings(struct site *s, const struct config_lang *lang)
{
	struct buf code = BUF_INIT, path = BUF_INIT, name = BUF_INIT;
	struct value *t = NULL, *own;
	size_t i;
	char *text;

	buf_puts(&code, lang->code);
	for (;;) {
		buf_reset(&path);
		buf_printf(&path, "%s/templates/i18n/%s.yml", s->theme.share,
		    code.ptr);
		if (fs_exists(path.ptr) || strchr(code.ptr, '-') == NULL)
			break;
		buf_truncate(&code, (size_t)(strrchr(code.ptr, '-') - code.ptr));
	}
	if (!fs_exists(path.ptr)) {
		buf_reset(&path);
		buf_printf(&path, "%s/templates/i18n/en.yml", s->theme.share);
	}
	buf_printf(&name, "templates/i18n/%s", strrchr(path.ptr, '/') + 1);
	if (fs_exists(path.ptr))
		t = yamlload_file(path.ptr, name.ptr, NULL, NULL);
	if (t == NULL || t->type != VALUE_MAP) {
		value_free(t);
		t = value_new(VALUE_MAP, NULL);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/i18n/%s.yml", s->opts->srcdir, lang->code);
	buf_reset(&name);
	buf_printf(&name, "i18n/%s.yml", lang->code);
	if (fs_exists(path.ptr) && (own = yamlload_file(path.ptr, name.ptr,
	    NULL, &text)) != NULL) {
		for (i = 0; own->type == VALUE_MAP && i < own->map.len; i++)
			value_map_set_take(t, own->map.items[i].key,
			    value_copy(own->map.items[i].val));
		value_free(own);
		free(text);
	}
	buf_release(&code);
	buf_release(&path);
	buf_release(&name);
	return t;
}

/* The menu: site.yml's items, then pages with "menu:" not listed yet. */
static struct value *
menu_data(struct site *s, struct lang_site *ls)
{
	const struct value *menu = value_get(s->cfg.tree, "menu"), *it;
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

void
render_site_data(struct site *s, struct lang_site *ls)
{
	const struct value *t = s->cfg.tree, *v;
	struct value *d = value_new(VALUE_MAP, NULL), *q;

	value_map_set_str(d, "title", s->cfg.title);
	value_map_set_str(d, "description", s->cfg.description);
	value_map_set_str(d, "language", ls->lang->code);
	value_map_set_str(d, "dir", ls->lang->rtl ? "rtl" : "ltr");
	if (s->cfg.base_url != NULL)
		value_map_set_str(d, "base_url", s->cfg.base_url);
	if ((v = value_get(t, "footer")) != NULL)
		value_map_set_take(d, "footer", value_copy(v));
	value_map_set_take(d, "crisis", crisis_data(s));
	value_map_set_take(d, "categories", value_copy(s->cfg.categories));
	if ((v = value_get(t, "quick_exit")) != NULL) {
		q = value_map_set_take(d, "quick_exit", value_copy(v));
		if (value_get(q, "label") == NULL)
			value_map_set_str(q, "label", "Leave this site");
	}
	value_map_set_take(d, "menu", menu_data(s, ls));
	value_map_set_take(d, "t", load_strings(s, ls->lang));
	value_map_set_str(d, "generator", "Signpost " SIGNPOST_VERSION);
	/* Asset file names under assets/, so that they can carry a hash. */
	value_map_set_str(d, "css_file", "style.css");
	value_map_set_str(d, "js_file", "js/site.js");
	ls->data = d;
}
