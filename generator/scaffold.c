/* SPDX-License-Identifier: ISC */
/* signpost new: start a site, an article, a page or a service listing. */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dates.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "scaffold.h"
#include "slug.h"
#include "xalloc.h"

/*
 * The texts below use @TITLE@ (a YAML double-quoted string), @NAME@ (the
 * same, for listings), @TODAY@ (YYYY-MM-DD) and @SITE@ (plain text).
 */

static const char site_yml[] =
"# site.yml: the settings of your campaign site. Every line starting with\n"
"# '#' is a note; change the values after the colons.\n"
"\n"
"# The site's name, shown in the header and in page titles. Required.\n"
"title: @TITLE@\n"
"\n"
"# One sentence about the campaign, used in page metadata and the feed.\n"
"description: Local mental health support, and why it is fine to ask for it.\n"
"\n"
"# The main language of the content, as a BCP 47 tag (en, en-GB, pl, cy).\n"
"language: en-GB\n"
"\n"
"# The public address of the site, once you publish it. Used only for the\n"
"# sitemap, the feed and canonical links. Remove the '#' to set it.\n"
"# base_url: https://example.org/campaign/\n"
"\n"
"# The look of the site: default, high-contrast or a theme of your own\n"
"# in themes/NAME/.\n"
"theme: default\n"
"\n"
"# Default country for phone numbers and addresses in service listings.\n"
"country: GB\n"
"\n"
"# Default time zone for opening hours in service listings.\n"
"timezone: Europe/London\n"
"\n"
"# Markdown options. unsafe: false keeps raw HTML out of pages.\n"
"markdown: {unsafe: false}\n"
"\n"
"# How many articles each page of the article list shows.\n"
"articles: {per_page: 10}\n"
"\n"
"# Warn when a service listing was last checked more than this many days\n"
"# ago (its 'verified' date).\n"
"services: {stale_after: 365}\n"
"\n"
"# Text shown at the bottom of every page.\n"
"footer: >-\n"
"  @SITE@ is a mental health awareness campaign. In an emergency, call 999.\n"
"\n"
"# Navigation links, in order. A link is a built-in page (home, articles,\n"
"# directory, search), a content file such as pages/about.md, or a full URL.\n"
"menu:\n"
"  - {label: Get help, link: pages/get-help.md}\n"
"  - {label: Articles, link: articles}\n"
"  - {label: Find support, link: directory}\n"
"  - {label: About, link: pages/about.md}\n"
"\n"
"# Help lines shown on every page. At least one is required (the checker\n"
"# asks for two), and at least one should be open all the time\n"
"# (always: true). Each needs a phone, a text number or a url.\n"
"# REPLACE THESE: the numbers below are placeholders in ranges kept for\n"
"# drama and fiction, and the build warns until you put in real lines.\n"
"crisis:\n"
"  - name: Your local listening line\n"
"    phone: \"0808 157 0123\"\n"
"    text: \"07700 900123\"\n"
"    hours: Open 24 hours, every day\n"
"    always: true\n"
"  - name: Your local text support line\n"
"    text: \"07700 900456\"\n"
"    hours: Every evening, 6pm to midnight. Text, do not call.\n"
"\n"
"# The categories that group service listings. Leave this out to use the\n"
"# default set: peer-support, group-therapy, counselling, crisis-support,\n"
"# prevention-education, youth, carers-family, substance-use and\n"
"# wellbeing-activities. To use your own, list them like this:\n"
"# categories:\n"
"#   - {key: peer-support, label: Peer support, description: People who have been there.}\n"
"\n"
"# A button that leaves the site at once, for visitors who need privacy.\n"
"quick_exit: {url: https://www.bbc.co.uk/weather}\n"
"\n"
"# Content checks: warn when a page reads above this school grade.\n"
"check: {max_grade: 8}\n";

static const char gitignore[] =
"# The built site: make it again with 'signpost build'.\n"
"/public/\n";

static const char welcome_md[] =
"---\n"
"title: Welcome\n"
"date: @TODAY@\n"
"summary: Why we started this campaign, and where to find support.\n"
"tags: [news]\n"
"---\n"
"This is your first article. Open `content/articles/welcome.md` in a text\n"
"editor, change these words and save: the preview shows the change at once.\n"
"\n"
"## Write for your readers\n"
"\n"
"- Use short sentences and everyday words.\n"
"- Say who a service is for and how to get there.\n"
"- Link to the [get help](../pages/get-help.md) page when you talk about\n"
"  difficult things.\n"
"\n"
"Add another article with `signpost new article \"Your title\"`.\n";

static const char about_md[] =
"---\n"
"title: About this campaign\n"
"summary: Who we are, why this campaign exists and how we keep the support directory up to date.\n"
"---\n"
"Say here who runs the campaign, why it exists and how people can get in\n"
"touch with you.\n"
"\n"
"## How we keep the directory up to date\n"
"\n"
"Every listing says when it was last checked. Tell us if something has\n"
"changed and we will put it right.\n";

static const char gethelp_md[] =
"---\n"
"title: Get help\n"
"summary: What to do if you need help now, in an emergency, or when you are looking for support near you.\n"
"---\n"
"If you are finding things hard, you deserve support. You do not need to be\n"
"in crisis to ask for help.\n"
"\n"
"## In an emergency\n"
"\n"
"If your life or someone else's life is in danger right now, **call 999** or\n"
"go to A&E at your nearest hospital.\n"
"\n"
"## If you need to talk to someone now\n"
"\n"
"- **Your local listening line.** [More about the line](../services/listening-line.yml).\n""- **Your local text support line.** Text, every evening from 6pm to midnight.\n"
"\n"
"*Replace the example lines in site.yml and content/services/ with real\n"
"ones before you publish: the numbers here are placeholders.*\n"
"\n"
"## Support near you\n"
"\n"
"- [Peer support group](../services/peer-support-group.yml): meet people who\n"
"  understand.\n";

static const char line_yml[] =
"# A service listing: one file per service. Replace this example.\n"
"name: Your local listening line\n"
"status: active\n"
"categories: [crisis-support]\n"
"summary: A free phone and text line, open day and night, for anyone who finds it hard to cope.\n"
"description: |\n"
"  Anyone can call or text. You do not have to give your name.\n"
"  REPLACE: the numbers in this listing are placeholders.\n"
"organization:\n"
"  name: Your local listening trust\n"
"  website: https://listening.example.org\n"
"eligibility: Anyone, of any age.\n"
"cost: {free: true}\n"
"access: [self-referral]\n"
"languages: [en]\n"
"contact:\n"
"  website: https://listening.example.org\n"
"  phones:\n"
"    - {number: \"0808 157 0123\", type: voice, label: Listening line}\n"
"    - {number: \"07700 900123\", type: text, label: Text line}\n"
"crisis: true\n"
"hours:\n"
"  timezone: Europe/London\n"
"  always: true\n"
"verified: @TODAY@\n";

static const char group_yml[] =
"# A service listing: one file per service. Replace this example.\n"
"name: Peer support group\n"
"status: active\n"
"categories: [peer-support]\n"
"summary: A friendly weekly group where adults share what helps them. Just turn up.\n"
"description: |\n"
"  The group meets every Tuesday evening. It is run by people with their own\n"
"  experience of mental health problems. You are welcome to just listen.\n"
"organization:\n"
"  name: Your local mental health charity\n"
"eligibility: Adults.\n"
"ages: {min: 18}\n"
"cost: {free: true}\n"
"access: [self-referral, drop-in]\n"
"languages: [en]\n"
"contact:\n"
"  email: group@example.org\n"
"  phones:\n"
"    - {number: \"020 7946 0123\", type: voice, label: Group coordinator}\n"
"crisis: false\n"
"locations:\n"
"  - name: Community Centre\n"
"    type: physical\n"
"    address: {line1: 1 Market Square, city: Your town, postal_code: AB1 2CD}\n"
"    accessibility: [Step-free entrance]\n"
"hours:\n"
"  timezone: Europe/London\n"
"  rules:\n"
"    - {days: [tu], opens: \"18:30\", closes: \"20:30\"}\n"
"verified: @TODAY@\n";

static const char article_md[] =
"---\n"
"title: @TITLE@\n"
"date: @TODAY@\n"
"summary: One or two sentences that say what this article is about.\n"
"tags: []\n"
"---\n"
"Write the article here, in Markdown. Short sentences and everyday words\n"
"reach the most people.\n";

static const char page_md[] =
"---\n"
"title: @TITLE@\n"
"date: @TODAY@\n"
"summary: One or two sentences that say what this page is about.\n"
"tags: []\n"
"---\n"
"Write the page here, in Markdown. To show it in the navigation, add it\n"
"to 'menu' in site.yml.\n";

static const char service_yml[] =
"# A service listing. Every field of the format is here with a note; the\n"
"# ones marked optional can be deleted. Numbers in this example are\n"
"# placeholders in ranges kept for fiction: replace them.\n"
"\n"
"# The service's name. Required.\n"
"name: @NAME@\n"
"# active, temporarily-closed, inactive or defunct.\n"
"status: active\n"
"# One or more category keys from site.yml (or the default set).\n"
"categories: [peer-support]\n"
"# One or two sentences for the directory. Required.\n"
"summary: Say in one or two sentences who this is for and what happens.\n"
"# Optional: longer text, in Markdown.\n"
"description: |\n"
"  What to expect on the first visit, who runs it, how it helps.\n"
"# Who runs the service. Required: name; the rest is optional.\n"
"organization:\n"
"  name: The organisation that runs it\n"
"  description: One sentence about the organisation.\n"
"  website: https://example.org\n"
"# Optional: who can use it.\n"
"eligibility: Adults living or working in the area.\n"
"# Optional: age limits, min and/or max.\n"
"ages: {min: 18, max: 99}\n"
"# Optional: free: true or false, and a note.\n"
"cost: {free: true, note: No referral needed.}\n"
"# How to get in: self-referral, gp-referral, professional-referral,\n"
"# drop-in, appointment.\n"
"access: [self-referral, drop-in]\n"
"# Languages spoken, as ISO 639 codes.\n"
"languages: [en]\n"
"# Optional: the country, when not site.yml's.\n"
"country: GB\n"
"# How to get in touch: at least one of website, email, phones or a location.\n"
"contact:\n"
"  website: https://example.org/service\n"
"  email: hello@example.org\n"
"  # type: voice, text, fax, textphone or video; country when not the listing's.\n"
"  phones:\n"
"    - {number: \"020 7946 0000\", type: voice, label: Main line, country: GB}\n"
"# true for help right now (crisis lines); listed with the help lines.\n"
"crisis: false\n"
"# Where it happens: type physical (with an address) or virtual (with a url).\n"
"locations:\n"
"  - name: Community Centre\n"
"    type: physical\n"
"    address: {line1: 1 Market Square, line2: Room 2, city: Your town, region: Your county, postal_code: AB1 2CD, country: GB}\n"
"    geo: {lat: 51.5007, lon: -0.1246}\n"
"    accessibility: [Step-free entrance, Accessible toilet]\n"
"    transport: Buses stop outside.\n"
"  - name: Online meetings\n"
"    type: virtual\n"
"    url: https://example.org/online\n"
"# Opening hours: days mo tu we th fr sa su; from/to limit a rule to dates;\n"
"# overnight: true when closing is after midnight; always: true for 24/7.\n"
"hours:\n"
"  timezone: Europe/London\n"
"  always: false\n"
"  rules:\n"
"    - {days: [mo, we], opens: \"10:00\", closes: \"12:00\"}\n"
"    - {days: [fr], opens: \"22:00\", closes: \"02:00\", overnight: true, from: @TODAY@, to: 2099-12-31}\n"
"  note: Closed on public holidays.\n"
"# Optional: a short notice shown at the top of the listing.\n"
"alert: Meetings move to Room 3 in the summer.\n"
"# The day someone last checked this listing with the service.\n"
"verified: @TODAY@\n";

/* Replace @TITLE@, @NAME@, @TODAY@ and @SITE@ in tpl. */
static void
fill(struct buf *out, const char *tpl, const char *title, const char *site)
{
	struct buf today = BUF_INIT;
	struct date d;
	const char *p, *at;

	date_today(&d);
	date_iso(&today, &d);
	for (p = tpl; (at = strchr(p, '@')) != NULL; p = at) {
		buf_put(out, p, (size_t)(at - p));
		if (strncmp(at, "@TITLE@", 7) == 0 ||
		    strncmp(at, "@NAME@", 6) == 0) {
			esc_json_str(out, title, strlen(title));
			at += at[1] == 'T' ? 7 : 6;
		} else if (strncmp(at, "@TODAY@", 7) == 0) {
			buf_put(out, today.ptr, today.len);
			at += 7;
		} else if (strncmp(at, "@SITE@", 6) == 0) {
			buf_puts(out, site);
			at += 6;
		} else {
			buf_putc(out, '@');
			at++;
		}
	}
	buf_puts(out, p);
	buf_release(&today);
}

/* Create path (fs_write_new): an existing file is an error, never replaced. */
static int
create(const char *path, const char *shown, const struct buf *b)
{
	if (fs_write_new(path, b->ptr, b->len) == 0) {
		printf("%s\n", shown);
		return 0;
	}
	if (errno == EEXIST) {
		diag_sys("'%s' already exists; it was left as it is", shown);
		return 1;
	}
	diag_sys("cannot write '%s': %s", shown, strerror(errno));
	return 3;
}

/* Write tpl (filled) to dir/rel, making folders; shown as dir/rel. */
static int
put(const char *dir, const char *rel, const char *tpl, const char *title,
    const char *site)
{
	struct buf b = BUF_INIT;
	char *path, *slash, *parent;
	int rc;

	path = fs_join(dir, rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		parent = xstrndup(path, (size_t)(slash - path));
		if (fs_mkdirs(parent) == -1) {
			diag_sys("cannot make '%s': %s", parent,
			    strerror(errno));
			free(parent);
			free(path);
			return 3;
		}
		free(parent);
	}
	fill(&b, tpl, title, site);
	rc = create(path, strcmp(dir, ".") == 0 ? rel : path, &b);
	buf_release(&b);
	free(path);
	return rc;
}

/* "my-campaign" -> "My campaign": a first title from the folder name. */
static char *
title_from_dir(const char *dir)
{
	const char *base;
	char *t, *p;
	size_t n;

	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	t = xstrndup(dir, n);
	base = strrchr(t, '/') ? strrchr(t, '/') + 1 : t;
	memmove(t, base, strlen(base) + 1);
	for (p = t; *p != '\0'; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (t[0] == '\0' || strcmp(t, ".") == 0 || strcmp(t, "..") == 0) {
		free(t);
		return xstrdup("Our campaign");
	}
	if (islower((unsigned char)t[0]))
		t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

int
scaffold_site(const char *dir)
{
	static const struct {
		const char	*rel;
		const char	*text;
	} files[] = {
		{ "site.yml", site_yml },
		{ ".gitignore", gitignore },
		{ "content/articles/welcome.md", welcome_md },
		{ "content/pages/about.md", about_md },
		{ "content/pages/get-help.md", gethelp_md },
		{ "content/services/listening-line.yml", line_yml },
		{ "content/services/peer-support-group.yml", group_yml },
	};
	char **names, *title;
	size_t i, n;
	int rc = 0;

	if (fs_exists(dir)) {
		if ((names = fs_list(dir, &n)) == NULL) {
			diag_sys("cannot read '%s': %s", dir, strerror(errno));
			return errno == ENOTDIR ? 1 : 3;
		}
		fs_names_free(names);
		if (n > 0) {
			diag_sys("'%s' is not empty; a new site needs an empty "
			    "or new folder", dir);
			return 1;
		}
	} else if (fs_mkdirs(dir) == -1) {
		diag_sys("cannot make '%s': %s", dir, strerror(errno));
		return 3;
	}
	title = title_from_dir(dir);
	for (i = 0; i < sizeof(files) / sizeof(files[0]) && rc == 0; i++)
		rc = put(dir, files[i].rel, files[i].text, title, title);
	free(title);
	if (rc == 0)
		printf("\nNext: cd %s && signpost serve\n", dir);
	return rc;
}

/* The site folder must hold site.yml. */
static int
in_site(const char *srcdir)
{
	char *p = fs_join(srcdir, "site.yml");
	int ok = fs_exists(p);

	free(p);
	if (!ok) {
		diag_sys("no site.yml in '%s'", srcdir);
		diag_note(NULL, "run this inside a site folder, or name one "
		    "with --source DIR");
	}
	return ok;
}

/* Fill rel with "FOLDER/SLUG.EXT"; 1 (reported) when no slug can be made. */
static int
file_name(struct buf *rel, const char *folder, const char *title,
    const char *slug, const char *ext, int strict)
{
	size_t at;

	buf_printf(rel, "%s/", folder);
	at = rel->len;
	if (slug != NULL)
		buf_puts(rel, slug);
	else
		slug_append(rel, title, strlen(title));
	if (rel->len == at || strchr(rel->ptr + at, '/') != NULL ||
	    rel->ptr[at] == '.') {
		diag_sys("cannot make a file name from '%s'",
		    slug ? slug : title);
		diag_note(NULL, "give one with --slug NAME");
		return 1;
	}
	if (strict && !slug_is_strict(rel->ptr + at)) {
		diag_sys("listing file names use only a-z, 0-9 and '-': '%s'",
		    rel->ptr + at);
		diag_note(NULL, "give one with --slug NAME");
		return 1;
	}
	buf_puts(rel, ext);
	return 0;
}

int
scaffold_doc(const char *srcdir, const char *kind, const char *title,
    const char *slug)
{
	struct buf rel = BUF_INIT;
	int art = strcmp(kind, "article") == 0, rc;

	if (!in_site(srcdir))
		return 1;
	rc = file_name(&rel, art ? "content/articles" : "content/pages",
	    title, slug, ".md", 0);
	if (rc == 0)
		rc = put(srcdir, rel.ptr, art ? article_md : page_md, title,
		    "");
	buf_release(&rel);
	return rc;
}

int
scaffold_service(const char *srcdir, const char *name, const char *slug)
{
	struct buf rel = BUF_INIT;
	int rc;

	if (!in_site(srcdir))
		return 1;
	rc = file_name(&rel, "content/services", name, slug, ".yml", 1);
	if (rc == 0)
		rc = put(srcdir, rel.ptr, service_yml, name, "");
	buf_release(&rel);
	return rc;
}
