/* SPDX-License-Identifier: ISC */
/* libFuzzer target: compile a template (and a partial "p"), render it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct value *ctx;

/* A small context with every kind of value the templates meet. */
static struct value *
make_ctx(void)
{
	struct value *m = value_new(VALUE_MAP, NULL), *l, *i, *n;

	value_map_set_str(m, "name", "<b>Hope & \"care\"</b>");
	value_map_set_str(m, "p", "p");
	value_map_set_str(m, "t", "t");
	value_map_set_str(m, "empty", "");
	value_map_set_take(m, "yes", value_new_bool(1));
	value_map_set_take(m, "no", value_new_bool(0));
	value_map_set_take(m, "none", value_new(VALUE_NULL, NULL));
	n = value_map_set_take(m, "a", value_new(VALUE_MAP, NULL));
	value_map_set_take(n, "b", value_new_ref(m));
	value_map_set_str(n, "c", "line one\nline two");
	l = value_map_set_take(m, "items", value_new(VALUE_LIST, NULL));
	i = value_list_push_take(l, value_new(VALUE_MAP, NULL));
	value_map_set_str(i, "name", "first");
	value_map_set_take(i, "first", value_new_bool(1));
	value_list_push_take(l, value_new_strz("second"));
	value_list_push_take(l, value_new_ref(n));
	value_map_set_take(m, "nothing", value_new(VALUE_LIST, NULL));
	return m;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul;
	struct mus_set *set;
	const struct mus_tpl *t;
	struct buf out = BUF_INIT;
	size_t tlen = size;

	if (ctx == NULL) {
		ctx = make_ctx();
		diag_set_stream(fopen("/dev/null", "w"));
		diag_set_context(0);
	}
	set = mus_set_new();
	mus_set_limits(set, 16, 2000);
	if ((nul = memchr(text, '\0', size)) != NULL) {
		tlen = (size_t)(nul - text);
		mus_set_add_string(set, "p", nul + 1, size - tlen - 1);
	}
	mus_set_add_string(set, "t", text, tlen);
	if ((t = mus_get(set, "t")) != NULL)
		mus_render(t, ctx, &out);
	buf_release(&out);
	mus_set_free(set);
	diag_reset();
	return 0;
}
