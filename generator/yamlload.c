/* SPDX-License-Identifier: ISC */
/* libyaml's event stream into a value tree, with positions and limits. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "value.h"
#include "xalloc.h"
#include "yamlload.h"

struct loader {
	yaml_parser_t		 parser;
	const char		*file;
	const struct yamlload_opts *opts;
	unsigned		 depth;
	int			 failed;
};

static struct value *load_node(struct loader *, yaml_event_t *);

static struct loc
mark_loc(const struct loader *l, yaml_mark_t m)
{
	struct loc loc;

	loc.file = l->file;
	loc.line = (unsigned)m.line + 1 + l->opts->line_offset;
	loc.col = (unsigned)m.column + 1;
	return loc;
}

/* Report what libyaml could not parse, at the position it gives. */
static void
parser_error(struct loader *l)
{
	yaml_parser_t *p = &l->parser;
	struct loc loc = mark_loc(l, p->problem_mark);
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_MEMORY_ERROR) {
		diag_sys("out of memory reading '%s'", l->file);
		l->failed = 1;
		return;
	}
	if (p->context != NULL)
		diag_error(&loc, "%s %s", problem, p->context);
	else
		diag_error(&loc, "%s", problem);
	if (strstr(problem, "cannot start any token") != NULL)
		diag_note(NULL, "YAML indents with spaces, not tabs; a value "
		    "starting with '@', '`', '%%' or '*' needs quotes");
	else if (strstr(problem, "mapping values are not allowed") != NULL)
		diag_note(NULL, "put quotes around a value that contains ': '");
	else if (p->context != NULL && p->problem_mark.line !=
	    p->context_mark.line) {
		struct loc cl = mark_loc(l, p->context_mark);

		diag_note(&cl, "the construct started here");
	}
	l->failed = 1;
}

static int
next(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev)) {
		parser_error(l);
		return -1;
	}
	return 0;
}

/* Shortest decimal that reads back as the same double, as YAML 1.2 core. */
static char *
canonical_number(const char *s)
{
	char *end, tmp[64];
	double d;
	long long ll;
	int prec;

	if (*s == '\0')
		return NULL;
	errno = 0;
	ll = strtoll(s, &end, 10);
	if (*end == '\0' && errno == 0 && (s[0] != '0' || s[1] == '\0')) {
		snprintf(tmp, sizeof(tmp), "%lld", ll);
		return xstrdup(tmp);
	}
	if (strspn(s, "0123456789.eE+-") != strlen(s))
		return NULL;
	d = strtod(s, &end);
	if (*end != '\0' || !isfinite(d))
		return NULL;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return xstrdup(tmp);
}

static struct value *
load_scalar(struct loader *l, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	struct loc loc = mark_loc(l, ev->start_mark);
	struct value *v;
	char *num;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.tag == NULL) {
		if (n == 0 || strcmp(s, "null") == 0 || strcmp(s, "~") == 0 ||
		    (l->opts->core_schema && (strcmp(s, "Null") == 0 ||
		    strcmp(s, "NULL") == 0)))
			return value_new(VALUE_NULL, &loc);
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
		    (l->opts->core_schema && (strcmp(s, "True") == 0 ||
		    strcmp(s, "TRUE") == 0 || strcmp(s, "False") == 0 ||
		    strcmp(s, "FALSE") == 0))) {
			v = value_new_bool(s[0] == 't' || s[0] == 'T');
			v->loc = loc;
			return v;
		}
		if (l->opts->core_schema && (num = canonical_number(s))) {
			v = value_new_str_take(num, strlen(num));
			v->loc = loc;
			return v;
		}
	}
	return value_new_str(s, n, &loc);
}

static struct value *
load_sequence(struct loader *l, yaml_event_t *start)
{
	struct value *v = value_new(VALUE_LIST, NULL), *item;
	yaml_event_t ev;

	v->loc = mark_loc(l, start->start_mark);
	for (;;) {
		if (next(l, &ev) == -1)
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return v;
		}
		item = load_node(l, &ev);
		yaml_event_delete(&ev);
		if (item == NULL)
			break;
		value_list_push_take(v, item);
	}
	value_free(v);
	return NULL;
}

static int
load_pair(struct loader *l, struct value *map, yaml_event_t *kev)
{
	struct loc kl = mark_loc(l, kev->start_mark);
	const struct value_pair *dup;
	struct value *val;
	yaml_event_t ev;
	const char *key;

	if (kev->type != YAML_SCALAR_EVENT) {
		diag_error(&kl, "a key must be a plain word, not a %s",
		    kev->type == YAML_MAPPING_START_EVENT ? "map" : "list");
		l->failed = 1;
		return -1;
	}
	key = (const char *)kev->data.scalar.value;
	if (next(l, &ev) == -1)
		return -1;
	val = load_node(l, &ev);
	yaml_event_delete(&ev);
	if (val == NULL)
		return -1;
	if ((dup = value_pair_get(map, key)) != NULL) {
		diag_error(&kl, "duplicate key '%s'", key);
		diag_note(&dup->loc, "'%s' was first set here", key);
		value_free(val);
		l->failed = 1;
		return 0;
	}
	value_map_add_take(map, key, kev->data.scalar.length, &kl, val);
	return 0;
}

static struct value *
load_mapping(struct loader *l, yaml_event_t *start)
{
	struct value *v = value_new(VALUE_MAP, NULL);
	yaml_event_t ev;
	int rc;

	v->loc = mark_loc(l, start->start_mark);
	for (;;) {
		if (next(l, &ev) == -1)
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return v;
		}
		if (ev.type == YAML_ALIAS_EVENT) {
			load_node(l, &ev);
			yaml_event_delete(&ev);
			break;
		}
		rc = load_pair(l, v, &ev);
		yaml_event_delete(&ev);
		if (rc == -1)
			break;
	}
	value_free(v);
	return NULL;
}

static const char *
anchor_of(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

static struct value *
load_node(struct loader *l, yaml_event_t *ev)
{
	struct loc loc = mark_loc(l, ev->start_mark);
	struct value *v = NULL;

	if (ev->type == YAML_ALIAS_EVENT || anchor_of(ev) != NULL) {
		diag_error(&loc, "YAML anchors and aliases are not allowed");
		diag_note(NULL, "write the value out in full where it is used");
		l->failed = 1;
		return NULL;
	}
	if (l->depth >= (l->opts->max_depth ? l->opts->max_depth : 64)) {
		diag_error(&loc, "nesting is deeper than %u levels",
		    l->opts->max_depth ? l->opts->max_depth : 64);
		l->failed = 1;
		return NULL;
	}
	l->depth++;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = load_scalar(l, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		v = load_sequence(l, ev);
		break;
	case YAML_MAPPING_START_EVENT:
		v = load_mapping(l, ev);
		break;
	default:
		diag_error(&loc, "unexpected YAML event");
		l->failed = 1;
		break;
	}
	l->depth--;
	return v;
}

/* Stream start, document start, one node, document end, then stream end. */
static struct value *
load_stream(struct loader *l)
{
	struct value *root = NULL;
	yaml_event_t ev;
	struct loc loc;

	if (next(l, &ev) == -1)
		return NULL;
	yaml_event_delete(&ev);			/* STREAM-START */
	if (next(l, &ev) == -1)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		loc = mark_loc(l, ev.start_mark);
		yaml_event_delete(&ev);
		return value_new(VALUE_NULL, &loc);
	}
	yaml_event_delete(&ev);			/* DOCUMENT-START */
	if (next(l, &ev) == -1)
		return NULL;
	root = load_node(l, &ev);
	yaml_event_delete(&ev);
	if (root == NULL)
		return NULL;
	if (next(l, &ev) == -1)			/* DOCUMENT-END */
		goto fail;
	yaml_event_delete(&ev);
	if (next(l, &ev) == -1)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		loc = mark_loc(l, ev.start_mark);
		yaml_event_delete(&ev);
		diag_error(&loc, "only one YAML document is allowed here");
		diag_note(NULL, "remove the '---' line that starts a second "
		    "document");
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	value_free(root);
	return NULL;
}

struct value *
yamlload_parse(const char *file, const char *text, size_t len,
    const struct yamlload_opts *opts)
{
	static const struct yamlload_opts defaults;
	struct loader l;
	struct value *v;
	struct loc loc = { file, 0, 0 };
	size_t max;

	memset(&l, 0, sizeof(l));
	l.file = file;
	l.opts = opts != NULL ? opts : &defaults;
	max = l.opts->max_size ? l.opts->max_size : 4u << 20;
	if (len > max) {
		diag_error(&loc, "file is larger than %zu bytes", max);
		return NULL;
	}
	if (!yaml_parser_initialize(&l.parser)) {
		diag_sys("out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text,
	    len);
	yaml_parser_set_encoding(&l.parser, YAML_UTF8_ENCODING);
	v = load_stream(&l);
	yaml_parser_delete(&l.parser);
	if (l.failed) {
		value_free(v);
		return NULL;
	}
	return v;
}

struct value *
yamlload_file(const char *path, const char *name,
    const struct yamlload_opts *opts, char **textp)
{
	struct value *v;
	const char *file;
	char *text;
	size_t len;

	if (fs_read(path, &text, &len) == -1) {
		diag_sys("cannot read '%s': %s", name, strerror(errno));
		return NULL;
	}
	file = diag_file(name, text, len);
	v = yamlload_parse(file, text, len, opts);
	/* Nothing can point into a tree that failed: stop quoting now. */
	if (v == NULL)
		diag_file_text(file, NULL, 0);
	if (textp != NULL)
		*textp = text;
	else {
		diag_file_text(file, NULL, 0);
		free(text);
	}
	return v;
}
