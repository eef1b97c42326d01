/* SPDX-License-Identifier: ISC */
/* Colour contrast: WCAG 2 ratios for the colour pairs a theme declares. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "buf.h"
#include "contrast.h"
#include "diag.h"
#include "escape.h"
#include "value.h"

int
contrast_parse(const char *s, struct contrast_rgb *out)
{
	int d[6];
	size_t i, n;

	if (s == NULL || s[0] != '#')
		return -1;
	n = strlen(++s);
	if (n != 3 && n != 6)
		return -1;
	for (i = 0; i < n; i++)
		if ((d[i] = esc_hexval((unsigned char)s[i])) < 0)
			return -1;
	if (n == 3) {
		out->r = (unsigned char)(d[0] * 17);
		out->g = (unsigned char)(d[1] * 17);
		out->b = (unsigned char)(d[2] * 17);
	} else {
		out->r = (unsigned char)(d[0] * 16 + d[1]);
		out->g = (unsigned char)(d[2] * 16 + d[3]);
		out->b = (unsigned char)(d[4] * 16 + d[5]);
	}
	return 0;
}

/* One sRGB channel, 0..255, made linear as WCAG 2 defines it. */
static double
linear(unsigned char c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double
contrast_luminance(const struct contrast_rgb *c)
{
	return 0.2126 * linear(c->r) + 0.7152 * linear(c->g) +
	    0.0722 * linear(c->b);
}

double
contrast_ratio(const struct contrast_rgb *a, const struct contrast_rgb *b)
{
	double la = contrast_luminance(a), lb = contrast_luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* A colour by name from the first map that has it; *idx says which. */
static const struct value *
lookup(const char *name, const struct value *const *maps, size_t n,
    size_t *idx)
{
	const struct value *v;

	for (*idx = 0; *idx < n; (*idx)++)
		if ((v = value_get(maps[*idx], name)) != NULL &&
		    v->type == VALUE_STRING)
			return v;
	return NULL;
}

/* Read one named colour of a pair; warn when it is missing or unreadable. */
static int
pair_colour(const struct value *name, const struct value *const *maps,
    size_t n, const struct value **at, size_t *idx, struct contrast_rgb *rgb)
{
	if (name->type != VALUE_STRING) {
		diag_warn(&name->loc, "a contrast pair names colours as text");
		return -1;
	}
	if ((*at = lookup(name->str.ptr, maps, n, idx)) == NULL) {
		diag_warn(&name->loc, "contrast pair names no colour '%s'",
		    name->str.ptr);
		return -1;
	}
	if (contrast_parse((*at)->str.ptr, rgb) == -1) {
		diag_warn(&(*at)->loc, "cannot check the contrast of '%s' "
		    "colour '%s'", name->str.ptr, (*at)->str.ptr);
		diag_note(NULL, "write colours as #rrggbb or #rgb");
		return -1;
	}
	return 0;
}

struct kind {
	const char	*key, *name;
	double		 min;
};

static int
check_pair(const struct value *pair, const struct kind *k,
    const struct value *const *maps, size_t n, const char *scheme)
{
	const struct value *fg, *bg, *fgv, *bgv, *at, *other;
	struct contrast_rgb a, b;
	size_t fi, bi;
	double r;

	if (pair->type != VALUE_LIST || pair->list.len != 2) {
		diag_warn(&pair->loc, "a contrast pair is a list of two "
		    "colour names: [foreground, background]");
		return 0;
	}
	fg = pair->list.items[0];
	bg = pair->list.items[1];
	if (pair_colour(fg, maps, n, &fgv, &fi, &a) == -1 ||
	    pair_colour(bg, maps, n, &bgv, &bi, &b) == -1)
		return 0;
	if ((r = contrast_ratio(&a, &b)) >= k->min)
		return 0;
	/* Point at what was changed last: a site's override, else the text. */
	at = bi < fi ? bgv : fgv;
	other = at == fgv ? bgv : fgv;
	/* Truncate, so that 4.499 never prints as the 4.50 it misses. */
	diag_warn(&at->loc, "'%s' on '%s' has a contrast of %.2f:1, below "
	    "%.1f:1 for %s%s%s", fg->str.ptr, bg->str.ptr,
	    floor(r * 100) / 100, k->min, k->name, scheme ? " in the " : "",
	    scheme ? scheme : "");
	diag_note(&other->loc, "'%s' is %s here", at == fgv ? bg->str.ptr :
	    fg->str.ptr, other->str.ptr);
	return 1;
}

int
contrast_check(const struct value *pairs, const struct value *const *maps,
    size_t nmaps, const char *scheme)
{
	static const struct kind kinds[] = {
		{ "text", "text", CONTRAST_TEXT },
		{ "large", "large text", CONTRAST_LARGE },
		{ "controls", "controls", CONTRAST_CONTROL },
	};
	const struct value *list;
	struct buf sch = BUF_INIT;
	size_t i, k;
	int bad = 0;

	if (scheme != NULL)
		buf_printf(&sch, "%s scheme", scheme);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if ((list = value_get(pairs, kinds[k].key)) == NULL)
			continue;
		if (list->type != VALUE_LIST) {
			diag_warn(&list->loc, "'%s' lists contrast pairs",
			    kinds[k].key);
			continue;
		}
		for (i = 0; i < list->list.len; i++)
			bad += check_pair(list->list.items[i], &kinds[k], maps,
			    nmaps, scheme ? sch.ptr : NULL);
	}
	buf_release(&sch);
	return bad;
}
