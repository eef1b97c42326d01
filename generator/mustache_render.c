/* SPDX-License-Identifier: ISC */
/* Mustache: render a compiled template against a context stack of values. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "mustache.h"
#include "mustache_priv.h"
#include "value.h"

/* The context stack, innermost first; lives on the C stack. */
struct ctx {
	const struct value	*v;
	const struct ctx	*up;
};

/* Indentation of the current lines: each level adds its blanks. */
struct indent {
	struct span		 s;
	const struct indent	*up;
};

/* The block overrides of the parents being expanded, innermost first. */
struct frame {
	const struct op		*parent;
	const struct mus_tpl	*tpl;	/* where the overrides were written */
	const struct frame	*up;
};

/* What ops are rendered with. */
struct scope {
	const struct mus_tpl	*tpl;	/* whose ops these are */
	const struct ctx	*ctx;
	const struct indent	*ind;
	const struct frame	*frames;
};

struct render {
	struct buf		*out;
	const struct mus_set	*set;
	unsigned		 depth;
	unsigned long		 steps;
	/*
	 * 1: indent the next op even if it does not start a line (a block
	 * filled with inline text); -1: do not indent the next line start
	 * (the blanks before an inline block are in the output already).
	 */
	int			 pend;
};

static int	render_ops(struct render *, const struct scope *,
		    const struct op *, size_t);

static void
put_indent(struct buf *out, const struct indent *ind)
{
	if (ind == NULL)
		return;
	put_indent(out, ind->up);
	buf_put(out, ind->s.ptr, ind->s.len);
}

/* Indent before op when it starts a line of an indented template. */
static void
lead(struct render *r, const struct scope *sc, const struct op *op)
{
	int prints = op->kind == OP_TEXT || op->kind == OP_VAR ||
	    op->kind == OP_RAW;

	if (r->pend == 0 && !(op->flags & OPF_BOL))
		return;
	if (r->pend == -1) {
		if ((op->flags & OPF_BOL) || prints)
			r->pend = 0;
		return;
	}
	put_indent(r->out, sc->ind);
	r->pend = 0;
}

/* A name on the context stack: the first part anywhere, the rest inside. */
static const struct value *
lookup(const struct ctx *c, const struct part *parts, size_t n)
{
	const struct value *v = NULL;
	size_t i;

	if (n == 0)
		return c != NULL ? value_deref(c->v) : NULL;
	for (; c != NULL && v == NULL; c = c->up)
		v = value_geth(c->v, parts[0].ptr, parts[0].len,
		    parts[0].hash);
	for (i = 1; i < n && v != NULL; i++)
		v = value_geth(v, parts[i].ptr, parts[i].len, parts[i].hash);
	return v;
}

static void
interpolate(struct buf *out, const struct value *v, int raw)
{
	if (v == NULL)
		return;
	switch (v->type) {
	case VALUE_STRING:
		if (raw)
			buf_put(out, v->str.ptr, v->str.len);
		else
			esc_html(out, v->str.ptr, v->str.len);
		break;
	case VALUE_BOOL:
		buf_puts(out, v->boolean ? "true" : "false");
		break;
	default:
		break;
	}
}

static int
section(struct render *r, const struct scope *sc, const struct op *op)
{
	const struct value *v = lookup(sc->ctx, op->parts, op->nparts);
	struct scope in = *sc;
	struct ctx c;
	size_t i;

	if (op->kind == OP_INVERTED)
		return value_truthy(v) ? 0 :
		    render_ops(r, sc, op->kids, op->nkids);
	if (!value_truthy(v))
		return 0;
	c.up = sc->ctx;
	in.ctx = &c;
	if (v->type != VALUE_LIST) {
		c.v = v;
		return render_ops(r, &in, op->kids, op->nkids);
	}
	for (i = 0; i < v->list.len; i++) {
		c.v = value_deref(v->list.items[i]);
		if (render_ops(r, &in, op->kids, op->nkids) == -1)
			return -1;
	}
	return 0;
}

static int
fail(struct render *r, const struct scope *sc, const struct op *op,
    const char *why)
{
	struct loc loc;

	mus_loc(sc->tpl, op->pos, &loc);
	return diag_error(&loc, "rendering stopped at '%.*s': %s",
	    (int)op->text.len, op->text.ptr, why);
}

/* Count an expansion against the set's bounds. */
static int
enter(struct render *r, const struct scope *sc, const struct op *op)
{
	if (r->depth >= r->set->max_depth)
		return fail(r, sc, op, "partials, parents and blocks nested "
		    "too deeply (endless recursion?)");
	if (++r->steps > r->set->max_steps)
		return fail(r, sc, op, "too many partials expanded");
	r->depth++;
	return 0;
}

/* The template a partial or parent tag names, or NULL to render nothing. */
static const struct mus_tpl *
target(const struct scope *sc, const struct op *op)
{
	const struct mus_tpl *t = op->tpl;
	const struct value *v;

	if (op->flags & OPF_DYNAMIC) {
		v = lookup(sc->ctx, op->parts, op->nparts);
		if (v == NULL || v->type != VALUE_STRING)
			return NULL;
		t = mus_lookup_dynamic(sc->tpl->set, v->str.ptr, v->str.len,
		    sc->tpl, op->pos);
	}
	return t != NULL && t->state == TPL_OK ? t : NULL;
}

/* A partial, or a parent with its blocks as overrides. */
static int
include(struct render *r, const struct scope *sc, const struct op *op)
{
	const struct mus_tpl *t = target(sc, op);
	struct scope in = *sc;
	struct indent ind;
	struct frame f;
	int rc;

	if (t == NULL)
		return 0;
	if (enter(r, sc, op) == -1)
		return -1;
	in.tpl = t;
	if (op->flags & OPF_ALONE) {
		ind.s = op->indent;
		ind.up = sc->ind;
		in.ind = &ind;
		if (r->pend != -1)
			r->pend = 1;
	} else
		in.ind = NULL;
	if (op->kind == OP_PARENT) {
		f.parent = op;
		f.tpl = sc->tpl;
		f.up = sc->frames;
		in.frames = &f;
	}
	rc = render_ops(r, &in, t->ops, t->nops);
	if (r->pend == 1)
		r->pend = 0;	/* it printed nothing */
	r->depth--;
	return rc;
}

/* The outermost override of a block, if any parent being expanded has one. */
static const struct op *
override(const struct scope *sc, const struct op *op,
    const struct mus_tpl **tplp)
{
	const struct frame *f;
	const struct op *found = NULL, *b;
	size_t i;

	for (f = sc->frames; f != NULL; f = f->up)
		for (i = 0; i < f->parent->nkids; i++) {
			b = &f->parent->kids[i];
			if (b->text.len == op->text.len &&
			    memcmp(b->text.ptr, op->text.ptr, b->text.len) == 0) {
				found = b;
				*tplp = f->tpl;
			}
		}
	return found;
}

/*
 * A block renders its override or its default content.  A standalone
 * block indents every line; an inline one indents the lines after its
 * first by the blanks before it.
 */
static int
block(struct render *r, const struct scope *sc, const struct op *op)
{
	const struct mus_tpl *tpl = sc->tpl;
	const struct op *o = override(sc, op, &tpl);
	struct scope in = *sc;
	struct indent ind;
	int rc;

	if (o == NULL && !(op->flags & OPF_ALONE))
		return render_ops(r, sc, op->kids, op->nkids);
	if (enter(r, sc, op) == -1)
		return -1;
	ind.s = op->indent;
	ind.up = sc->ind;
	in.ind = &ind;
	in.tpl = tpl;
	if (op->flags & OPF_ALONE) {
		if (r->pend != -1)
			r->pend = 1;
	} else
		r->pend = -1;
	if (o == NULL)
		o = op;
	rc = render_ops(r, &in, o->kids, o->nkids);
	r->pend = 0;	/* whatever it printed, nothing is pending */
	r->depth--;
	return rc;
}

static int
render_ops(struct render *r, const struct scope *sc, const struct op *ops,
    size_t n)
{
	const struct op *op;
	size_t i;

	for (i = 0; i < n; i++) {
		op = &ops[i];
		if (!(op->flags & OPF_ALONE))
			lead(r, sc, op);
		switch (op->kind) {
		case OP_TEXT:
			buf_put(r->out, op->text.ptr, op->text.len);
			break;
		case OP_VAR:
		case OP_RAW:
			interpolate(r->out, lookup(sc->ctx, op->parts,
			    op->nparts), op->kind == OP_RAW);
			break;
		case OP_SECTION:
		case OP_INVERTED:
			if (section(r, sc, op) == -1)
				return -1;
			break;
		case OP_PARTIAL:
		case OP_PARENT:
			if (include(r, sc, op) == -1)
				return -1;
			break;
		case OP_BLOCK:
			if (block(r, sc, op) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

int
mus_render(const struct mus_tpl *tpl, const struct value *ctx,
    struct buf *out)
{
	struct render r;
	struct scope sc;
	struct ctx c;

	if (tpl == NULL || tpl->state != TPL_OK)
		return -1;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.set = tpl->set;
	c.v = value_deref(ctx);
	c.up = NULL;
	memset(&sc, 0, sizeof(sc));
	sc.tpl = tpl;
	sc.ctx = &c;
	return render_ops(&r, &sc, tpl->ops, tpl->nops);
}
