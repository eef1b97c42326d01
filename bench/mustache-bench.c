/* SPDX-License-Identifier: ISC */
/*
 * Micro-benchmark: an article page through a base layout, a page template
 * and partials, against cmark rendering the same article's Markdown.
 * Usage: mustache-bench [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmark.h>

#include "buf.h"
#include "mustache.h"
#include "value.h"

static const char base[] =
"<!DOCTYPE html>\n"
"<html lang=\"{{site.language}}\">\n"
"<head>\n"
"  <meta charset=\"utf-8\">\n"
"  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"  <title>{{$title}}{{site.title}}{{/title}}</title>\n"
"  {{#page.summary}}\n"
"  <meta name=\"description\" content=\"{{page.summary}}\">\n"
"  {{/page.summary}}\n"
"  <link rel=\"stylesheet\" href=\"{{root}}assets/theme.css\">\n"
"</head>\n"
"<body>\n"
"  {{>partials/quick-exit}}\n"
"  {{>partials/header}}\n"
"  <main id=\"main\">\n"
"    {{$main}}\n"
"    {{/main}}\n"
"  </main>\n"
"  {{>partials/crisis}}\n"
"  {{>partials/footer}}\n"
"</body>\n"
"</html>\n";

static const char article[] =
"{{<base}}\n"
"{{$title}}{{page.title}} | {{site.title}}{{/title}}\n"
"{{$main}}\n"
"<article>\n"
"  <h1>{{page.title}}</h1>\n"
"  <p class=\"meta\"><time datetime=\"{{page.date}}\">{{page.date_human}}"
"</time>{{#page.updated}} (updated <time datetime=\"{{page.updated}}\">"
"{{page.updated_human}}</time>){{/page.updated}}</p>\n"
"  {{#page.content_warning}}\n"
"  <p class=\"warning\">{{page.content_warning}}</p>\n"
"  {{/page.content_warning}}\n"
"  {{#page.image}}\n"
"  <img src=\"{{root}}{{page.image}}\" alt=\"{{page.image_alt}}\">\n"
"  {{/page.image}}\n"
"  {{{page.body_html}}}\n"
"  {{#page.has_tags}}\n"
"  <ul class=\"tags\">\n"
"    {{#page.tags}}\n"
"    <li><a href=\"{{root}}{{url}}\">{{name}}</a></li>\n"
"    {{/page.tags}}\n"
"  </ul>\n"
"  {{/page.has_tags}}\n"
"</article>\n"
"{{/main}}\n"
"{{/base}}\n";

static const char header[] =
"<header>\n"
"  <a class=\"site\" href=\"{{root}}index.html\">{{site.title}}</a>\n"
"  <nav aria-label=\"Main\">\n"
"    <ul>\n"
"      {{#menu}}\n"
"      <li><a href=\"{{root}}{{url}}\"{{#current}} aria-current=\"page\""
"{{/current}}>{{label}}</a></li>\n"
"      {{/menu}}\n"
"    </ul>\n"
"  </nav>\n"
"</header>\n";

static const char crisis[] =
"<aside class=\"crisis\" aria-label=\"Help now\">\n"
"  <h2>Need help now?</h2>\n"
"  <ul>\n"
"    {{#site.crisis}}\n"
"    <li><strong>{{name}}</strong>\n"
"      {{#phone}}<a href=\"tel:{{phone_tel}}\">{{phone}}</a>{{/phone}}\n"
"      {{#text}}<a href=\"sms:{{text_tel}}\">Text {{text}}</a>{{/text}}\n"
"      {{#hours}}<span>{{hours}}</span>{{/hours}}</li>\n"
"    {{/site.crisis}}\n"
"  </ul>\n"
"</aside>\n";

static const char quick_exit_tpl[] =
"{{#site.quick_exit}}\n"
"<a class=\"quick-exit\" href=\"{{url}}\">Leave this site quickly</a>\n"
"{{/site.quick_exit}}\n";

static const char footer[] =
"<footer>\n"
"  <p>{{site.footer}}</p>\n"
"</footer>\n";

/* About 900 words of Markdown, like a typical campaign article. */
static void
make_markdown(struct buf *md)
{
	static const char *para =
	    "Talking about how we feel is *not* a sign of weakness. When "
	    "people with lived experience share their stories, others learn "
	    "that recovery is possible and that **asking for help** is an "
	    "ordinary, sensible thing to do. Read more in [our guide]"
	    "(../pages/get-help.md) or call a [listening line](tel:116123).\n\n";
	int i;

	buf_puts(md, "Peer support groups meet every week across the city.\n\n");
	for (i = 0; i < 4; i++) {
		buf_printf(md, "## Part %d: what helps\n\n", i + 1);
		buf_puts(md, para);
		buf_puts(md, para);
		buf_puts(md, "- listen without judging\n- ask how you can "
		    "help\n- keep in touch, even briefly\n\n");
		buf_puts(md, "> \"I wish someone had asked me sooner.\" "
		    "— a group member\n\n");
	}
}

static struct value *
item(struct value *list, const char *k1, const char *v1, const char *k2,
    const char *v2)
{
	struct value *m = value_list_push_take(list, value_new(VALUE_MAP,
	    NULL));

	value_map_set_str(m, k1, v1);
	value_map_set_str(m, k2, v2);
	return m;
}

static struct value *
make_context(const char *body_html)
{
	struct value *ctx = value_new(VALUE_MAP, NULL), *site, *page, *l, *m;

	site = value_map_set_take(ctx, "site", value_new(VALUE_MAP, NULL));
	value_map_set_str(site, "title", "Open Doors Riverside");
	value_map_set_str(site, "language", "en-GB");
	value_map_set_str(site, "footer", "Open Doors is a campaign by "
	    "Riverside Mind & friends.");
	m = value_map_set_take(site, "quick_exit", value_new(VALUE_MAP, NULL));
	value_map_set_str(m, "url", "https://www.bbc.co.uk/weather");
	l = value_map_set_take(site, "crisis", value_new(VALUE_LIST, NULL));
	m = item(l, "name", "Riverside Listening Line", "phone",
	    "020 7946 0991");
	value_map_set_str(m, "phone_tel", "+442079460991");
	value_map_set_str(m, "hours", "Open 24 hours, every day");
	m = item(l, "name", "Text Support", "text", "07700 900461");
	value_map_set_str(m, "text_tel", "+447700900461");
	l = value_map_set_take(ctx, "menu", value_new(VALUE_LIST, NULL));
	item(l, "label", "Home", "url", "index.html");
	m = item(l, "label", "Articles", "url", "articles/index.html");
	value_map_set_take(m, "current", value_new_bool(1));
	item(l, "label", "Find support", "url", "services/index.html");
	item(l, "label", "About", "url", "about.html");
	item(l, "label", "Search", "url", "search.html");
	value_map_set_str(ctx, "root", "../");
	page = value_map_set_take(ctx, "page", value_new(VALUE_MAP, NULL));
	value_map_set_str(page, "title", "Why peer support works");
	value_map_set_str(page, "date", "2026-03-14");
	value_map_set_str(page, "date_human", "14 March 2026");
	value_map_set_str(page, "summary", "People who have been there can "
	    "help in ways others cannot.");
	value_map_set_str(page, "image", "images/group.jpg");
	value_map_set_str(page, "image_alt", "Six people talking in a circle");
	value_map_set_str(page, "body_html", body_html);
	value_map_set_take(page, "has_tags", value_new_bool(1));
	l = value_map_set_take(page, "tags", value_new(VALUE_LIST, NULL));
	item(l, "name", "peer support", "url", "tags/peer-support.html");
	item(l, "name", "resilience", "url", "tags/resilience.html");
	item(l, "name", "recovery", "url", "tags/recovery.html");
	return ctx;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct buf md = BUF_INIT, out = BUF_INIT;
	struct mus_set *set = mus_set_new();
	const struct mus_tpl *t;
	struct value *ctx;
	char *html;
	double t0, tm, tc;
	long i, n = argc > 1 ? atol(argv[1]) : 20000;
	size_t sink = 0;

	make_markdown(&md);
	html = cmark_markdown_to_html(md.ptr, md.len, CMARK_OPT_DEFAULT);
	ctx = make_context(html);
	mus_set_add_string(set, "base", base, sizeof(base) - 1);
	mus_set_add_string(set, "article", article, sizeof(article) - 1);
	mus_set_add_string(set, "partials/header", header, sizeof(header) - 1);
	mus_set_add_string(set, "partials/crisis", crisis, sizeof(crisis) - 1);
	mus_set_add_string(set, "partials/footer", footer, sizeof(footer) - 1);
	mus_set_add_string(set, "partials/quick-exit", quick_exit_tpl,
	    sizeof(quick_exit_tpl) - 1);
	if ((t = mus_get(set, "article")) == NULL)
		return 1;

	t0 = now();
	for (i = 0; i < n; i++) {
		buf_reset(&out);
		if (mus_render(t, ctx, &out) == -1)
			return 1;
		sink += out.len;
	}
	tm = (now() - t0) / (double)n;
	t0 = now();
	for (i = 0; i < n; i++) {
		char *h = cmark_markdown_to_html(md.ptr, md.len,
		    CMARK_OPT_DEFAULT);
		sink += strlen(h);
		free(h);
	}
	tc = (now() - t0) / (double)n;

	printf("mustache-bench: %ld pages; Markdown %zu bytes, page %zu bytes\n",
	    n, md.len, out.len);
	printf("mustache (base + article + 4 partials): %8.2f us/page\n",
	    tm * 1e6);
	printf("cmark (same article body):              %8.2f us/page\n",
	    tc * 1e6);
	printf("ratio mustache/cmark: %.3f (sink %zu)\n", tm / tc, sink);
	if (getenv("BENCH_SHOW") != NULL)
		fwrite(out.ptr, 1, out.len, stdout);
	free(html);
	value_free(ctx);
	mus_set_free(set);
	buf_release(&md);
	buf_release(&out);
	return 0;
}
