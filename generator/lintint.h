/* SPDX-License-Identifier: ISC */
/* Internals shared by lint.c, lintrules.c and lintreport.c; not an API. */
#ifndef LINTINT_H
#define LINTINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "lint.h"

struct value;

/* Token flags. */
#define LT_QUOTED	0x01	/* inside quotation marks or a block quote */
#define LT_ALLOWED	0x02	/* part of a proper name on the allow list */
#define LT_HYPH_BEFORE	0x04	/* joined by a hyphen to the word before */
#define LT_HYPH_AFTER	0x08	/* joined by a hyphen to the word after */
#define LT_USED		0x10	/* already reported by a language rule */
/* Set by lint_toks_lookup: patterns of these lists may start here. */
#define LT_TERMS	0x20
#define LT_ALLOWS	0x40
#define LT_MENTIONS	0x80

/* A word of a text: bytes [off, end) and its normalised form. */
struct lint_tok {
	size_t		 off, end;
	size_t		 norm;		/* offset of the NUL-terminated form */
	unsigned	 sent;		/* sentence number in the text */
	unsigned	 flags;
	unsigned	 nlen;		/* strlen of the normalised form */
	/* Set by lint_toks_lookup: patterns that start here, or NULL. */
	const struct lint_word	 *word;
	const struct lint_starts *prefix;
};

struct lint_toks {
	struct lint_tok	*v;
	size_t		 n, cap;
	unsigned	 lists;		/* LT_TERMS ... of any token (lookup) */
	struct buf	 norm;		/* lower-case words, NUL-separated */
};

/* A phrase: words, "*" for any word, "word*" for a prefix. */
struct lint_pat {
	char		**w;
	size_t		  n;
	/* Set by lint_pat_prepare once w is final: what pat_at compares. */
	size_t		 *wlen;		/* bytes to compare (no star) */
	unsigned char	 *wkind;	/* LW_EXACT, LW_PREFIX or LW_ANY */
};

#define LW_EXACT	0
#define LW_PREFIX	1
#define LW_ANY		2

/* A set of words, each possibly ending in "*". */
struct lint_wset {
	char		**w;
	size_t		  n;
	/* Set by lint_wset_prepare: as lint_pat's wlen and wkind. */
	size_t		 *wlen;
	unsigned char	 *wkind;
	/*
	 * Also: the first bytes of its words, a bit each, and whether it
	 * holds "*": most words of a text are in no set, and one test
	 * tells them.
	 */
	uint64_t	  first[4];
	int		  any;
};

/* One alternative of a term's context; NULL members are not checked. */
struct lint_cond {
	const struct lint_wset *near, *before, *after;
	const struct lint_wset *unless_near, *unless_before, *unless_after;
	unsigned	 gap;
};

struct lint_term {
	char		*term;
	char		*category;
	char		*rule;		/* language/<category> */
	char		*prefer;	/* the first preferred wording */
	char		*prefer_more;	/* the others, "; "-joined, or NULL */
	char		*note;
	enum lint_severity sev;
	struct lint_pat	*pats;		/* term, also and inflected forms */
	size_t		 npats;
	struct lint_cond *conds;	/* any one must hold; none = always */
	size_t		 nconds;
};

/* A term's pattern, found through the index of first words. */
struct lint_cand {
	size_t			 term;	/* index into terms: ties go to the lower */
	const struct lint_pat	*pat;
};

struct lint_bucket {
	struct lint_cand	*v;
	size_t			 n, cap;
};

#define LINT_BUCKETS	1024

/* The patterns of the terms, the allow list and the mentions. */
struct lint_starts {
	struct lint_bucket	 terms, allow, mentions;
	unsigned		 lists;	/* LT_TERMS ... if not empty */
};

/* Patterns that start with one word, written out. */
struct lint_word {
	char			*w;	/* owned; NULL: an empty slot */
	unsigned		 nlen;
	uint32_t		 hash;
	struct lint_starts	 pats;
};

/*
 * Patterns by their first word: a word written out is looked up in a
 * hash table; a prefix ("suicid*") by its first two bytes
 * (lint_bucket_of); "any" holds those whose first word is a wildcard
 * too short to bucket.  The allow list goes in by the word as a text
 * has it (lower-case first letter).  lint_toks_lookup finds, once per
 * word of a text, the patterns that can start there.
 */
struct lint_dict {
	struct lint_word	*slots;		/* nslots: a power of 2 */
	size_t			 nslots, used;
	struct lint_starts	*buckets;	/* LINT_BUCKETS or NULL */
	/*
	 * By bucket: the third bytes of its prefixes, bit (c & 63) each,
	 * all bits for a prefix of two bytes.  "kind" need not try
	 * "kill*", nor "support" "suicid*".
	 */
	uint64_t		*thirds;	/* LINT_BUCKETS or NULL */
	struct lint_starts	 any;
	/*
	 * By a word's first two bytes (LINT_PAIR): whether a prefix starts
	 * so, and the lengths (LP_LEN) of the words written out that do.
	 * Most words need no more look-up, and are not even hashed.
	 */
	unsigned char		*pairs;		/* 65536 of them, or NULL */
};

#define LINT_PAIR(w)	((size_t)(unsigned char)(w)[0] << 8 | \
			    (unsigned char)((w)[0] != '\0' ? (w)[1] : 0))
#define LP_PREFIX	0x01
/*
 * A bit for words of n bytes, one of seven by n mod 16: any mapping
 * does, as long as the rules and the words share it.  Lengths 2 to 7
 * get a bit each, the others share the last (a nibble of the constant
 * per n is the bit's number: a table in a register).
 */
#define LP_LEN(n)	(0x02u << (0x6666666654321066ull >> ((n) & 15) * 4 & 7))

struct lint_rules {
	struct lint_dict dict;		/* patterns by first word */
	struct lint_term *terms;
	size_t		 nterms, capterms;
	struct lint_wset **sets;	/* owned; named and inline */
	char		**setnames;	/* NULL for inline sets */
	size_t		 nsets, capsets;
	struct lint_pat	*allow;		/* proper names, as written */
	size_t		 nallow;
	struct lint_pat	*mentions;
	size_t		 nmentions;
	const struct lint_wset *suicide, *sensational, *sensational_suicide;
	const struct lint_wset *method;
	double		 max_grade;
	int		 show_info;
};

/* Words of s (see lint.c for what a word is); toks must be zeroed. */
void	lint_tokenize(const char *s, size_t len, struct lint_toks *);
/* As lint_tokenize into toks zeroed or used before, reusing their memory. */
void	lint_retokenize(const char *s, size_t len, struct lint_toks *);
void	lint_toks_release(struct lint_toks *);
#define LINT_TOKW(t, i)	((t)->norm.ptr + (t)->v[(i)].norm)
/* The bucket of a word (or of a pattern's first word): -1 for "any". */
int	lint_bucket_of(const char *word);
/* FNV-1a: the hash of a word's normal form (lint_word.hash). */
static inline uint32_t
lint_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}
/* Set the word and prefix of every token of t (see lint_dict). */
void	lint_toks_lookup(const struct lint_rules *, struct lint_toks *);
int	lint_wset_has(const struct lint_wset *, const char *word);
/* Fill wlen and wkind from w (once w is final). */
void	lint_wset_prepare(struct lint_wset *);
/* Compile a phrase; 0, or -1 when it has no words. */
int	lint_pat_compile(struct lint_pat *, const char *);
void	lint_pat_release(struct lint_pat *);
/* Fill wlen and wkind from w (after any change to w). */
void	lint_pat_prepare(struct lint_pat *);

/* A silence: `<!-- signpost: allow 'a', 'b' because ... -->`. */
struct lint_silence {
	unsigned	 line;		/* in the file */
	char		**keys;
	size_t		 n;
};

/*
 * Where the block text from byte text on comes from, up to the next
 * span: md offset md for every byte (run 0), or md, md + 1 ... (run 1).
 * Most text nodes are one run; looking a byte up is only for findings.
 */
struct lint_span {
	size_t		 text, md;
	int		 run;
};

/* State while checking one Markdown body. */
struct lint_ctx {
	const struct lint_rules	*rules;
	const char		*file;
	const char		*md;
	size_t			 len;
	unsigned		 line_offset;
	unsigned		 col_offset;	/* indent of md in its file */
	size_t			*lines;		/* offset of each line start */
	size_t			 nlines;
	struct lint_result	*res;
	size_t			 first;		/* res->items of this call */
	/* the leaf block being collected */
	struct buf		 text;		/* its text, for the rules */
	struct lint_span	*spans;		/* text byte -> md offset */
	size_t			 nspans, capspans;
	size_t			 cur, end;	/* md cursor and block end */
	struct buf		 plain;		/* text for readability */
	size_t			 plain_block;	/* where the block started */
	unsigned		 quote_depth;
	unsigned		 image_depth;
	struct buf		 alt;		/* the current image's alt */
	size_t			 image_at;
	size_t			 link_at;
	size_t			 link_text;	/* text.len at the link */
	int			 prev_level;
	int			 table_open, table_th;
	size_t			 table_at;
	struct lint_silence		*sil;
	size_t			 nsil;
	struct lint_toks	 toks;		/* a block's words */
	int			 smart;		/* the tree has smart punctuation */
	struct buf		 ascii;		/* a text node without it */
	struct buf		 fold;		/* a link or alt text, folded */
};

/*
 * Where the words of a text are: the block's spans give the md offset of
 * each byte (Markdown blocks, mapped), or the text is one line of another
 * file starting at line:col (a front matter title).
 */
struct lint_where {
	int		 mapped;
	unsigned	 line, col;
	const char	*s;
};

/* Record a finding in res; the caller prints it (see lint.c). */
void	lint_result_add(struct lint_result *, enum lint_severity,
	    unsigned line, unsigned col, const char *rule, const char *text,
	    const char *msg);
/* Attach a note (printed after it) to the last finding added. */
void	lint_result_note(struct lint_result *, const char *note);
/* Print res's findings from index from on, through diag. */
void	lint_result_emit(const struct lint_rules *, const char *file,
	    struct lint_result *, size_t from);

/* lint_markdown for text indented by col_offset columns in its file. */
int	lint_markdown_at(const struct lint_rules *, const char *file,
	    const char *md, size_t len, unsigned line_offset,
	    unsigned col_offset, const struct value *front_matter,
	    struct lint_result *);
/* Line (in the file) and column (characters) of md offset off. */
void	lint_pos(const struct lint_ctx *, size_t off, unsigned *line, unsigned *col);
/* Add a finding of this check to c->res. */
void	lint_finding(struct lint_ctx *, enum lint_severity, unsigned line,
	    unsigned col, const char *rule, const char *text, const char *fmt,
	    ...) __attribute__((format(printf, 7, 8)));
/* Read <!-- signpost: allow ... --> comments of c->md. */
void	lint_silences_parse(struct lint_ctx *);
/* Drop the findings of this call that a comment or page silences. */
void	lint_silences_apply(struct lint_ctx *, const struct value *page_allow);
void	lint_silences_free(struct lint_ctx *);

#endif
