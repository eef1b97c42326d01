/* SPDX-License-Identifier: ISC */
/* The offline search index: tokenise documents, write classic-script shards. */
#ifndef SEARCHIDX_H
#define SEARCHIDX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct value;
struct sidx;

/*
 * One document to index.  Every pointer is borrowed for the duration of
 * sidx_add only: the index copies what it keeps.  NULL strings are empty.
 */
struct sidx_doc {
	const char		 *kind;		/* "article", "page" or "service" */
	const char		 *url;		/* relative to the language root */
	const char		 *title;
	const char		 *summary;	/* shown under the title, cut at 200 bytes */
	const char		 *body;		/* plain text */
	const char *const	 *categories;	/* category labels, indexed as text */
	size_t			  ncategories;
	/*
	 * Services only (NULL otherwise): a map with any of
	 *   categories: [key, ...]       languages: [code, ...]
	 *   free: true|false              access: [self-referral, drop-in, ...]
	 *   towns: [name, ...]            hours: the listing's hours map
	 *   timezone: IANA zone, used when hours has none
	 * Unknown keys are ignored.  Towns are also indexed as text.
	 */
	const struct value	 *facets;
};

/* What sidx_write produced, for reports and the bench. */
struct sidx_stats {
	size_t	 docs;
	size_t	 terms;
	size_t	 postings;
	size_t	 files;		/* files written, manifest included */
	size_t	 bytes;		/* all files */
	size_t	 manifest_bytes;
	size_t	 shards;	/* postings shards (0: all inline in the manifest) */
	size_t	 shard_max;	/* largest postings shard */
	size_t	 vocab_max;	/* largest vocabulary bucket */
	size_t	 docs_max;	/* largest document chunk */
	size_t	 facets_bytes;
};

/* A new empty index for one language (BCP 47 code, copied); NULL means "en". */
struct sidx	*sidx_new(const char *lang);
void		 sidx_free(struct sidx *);

/*
 * Tune the writer (tests and the bench): postings shards aim at
 * shard_bytes each; when every part together stays under single_max
 * bytes, everything goes inline into the manifest.  0 keeps the default
 * (48 KiB and 160 KiB).
 */
void		 sidx_set_limits(struct sidx *, size_t shard_bytes,
		    size_t single_max);
/* Who writes sidx_write's files (default: fs_write). */
struct fs_writer;
void		 sidx_set_writer(struct sidx *, const struct fs_writer *);

/* Tokenise and add one document; documents keep the order of the calls. */
void		 sidx_add(struct sidx *, const struct sidx_doc *);

/*
 * The tokens of a document, made apart from any index so that documents
 * can be tokenised on several threads: sidx_tokenize needs no index and
 * is safe to call concurrently; sidx_add_tokens then adds d exactly as
 * sidx_add would, in the order of the calls.  Zero a sidx_toks before
 * use (it can be reused); release it with sidx_toks_release.  The fields
 * are the index's own: the document's distinct terms in first-seen order
 * with their weighted frequencies and hashes, and its entry as JSON, so
 * the add does no text work and touches each term once per document.
 */
struct sidx_term {
	uint32_t	 off;		/* in s, NUL-terminated */
	uint32_t	 len;
	uint32_t	 hash;
	uint32_t	 wtf;		/* weighted term frequency */
};
struct sidx_toks {
	char		*s;		/* the terms' bytes */
	size_t		 len, cap;
	struct sidx_term *t;
	size_t		 n, tcap;
	uint32_t	 doclen;	/* weighted length: the sum of wtf */
	struct buf	 rec;		/* ["kind","url","title","summary"] */
	size_t		 url_off, url_len; /* the quoted URL in rec */
	int		 kind;		/* the kinds run-length letter */
	struct buf	 hours;		/* services: hours after the zone */
	int		 has_hours;
};
void		 sidx_tokenize(const struct sidx_doc *, struct sidx_toks *);
void		 sidx_add_tokens(struct sidx *, const struct sidx_doc *,
		    const struct sidx_toks *);
void		 sidx_toks_release(struct sidx_toks *);

/*
 * For the build cache: documents added again from the terms an earlier
 * index gave them, without their text.  sidx_keep_terms (before the
 * first add) has the index keep each document's terms; sidx_doc_terms
 * gives them back as packed pairs of 7-bit groups (term index, weighted
 * frequency), with the document's weighted length; sidx_term names a
 * term by index.
 */
void		 sidx_keep_terms(struct sidx *);
const unsigned char *sidx_doc_terms(const struct sidx *, size_t doc,
		    size_t *len, uint32_t *doclen);
size_t		 sidx_nterms(const struct sidx *);
/* Whether any document has term i (sidx_preload_terms may leave some out). */
int		 sidx_term_used(const struct sidx *, size_t i);
const char	*sidx_term(const struct sidx *, size_t, size_t *len);
/*
 * Quicker still: sidx_preload_terms interns an earlier index's terms in
 * its order into an empty index (0; -1 when they do not come out at the
 * same indices), so that sidx_add_packed can add a document from that
 * index's packed pairs as they are (d may have facets: a listing).  On
 * any thread first: sidx_prepare makes t's entry (sidx_tokenize's
 * without the terms), and sidx_pairs_ok says whether the pairs read well
 * and name only terms below nterms; sidx_add_packed reads within bounds
 * whatever it is given, but adds what it can of pairs that do not.
 * Terms no document has in the end are left out of what sidx_write
 * writes.
 */
int		 sidx_preload_terms(struct sidx *, const char *const *term,
		    const size_t *len, size_t n);
void		 sidx_prepare(const struct sidx_doc *, struct sidx_toks *);
int		 sidx_pairs_ok(const unsigned char *pairs, size_t len,
		    size_t nterms);
void		 sidx_add_packed(struct sidx *, const struct sidx_doc *,
		    const struct sidx_toks *, const unsigned char *pairs,
		    size_t len, uint32_t doclen);

/*
 * Write outdir/assets/search/index.js (the manifest, which assigns
 * window.SignpostSearch.manifest) and, for larger sites, the shards
 * p<N>.js, v-<key>.js, d<N>.js and f.js, which register themselves with
 * SignpostSearch.shard(name, data).  Output bytes depend only on the
 * documents and their order.  A one-line summary is appended to note
 * when it is not NULL.  Returns 0, or -1 after a diagnostic on I/O errors.
 */
int		 sidx_write(struct sidx *, const char *outdir,
		    struct buf *note);

/* Figures of the last sidx_write. */
void		 sidx_get_stats(const struct sidx *, struct sidx_stats *);

/*
 * Documents (0-based, in add order) whose postings hold exactly term (a
 * folded token).  Up to max ids go to docs; returns how many there are.
 */
size_t		 sidx_term_docs(const struct sidx *, const char *term,
		    uint32_t *docs, size_t max);

#endif
