/* SPDX-License-Identifier: ISC */
/* What mustache.c (compiler) and mustache_render.c share: the operation tree. */
#ifndef MUSTACHE_PRIV_H
#define MUSTACHE_PRIV_H

#include <pthread.h>
#include <stddef.h>

struct loc;

/* Borrowed bytes of a template's source. */
struct span {
	const char	*ptr;
	size_t		 len;
};

/* One part of a dotted name, with its value_hash, computed once. */
struct part {
	const char	*ptr;
	size_t		 len;
	unsigned	 hash;
};

enum op_kind {
	OP_TEXT,	/* text: literal bytes */
	OP_VAR,		/* {{name}}: escaped */
	OP_RAW,		/* {{{name}}}, {{&name}} */
	OP_SECTION,	/* {{#name}} kids {{/name}} */
	OP_INVERTED,	/* {{^name}} kids {{/name}} */
	OP_PARTIAL,	/* {{>name}} */
	OP_PARENT,	/* {{<name}} kids (blocks only) {{/name}} */
	OP_BLOCK	/* {{$name}} kids (default) {{/name}} */
};

#define OPF_BOL		0x01	/* starts a template line: indent it */
#define OPF_ALONE	0x02	/* a standalone tag: indent is its own */
#define OPF_DYNAMIC	0x04	/* {{>*name}}: the name is looked up */

struct op {
	enum op_kind	 kind;
	unsigned	 flags;
	size_t		 pos;		/* offset of the tag in the source */
	struct span	 text;		/* text, or the name as written */
	/*
	 * Partials, parents and blocks: the indentation their lines get
	 * (standalone), or for an inline block the blanks before it.
	 */
	struct span	 indent;
	struct part	*parts;		/* dotted name split at '.'; owned */
	size_t		 nparts;	/* 0 is the implicit iterator "." */
	struct op	*kids;		/* owned */
	size_t		 nkids;
	struct mus_tpl	*tpl;		/* static partial or parent, or NULL */
};

enum tpl_state {
	TPL_COMPILING,
	TPL_OK,
	TPL_BROKEN,	/* syntax errors */
	TPL_MISSING	/* exists nowhere */
};

struct mus_tpl {
	struct mus_set	*set;
	char		*name;
	const char	*file;		/* interned by diag */
	char		*src;
	size_t		 len;
	struct op	*ops;
	size_t		 nops;
	enum tpl_state	 state;
};

struct mus_set {
	pthread_mutex_t	  lock;
	struct mus_dir {
		char	*path;
		char	*display;
	}		 *dirs;
	size_t		  ndirs;
	struct mus_src {
		char	*name;
		char	*text;
		size_t	 len;
	}		 *srcs;
	size_t		  nsrcs;
	struct mus_tpl	**tpls;
	size_t		  ntpls;
	unsigned	  max_depth;
	unsigned long	  max_steps;
};

/*
 * The template a dynamic name resolves to, compiled on first use under
 * the set's lock (a missing one is warned about once, at from's pos).
 * Never NULL: check its state.
 */
struct mus_tpl	*mus_lookup_dynamic(struct mus_set *, const char *name,
		    size_t len, const struct mus_tpl *from, size_t pos);
/* The position of byte pos of tpl's source, for diagnostics. */
void		 mus_loc(const struct mus_tpl *, size_t pos, struct loc *);

#endif
