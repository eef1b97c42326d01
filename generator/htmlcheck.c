/* SPDX-License-Identifier: ISC */
/*
 * The check of every page, parsed from memory with libxml2 in SAX mode (no
 * tree is built).  Pages Signpost writes are well-formed XML as well as
 * HTML (void elements closed, every attribute with a value), and libxml2's
 * XML parser reads them about three times as fast as its HTML parser: a
 * page is read with the XML parser first and checked as it is read; one
 * that is not well-formed (a site's own template, raw HTML in Markdown)
 * goes to the HTML parser, as before (see parse()).  Both give the same
 * start tags for a well-formed page.  Two phases so that pages can be
 * checked in any order and on any thread: while a page is written its
 * ids are recorded and its links resolved when their target is already
 * known; hc_resolve settles the rest once every file is written.
 */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
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
#include "hash.h"
#include "htmlcheck.h"
#include "markdown.h"
#include "output.h"
#include "pool.h"
#include "strmap.h"
#include "urlpath.h"
#include "value.h"
#include "xalloc.h"

/*
 * A link whose target was not known when its page was checked.  Its
 * target and href are interned (strmap_intern): many pages link to the
 * same few files, and a big site keeps a few hundred thousand of these.
 */
struct link {
	const char	*target;	/* path from the output root */
	const char	*href;		/* as written */
	char		*frag;		/* decoded fragment, or NULL */
	struct loc	 loc;
};

/*
 * The ids of a page in one block: the names, each NUL-terminated, and an
 * open-addressing table of their offsets + 1 (0 is a free slot).
 */
struct ids {
	char		*text;
	uint32_t	*tab;
	uint32_t	 cap;		/* a power of two, or 0 */
	uint32_t	 len;
	size_t		 textlen;
	size_t		 textcap;
};

struct page {
	char		*path;
	struct ids	 ids;
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
	size_t		  baselen;
	char		**hosts;
	size_t		  nhosts;
	struct strmap	  pages;	/* path -> struct page, once checked */
	struct page	**list;
	size_t		  npages, cap;
	size_t		  links;
	pthread_mutex_t	  lock;
	struct strmap	  needs;	/* "target" or "target\37frag" */
	struct strmap	  names;	/* targets and hrefs of kept links,
					   interned */
	struct strmap	  same;		/* path -> struct same */
	struct same	**samel;
	size_t		  nsame;
};

/* A link kept while its page is parsed: offsets into scan.strs. */
struct pend {
	size_t		 target;
	size_t		 href;
	char		*frag;
	struct loc	 loc;
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
	int			 dry;		/* first pass: report nothing */
	int			 dry_hit;	/* it had something to report */
	const struct md_doc	*src;
	size_t			 cursor;	/* next Markdown link to match */
	const char		*file;		/* the output page, for messages */
	unsigned		 h1;
	unsigned		 h1_line;
	size_t			 links;		/* added to hc->links at the end */
	size_t			 msgs;		/* problems reported */
	int			 ids_only;	/* read the ids, report nothing */
	int			 needs_on;	/* collect needs */
	struct buf		 needs;		/* links to other files, each
						   NUL-terminated */
	struct buf		 strs;		/* strings of pend */
	struct pend		*pend;
	size_t			 npend;
	struct buf		 path;		/* scratch: decoded path */
	struct buf		 target;	/* scratch: resolved path */
	struct buf		 tmp;		/* scratch: a srcset candidate */
	size_t			 pendcap;
	struct scratch		*lent;		/* the thread's, while borrowed */
};

/*
 * What a scan needs room for, kept by each thread from page to page
 * (with its libxml2 parser context), so that checking a page does not
 * allocate and grow the same buffers every time.
 */
struct scratch {
	xmlParserCtxtPtr	 ctxt;
	int			 parsing;	/* ctxt is reading a page */
	struct buf		 tags, needs, strs, path, target, tmp;
	struct pend		*pend;
	size_t			 pendcap;
	int			 busy;		/* lent to a scan */
};

static uint32_t
str_hash(const char *s)
{
	return hash_str(s, strlen(s));
}

/* Add id; 1 when it was there already. */
static int
ids_add(struct ids *ids, const char *id)
{
	uint32_t i, j, *tab, n = (uint32_t)strlen(id);

	if (2 * (ids->len + 1) > ids->cap) {
		uint32_t cap = ids->cap ? ids->cap * 2 : 16;

		tab = xcalloc(cap, sizeof(*tab));
		for (j = 0; j < ids->cap; j++) {
			if (ids->tab[j] == 0)
				continue;
			i = str_hash(ids->text + ids->tab[j] - 1) & (cap - 1);
			while (tab[i] != 0)
				i = (i + 1) & (cap - 1);
			tab[i] = ids->tab[j];
		}
		free(ids->tab);
		ids->tab = tab;
		ids->cap = cap;
	}
	for (i = str_hash(id) & (ids->cap - 1); ids->tab[i] != 0;
	    i = (i + 1) & (ids->cap - 1))
		if (strcmp(ids->text + ids->tab[i] - 1, id) == 0)
			return 1;
	if (ids->textlen + n + 1 > ids->textcap) {
		ids->textcap = ids->textcap ? ids->textcap * 2 : 256;
		while (ids->textlen + n + 1 > ids->textcap)
			ids->textcap *= 2;
		ids->text = xrealloc(ids->text, ids->textcap);
	}
	memcpy(ids->text + ids->textlen, id, n + 1);
	ids->tab[i] = (uint32_t)ids->textlen + 1;
	ids->textlen += n + 1;
	ids->len++;
	return 0;
}

static int
ids_has(const struct ids *ids, const char *id)
{
	uint32_t i;

	if (ids->cap == 0)
		return 0;
	for (i = str_hash(id) & (ids->cap - 1); ids->tab[i] != 0;
	    i = (i + 1) & (ids->cap - 1))
		if (strcmp(ids->text + ids->tab[i] - 1, id) == 0)
			return 1;
	return 0;
}

/* Give the block back what it does not use, to keep it for long. */
static void
ids_trim(struct ids *ids)
{
	if (ids->textcap > ids->textlen && ids->textlen > 0) {
		ids->text = xrealloc(ids->text, ids->textlen);
		ids->textcap = ids->textlen;
	}
}

static void
ids_release(struct ids *ids)
{
	free(ids->text);
	free(ids->tab);
	memset(ids, 0, sizeof(*ids));
}

static struct scratch *thread_scratch(void);

/* The buffers a scan and a thread's scratch both have, in one list. */
#define NBUFS	6
#define BUFS_OF(x)	{ &(x)->tags, &(x)->needs, &(x)->strs, &(x)->path, \
			  &(x)->target, &(x)->tmp }

static void
bufs_release(struct buf *const *v)
{
	size_t i;

	for (i = 0; i < NBUFS; i++)
		buf_release(v[i]);
}

/* Start a scan: zeroed, with the thread's buffers when they are free. */
static void
scan_init(struct scan *sc)
{
	struct scratch *t = thread_scratch();
	struct buf *mine[] = BUFS_OF(sc);
	size_t i;

	memset(sc, 0, sizeof(*sc));
	for (i = 0; i < NBUFS; i++)
		buf_init(mine[i]);
	if (t == NULL || t->busy)
		return;
	{
		struct buf *lent[] = BUFS_OF(t);

		for (i = 0; i < NBUFS; i++)
			*mine[i] = *lent[i];
	}
	t->busy = 1;
	sc->lent = t;
	sc->pend = t->pend;
	sc->pendcap = t->pendcap;
}

static void
scan_release(struct scan *sc)
{
	struct scratch *t = sc->lent;
	struct buf *mine[] = BUFS_OF(sc);
	size_t i;

	for (i = 0; i < sc->npend; i++)
		free(sc->pend[i].frag);
	sc->npend = 0;
	if (t == NULL) {
		free(sc->pend);
		bufs_release(mine);
		return;
	}
	{
		struct buf *lent[] = BUFS_OF(t);

		for (i = 0; i < NBUFS; i++) {
			buf_scratch_done(mine[i]);
			*lent[i] = *mine[i];
		}
	}
	t->pend = sc->pend;
	t->pendcap = sc->pendcap;
	t->busy = 0;
	sc->lent = NULL;
}

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
	hc->baselen = base_url != NULL ? strlen(base_url) : 0;
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
	pool_mutex_init(&hc->lock);
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

/*
 * Whether a problem must wait: in the first pass, which reads a page
 * and checks it at once, a problem stops the parse, and the page is read
 * again the careful way (see parse()) before anything is reported.
 */
static int
held(struct scan *sc)
{
	if (!sc->dry)
		return 0;
	if (!sc->dry_hit)
		xmlStopParser(sc->ctxt);
	sc->dry_hit = 1;
	return 1;
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
		ok = ids_has(&pg->ids, frag);
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
need_put(struct scan *sc, const char *target, const char *frag)
{
	if (!sc->needs_on)
		return;
	buf_puts(&sc->needs, target);
	if (frag != NULL && *frag != '\0' && strcmp(frag, "top") != 0) {
		buf_putc(&sc->needs, '\37');
		buf_puts(&sc->needs, frag);
	}
	buf_putc(&sc->needs, '\0');
}

/* Keep a link to settle when the page ends or in hc_resolve. */
static void
keep(struct scan *sc, const char *target, char *frag, const char *href)
{
	struct pend *k;

	if (sc->npend == sc->pendcap) {
		sc->pendcap = sc->pendcap ? sc->pendcap * 2 : 32;
		sc->pend = xreallocarray(sc->pend, sc->pendcap,
		    sizeof(*sc->pend));
	}
	k = &sc->pend[sc->npend++];
	k->target = sc->strs.len;
	buf_puts(&sc->strs, target);
	buf_putc(&sc->strs, '\0');
	k->href = sc->strs.len;
	buf_puts(&sc->strs, href);
	buf_putc(&sc->strs, '\0');
	k->frag = frag;
	k->loc = locate(sc, href);
}

static void
from_other_host(struct scan *sc, const char *tag, const char *u)
{
	struct loc l;

	if (held(sc))
		return;
	l = where(sc, u);
	diag_warn(&l, "<%s> loads '%s' from another host", tag, u);
	diag_note(NULL, "copy it into the site, or list the host under "
	    "'hosts:' in site.yml");
}

/*
 * A URL in the page.  resource: it loads into the page (script, image,
 * stylesheet...), so another host must be listed.
 */
static void
url(struct scan *sc, const char *tag, const char *u, int resource)
{
	struct hc *hc = sc->hc;
	const char *hash = strchr(u, '#'), *rel = u, *path, *target;
	char *frag;
	struct loc l;
	size_t plen, n;
	int missing, own = 0;

	if (*u == '\0')
		return;
	sc->links++;
	if (hc->base != NULL && strncmp(u, hc->base, hc->baselen) == 0) {
		/* The site's own address (404.html): a path from the root. */
		rel = u + hc->baselen;
		own = 1;
	}
	if (!own && u[0] == '/' && u[1] == '/') {
		if (resource && !host_listed(hc, u))
			from_other_host(sc, tag, u);
		return;
	}
	if (!own && has_scheme(u)) {
		if (resource && (strncasecmp(u, "http:", 5) == 0 ||
		    strncasecmp(u, "https:", 6) == 0) && strstr(u, "//") &&
		    !host_listed(hc, u))
			from_other_host(sc, tag, u);
		return;
	}
	if (!own && u[0] == '/') {
		if (held(sc))
			return;
		l = where(sc, u);
		diag_error(&l, "link '%s' starts at the server root", u);
		diag_note(NULL, "it breaks from a USB stick and in a "
		    "sub-folder; link relative to the page");
		return;
	}
	plen = strcspn(rel, "?#");
	buf_reset(&sc->path);
	if (memchr(rel, '%', plen) == NULL)
		buf_put(&sc->path, rel, plen);
	else {
		char *dec = esc_url_decode(rel, plen);

		buf_puts(&sc->path, dec);
		free(dec);
	}
	path = sc->path.ptr;
	n = strlen(path);
	if (n == 0 && !own)
		target = sc->pg->path;
	else if (n == 0 || path[n - 1] == '/' || strcmp(path, ".") == 0 ||
	    strcmp(path, "..") == 0) {
		if (held(sc))
			return;
		l = where(sc, u);
		diag_error(&l, "link '%s' names a folder", u);
		diag_note(NULL, "link to the file, such as 'index.html' in "
		    "it: from a USB stick a folder opens as a file listing");
		return;
	} else if (urlpath_resolve_buf(&sc->target, own ? "" :
	    sc->pg->path, path) == -1) {
		if (held(sc))
			return;
		l = where(sc, u);
		diag_error(&l, "link '%s' leads out of the site", u);
		return;
	} else
		target = sc->target.ptr;
	frag = hash != NULL ? esc_url_decode(hash + 1, strlen(hash + 1)) : NULL;
	if (strcmp(target, sc->pg->path) == 0) {
		/* Ids on this page are settled when the page ends. */
		if (frag == NULL && known(hc, target, NULL, &missing))
			return;
	} else {
		need_put(sc, target, frag);
		if (known(hc, target, frag, &missing)) {
			free(frag);
			return;
		}
		if (missing) {
			if (held(sc)) {
				free(frag);
				return;
			}
			l = where(sc, u);
			report_missing_id(&l, u, frag, target);
			free(frag);
			return;
		}
	}
	keep(sc, target, frag, u);
}

static void
srcset(struct scan *sc, const char *tag, const char *v)
{
	size_t n;

	while (*v != '\0') {
		v += strspn(v, " \t\n,");
		n = strcspn(v, " \t\n,");
		if (n == 0)
			break;
		buf_reset(&sc->tmp);
		buf_put(&sc->tmp, v, n);
		url(sc, tag, sc->tmp.ptr, 1);
		v += n;
		v += strcspn(v, ",");
	}
}

/* rel values of <link> that load something into the page. */
static int
link_loads(const char *rel)
{
	static const char *const words[] = { "stylesheet", "icon",
	    "preload", "modulepreload", "manifest", "apple-touch-icon",
	    "mask-icon", "prefetch" };
	size_t i, n;

	while (rel != NULL && *rel != '\0') {
		rel += strspn(rel, " \t\n");
		n = strcspn(rel, " \t\n");
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i]) == n &&
			    strncasecmp(rel, words[i], n) == 0)
				return 1;
		rel += n;
	}
	return 0;
}

/* What the check does with an element. */
enum kind {
	K_OTHER,	/* its ids only */
	K_H1,
	K_A,		/* a, area: href */
	K_LINK,		/* href, a resource when rel says it loads */
	K_FORM,		/* action */
	K_IMG,		/* alt; src, srcset, poster */
	K_SRC,		/* script, iframe, video...: src, srcset, poster */
	K_OBJECT	/* data */
};

static enum kind
kind_of(const char *n)
{
	switch (n[0]) {
	case 'a':
		if (strcmp(n, "a") == 0 || strcmp(n, "area") == 0)
			return K_A;
		if (strcmp(n, "audio") == 0)
			return K_SRC;
		break;
	case 'e':
		if (strcmp(n, "embed") == 0)
			return K_SRC;
		break;
	case 'f':
		if (strcmp(n, "form") == 0)
			return K_FORM;
		break;
	case 'h':
		if (strcmp(n, "h1") == 0)
			return K_H1;
		break;
	case 'i':
		if (strcmp(n, "img") == 0)
			return K_IMG;
		if (strcmp(n, "iframe") == 0 || strcmp(n, "input") == 0)
			return K_SRC;
		break;
	case 'l':
		if (strcmp(n, "link") == 0)
			return K_LINK;
		break;
	case 'o':
		if (strcmp(n, "object") == 0)
			return K_OBJECT;
		break;
	case 's':
		if (strcmp(n, "script") == 0 || strcmp(n, "source") == 0)
			return K_SRC;
		break;
	case 't':
		if (strcmp(n, "track") == 0)
			return K_SRC;
		break;
	case 'v':
		if (strcmp(n, "video") == 0)
			return K_SRC;
		break;
	}
	return K_OTHER;
}

/* The attributes the check reads, the first of each name. */
struct atts {
	const char	*href, *src, *srcset, *poster, *alt, *rel, *action,
			*data;
};

static void
set_att(const char **slot, const xmlChar *v)
{
	if (*slot == NULL)
		*slot = v != NULL ? (const char *)v : "";
}

static void
read_atts(const xmlChar **atts, struct atts *a)
{
	const char *n;
	size_t i;

	memset(a, 0, sizeof(*a));
	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		n = (const char *)atts[i];
		switch (n[0]) {
		case 'a':
			if (strcmp(n, "alt") == 0)
				set_att(&a->alt, atts[i + 1]);
			else if (strcmp(n, "action") == 0)
				set_att(&a->action, atts[i + 1]);
			break;
		case 'd':
			if (strcmp(n, "data") == 0)
				set_att(&a->data, atts[i + 1]);
			break;
		case 'h':
			if (strcmp(n, "href") == 0)
				set_att(&a->href, atts[i + 1]);
			break;
		case 'p':
			if (strcmp(n, "poster") == 0)
				set_att(&a->poster, atts[i + 1]);
			break;
		case 'r':
			if (strcmp(n, "rel") == 0)
				set_att(&a->rel, atts[i + 1]);
			break;
		case 's':
			if (strcmp(n, "src") == 0)
				set_att(&a->src, atts[i + 1]);
			else if (strcmp(n, "srcset") == 0)
				set_att(&a->srcset, atts[i + 1]);
			break;
		}
	}
}

static void
start(void *ud, const xmlChar *namex, const xmlChar **atts)
{
	struct scan *sc = ud;
	const char *name = (const char *)namex;
	struct atts a;
	struct loc l;
	enum kind k;
	size_t i;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		if (atts[i][0] != 'i' || atts[i][1] != 'd' ||
		    atts[i][2] != '\0' || atts[i + 1] == NULL)
			continue;
		if (ids_add(&sc->pg->ids, (const char *)atts[i + 1]) &&
		    !sc->ids_only) {
			if (held(sc))
				return;
			l = where(sc, NULL);
			diag_warn(&l, "id '%s' is used twice on the page",
			    (const char *)atts[i + 1]);
		}
	}
	if (sc->ids_only || (k = kind_of(name)) == K_OTHER)
		return;
	if (k == K_H1) {
		if (sc->h1++ == 0)
			sc->h1_line = cur_line(sc);
		return;
	}
	read_atts(atts, &a);
	switch (k) {
	case K_A:
		if (a.href != NULL)
			url(sc, name, a.href, 0);
		break;
	case K_LINK:
		if (a.href != NULL)
			url(sc, name, a.href, link_loads(a.rel));
		break;
	case K_FORM:
		if (a.action != NULL)
			url(sc, name, a.action, 0);
		break;
	case K_IMG:
		if (a.alt == NULL) {
			if (held(sc))
				return;
			l = where(sc, a.src);
			diag_warn(&l, "image '%s' has no alt text",
			    a.src != NULL ? a.src : "");
			diag_note(NULL, "describe it, or give alt=\"\" when "
			    "it is only decoration");
		}
		/* FALLTHROUGH */
	case K_SRC:
		if (a.src != NULL)
			url(sc, name, a.src, 1);
		if (a.srcset != NULL)
			srcset(sc, name, a.srcset);
		if (a.poster != NULL)
			url(sc, name, a.poster, 1);
		break;
	case K_OBJECT:
		if (a.data != NULL)
			url(sc, name, a.data, 1);
		break;
	default:
		break;
	}
}


/* Whether a name has an upper-case letter (no page of ours has one). */
static int
has_upper(const xmlChar *p)
{
	for (; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			return 1;
	return 0;
}

/* Keep a name, NUL and all; note an upper-case letter in it. */
static void
keep_name(struct scan *sc, const xmlChar *name)
{
	sc->upper |= has_upper(name);
	buf_put(&sc->tags, name, strlen((const char *)name) + 1);
}

/* Keep a start tag from the XML parser: line, name, then name/value pairs. */
static void
keep_tag(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct scan *sc = ud;
	unsigned line = (unsigned)sc->ctxt->input->line;
	const xmlChar *p;
	size_t i;

	buf_put(&sc->tags, &line, sizeof(line));
	keep_name(sc, name);
	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		keep_name(sc, atts[i]);
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
 * Each thread keeps one XML parser context from page to page, and with it
 * its dictionary of names: making and freeing one per page cost about 3%
 * of the check.
 */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void
scratch_free(void *p)
{
	struct scratch *t = p;
	struct buf *mine[] = BUFS_OF(t);

	if (t->ctxt != NULL)
		xmlFreeParserCtxt(t->ctxt);
	bufs_release(mine);
	free(t->pend);
	free(t);
}

static void
scratch_key_make(void)
{
	if (pthread_key_create(&scratch_key, scratch_free) != 0)
		abort();
}

static struct scratch *
thread_scratch(void)
{
	struct scratch *t;
	size_t i;

	pthread_once(&scratch_once, scratch_key_make);
	if ((t = pthread_getspecific(scratch_key)) == NULL) {
		t = xcalloc(1, sizeof(*t));
		{
			struct buf *mine[] = BUFS_OF(t);

			for (i = 0; i < NBUFS; i++)
				buf_init(mine[i]);
		}
		if (pthread_setspecific(scratch_key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	return t;
}

/*
 * The thread's XML parser context, or a context of its own for a page
 * read while the thread's is reading another (a link's target whose ids
 * are read from disk, in the middle of a page).
 */
static xmlParserCtxtPtr
ctxt_take(void)
{
	struct scratch *t = thread_scratch();

	if (t == NULL || t->parsing)
		return xmlNewParserCtxt();
	if (t->ctxt == NULL && (t->ctxt = xmlNewParserCtxt()) == NULL)
		return NULL;
	t->parsing = 1;
	return t->ctxt;
}

static void
ctxt_give(xmlParserCtxtPtr ctxt)
{
	struct scratch *t = thread_scratch();

	if (t != NULL && ctxt == t->ctxt)
		t->parsing = 0;
	else
		xmlFreeParserCtxt(ctxt);
}

/* A start tag in the first pass: checked as it is read. */
static void
check_tag(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct scan *sc = ud;
	size_t i;

	if (sc->dry_hit || sc->upper)
		return;
	sc->upper = has_upper(name);
	for (i = 0; atts != NULL && atts[i] != NULL && !sc->upper; i += 2)
		sc->upper = has_upper(atts[i]);
	if (sc->upper)
		xmlStopParser(sc->ctxt);
	else
		start(sc, name, atts);
}

/*
 * libxml2's XML parser over a page, its start tags to fn (SAX1: name and
 * attributes, as the HTML parser gives them); 1 when the page is
 * well-formed XML with lower-case names and was read to its end.
 */
static int
read_xml(struct scan *sc, const char *html, size_t len,
    startElementSAXFunc fn)
{
	xmlParserCtxtPtr ctxt;
	int ok;

	if (len > INT_MAX || (ctxt = ctxt_take()) == NULL)
		return 0;
	memset(ctxt->sax, 0, sizeof(*ctxt->sax));
	ctxt->sax->initialized = 1;
	ctxt->sax->startElement = fn;
	ctxt->sax->warning = quiet;
	ctxt->sax->error = quiet;
	ctxt->sax->fatalError = quiet;
	ctxt->userData = sc;
	sc->ctxt = ctxt;
	sc->upper = 0;
	/* Resets the context and parses; no tree: the handlers take all. */
	xmlCtxtReadMemory(ctxt, html, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ok = ctxt->wellFormed && ctxt->errNo == 0 && !sc->upper;
	ctxt->userData = ctxt;
	sc->ctxt = NULL;
	ctxt_give(ctxt);
	return ok;
}

/* Back to no tag read, for the page to be read again. */
static void
scan_restart(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->npend; i++)
		free(sc->pend[i].frag);
	sc->npend = 0;
	ids_release(&sc->pg->ids);
	buf_reset(&sc->needs);
	buf_reset(&sc->strs);
	sc->links = 0;
	sc->h1 = sc->h1_line = 0;
	sc->cursor = 0;
	sc->dry_hit = 0;
}

/*
 * Check a page from memory: start() for every start tag, with sc as its
 * data; the parsers' own complaints are silenced (the check makes its
 * own).  Most pages are read once: by the XML parser, checked as read,
 * nothing reported.  A page with a problem to report is read again by
 * the XML parser, its start tags kept and replayed only once the whole
 * page proved well-formed (a message must not come from half a page that
 * the HTML parser then reads otherwise); a page that is not well-formed
 * goes to the HTML parser.  -1 when no parser could be made.
 */
static int
parse(struct scan *sc, const char *html, size_t len)
{
	int ok, hit;

	sc->dry = 1;
	ok = read_xml(sc, html, len, check_tag);
	sc->dry = 0;
	if (ok)
		return 0;
	hit = sc->dry_hit;
	scan_restart(sc);
	if (hit) {
		/* The tags take about half a page, at most three quarters. */
		buf_grow(&sc->tags, len - len / 4 + 64);
		if (read_xml(sc, html, len, keep_tag)) {
			replay(sc);
			buf_reset(&sc->tags);
			return 0;
		}
		buf_reset(&sc->tags);	/* not XML after all */
	}
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
	return 0;
}

/*
 * Links within the page, now that every id of it is known: a fragment
 * that names no id is reported, and the link dropped.
 */
static void
settle_own(struct scan *sc)
{
	struct page *pg = sc->pg;
	struct pend *k;
	size_t i, kept = 0;

	for (i = 0; i < sc->npend; i++) {
		k = &sc->pend[i];
		if (strcmp(sc->strs.ptr + k->target, pg->path) != 0 ||
		    k->frag == NULL) {
			sc->pend[kept++] = *k;
			continue;
		}
		if (*k->frag != '\0' && strcmp(k->frag, "top") != 0 &&
		    !ids_has(&pg->ids, k->frag)) {
			if (k->loc.file == NULL)
				k->loc.file = page_file(sc);
			report_missing_id(&k->loc, sc->strs.ptr + k->href,
			    k->frag, pg->path);
		}
		free(k->frag);
	}
	sc->npend = kept;
}

/* Record a page checked, with the links it left for hc_resolve. */
static void
add_page(struct hc *hc, struct scan *sc, int map)
{
	struct page *pg = sc->pg;
	struct link *l;
	const char *need;
	size_t i;

	ids_trim(&pg->ids);
	if (sc->npend > 0)
		pg->links = xreallocarray(NULL, sc->npend, sizeof(*pg->links));
	pthread_mutex_lock(&hc->lock);
	for (need = sc->needs.ptr; need < sc->needs.ptr + sc->needs.len;
	    need += strlen(need) + 1)
		if (strmap_get(&hc->needs, need) == NULL)
			strmap_put(&hc->needs, need, (void *)1);
	for (i = 0; i < sc->npend; i++) {
		l = &pg->links[i];
		l->target = strmap_intern(&hc->names, sc->strs.ptr +
		    sc->pend[i].target);
		l->href = strmap_intern(&hc->names, sc->strs.ptr +
		    sc->pend[i].href);
		l->frag = sc->pend[i].frag;
		l->loc = sc->pend[i].loc;
	}
	pg->nlinks = sc->npend;
	sc->npend = 0;
	hc->links += sc->links;
	if (map)
		strmap_put(&hc->pages, pg->path, pg);
	if (hc->npages == hc->cap) {
		hc->cap = hc->cap ? hc->cap * 2 : 64;
		hc->list = xreallocarray(hc->list, hc->cap, sizeof(*hc->list));
	}
	hc->list[hc->npages++] = pg;
	pthread_mutex_unlock(&hc->lock);
}

void
hc_page(struct hc *hc, const char *path, const char *html, size_t len,
    const struct md_doc *src)
{
	struct page *pg = xcalloc(1, sizeof(*pg));
	struct scan sc;
	struct loc l;

	scan_init(&sc);
	pg->path = xstrdup(path);
	sc.hc = hc;
	sc.pg = pg;
	sc.src = src;
	sc.needs_on = 1;
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
	add_page(hc, &sc, 1);
	scan_release(&sc);
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
	scan_init(&sc);
	sc.hc = hc;
	sc.pg = pg;
	sc.ids_only = 1;
	parse(&sc, html, len);
	free(html);
	scan_release(&sc);
	ids_trim(&pg->ids);
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
		ids_release(&pg->ids);
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
	struct page *pg = xcalloc(1, sizeof(*pg));
	struct scan sc;

	scan_init(&sc);
	pg->path = xstrdup(path);
	pg->clean = 1;
	sc.hc = hc;
	sc.pg = pg;
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
	if (sc.npend > 0)
		add_page(hc, &sc, 0);
	else {
		pthread_mutex_lock(&hc->lock);
		hc->links += sc.links;
		pthread_mutex_unlock(&hc->lock);
		ids_release(&pg->ids);
		free(pg->path);
		free(pg);
	}
	scan_release(&sc);
	buf_release(&u);
}

void
hc_settle(struct hc *hc)
{
	struct strmap keep = STRMAP_INIT;
	const char *held[256];
	struct link *k;
	struct page *pg;
	size_t i, j, kept, n, slot;
	int missing;

	memset(held, 0, sizeof(held));
	pthread_mutex_lock(&hc->lock);
	n = hc->npages;
	pthread_mutex_unlock(&hc->lock);
	for (i = 0; i < n; i++) {
		pg = hc->list[i];
		for (j = kept = 0; j < pg->nlinks; j++) {
			k = &pg->links[j];
			/*
			 * Targets are interned: remember some that are
			 * written (a file written stays written).
			 */
			slot = ((uintptr_t)k->target >> 4) & 255;
			if (k->frag == NULL && held[slot] == k->target)
				continue;
			if (known(hc, k->target, k->frag, &missing)) {
				if (k->frag == NULL)
					held[slot] = k->target;
				free(k->frag);
			} else
				pg->links[kept++] = *k;
		}
		if (kept != pg->nlinks && kept == 0) {
			free(pg->links);
			pg->links = NULL;
		} else if (kept != pg->nlinks)
			pg->links = xreallocarray(pg->links, kept,
			    sizeof(*pg->links));
		pg->nlinks = kept;
		/* Keep the names only the links left still use. */
		for (j = 0; j < kept; j++) {
			pg->links[j].target = strmap_intern(&keep,
			    pg->links[j].target);
			pg->links[j].href = strmap_intern(&keep,
			    pg->links[j].href);
		}
	}
	pthread_mutex_lock(&hc->lock);
	strmap_release(&hc->names);
	hc->names = keep;
	pthread_mutex_unlock(&hc->lock);
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
	/* Pages were checked on several threads: report in place order. */
	diag_defer_begin();
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
	diag_defer_end();
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
		for (j = 0; j < hc->list[i]->nlinks; j++)
			free(hc->list[i]->links[j].frag);
		free(hc->list[i]->links);
		ids_release(&hc->list[i]->ids);
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
	strmap_release(&hc->names);
	for (i = 0; i < hc->nsame; i++) {
		free(hc->samel[i]->path);
		free(hc->samel[i]);
	}
	free(hc->samel);
	strmap_release(&hc->same);
	pthread_mutex_destroy(&hc->lock);
	free(hc);
}
