/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "valpack.h"
#include "value.h"

static struct value *
sample(void)
{
	struct loc l = { NULL, 3, 7 };
	struct value *m, *list;

	l.file = diag_file("content/services/a.yml", NULL, 0);
	m = value_new(VALUE_MAP, &l);
	value_map_set_take(m, "name", value_new_strz("Walk and talk"));
	value_map_set_take(m, "free", value_new_bool(1));
	value_map_set_take(m, "none", value_new(VALUE_NULL, NULL));
	list = value_map_set_take(m, "towns", value_new(VALUE_LIST, &l));
	value_list_push_take(list, value_new_str("Riverside", 9, &l));
	value_list_push_take(list, value_new_ref(m->map.items[0].val));
	return m;
}

TEST(valpack_round_trip)
{
	struct value *v = sample(), *w;
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *p;
	int ok = 0;

	valpack_put(&a, v);
	p = a.ptr;
	w = valpack_get(&p, a.ptr + a.len, &ok);
	CHECK(ok && w != NULL && p == a.ptr + a.len);
	CHECK_STR(value_get_str(w, "name", ""), "Walk and talk");
	CHECK(value_get_bool(w, "free", 0) == 1);
	CHECK(value_get(w, "none") != NULL &&
	    value_get(w, "none")->type == VALUE_NULL);
	CHECK_INT((int)value_len(value_get(w, "towns")), 2);
	CHECK_STR(w->loc.file, "content/services/a.yml");
	CHECK_INT((int)w->loc.line, 3);
	CHECK_INT((int)w->loc.col, 7);
	/* The reference comes back as a copy: the same bytes again. */
	valpack_put(&b, w);
	CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
	value_free(v);
	value_free(w);
	buf_release(&a);
	buf_release(&b);
}

TEST(valpack_short_bytes_are_refused)
{
	struct value *v = sample(), *w;
	struct buf a = BUF_INIT;
	const char *p;
	size_t n;
	int ok;

	valpack_put(&a, v);
	for (n = 0; n < a.len; n++) {
		p = a.ptr;
		ok = 1;
		w = valpack_get(&p, a.ptr + n, &ok);
		CHECK(!ok && w == NULL && p == a.ptr);
	}
	value_free(v);
	buf_release(&a);
}

TEST(valpack_absent)
{
	struct buf a = BUF_INIT;
	const char *p;
	int ok = 0;

	valpack_put(&a, NULL);
	p = a.ptr;
	CHECK(valpack_get(&p, a.ptr + a.len, &ok) == NULL && ok);
	buf_release(&a);
}
