/* SPDX-License-Identifier: ISC */
/* Contrast ratios against WCAG's worked values, and the theme pair check. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "contrast.h"
#include "diag.h"
#include "theme.h"
#include "value.h"
#include "yamlload.h"

#define NEAR(a, b) (fabs((a) - (b)) < 0.01)

TEST(contrast_parse_forms)
{
	struct contrast_rgb c;

	CHECK_INT(contrast_parse("#1D5F86", &c), 0);
	CHECK_INT(c.r, 0x1d);
	CHECK_INT(c.g, 0x5f);
	CHECK_INT(c.b, 0x86);
	CHECK_INT(contrast_parse("#fa0", &c), 0);
	CHECK_INT(c.r, 0xff);
	CHECK_INT(c.g, 0xaa);
	CHECK_INT(c.b, 0x00);
	CHECK_INT(contrast_parse("red", &c), -1);
	CHECK_INT(contrast_parse("#12345", &c), -1);
	CHECK_INT(contrast_parse("#12345g", &c), -1);
	CHECK_INT(contrast_parse("#11223344", &c), -1);
	CHECK_INT(contrast_parse(NULL, &c), -1);
}

TEST(contrast_ratio_known_values)
{
	struct contrast_rgb black = { 0, 0, 0 }, white = { 255, 255, 255 };
	struct contrast_rgb grey, mid;

	CHECK(NEAR(contrast_ratio(&black, &white), 21.0));
	CHECK(NEAR(contrast_ratio(&white, &black), 21.0));
	CHECK(NEAR(contrast_ratio(&white, &white), 1.0));
	/* #767676 on white is the lightest grey that passes 4.5:1. */
	contrast_parse("#767676", &grey);
	CHECK(NEAR(contrast_ratio(&grey, &white), 4.54));
	contrast_parse("#777777", &mid);
	CHECK(contrast_ratio(&mid, &white) < CONTRAST_TEXT);
	CHECK(NEAR(contrast_luminance(&white), 1.0));
	CHECK(NEAR(contrast_luminance(&black), 0.0));
}

static struct value *
yaml(const char *name, const char *text)
{
	return yamlload_parse(diag_file(name, text, strlen(text)), text,
	    strlen(text), NULL);
}

TEST(contrast_check_reports_at_the_colour)
{
	struct value *theme = yaml("theme.yml",
	    "colors:\n"
	    "  text: \"#222222\"\n"
	    "  background: \"#ffffff\"\n"
	    "  muted: \"#aaaaaa\"\n"
	    "  focus: \"#000\"\n"
	    "pairs:\n"
	    "  text: [[text, background], [muted, background]]\n"
	    "  controls: [[focus, background]]\n");
	const struct value *maps[2];

	CHECK(theme != NULL);
	harness_diag_capture();
	maps[0] = value_get(theme, "colors");
	CHECK_INT(contrast_check(value_get(theme, "pairs"), maps, 1, NULL), 1);
	CHECK_HAS(harness_diag_text(), "theme.yml:4:10: warning: 'muted' on "
	    "'background' has a contrast of 2.32:1, below 4.5:1 for text");
	CHECK_HAS(harness_diag_text(), "theme.yml:3:15: note: 'background' "
	    "is #ffffff here");
	value_free(theme);
}

TEST(contrast_check_site_override_is_blamed)
{
	struct value *theme = yaml("t2.yml",
	    "colors: {text: \"#222222\", background: \"#ffffff\"}\n"
	    "pairs: {text: [[text, background]], large: [[nope, text]]}\n");
	struct value *site = yaml("site2.yml",
	    "colors:\n  background: \"#333333\"\n  link: teal\n");
	const struct value *maps[2];

	harness_diag_capture();
	maps[0] = value_get(site, "colors");
	maps[1] = value_get(theme, "colors");
	CHECK_INT(contrast_check(value_get(theme, "pairs"), maps, 2, "dark"),
	    1);
	CHECK_HAS(harness_diag_text(), "site2.yml:2:15: warning: 'text' on "
	    "'background' has a contrast of 1.");
	CHECK_HAS(harness_diag_text(), "for text in the dark scheme");
	CHECK_HAS(harness_diag_text(), "t2.yml:2:46: warning: contrast pair "
	    "names no colour 'nope'");
	value_free(theme);
	value_free(site);
}

TEST(theme_colours_both_schemes)
{
	struct value *yml = yaml("t3.yml",
	    "colors: {text: \"#222222\", background: \"#ffffff\"}\n"
	    "dark: {text: \"#eeeeee\", background: \"#111111\"}\n"
	    "pairs: {text: [[text, background]]}\n");
	struct value *site = yaml("site3.yml",
	    "colors:\n  text: \"#333333\"\n  dark: {text: \"#222222\"}\n");
	struct theme t;
	struct buf css = BUF_INIT;

	memset(&t, 0, sizeof(t));
	t.yml = yml;
	theme_css_vars(&t, value_get(site, "colors"), &css);
	CHECK_HAS(css.ptr, ":root {\n\t--color-background: #ffffff;\n"
	    "\t--color-text: #333333;\n}\n");
	CHECK_HAS(css.ptr, "@media (prefers-color-scheme: dark) {\n:root {\n"
	    "\t--color-background: #111111;\n\t--color-text: #222222;\n}\n}\n");
	harness_diag_capture();
	CHECK_INT(theme_check_colors(&t, value_get(site, "colors")), 1);
	CHECK_HAS(harness_diag_text(), "site3.yml:3:16: warning: 'text' on "
	    "'background' has a contrast of 1.");
	CHECK_HAS(harness_diag_text(), "in the dark scheme");
	buf_release(&css);
	value_free(yml);
	value_free(site);
}
