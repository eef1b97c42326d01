/* SPDX-License-Identifier: ISC */
/* Tests of the Mustache engine: errors and their positions, data, threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "mustache.h"
#include "value.h"

/* Compile text as template "t" (with an optional partial "p"), render it. */
static char *
render2(const char *text, const char *partial, const struct value *ctx,
    int *rcp)
{
	struct mus_set *set = mus_set_new();
	const struct mus_tpl *t;
	struct buf out = BUF_INIT;
	int rc = -1;

	mus_set_add_string(set, "t", text, strlen(text));
	if (partial != NULL)
		mus_set_add_string(set, "p", partial, strlen(partial));
	if ((t = mus_get(set, "t")) != NULL)
		rc = mus_render(t, ctx, &out);
	if (rcp != NULL)
		*rcp = rc;
	mus_set_free(set);
	if (t == NULL) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out, NULL);
}

static char *
render(const char *text, const struct value *ctx)
{
	return render2(text, NULL, ctx, NULL);
}

/* Compiling text must fail with these diagnostics. */
static void
compile_fails(const char *text, const char *want1, const char *want2)
{
	char *s;

	harness_diag_capture();
	s = render(text, NULL);
	CHECK(s == NULL);
	CHECK_HAS(harness_diag_text(), want1);
	if (want2 != NULL)
		CHECK_HAS(harness_diag_text(), want2);
	free(s);
}

TEST(mustache_unclosed_section)
{
	compile_fails("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n",
	    "t:5:1: error: section 'items' is never closed",
	    "t:2:3: note: section 'items' opened here");
}

TEST(mustache_mismatched_close)
{
	compile_fails("{{#a}}\n{{^b}}x{{/a}}{{/b}}",
	    "t:2:8: error: closing tag 'a' does not match inverted section "
	    "'b'", "t:2:1: note: inverted section 'b' opened here");
	compile_fails("x {{/a}}", "t:1:3: error: closing tag 'a' has no open "
	    "section", NULL);
}

TEST(mustache_bad_tags)
{
	compile_fails("ok\n{{=<% =}}", "t:2:1: error: bad set-delimiter tag",
	    NULL);
	compile_fails("{{=<% %>}}", "t:1:1: error: set-delimiter tag must "
	    "end with '='", NULL);
	compile_fails("é {{%pragma}}", "t:1:3: error: unknown tag type '%'",
	    NULL);
	compile_fails("{{ }}", "t:1:1: error: tag has no name", NULL);
	compile_fails("{{a b}}", "tag name 'a b' contains a space", NULL);
	compile_fails("a\n  {{name", "t:2:3: error: tag '{{' is never "
	    "closed", NULL);
	compile_fails("{{>../secret}}", "t:1:1: error: bad template name "
	    "'../secret'", NULL);
}

TEST(mustache_missing_partial_warns)
{
	char *s;
	int rc;

	harness_diag_capture();
	s = render2("x\n  {{>nope}}\n{{>nope}}{{<gone}}{{/gone}}y", NULL, NULL,
	    &rc);
	CHECK_STR(s, "x\ny");
	CHECK_INT(rc, 0);
	CHECK_HAS(harness_diag_text(),
	    "t:2:3: warning: partial 'nope' not found");
	CHECK_HAS(harness_diag_text(),
	    "t:3:1: warning: partial 'nope' not found");
	CHECK_HAS(harness_diag_text(),
	    "t:3:10: warning: parent 'gone' not found");
	CHECK_INT(diag_errors(), 0);
	free(s);
}

TEST(mustache_recursion_bound)
{
	char *s;
	int rc;

	harness_diag_capture();
	s = render2("a{{>p}}", "b{{>p}}", NULL, &rc);
	CHECK_INT(rc, -1);
	CHECK_HAS(harness_diag_text(), "p:1:2: error: rendering stopped at "
	    "'p': partials, parents and blocks nested too deeply");
	free(s);
	/* A parent that is its own parent. */
	harness_diag_capture();
	s = render2("{{<p}}{{/p}}", "{{<p}}{{$x}}y{{/x}}{{/p}}", NULL, &rc);
	CHECK_INT(rc, -1);
	CHECK_HAS(harness_diag_text(), "nested too deeply");
	free(s);
	/* A block that fills itself with itself. */
	s = render2("{{<p}}{{$a}}x{{$a}}{{/a}}{{/a}}{{/p}}", "{{$a}}{{/a}}",
	    NULL, &rc);
	CHECK_INT(rc, -1);
	free(s);
}

TEST(mustache_escaping)
{
	struct value *m = value_new(VALUE_MAP, NULL);
	char *s;

	value_map_set_str(m, "x", "a & b < c > d \" e ' f");
	s = render("{{x}}|{{{x}}}|{{&x}}", m);
	CHECK_STR(s, "a &amp; b &lt; c &gt; d &quot; e &#39; f|"
	    "a & b < c > d \" e ' f|a & b < c > d \" e ' f");
	free(s);
	value_free(m);
}

TEST(mustache_refs_and_dotted_names)
{
	struct value *site = value_new(VALUE_MAP, NULL), *page, *list, *item;
	char *s;

	value_map_set_str(site, "title", "Open Doors");
	value_map_set_take(value_map_set_take(site, "org",
	    value_new(VALUE_MAP, NULL)), "name", value_new_strz("Riverside"));
	item = value_new(VALUE_MAP, NULL);
	value_map_set_str(item, "label", "Home");
	page = value_new(VALUE_MAP, NULL);
	value_map_set_take(page, "site", value_new_ref(site));
	list = value_map_set_take(page, "menu", value_new(VALUE_LIST, NULL));
	value_list_push_take(list, value_new_ref(item));
	value_list_push_take(list, value_new_ref(item));
	value_map_set_take(page, "first", value_new_bool(1));
	s = render("{{site.title}}/{{site.org.name}}/{{site.nope.x}}/"
	    "{{#site}}{{title}}{{/site}}/{{#menu}}{{label}},{{/menu}}/"
	    "{{#site.org}}{{name}}{{/site.org}}{{^site.none}}!{{/site.none}}"
	    "{{first}}", page);
	CHECK_STR(s, "Open Doors/Riverside//Open Doors/Home,Home,/Riverside!"
	    "true");
	free(s);
	value_free(page);
	value_free(item);
	value_free(site);
}

TEST(mustache_files_and_inheritance)
{
	char *dir = harness_tmpdir(), *own, *def, *path;
	struct mus_set *set = mus_set_new();
	const struct mus_tpl *t;
	struct value *ctx = value_new(VALUE_MAP, NULL);
	struct buf out = BUF_INIT;

	own = fs_join(dir, "own");
	def = fs_join(dir, "def");
	path = fs_join(def, "partials");
	CHECK(fs_mkdirs(path) == 0);
	free(path);
	path = fs_join(own, "partials");
	CHECK(fs_mkdirs(path) == 0);
	free(path);
#define PUT(d, n, s) do {						\
	path = fs_join(d, n);						\
	CHECK(fs_write(path, s, strlen(s)) == 0);			\
	free(path);							\
} while (0)
	PUT(def, "base.mustache", "<html>\n  <head>{{>partials/head}}</head>\n"
	    "  <body>\n    {{$main}}\n    default\n    {{/main}}\n  </body>\n"
	    "</html>\n");
	PUT(def, "partials/head.mustache", "<title>{{title}}</title>");
	PUT(own, "partials/head.mustache", "<title>Own {{title}}</title>");
	PUT(def, "page.mustache", "{{<base}}\n{{$main}}\n<p>\n  {{text}}\n"
	    "</p>\n{{/main}}\n{{/base}}\n");
	PUT(def, "broken.mustache", "ok\n{{#x}}\n");
#undef PUT
	mus_set_add_dir(set, own, "templates");
	mus_set_add_dir(set, def, "defaults");
	value_map_set_str(ctx, "title", "Hope");
	value_map_set_str(ctx, "text", "Hi");
	t = mus_get(set, "page");
	CHECK(t != NULL && mus_get(set, "page") == t);
	CHECK(mus_render(t, ctx, &out) == 0);
	CHECK_STR(out.ptr, "<html>\n  <head><title>Own Hope</title></head>\n"
	    "  <body>\n    <p>\n      Hi\n    </p>\n  </body>\n</html>\n");
	CHECK(mus_get(set, "nothing") == NULL);
	CHECK(mus_get(set, "../def/page") == NULL);
	harness_diag_capture();
	CHECK(mus_get(set, "broken") == NULL);
	CHECK_HAS(harness_diag_text(), "defaults/broken.mustache:3:1: error: "
	    "section 'x' is never closed");
	buf_release(&out);
	value_free(ctx);
	mus_set_free(set);
	free(own);
	free(def);
	free(dir);
}

struct job {
	const struct mus_tpl	*tpl;
	const struct value	*ctx;
	int			 bad;
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct buf out = BUF_INIT;
	int i;

	for (i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (mus_render(j->tpl, j->ctx, &out) == -1 ||
		    strcmp(out.ptr, "[a:x][b:x][c:x]") != 0)
			j->bad++;
	}
	buf_release(&out);
	return NULL;
}

TEST(mustache_threads)
{
	struct mus_set *set = mus_set_new();
	struct value *ctx = value_new(VALUE_MAP, NULL), *l;
	const char *tpl = "{{#items}}{{>*kind}}{{/items}}";
	const char *item = "[{{name}}:{{<q}}{{$v}}x{{/v}}{{/q}}]";
	struct job j = { NULL, NULL, 0 }, k;
	pthread_t a, b;
	const char *names[] = { "a", "b", "c" };
	size_t i;

	l = value_map_set_take(ctx, "items", value_new(VALUE_LIST, NULL));
	for (i = 0; i < 3; i++) {
		struct value *m = value_list_push_take(l,
		    value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "name", names[i]);
		value_map_set_str(m, "kind", "item");
	}
	mus_set_add_string(set, "t", tpl, strlen(tpl));
	mus_set_add_string(set, "item", item, strlen(item));
	mus_set_add_string(set, "q", "{{$v}}{{/v}}", 12);
	j.tpl = mus_get(set, "t");
	j.ctx = ctx;
	k = j;
	CHECK(j.tpl != NULL);
	CHECK(pthread_create(&a, NULL, worker, &j) == 0);
	CHECK(pthread_create(&b, NULL, worker, &k) == 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	CHECK_INT(j.bad + k.bad, 0);
	value_free(ctx);
	mus_set_free(set);
}

TEST(mustache_indentation)
{
	struct value *m = value_new(VALUE_MAP, NULL);
	char *s;

	harness_diag_capture();
	value_map_set_str(m, "x", "<1\n2>");
	/* An empty inline block must not eat the next line's indentation. */
	s = render2("  {{>p}}\nend", "{{<q}}{{/q}}a\n{{$b}}{{/b}}\nc\n", m,
	    NULL);
	CHECK_STR(s, "  a\n  \n  c\nend");
	free(s);
	/* Data is not indented; template lines are. */
	s = render2("<div>\n  {{>p}}\n</div>", "<p>\n  {{{x}}}\n</p>\n", m,
	    NULL);
	CHECK_STR(s, "<div>\n  <p>\n    <1\n2>\n  </p>\n</div>");
	free(s);
	s = render("{{=<% %>=}}<%{x}%>|<% x %>", m);
	CHECK_STR(s, "<1\n2>|&lt;1\n2&gt;");
	free(s);
	value_free(m);
}
