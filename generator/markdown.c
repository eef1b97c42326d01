/* SPDX-License-Identifier: ISC */
/*
 * Markdown through cmark.  We walk cmark's tree and write the HTML
 * ourselves (after cmark's src/html.c) so that headings get stable ids,
 * links to source files become links to pages, outbound links carry rel,
 * and the plain text for search and readability comes from the same walk.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "escape.h"
#include "markdown.h"
#include "slug.h"
#include "xalloc.h"

/*
 * cmark allocates every node, string and buffer of a document through
 * the three calls of a cmark_mem.  A tree lives only while we walk it,
 * so a per-thread arena serves them: an allocation is a pointer bump, a
 * buffer that grows at the top grows in place, and the whole tree goes
 * at once when the walk is done (no free per node).  A chunk too small
 * for a document is replaced by one that fits it all the next time.
 */
struct chunk {
	struct chunk	*next;
	size_t		 cap;		/* bytes of data */
	size_t		 used;
	size_t		 last;		/* offset of the newest block, or SIZE_MAX */
	_Alignas(16) char data[];
};

#define BLOCK_HDR	16	/* the size, kept before each block */
#define ROUND16(n)	(((n) + 15) & ~(size_t)15)

static _Thread_local struct chunk	*arena;
static _Thread_local size_t		 arena_total;	/* all chunks' used */
static _Thread_local unsigned		 arena_users;	/* trees alive */
static pthread_key_t			 arena_key;
static pthread_once_t			 arena_once = PTHREAD_ONCE_INIT;

static void
arena_free_all(void *p)
{
	struct chunk *c = p, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

static void
arena_key_init(void)
{
	/* Threads of the pool end after each run: free their arena then. */
	if (pthread_key_create(&arena_key, arena_free_all) != 0)
		abort();
}

static struct chunk *
chunk_new(size_t cap, struct chunk *next)
{
	struct chunk *c = xmalloc(sizeof(*c) + cap);

	c->next = next;
	c->cap = cap;
	c->used = 0;
	c->last = SIZE_MAX;
	return c;
}

static void *
arena_alloc(size_t n)
{
	struct chunk *c = arena;
	size_t need = BLOCK_HDR + ROUND16(n), cap;
	char *p;

	if (n > SIZE_MAX / 4)
		abort();
	if (c == NULL || c->cap - c->used < need) {
		cap = c != NULL ? c->cap * 2 : 256u << 10;
		while (cap < need)
			cap *= 2;
		if (c != NULL)
			arena_total += c->used;
		arena = c = chunk_new(cap, c);
		pthread_once(&arena_once, arena_key_init);
		pthread_setspecific(arena_key, c);
	}
	p = c->data + c->used;
	memcpy(p, &n, sizeof(n));
	c->last = c->used + BLOCK_HDR;
	c->used += need;
	return p + BLOCK_HDR;
}

static void *
arena_calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		abort();
	p = arena_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
arena_realloc(void *ptr, size_t n)
{
	struct chunk *c = arena;
	size_t old;
	void *p;

	if (ptr == NULL)
		return arena_alloc(n);
	memcpy(&old, (char *)ptr - BLOCK_HDR, sizeof(old));
	if (c->last != SIZE_MAX && (char *)ptr == c->data + c->last &&
	    c->cap - c->last >= ROUND16(n)) {
		/* The newest block grows or shrinks where it is. */
		memcpy((char *)ptr - BLOCK_HDR, &n, sizeof(n));
		c->used = c->last + ROUND16(n);
		return ptr;
	}
	p = arena_alloc(n);
	memcpy(p, ptr, old < n ? old : n);
	return p;
}

static void
arena_release(void *ptr)
{
	struct chunk *c = arena;

	/* Only the newest block gives its room back; the rest waits. */
	if (ptr != NULL && c->last != SIZE_MAX &&
	    (char *)ptr == c->data + c->last) {
		c->used = c->last - BLOCK_HDR;
		c->last = SIZE_MAX;
	}
}

/*
 * Forget every block once no tree is left; keep one chunk, big enough
 * for all of them.
 */
static void
arena_reset(void)
{
	struct chunk *c = arena;
	size_t total;

	if (arena_users > 0)
		arena_users--;
	if (c == NULL || arena_users > 0)
		return;
	if (c->next != NULL) {
		total = arena_total + c->used;
		arena_free_all(c);
		arena = c = chunk_new(ROUND16(total + total / 2), NULL);
		pthread_setspecific(arena_key, c);
	}
	c->used = 0;
	c->last = SIZE_MAX;
	arena_total = 0;
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_release };

/*
 * Whether text is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) without NUL bytes.  Such text is
 * what cmark's CMARK_OPT_VALIDATE_UTF8 leaves as it is, so the option,
 * a tenth of the parse, is needed only when this says no.
 */
static int
utf8_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint64_t w;
	unsigned c;
	size_t k, i;

	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, sizeof(w));
			/* Eight ASCII bytes, none of them NUL. */
			if ((w & 0x8080808080808080ull) == 0 &&
			    ((w - 0x0101010101010101ull) & ~w &
			    0x8080808080808080ull) == 0) {
				p += 8;
				continue;
			}
		}
		c = *p;
		if (c < 0x80) {
			if (c == 0)
				return 0;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if ((size_t)(end - p) <= k)
			return 0;
		for (i = 1; i <= k; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
		    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;
		p += k + 1;
	}
	return 1;
}

/* A string literal into a buffer, its length known at compile time. */
#define PUT_LIT(b, lit)	buf_put((b), (lit), sizeof(lit) - 1)

struct render {
	const struct md_opts	*opts;
	const char		*src;
	size_t			 srclen;
	struct md_doc		*doc;
	int			 failed;
	int			 in_tight;
	int			 in_image;	/* alt text: plain only */
	int			 in_heading;
	int			 shift;		/* added to heading levels */
	size_t			 heading_start;	/* html offset of its inlines */
	struct buf		 heading_text;
	char			**ids;		/* heading ids so far */
	size_t			 nids;
	const char		*line_p;	/* start of source line line_no */
	int			 line_no;
};

/*
 * The character column of byte column bytecol on the line at p: UTF-8
 * continuation bytes do not count.  Plain ASCII goes eight bytes a step.
 */
static unsigned
count_chars(const char *p, const char *end, int bytecol)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p)), *lim;
	unsigned col = 1;
	uint64_t w;
	int i;

	if (eol == NULL)
		eol = end;
	lim = bytecol < 1 ? p : (size_t)(bytecol - 1) < (size_t)(eol - p) ?
	    p + bytecol - 1 : eol;
	while (lim - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if ((w & 0x8080808080808080ull) == 0) {
			col += 8;
			p += 8;
			continue;
		}
		for (i = 0; i < 8; i++, p++)
			if (((unsigned char)*p & 0xc0) != 0x80)
				col++;
	}
	for (; p < lim; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			col++;
	return col;
}

/*
 * A byte column on a source line to a character column, as diag wants.
 * Links come in document order, so the scan for the line resumes where the
 * last one stopped instead of at the top (linear, not quadratic, per page).
 */
static unsigned
char_col(struct render *r, int line, int bytecol)
{
	const char *p, *end = r->src + r->srclen;
	int l;

	if (r->line_p == NULL || line < r->line_no) {
		r->line_p = r->src;
		r->line_no = 1;
	}
	for (p = r->line_p, l = r->line_no; l < line && p < end; l++) {
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			p = end;
			break;
		}
		p++;
	}
	r->line_p = p;
	r->line_no = l;
	return count_chars(p, end, bytecol);
}

static struct loc
node_loc(struct render *r, cmark_node *n)
{
	struct loc l;
	int line = cmark_node_get_start_line(n);

	l.file = r->opts->file;
	l.line = line > 0 ? (unsigned)line + r->opts->line_offset : 0;
	l.col = line > 0 ?
	    char_col(r, line, cmark_node_get_start_column(n)) : 0;
	return l;
}

static int
has_scheme(const char *u)
{
	const char *p = u;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > u && *p == ':';
}

static int
is_dangerous(const char *u, int image)
{
	if (strncasecmp(u, "javascript:", 11) == 0 ||
	    strncasecmp(u, "vbscript:", 9) == 0 ||
	    strncasecmp(u, "file:", 5) == 0)
		return 1;
	if (strncasecmp(u, "data:", 5) == 0)
		return !(image && (strncasecmp(u + 5, "image/png", 9) == 0 ||
		    strncasecmp(u + 5, "image/gif", 9) == 0 ||
		    strncasecmp(u + 5, "image/jpeg", 10) == 0 ||
		    strncasecmp(u + 5, "image/webp", 10) == 0));
	return 0;
}

/* Remember where a link written into the page came from (takes href). */
static const char *
note_link(struct render *r, char *href, const struct loc *l)
{
	struct md_doc *d = r->doc;

	if ((d->nlinks & (d->nlinks - 1)) == 0)
		d->links = xreallocarray(d->links, d->nlinks ? d->nlinks * 2 :
		    4, sizeof(*d->links));
	d->links[d->nlinks].href = href;
	d->links[d->nlinks].loc = *l;
	d->nlinks++;
	return href;
}

/* A link for md_resolve: its href goes at the HTML's end as it is now. */
static void
note_pending(struct render *r, int image)
{
	struct md_doc *d = r->doc;
	struct md_pending *p;

	if ((d->npending & (d->npending - 1)) == 0)
		d->pending = xreallocarray(d->pending, d->npending ?
		    d->npending * 2 : 4, sizeof(*d->pending));
	p = &d->pending[d->npending++];
	p->link = d->nlinks;
	p->at = d->html.len;
	p->rel_at = (size_t)-1;
	p->image = image;
}

/*
 * The href to write for a link or image, after safety and rewriting; it
 * lives as long as the walk (in the tree or in doc->links).
 */
static const char *
destination(struct render *r, cmark_node *n, int image)
{
	const char *u = cmark_node_get_url(n);
	struct loc l;
	char *res;
	size_t before;

	if (u == NULL || is_dangerous(u, image))
		return "";
	if (has_scheme(u) || (u[0] == '/' && u[1] == '/'))
		return u;
	l = node_loc(r, n);
	/* doc->deferred: resolving is left to md_resolve. */
	if (u[0] == '#' || u[0] == '\0' || (r->opts->resolve == NULL &&
	    !r->doc->deferred))
		return note_link(r, xstrdup(u), &l);
	if (r->doc->deferred) {
		/* The href goes in at this offset of the HTML later. */
		note_pending(r, image);
		note_link(r, xstrdup(u), &l);
		return "";
	}
	before = diag_errors();
	res = r->opts->resolve(r->opts->arg, u, &l, image);
	if (diag_errors() > before)
		r->failed = 1;
	return note_link(r, res != NULL ? res : xstrdup(u), &l);
}

static void
text_out(struct render *r, const char *s)
{
	size_t n = strlen(s);

	esc_html(&r->doc->html, s, n);
	buf_put(&r->doc->text, s, n);
	if (r->in_heading)
		buf_put(&r->heading_text, s, n);
}

static void
heading_enter(struct render *r, cmark_node *n)
{
	/* The opening tag is written on exit, once the text gives the id. */
	r->in_heading = 1;
	r->heading_start = r->doc->html.len;
	buf_reset(&r->heading_text);
	(void)n;
}

static int
id_taken(const struct render *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nids; i++)
		if (strcmp(r->ids[i], id) == 0)
			return 1;
	return 0;
}

static void
put_level(struct buf *b, int level)
{
	if (level >= 0 && level <= 9)
		buf_putc(b, '0' + level);
	else
		buf_printf(b, "%d", level);
}

/*
 * Write the heading with a unique id made from its text: the opening tag
 * goes in front of the inlines already written.
 */
static void
heading_exit(struct render *r, cmark_node *n)
{
	struct md_doc *d = r->doc;
	struct buf id = BUF_INIT, tag = BUF_INIT;
	size_t k, n_same = 1, inner, p;
	int level = cmark_node_get_heading_level(n) + r->shift;

	if (level > 6)
		level = 6;
	slug_append(&id, r->heading_text.ptr, r->heading_text.len);
	if (id.len == 0)
		PUT_LIT(&id, "section");
	k = id.len;
	while (id_taken(r, id.ptr)) {
		buf_truncate(&id, k);
		buf_printf(&id, "-%zu", ++n_same);
	}
	PUT_LIT(&tag, "<h");
	put_level(&tag, level);
	PUT_LIT(&tag, " id=\"");
	esc_html(&tag, id.ptr, id.len);
	PUT_LIT(&tag, "\">");
	inner = d->html.len - r->heading_start;
	buf_grow(&d->html, tag.len);
	memmove(d->html.ptr + r->heading_start + tag.len,
	    d->html.ptr + r->heading_start, inner);
	memcpy(d->html.ptr + r->heading_start, tag.ptr, tag.len);
	d->html.len += tag.len;
	/* Links left for md_resolve in the heading moved along. */
	for (p = d->npending; p > 0 && d->pending[p - 1].at >=
	    r->heading_start; p--) {
		d->pending[p - 1].at += tag.len;
		if (d->pending[p - 1].rel_at != (size_t)-1)
			d->pending[p - 1].rel_at += tag.len;
	}
	d->html.ptr[d->html.len] = '\0';
	PUT_LIT(&d->html, "</h");
	put_level(&d->html, level);
	PUT_LIT(&d->html, ">\n");
	if ((r->nids & (r->nids - 1)) == 0)
		r->ids = xreallocarray(r->ids, r->nids ? r->nids * 2 : 4,
		    sizeof(*r->ids));
	r->ids[r->nids++] = buf_detach(&id, NULL);
	r->in_heading = 0;
	buf_putc(&d->text, '\n');
	buf_release(&tag);
}

static int
parent_is_tight(cmark_node *n)
{
	cmark_node *p = cmark_node_parent(n), *gp;

	if (p == NULL || cmark_node_get_type(p) != CMARK_NODE_ITEM)
		return 0;
	gp = cmark_node_parent(p);
	return gp != NULL && cmark_node_get_list_tight(gp);
}

/* Links out of the site get rel="noopener noreferrer". */
static int
is_outbound(const char *href)
{
	return strncasecmp(href, "http://", 7) == 0 ||
	    strncasecmp(href, "https://", 8) == 0 ||
	    strncmp(href, "//", 2) == 0;
}

static void
link_enter(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	const char *title = cmark_node_get_title(n);
	size_t npend = r->doc->npending;
	const char *href;

	PUT_LIT(h, "<a href=\"");
	href = destination(r, n, 0);
	esc_url(h, href, strlen(href));
	buf_putc(h, '"');
	if (title != NULL && *title != '\0') {
		PUT_LIT(h, " title=\"");
		esc_html(h, title, strlen(title));
		buf_putc(h, '"');
	}
	/* A link left to md_resolve: rel, if any, goes in here then. */
	if (r->doc->npending > npend)
		r->doc->pending[npend].rel_at = h->len;
	if (is_outbound(href))
		PUT_LIT(h, " rel=\"noopener noreferrer\"");
	buf_putc(h, '>');
}

static void
image_enter(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	const char *src;

	PUT_LIT(h, "<img src=\"");
	src = destination(r, n, 1);
	esc_url(h, src, strlen(src));
	PUT_LIT(h, "\" alt=\"");
	r->in_image++;
}

static void
image_exit(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	const char *title = cmark_node_get_title(n);

	r->in_image--;
	buf_putc(h, '"');
	if (title != NULL && *title != '\0') {
		PUT_LIT(h, " title=\"");
		esc_html(h, title, strlen(title));
		buf_putc(h, '"');
	}
	PUT_LIT(h, " loading=\"lazy\" />");
}

static void
code_block(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	const char *info = cmark_node_get_fence_info(n);
	const char *lit = cmark_node_get_literal(n);
	size_t k;

	PUT_LIT(h, "<pre><code");
	if (info != NULL && *info != '\0') {
		k = strcspn(info, " \t");
		PUT_LIT(h, " class=\"language-");
		esc_html(h, info, k);
		buf_putc(h, '"');
	}
	buf_putc(h, '>');
	if (lit != NULL)
		esc_html(h, lit, strlen(lit));
	PUT_LIT(h, "</code></pre>\n");
}

static void
raw_html(struct render *r, cmark_node *n, int block)
{
	struct buf *h = &r->doc->html;
	const char *lit = cmark_node_get_literal(n);

	if (r->in_image)
		return;
	if (!r->opts->unsafe)
		PUT_LIT(h, "<!-- raw HTML omitted -->");
	else if (lit != NULL)
		buf_puts(h, lit);
	if (block)
		buf_putc(h, '\n');
}

static void
list_enter(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	int start = cmark_node_get_list_start(n);

	if (cmark_node_get_list_type(n) == CMARK_BULLET_LIST)
		PUT_LIT(h, "<ul>\n");
	else if (start != 1)
		buf_printf(h, "<ol start=\"%d\">\n", start);
	else
		PUT_LIT(h, "<ol>\n");
}

/* Opening tags; inside an image only the alt text is written. */
static void
enter(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;

	if (r->in_image) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			text_out(r, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			text_out(r, " ");
			break;
		default:
			break;
		}
		if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			r->in_image++;
		return;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		PUT_LIT(h, "<blockquote>\n");
		break;
	case CMARK_NODE_LIST:
		list_enter(r, n);
		break;
	case CMARK_NODE_ITEM:
		PUT_LIT(h, "<li>");
		break;
	case CMARK_NODE_CODE_BLOCK:
		code_block(r, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
		raw_html(r, n, 1);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!parent_is_tight(n))
			PUT_LIT(h, "<p>");
		break;
	case CMARK_NODE_HEADING:
		heading_enter(r, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		PUT_LIT(h, "<hr />\n");
		break;
	case CMARK_NODE_TEXT:
		text_out(r, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
		buf_putc(h, '\n');
		buf_putc(&r->doc->text, ' ');
		if (r->in_heading)
			buf_putc(&r->heading_text, ' ');
		break;
	case CMARK_NODE_LINEBREAK:
		PUT_LIT(h, "<br />\n");
		buf_putc(&r->doc->text, ' ');
		break;
	case CMARK_NODE_CODE:
		PUT_LIT(h, "<code>");
		esc_html(h, cmark_node_get_literal(n),
		    strlen(cmark_node_get_literal(n)));
		PUT_LIT(h, "</code>");
		if (r->in_heading)
			buf_puts(&r->heading_text, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HTML_INLINE:
		raw_html(r, n, 0);
		break;
	case CMARK_NODE_EMPH:
		PUT_LIT(h, "<em>");
		break;
	case CMARK_NODE_STRONG:
		PUT_LIT(h, "<strong>");
		break;
	case CMARK_NODE_LINK:
		link_enter(r, n);
		break;
	case CMARK_NODE_IMAGE:
		image_enter(r, n);
		break;
	default:
		break;
	}
}

static void
leave(struct render *r, cmark_node *n)
{
	struct buf *h = &r->doc->html;
	cmark_node_type t = cmark_node_get_type(n);

	if (r->in_image) {
		if (t == CMARK_NODE_IMAGE && r->in_image == 1)
			image_exit(r, n);
		else if (t == CMARK_NODE_IMAGE)
			r->in_image--;
		return;
	}
	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		PUT_LIT(h, "</blockquote>\n");
		break;
	case CMARK_NODE_LIST:
		buf_puts(h, cmark_node_get_list_type(n) == CMARK_BULLET_LIST ?
		    "</ul>\n" : "</ol>\n");
		break;
	case CMARK_NODE_ITEM:
		PUT_LIT(h, "</li>\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!parent_is_tight(n))
			PUT_LIT(h, "</p>\n");
		buf_putc(&r->doc->text, '\n');
		break;
	case CMARK_NODE_HEADING:
		heading_exit(r, n);
		break;
	case CMARK_NODE_EMPH:
		PUT_LIT(h, "</em>");
		break;
	case CMARK_NODE_STRONG:
		PUT_LIT(h, "</strong>");
		break;
	case CMARK_NODE_LINK:
		PUT_LIT(h, "</a>");
		break;
	default:
		break;
	}
}


/* Bit 7 of each byte of x that equals c, exactly. */
static uint64_t
bytes_eq(uint64_t x, unsigned char c)
{
	uint64_t t = x ^ (BYTES_ONES * c);

	return ~(((t & ~BYTES_HIGHS) + ~BYTES_HIGHS) | t) & BYTES_HIGHS;
}

/*
 * Words: runs of bytes other than space, tab and newline.  A word starts
 * at a non-space byte after a space (or at the start); eight bytes are
 * looked at a step where the byte order allows.
 */
static size_t
count_words(const char *s, size_t len)
{
	size_t n = 0, i = 0;
	int in = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* prev: before the text, a space */
	uint64_t x, sp, starts, prev = BYTES_HIGHS;

	for (; i + 8 <= len; i += 8) {
		memcpy(&x, s + i, sizeof(x));
		sp = bytes_eq(x, ' ') | bytes_eq(x, '\n') | bytes_eq(x, '\t');
		/* Non-space bytes whose previous byte is a space. */
		starts = ~sp & BYTES_HIGHS & ((sp << 8) | (prev >> 56));
		/* One bit a byte at most: the sum of the bytes counts them. */
		n += (size_t)(((starts >> 7) * BYTES_ONES) >> 56);
		prev = sp;
	}
	in = i > 0 && (prev >> 63) == 0;
#endif
	for (; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Pages have their own h1 (the title): a body with an h1 moves down a level. */
static int
has_h1(cmark_node *root)
{
	cmark_node *n;

	for (n = cmark_node_first_child(root); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 1)
			return 1;
	return 0;
}

/* Write the HTML and text of the tree at root into doc (initialised here). */
static int
render_tree(cmark_node *root, const char *md, size_t len,
    const struct md_opts *opts, int defer, struct md_doc *doc)
{
	struct render r;
	cmark_iter *it;
	cmark_event_type ev;
	size_t i;

	memset(doc, 0, sizeof(*doc));
	buf_init(&doc->html);
	buf_init(&doc->text);
	/* The HTML is about as long as the Markdown: grow it once or twice. */
	buf_grow(&doc->html, len + len / 4 + 64);
	buf_grow(&doc->text, len);
	memset(&r, 0, sizeof(r));
	buf_init(&r.heading_text);
	r.opts = opts;
	r.src = md;
	r.srclen = len;
	r.doc = doc;
	doc->deferred = defer;
	r.shift = opts->shift_headings + has_h1(root);
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER)
			enter(&r, n);
		else
			leave(&r, n);
	}
	cmark_iter_free(it);
	buf_release(&r.heading_text);
	for (i = 0; i < r.nids; i++)
		free(r.ids[i]);
	free(r.ids);
	doc->words = count_words(doc->text.ptr, strlen(doc->text.ptr));
	/* Both are kept to the end of the build: give back the slack. */
	buf_shrink(&doc->html);
	buf_shrink(&doc->text);
	return r.failed ? -1 : 0;
}

int
md_render(const char *md, size_t len, const struct md_opts *opts,
    struct md_doc *doc)
{
	cmark_node *root = md_parse(md, len, CMARK_OPT_SMART |
	    (utf8_clean(md, len) ? 0 : CMARK_OPT_VALIDATE_UTF8));
	int rc = render_tree(root, md, len, opts, 0, doc);

	md_tree_free(root);
	return rc;
}

cmark_node *
md_parse_smart(const char *md, size_t len)
{
	if (!utf8_clean(md, len))
		return NULL;
	return md_parse(md, len, CMARK_OPT_SMART);
}

void
md_render_tree(cmark_node *root, const char *md, size_t len,
    const struct md_opts *opts, struct md_doc *doc)
{
	render_tree(root, md, len, opts, 1, doc);
}

int
md_resolve(struct md_doc *doc, const struct md_opts *opts)
{
	struct buf html = BUF_INIT;
	struct md_pending *p;
	struct md_link *l;
	size_t i, from = 0, before;
	char *res;
	int failed = 0;

	doc->deferred = 0;
	if (doc->npending == 0)
		return 0;
	buf_grow(&html, doc->html.len + doc->npending * 64);
	for (i = 0; i < doc->npending; i++) {
		p = &doc->pending[i];
		l = &doc->links[p->link];
		if (opts->resolve != NULL) {
			before = diag_errors();
			res = opts->resolve(opts->arg, l->href, &l->loc,
			    p->image);
			if (diag_errors() > before)
				failed = 1;
			if (res != NULL) {
				free(l->href);
				l->href = res;
			}
		}
		buf_put(&html, doc->html.ptr + from, p->at - from);
		esc_url(&html, l->href, strlen(l->href));
		from = p->at;
		if (p->rel_at != (size_t)-1) {
			buf_put(&html, doc->html.ptr + from, p->rel_at - from);
			from = p->rel_at;
			if (is_outbound(l->href))
				PUT_LIT(&html, " rel=\"noopener noreferrer\"");
		}
	}
	buf_put(&html, doc->html.ptr + from, doc->html.len - from);
	buf_release(&doc->html);
	doc->html = html;
	buf_shrink(&doc->html);
	free(doc->pending);
	doc->pending = NULL;
	doc->npending = 0;
	return failed ? -1 : 0;
}

cmark_node *
md_parse(const char *md, size_t len, int options)
{
	cmark_parser *parser;

	arena_users++;
	parser = cmark_parser_new_with_mem(options, &arena_mem);
	cmark_parser_feed(parser, md, len);
	return cmark_parser_finish(parser);
}

void
md_tree_free(cmark_node *root)
{
	if (root != NULL)
		arena_reset();
}

void
md_doc_release(struct md_doc *doc)
{
	size_t i;

	buf_release(&doc->html);
	buf_release(&doc->text);
	for (i = 0; i < doc->nlinks; i++)
		free(doc->links[i].href);
	free(doc->links);
	free(doc->pending);
	memset(doc, 0, sizeof(*doc));
}

void
md_inline(const char *md, size_t len, struct buf *html)
{
	struct md_opts o;
	struct md_doc d;
	size_t n;
	const char *p;

	memset(&o, 0, sizeof(o));
	md_render(md, len, &o, &d);
	p = d.html.ptr;
	n = d.html.len;
	if (n >= 8 && strncmp(p, "<p>", 3) == 0 &&
	    strncmp(p + n - 5, "</p>\n", 5) == 0 &&
	    strstr(p + 3, "<p>") == NULL) {
		p += 3;
		n -= 8;
	}
	buf_put(html, p, n);
	md_doc_release(&d);
}
