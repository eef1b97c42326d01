/* SPDX-License-Identifier: ISC */
/* Colour contrast: WCAG 2 ratios for the colour pairs a theme declares. */
#ifndef CONTRAST_H
#define CONTRAST_H

struct value;

/* Minimum ratios of WCAG 2.2 AA: 1.4.3 text, 1.4.3 large text, 1.4.11. */
#define CONTRAST_TEXT		4.5
#define CONTRAST_LARGE		3.0
#define CONTRAST_CONTROL	3.0

struct contrast_rgb {
	unsigned char	r, g, b;
};

/*
 * Parse a CSS colour written "#rgb" or "#rrggbb" (either case) into out.
 * Returns 0, or -1 for anything else (names, rgb(), alpha), which the
 * check cannot judge.
 */
int	contrast_parse(const char *, struct contrast_rgb *out);
/* The relative luminance of WCAG 2: 0 (black) to 1 (white). */
double	contrast_luminance(const struct contrast_rgb *);
/* The contrast ratio of two colours, 1 to 21, whichever is lighter. */
double	contrast_ratio(const struct contrast_rgb *, const struct contrast_rgb *);

/*
 * Check every pair that pairs declares, in theme.yml's form:
 *
 *	pairs:
 *	  text:     [[text, background], [link, background]]   # 4.5:1
 *	  large:    [[muted, background]]                      # 3:1
 *	  controls: [[focus, background], [border, background]] # 3:1
 *
 * A colour is looked up in maps[0], then maps[1] ... (colour maps of
 * name: "#rrggbb", e.g. site.yml's colors over theme.yml's).  A pair
 * below its minimum is a warning at the line of the colour found in the
 * earlier map (the foreground when both come from the same map), with a
 * note at the other colour; scheme ("dark", or NULL) is named in the
 * message.  A colour the check cannot read, or a pair naming no colour,
 * is a warning too.  Returns the number of pairs below their minimum.
 */
int	contrast_check(const struct value *pairs,
	    const struct value *const *maps, size_t nmaps, const char *scheme);

#endif
