/* SPDX-License-Identifier: ISC */
/*
 * The check of every page, parsed from memory with libxml2 in SAX mode (no
 * tree is built).  Pages Signpost writes are well-formed XML as well as
 * HTML (void elements closed, every attribute with a value), and libxml2's
 * XML parser reads them about three times as fast as its HTML parser: a
 * page is read with the XML parser first, its start tags kept, and they are
 * replayed only if the whole page proved well-formed; any other page (a
 * site's own template, raw HTML in Markdown) goes to the HTML parser, as
 * before.  Both give the same start tags for a well-formed page.  Two phases so that pages can be
 * checked in any order and on any thread: while a page is written its
 * ids are recorded and its links resolved when their target is already
 * known; hc_resolve settles the rest once every file is written.
 */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "htmlcheck.h"
#include "markdown.h"
#include "output.h"
#include "strmap.h"
#include "urlpath.h"
#include "value.h"
#include "xalloc.h"

/* A link whose target was not known when its page was checked. */
struct link {
	char		*target;	/* path from the output root */
	char		*frag;		/* decoded fragment, or NULL */
	char		*href;		/* as written */
	struct loc	 loc;
};

struct page {
	char		*path;
	struct strmap	 ids;
	struct link	*links;
	size_t		  nlinks;
	int		  clean;	/* checked without a message */
};

/* A page not checked again: its bytes are those of a clean last check. */
struct same {
	char			*path;
	const struct md_doc	*src;
};

struct hc {
	struct out	 *out;
	int		  resolving;	/* every page is on disk (hc_resolve) */
	char		 *outdir;
	char		 *base;		/* base_url, or NULL */
	char		**hosts;
	size_t		  nhosts;
	struct strmap	  pages;	/* path -> struct page, once checked */
	struct page	**list;
	size_t		  npages, cap;
	size_t		  links;
	pthread_mutex_t	  lock;
	struct strmap	  needs;	/* "target" or "target\37frag" */
	struct strmap	  same;		/* path -> struct same */
	struct same	**samel;
	size_t		  nsame;
};

/* The state of one page's parse. */
struct scan {
	struct hc		*hc;
	struct page		*pg;
	htmlParserCtxtPtr	 ctxt;		/* the parser running now */
	unsigned		 line;		/* when replaying: the tag's */
	struct buf		 tags;		/* start tags kept by the XML
						   parser, for the replay */
	int			 upper;		/* an upper-case name: not ours */
	const struct md_doc	*src;
	size_t			 cursor;	/* next Markdown link to match */
	const char		*file;		/* the output page, for messages */
	unsigned		 h1;
	unsigned		 h1_line;
	size_t			 links;		/* added to hc->links at the end */
	size_t			 msgs;		/* problems reported */
	int			 ids_only;	/* read the ids, report nothing */
	struct strmap		*needs;		/* links to other files */
};

struct hc *
hc_new(struct out *o, const char *outdir, const struct value *hosts,
    const char *base_url)
{
	struct hc *hc = xcalloc(1, sizeof(*hc));
	const struct value *h;
	const char *p;
	size_t i, n;

	/*
	 * libxml2 sets itself up on first use, and that is not safe in two
	 * threads at once: the first page checked may now be on any thread
	 * (the build cache skips unchanged ones), so set it up here.
	 */
	xmlInitParser();
	hc->out = o;
	hc->outdir = xstrdup(outdir);
	hc->base = base_url != NULL ? xstrdup(base_url) : NULL;
	hc->hosts = xcalloc(value_len(hosts) + 1, sizeof(*hc->hosts));
	for (i = 0; i < value_len(hosts); i++) {
		h = hosts->list.items[i];
		if (h->type != VALUE_STRING)
			continue;
		p = h->str.ptr;
		if (strstr(p, "//") != NULL)
			p = strstr(p, "//") + 2;
		n = strcspn(p, "/:");
		hc->hosts[hc->nhosts++] = xstrndup(p, n);
	}
	pthread_mutex_init(&hc->lock, NULL);
	return hc;
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The output page's name for messages: "public/articles/a.html". */
static const char *
output_name(const struct hc *hc, const char *path)
{
	struct buf name = BUF_INIT;
	const char *f;

	buf_printf(&name, "%s/%s", hc->outdir, path);
	f = diag_file(name.ptr, NULL, 0);
	buf_release(&name);
	return f;
}

/*
 * The page's name, made when a problem is first reported: most pages
 * have none, and every name diag keeps lengthens its search for the
 * files it quotes.
 */
static const char *
page_file(struct scan *sc)
{
	if (sc->file == NULL)
		sc->file = output_name(sc->hc, sc->pg->path);
	return sc->file;
}

/* The line of the start tag being handled. */
static unsigned
cur_line(const struct scan *sc)
{
	if (sc->ctxt != NULL && sc->ctxt->input != NULL)
		return (unsigned)sc->ctxt->input->line;
	return sc->line;
}

/*
 * Where a problem with href is: its Markdown line, else the output
 * page, whose file is NULL until page_file() names it.
 */
static struct loc
locate(struct scan *sc, const char *href)
{
	struct loc l;
	size_t i, n;

	if (href != NULL && sc->src != NULL && (n = sc->src->nlinks) > 0)
		for (i = 0; i < n; i++) {
			const struct md_link *m =
			    &sc->src->links[(sc->cursor + i) % n];

			if (strcmp(m->href, href) == 0) {
				sc->cursor = (sc->cursor + i + 1) % n;
				return m->loc;
			}
		}
	l.file = sc->file;
	l.line = cur_line(sc);
	l.col = 0;
	return l;
}

/* Where to report a problem now. */
static struct loc
where(struct scan *sc, const char *href)
{
	struct loc l = locate(sc, href);

	sc->msgs++;
	if (l.file == NULL)
		l.file = page_file(sc);
	return l;
}

static int
host_listed(const struct hc *hc, const char *url)
{
	const char *h = strstr(url, "//") + 2;
	size_t n = strcspn(h, "/:?#"), i;

	for (i = 0; i < hc->nhosts; i++)
		if (strlen(hc->hosts[i]) == n &&
		    strncasecmp(hc->hosts[i], h, n) == 0)
			return 1;
	return 0;
}

/* A scheme such as "https:" or "mailto:" before any '/', '?' or '#'. */
static int
has_scheme(const char *u)
{
	const char *p = u;

	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return p > u && *p == ':';
}

static struct page *load_ids(struct hc *, const char *);

static int
known(struct hc *hc, const char *target, const char *frag, int *missing_id)
{
	struct page *pg;
	int ok = 0;

	*missing_id = 0;
	if (!out_has(hc->out, target))
		return 0;
	if (frag == NULL || *frag == '\0' || strcmp(frag, "top") == 0)
		return 1;
	pthread_mutex_lock(&hc->lock);
	if (hc->resolving && strmap_get(&hc->pages, target) == NULL &&
	    strmap_get(&hc->same, target) != NULL) {
		/*
		 * Not checked again: read its ids, once every page is on
		 * disk (while pages are written in parallel, the link is
		 * left for hc_resolve).
		 */
		pthread_mutex_unlock(&hc->lock);
		load_ids(hc, target);
		pthread_mutex_lock(&hc->lock);
	}
	if ((pg = strmap_get(&hc->pages, target)) != NULL) {
		ok = strmap_get(&pg->ids, frag) != NULL;
		*missing_id = !ok;
	}
	pthread_mutex_unlock(&hc->lock);
	return ok;
}

static void
report_missing_id(const struct loc *l, const char *href, const char *frag,
    const char *target)
{
	diag_error(l, "link '%s' names no element: '%s' has no id '%s'",
	    href, target, frag);
}

/* A link to another file, as the build cache keeps it. */
static void
need_put(struct strmap *m, const char *target, const char *frag)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, target);
	if (frag != NULL && *frag != '\0' && strcmp(frag, "top") != 0) {
		buf_putc(&b, '\37');
		buf_puts(&b, frag);
	}
	if (strmap_get(m, b.ptr) == NULL)
		strmap_put(m, b.ptr, (void *)1);
	buf_release(&b);
}

/*
 * A URL in the page.  resource: it loads into the page (script, image,
 * stylesheet...), so another host must be listed.
 */
static void
url(struct scan *sc, const char *tag, const char *u, int resource)
{
	struct hc *hc = sc->hc;
	const char *hash = strchr(u, '#'), *rel = u;
	char *path, *target = NULL, *frag;
	struct loc l;
	struct link *k;
	size_t plen, n;
	int missing, own = 0;

	if (*u == '\0')
		return;
	sc->links++;
	if (hc->base != NULL && strncmp(u, hc->base, strlen(hc->base)) == 0) {
		/* The site's own address (404.html): a path from the root. */
		rel = u + strlen(hc->base);
		own = 1;
	}
	if (!own && u[0] == '/' && u[1] == '/') {
		if (resource && !host_listed(hc, u)) {
			l = where(sc, u);
			diag_warn(&l, "<%s> loads '%s' from another host", tag,
			    u);
			diag_note(NULL, "copy it into the site, or list the "
			    "host under 'hosts:' in site.yml");
		}
		return;
	}
	if (!own && has_scheme(u)) {
		if (resource && (strncasecmp(u, "http:", 5) == 0 ||
		    strncasecmp(u, "https:", 6) == 0) && strstr(u, "//") &&
		    !host_listed(hc, u)) {
			l = where(sc, u);
			diag_warn(&l, "<%s> loads '%s' from another host", tag,
			    u);
			diag_note(NULL, "copy it into the site, or list the "
			    "host under 'hosts:' in site.yml");
		}
		return;
	}
	if (!own && u[0] == '/') {
		l = where(sc, u);
		diag_error(&l, "link '%s' starts at the server root", u);
		diag_note(NULL, "it breaks from a USB stick and in a "
		    "sub-folder; link relative to the page");
		return;
	}
	plen = strcspn(rel, "?#");
	path = esc_url_decode(rel, plen);
	n = strlen(path);
	if (n == 0 && !own)
		target = xstrdup(sc->pg->path);
	else if (n == 0 || path[n - 1] == '/' || strcmp(path, ".") == 0 ||
	    strcmp(path, "..") == 0) {
		l = where(sc, u);
		diag_error(&l, "link '%s' names a folder", u);
		diag_note(NULL, "link to the file, such as 'index.html' in "
		    "it: from a USB stick a folder opens as a file listing");
	} else if ((target = urlpath_resolve(own ? "" : sc->pg->path,
	    path)) == NULL) {
		l = where(sc, u);
		diag_error(&l, "link '%s' leads out of the site", u);
	}
	if (target == NULL) {
		free(path);
		return;
	}
	free(path);
	frag = hash != NULL ? esc_url_decode(hash + 1, strlen(hash + 1)) : NULL;
	if (sc->needs != NULL && strcmp(target, sc->pg->path) != 0)
		need_put(sc->needs, target, frag);
	if (strcmp(target, sc->pg->path) == 0 && frag != NULL) {
		/* Ids on this page are settled when the page ends. */
	} else if (known(hc, target, frag, &missing)) {
		free(target);
		free(frag);
		return;
	} else if (missing) {
		l = where(sc, u);
		report_missing_id(&l, u, frag, target);
		free(target);
		free(frag);
		return;
	}
	if ((sc->pg->nlinks & (sc->pg->nlinks - 1)) == 0)
		sc->pg->links = xreallocarray(sc->pg->links, sc->pg->nlinks ?
		    sc->pg->nlinks * 2 : 4, sizeof(*sc->pg->links));
	k = &sc->pg->links[sc->pg->nlinks++];
	k->target = target;
	k->frag = frag;
	k->href = xstrdup(u);
	k->loc = locate(sc, u);
}

static void
srcset(struct scan *sc, const char *tag, const char *v)
{
	struct buf b = BUF_INIT;
	size_t n;

	while (*v != '\0') {
		v += strspn(v, " \t\n,");
		n = strcspn(v, " \t\n,");
		if (n == 0)
			break;
		buf_reset(&b);
		buf_put(&b, v, n);
		url(sc, tag, b.ptr, 1);
		v += n;
		v += strcspn(v, ",");
	}
	buf_release(&b);
}

static const char *
attr(const xmlChar **atts, const char *name)
{
	size_t i;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2)
		if (strcmp((const char *)atts[i], name) == 0)
			return atts[i + 1] != NULL ?
			    (const char *)atts[i + 1] : "";
	return NULL;
}

/* rel values of <link> that load something into the page. */
static int
link_loads(const char *rel)
{
	static const char *const words[] = { "stylesheet", "icon",
	    "preload", "modulepreload", "manifest", "apple-touch-icon",
	    "mask-icon", "prefetch" };
	struct buf b = BUF_INIT;
	size_t i, n;
	int hit = 0;

	while (rel != NULL && *rel != '\0' && !hit) {
		rel += strspn(rel, " \t\n");
		n = strcspn(rel, " \t\n");
		buf_reset(&b);
		buf_put(&b, rel, n);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strcasecmp(b.ptr, words[i]) == 0)
				hit = 1;
		rel += n;
	}
	buf_release(&b);
	return hit;
}

static void
start(void *ud, const xmlChar *namex, const xmlChar **atts)
{
	struct scan *sc = ud;
	const char *name = (const char *)namex, *v;
	struct loc l;
	size_t i;
	int res;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		if (strcmp((const char *)atts[i], "id") != 0 ||
		    atts[i + 1] == NULL)
			continue;
		if (strmap_put(&sc->pg->ids, (const char *)atts[i + 1],
		    (void *)1) != NULL && !sc->ids_only) {
			l = where(sc, NULL);
			diag_warn(&l, "id '%s' is used twice on the page",
			    (const char *)atts[i + 1]);
		}
	}
	if (sc->ids_only)
		return;
	if (strcmp(name, "h1") == 0 && sc->h1++ == 0)
		sc->h1_line = cur_line(sc);
	if (strcmp(name, "a") == 0 || strcmp(name, "area") == 0) {
		if ((v = attr(atts, "href")) != NULL)
			url(sc, name, v, 0);
		return;
	}
	if (strcmp(name, "link") == 0) {
		res = link_loads(attr(atts, "rel"));
		if ((v = attr(atts, "href")) != NULL)
			url(sc, name, v, res);
		return;
	}
	if (strcmp(name, "form") == 0) {
		if ((v = attr(atts, "action")) != NULL)
			url(sc, name, v, 0);
		return;
	}
	if (strcmp(name, "img") == 0 && attr(atts, "alt") == NULL) {
		l = where(sc, attr(atts, "src"));
		diag_warn(&l, "image '%s' has no alt text",
		    attr(atts, "src") ? attr(atts, "src") : "");
		diag_note(NULL, "describe it, or give alt=\"\" when it is "
		    "only decoration");
	}
	if (strcmp(name, "img") == 0 || strcmp(name, "script") == 0 ||
	    strcmp(name, "iframe") == 0 || strcmp(name, "video") == 0 ||
	    strcmp(name, "audio") == 0 || strcmp(name, "source") == 0 ||
	    strcmp(name, "track") == 0 || strcmp(name, "embed") == 0 ||
	    strcmp(name, "input") == 0) {
		if ((v = attr(atts, "src")) != NULL)
			url(sc, name, v, 1);
		if ((v = attr(atts, "srcset")) != NULL)
			srcset(sc, name, v);
		if ((v = attr(atts, "poster")) != NULL)
			url(sc, name, v, 1);
	} else if (strcmp(name, "object") == 0 &&
	    (v = attr(atts, "data")) != NULL)
		url(sc, name, v, 1);
}


/* Keep a start tag from the XML parser: line, name, then name/value pairs. */
static void
keep_tag(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct scan *sc = ud;
	unsigned line = (unsigned)sc->ctxt->input->line;
	const xmlChar *p;
	size_t i;

	for (p = name; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			sc->upper = 1;
	buf_put(&sc->tags, &line, sizeof(line));
	buf_put(&sc->tags, name, strlen((const char *)name) + 1);
	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		for (p = atts[i]; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				sc->upper = 1;
		buf_put(&sc->tags, atts[i], strlen((const char *)atts[i]) + 1);
		p = atts[i + 1] != NULL ? atts[i + 1] : (const xmlChar *)"";
		buf_put(&sc->tags, p, strlen((const char *)p) + 1);
	}
	buf_putc(&sc->tags, '\0');	/* no attribute name is empty */
}

/* Hand the kept start tags to start(), as the HTML parser would have. */
static void
replay(struct scan *sc)
{
	const char *p = sc->tags.ptr, *end = p + sc->tags.len, *name;
	const xmlChar **atts = NULL;
	size_t n, cap = 0;

	while (p < end) {
		memcpy(&sc->line, p, sizeof(sc->line));
		p += sizeof(sc->line);
		name = p;
		p += strlen(p) + 1;
		for (n = 0; *p != '\0'; n += 2) {
			if (n + 3 > cap) {
				cap = cap ? cap * 2 : 16;
				atts = xreallocarray(atts, cap, sizeof(*atts));
			}
			atts[n] = (const xmlChar *)p;
			p += strlen(p) + 1;
			atts[n + 1] = (const xmlChar *)p;
			p += strlen(p) + 1;
		}
		p++;
		if (n + 1 > cap) {
			cap = cap ? cap * 2 : 16;
			atts = xreallocarray(atts, cap, sizeof(*atts));
		}
		atts[n] = NULL;
		start(sc, (const xmlChar *)name, atts);
	}
	free(atts);
}

/*
 * The XML parser over a page, keeping its start tags; 1 when the page is
 * well-formed XML with lower-case names (the tags are then in sc->tags).
 */
static int
parse_xml(struct scan *sc, const char *html, size_t len)
{
	xmlParserCtxtPtr ctxt;
	int ok;

	if (len > INT_MAX || (ctxt = xmlCreateMemoryParserCtxt(html,
	    (int)len)) == NULL)
		return 0;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	/* SAX1 start tags (name, attributes), as the HTML parser gives. */
	memset(ctxt->sax, 0, sizeof(*ctxt->sax));
	ctxt->sax->initialized = 1;
	ctxt->sax->startElement = keep_tag;
	ctxt->sax->warning = quiet;
	ctxt->sax->error = quiet;
	ctxt->sax->fatalError = quiet;
	ctxt->userData = sc;
	sc->ctxt = ctxt;
	sc->upper = 0;
	buf_reset(&sc->tags);
	xmlParseDocument(ctxt);
	ok = ctxt->wellFormed && ctxt->errNo == 0 && !sc->upper;
	xmlFreeParserCtxt(ctxt);
	sc->ctxt = NULL;
	return ok;
}

/*
 * Check a page from memory: start() for every start tag, with sc as its
 * data, from the XML parser's replay or else from libxml2's HTML parser;
 * the parsers' own complaints are silenced (the check makes its own).
 * -1 when no parser could be made.
 */
static int
parse(struct scan *sc, const char *html, size_t len)
{
	int rc = 0;

	if (parse_xml(sc, html, len)) {
		replay(sc);
		buf_release(&sc->tags);
		return 0;
	}
	buf_release(&sc->tags);
	sc->ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
	if (sc->ctxt == NULL)
		return -1;
	htmlCtxtUseOptions(sc->ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	memset(sc->ctxt->sax, 0, sizeof(*sc->ctxt->sax));
	sc->ctxt->sax->startElement = start;
	sc->ctxt->sax->warning = quiet;
	sc->ctxt->sax->error = quiet;
	sc->ctxt->sax->fatalError = quiet;
	sc->ctxt->userData = sc;
	htmlParseDocument(sc->ctxt);
	htmlFreeParserCtxt(sc->ctxt);
	sc->ctxt = NULL;
	return rc;
}

/* Links within the page, now that every id of it is known. */
static void
settle_own(struct scan *sc)
{
	struct page *pg = sc->pg;
	struct link *k;
	size_t i, kept = 0;

	for (i = 0; i < pg->nlinks; i++) {
		k = &pg->links[i];
		if (strcmp(k->target, pg->path) != 0 || k->frag == NULL) {
			pg->links[kept++] = *k;
			continue;
		}
		if (*k->frag != '\0' && strcmp(k->frag, "top") != 0 &&
		    strmap_get(&pg->ids, k->frag) == NULL) {
			if (k->loc.file == NULL)
				k->loc.file = page_file(sc);
			report_missing_id(&k->loc, k->href, k->frag,
			    pg->path);
		}
		free(k->target);
		free(k->frag);
		free(k->href);
	}
	pg->nlinks = kept;
}

void
hc_page(struct hc *hc, const char *path, const char *html, size_t len,
    const struct md_doc *src)
{
	struct page *pg = xcalloc(1, sizeof(*pg));
	struct strmap needs = STRMAP_INIT;
	struct scan sc;
	struct loc l;
	size_t i;

	memset(&sc, 0, sizeof(sc));
	pg->path = xstrdup(path);
	sc.hc = hc;
	sc.pg = pg;
	sc.src = src;
	sc.needs = &needs;
	if (parse(&sc, html, len) == -1) {
		sc.msgs++;
		l.file = page_file(&sc);
		l.line = l.col = 0;
		diag_warn(&l, "the page could not be checked");
	} else {
		l.file = sc.h1 != 1 ? page_file(&sc) : NULL;
		l.col = 0;
		l.line = sc.h1_line;
		if (sc.h1 != 1)
			sc.msgs++;
		if (sc.h1 == 0)
			diag_warn(&l, "the page has no h1 heading");
		else if (sc.h1 > 1)
			diag_warn(&l, "the page has %u h1 headings; give it "
			    "one", sc.h1);
	}
	settle_own(&sc);
	pg->clean = sc.msgs == 0;
	pthread_mutex_lock(&hc->lock);
	for (i = 0; i < needs.cap; i++)
		if (needs.slots[i].key != NULL &&
		    strmap_get(&hc->needs, needs.slots[i].key) == NULL)
			strmap_put(&hc->needs, needs.slots[i].key, (void *)1);
	hc->links += sc.links;
	strmap_put(&hc->pages, pg->path, pg);
	if (hc->npages == hc->cap) {
		hc->cap = hc->cap ? hc->cap * 2 : 64;
		hc->list = xreallocarray(hc->list, hc->cap, sizeof(*hc->list));
	}
	hc->list[hc->npages++] = pg;
	pthread_mutex_unlock(&hc->lock);
	strmap_release(&needs);
}

/* The ids of a page not checked again, from its written bytes; NULL if unread. */
static struct page *
load_ids(struct hc *hc, const char *path)
{
	struct page *pg, *had;
	struct scan sc;
	char *file, *html;
	size_t len;

	file = fs_join(hc->out->stage, path);
	if (fs_read(file, &html, &len) == -1) {
		free(file);
		return NULL;
	}
	free(file);
	pg = xcalloc(1, sizeof(*pg));
	pg->path = xstrdup(path);
	pg->clean = 1;
	memset(&sc, 0, sizeof(sc));
	sc.hc = hc;
	sc.pg = pg;
	sc.ids_only = 1;
	parse(&sc, html, len);
	free(html);
	pthread_mutex_lock(&hc->lock);
	if ((had = strmap_get(&hc->pages, path)) == NULL) {
		strmap_put(&hc->pages, pg->path, pg);
		if (hc->npages == hc->cap) {
			hc->cap = hc->cap ? hc->cap * 2 : 64;
			hc->list = xreallocarray(hc->list, hc->cap,
			    sizeof(*hc->list));
		}
		hc->list[hc->npages++] = pg;
	}
	pthread_mutex_unlock(&hc->lock);
	if (had != NULL) {
		strmap_release(&pg->ids);
		free(pg->path);
		free(pg);
		pg = had;
	}
	return pg;
}

void
hc_page_same(struct hc *hc, const char *path, const struct md_doc *src)
{
	struct same *sm = xcalloc(1, sizeof(*sm));

	sm->path = xstrdup(path);
	sm->src = src;
	pthread_mutex_lock(&hc->lock);
	strmap_put(&hc->same, path, sm);
	if ((hc->nsame & (hc->nsame - 1)) == 0)
		hc->samel = xreallocarray(hc->samel, hc->nsame ?
		    hc->nsame * 2 : 4, sizeof(*hc->samel));
	hc->samel[hc->nsame++] = sm;
	pthread_mutex_unlock(&hc->lock);
}

size_t
hc_same_count(const struct hc *hc)
{
	return hc->nsame;
}

int
hc_page_clean(struct hc *hc, const char *path)
{
	struct page *pg;
	int clean;

	pthread_mutex_lock(&hc->lock);
	if (strmap_get(&hc->same, path) != NULL)
		clean = 1;
	else
		clean = (pg = strmap_get(&hc->pages, path)) != NULL &&
		    pg->clean;
	pthread_mutex_unlock(&hc->lock);
	return clean;
}

void
hc_each_need(struct hc *hc, void (*fn)(void *, const char *), void *arg)
{
	size_t i;

	for (i = 0; i < hc->needs.cap; i++)
		if (hc->needs.slots[i].key != NULL)
			fn(arg, hc->needs.slots[i].key);
}

void
hc_need_add(struct hc *hc, const char *need)
{
	if (strmap_get(&hc->needs, need) == NULL)
		strmap_put(&hc->needs, need, (void *)1);
}

int
hc_need_holds(struct hc *hc, const char *need)
{
	const char *sep = strchr(need, '\37');
	char *target;
	int ok, missing;

	if (sep == NULL)
		return out_has(hc->out, need);
	target = xstrndup(need, (size_t)(sep - need));
	pthread_mutex_lock(&hc->lock);
	ok = strmap_get(&hc->same, target) != NULL;
	pthread_mutex_unlock(&hc->lock);
	/* A page not checked again has the ids it had. */
	if (ok)
		ok = out_has(hc->out, target);
	else
		ok = known(hc, target, sep + 1, &missing);
	free(target);
	return ok;
}

void
hc_recheck_same(struct hc *hc)
{
	struct same **l;
	size_t i, n, len;
	char *file, *html;

	pthread_mutex_lock(&hc->lock);
	l = hc->samel;
	n = hc->nsame;
	hc->samel = NULL;
	hc->nsame = 0;
	pthread_mutex_unlock(&hc->lock);
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&hc->lock);
		strmap_put(&hc->same, l[i]->path, NULL);
		pthread_mutex_unlock(&hc->lock);
		file = fs_join(hc->out->stage, l[i]->path);
		if (fs_read(file, &html, &len) == 0) {
			hc_page(hc, l[i]->path, html, len, l[i]->src);
			free(html);
		}
		free(file);
		free(l[i]->path);
		free(l[i]);
	}
	free(l);
}

/* The URL in "url(...)" or "@import '...'" at p, into b. */
static const char *
css_url(const char *p, const char *end, struct buf *b)
{
	char q = 0;

	buf_reset(b);
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (end - p > 4 && strncasecmp(p, "url(", 4) == 0)
		return css_url(p + 4, end, b);
	if (p < end && (*p == '"' || *p == '\''))
		q = *p++;
	while (p < end && *p != (q ? q : ')') && (q || !isspace(
	    (unsigned char)*p)))
		buf_putc(b, *p++);
	return p;
}

void
hc_css(struct hc *hc, const char *path, const char *css, size_t len)
{
	const char *p = css, *end = css + len, *hit;
	struct buf u = BUF_INIT;
	struct page pg;
	struct scan sc;
	size_t i;

	memset(&pg, 0, sizeof(pg));
	memset(&sc, 0, sizeof(sc));
	pg.path = (char *)path;
	sc.hc = hc;
	sc.pg = &pg;
	sc.file = output_name(hc, path);
	while (p < end) {
		hit = NULL;
		for (; p + 4 <= end && hit == NULL; p++)
			if (strncasecmp(p, "url(", 4) == 0)
				hit = p + 4;
			else if (p + 7 <= end &&
			    strncasecmp(p, "@import", 7) == 0)
				hit = p + 7;
		if (hit == NULL)
			break;
		p = css_url(hit, end, &u);
		if (u.len > 0 && strncasecmp(u.ptr, "data:", 5) != 0 &&
		    strncasecmp(u.ptr, "url(", 4) != 0)
			url(&sc, "style", u.ptr, 1);
	}
	/* Relative URLs in a stylesheet are files, settled at the end. */
	pthread_mutex_lock(&hc->lock);
	hc->links += sc.links;
	for (i = 0; i < pg.nlinks; i++) {
		struct page *keep = xcalloc(1, sizeof(*keep));

		keep->path = xstrdup(path);
		keep->links = xmalloc(sizeof(*keep->links));
		keep->links[0] = pg.links[i];
		keep->nlinks = 1;
		if (hc->npages == hc->cap) {
			hc->cap = hc->cap ? hc->cap * 2 : 64;
			hc->list = xreallocarray(hc->list, hc->cap,
			    sizeof(*hc->list));
		}
		hc->list[hc->npages++] = keep;
	}
	pthread_mutex_unlock(&hc->lock);
	free(pg.links);
	strmap_release(&pg.ids);
	buf_release(&u);
}

int
hc_resolve(struct hc *hc)
{
	struct strmap folders = STRMAP_INIT;
	struct page *pg;
	struct link *k;
	struct buf b = BUF_INIT;
	size_t i, j;
	char *slash;
	int rc = 0, missing, made = 0;

	hc->resolving = 1;
	for (i = 0; i < hc->npages; i++) {
		pg = hc->list[i];
		for (j = 0; j < pg->nlinks; j++) {
			k = &pg->links[j];
			if (known(hc, k->target, k->frag, &missing))
				continue;
			rc = -1;
			if (k->loc.file == NULL)
				k->loc.file = output_name(hc, pg->path);
			if (missing) {
				report_missing_id(&k->loc, k->href, k->frag,
				    k->target);
				continue;
			}
			if (!made) {
				size_t f;

				for (f = 0; f < hc->out->nfiles; f++) {
					buf_reset(&b);
					buf_puts(&b, hc->out->files[f]);
					while ((slash = strrchr(b.ptr, '/')) !=
					    NULL) {
						buf_truncate(&b, (size_t)(slash -
						    b.ptr));
						strmap_put(&folders, b.ptr,
						    (void *)1);
					}
				}
				made = 1;
			}
			if (strmap_get(&folders, k->target) != NULL) {
				diag_error(&k->loc, "link '%s' names a folder",
				    k->href);
				diag_note(NULL, "link to the file, such as "
				    "'index.html' in it: from a USB stick a "
				    "folder opens as a file listing");
			} else
				diag_error(&k->loc, "link '%s' names no file: "
				    "the site has no '%s'", k->href,
				    k->target);
		}
	}
	strmap_release(&folders);
	buf_release(&b);
	return rc;
}

void
hc_counts(const struct hc *hc, size_t *pages, size_t *links)
{
	*pages = hc->npages;
	*links = hc->links;
}

void
hc_free(struct hc *hc)
{
	size_t i, j;

	if (hc == NULL)
		return;
	for (i = 0; i < hc->npages; i++) {
		for (j = 0; j < hc->list[i]->nlinks; j++) {
			free(hc->list[i]->links[j].target);
			free(hc->list[i]->links[j].frag);
			free(hc->list[i]->links[j].href);
		}
		free(hc->list[i]->links);
		strmap_release(&hc->list[i]->ids);
		free(hc->list[i]->path);
		free(hc->list[i]);
	}
	free(hc->list);
	for (i = 0; i < hc->nhosts; i++)
		free(hc->hosts[i]);
	free(hc->hosts);
	free(hc->outdir);
	free(hc->base);
	strmap_release(&hc->pages);
	strmap_release(&hc->needs);
	for (i = 0; i < hc->nsame; i++) {
		free(hc->samel[i]->path);
		free(hc->samel[i]);
	}
	free(hc->samel);
	strmap_release(&hc->same);
	pthread_mutex_destroy(&hc->lock);
	free(hc);
}
