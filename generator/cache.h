/* SPDX-License-Identifier: ISC */
/* The build cache: skip a build whose inputs did not change, reuse files. */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

struct build_opts;
struct hc;
struct out;

#define CACHE_FILE ".signpost-cache"

/*
 * OUTDIR/.signpost-cache, written by every successful build, holds: a key
 * (tool version and binary, the options and environment that change the
 * output, today's date), every input the build looked at (files read with
 * size, mtime in ns and inode; folders listed with a hash of their names;
 * paths probed with their type), the warnings it printed, the hash of
 * every file it wrote, the fingerprints of cache_data_same and the
 * modules' blobs (cache_blob_keep).  A cache
 * that is missing, truncated, corrupt or from another version is
 * ignored: the build is then a full one.
 */
struct cache;

/* Compute the key and read the previous build's cache, if any. */
struct cache	*cache_open(const struct build_opts *);
/*
 * 1 when the output is intact (marker and cache present) and the key and
 * every recorded input match: the build may stop.  0 otherwise.
 */
int		 cache_unchanged(struct cache *);
/* Print the previous build's warnings again, through diag. */
void		 cache_replay(struct cache *);
/* Start (on) or stop (off) recording the inputs the build looks at. */
void		 cache_record(struct cache *, int on);
/*
 * Exclude the output and its staging folder from the inputs; build in the
 * spare folder when the record says what it holds (out_take_spare); and
 * let out_write keep the spare's file, or hard-link the previous
 * output's, when the bytes to write are those it has.
 */
void		 cache_attach(struct cache *, struct out *);
/*
 * When the staging folder is the spare folder (out_take_spare), remove
 * the spare's files this build did not write: after the last write.
 */
void		 cache_spare_prune(struct cache *, struct out *);
/*
 * Write the cache into the staging folder (last, before the swap); hc,
 * the check of the pages (may be NULL), says which were clean and what
 * they link to.
 */
void		 cache_write(struct cache *, struct out *, struct hc *);
/*
 * pages.c, before checking a page: 1 when nothing but content changed
 * and the last build wrote these bytes to relpath and checked them
 * without a message (the caller then uses hc_page_same).
 */
int		 cache_page_same(struct cache *, const char *relpath,
		    const void *, size_t);
/*
 * pages.c, after every page and before hc_resolve: when every link the
 * last build needed still holds, the pages not checked again are fine
 * (their links are among those); else they are all checked now, after
 * before(arg) (when not NULL) has made the Markdown they were given with.
 */
void		 cache_check_links(struct cache *, struct hc *,
		    void (*before)(void *), void *arg);
/*
 * A folder a writer fills directly (data/hsds, from the listings): when
 * nothing but articles and pages changed, put the previous output's
 * files of folder rel in the staging folder (kept in the spare, or
 * hard-linked) and return 0; else -1, and the caller writes it.
 */
int		 cache_reuse_dir(struct cache *, struct out *, const char *rel);
/*
 * Fingerprints of what pages show: of a tree (references followed), and
 * of a language's site data (less the listings it borrows, which
 * services_same covers).
 */
struct value;
uint64_t	 cache_tree_hash(const struct value *);
uint64_t	 cache_site_data_hash(const struct value *data);
/*
 * Before a run of pages that show only listings, site data and, through
 * fp, what the caller hashed (listings.c: the site data; pages.c, the
 * lists: the site data and every article's list data): 1 when they may
 * be taken from the last output without being made (cache_page_take),
 * because no listing, setting, template or theme file changed since the
 * last build and fp is what the last build kept under name.  fp is kept
 * under name for the next build either way.  Safe to call from several
 * threads at once.
 */
int		 cache_data_same(struct cache *, const char *name, uint64_t fp);
/*
 * Bytes a module kept for the next build under name (cache_blob_keep),
 * valid while the cache is: NULL when there are none or when anything
 * outside content/ (settings, templates, rules, the binary) changed, so
 * that what they hold is what this build would make of the same
 * sources.  Their format is the module's; check lengths when reading.
 */
const void	*cache_blob(struct cache *, const char *name, size_t *len);
/*
 * 1 when, besides, no service listing (nor a folder of them) changed
 * since the last build: what a blob says of each listing still holds.
 */
int		 cache_listings_same(struct cache *);
/*
 * When a blob stands in for the listings (not read in this build): the
 * last build's record of them (files, folders) is this build's too.
 */
void		 cache_keep_listing_inputs(struct cache *);
/* Keep bytes (malloc'd; the cache frees them) under name. Thread-safe. */
void		 cache_blob_keep(struct cache *, const char *name, void *bytes,
		    size_t len);
/*
 * cache_blob_keep of bytes made by make(arg, out) when the cache is
 * written, after the build's peak of memory; make(arg, NULL) when it is
 * not: either way make frees arg.  A blob made before may still be read
 * (cache_blob) until then.
 */
struct buf;
void		 cache_blob_later(struct cache *, const char *name,
		    void (*make)(void *, struct buf *), void *arg);
/*
 * Put relpath from the last output in the staging folder without making
 * it (the spare's copy kept, or the output's hard-linked), and record it
 * with the hash the last build wrote down: 0
 * when done, -1 when the last build did not write it, wrote a page
 * (page: 1) its check had something to say about, or it changed since.
 */
int		 cache_page_take(struct cache *, struct out *, const char *relpath,
		    int page);
/* Pages whose check was skipped in this build. */
size_t		 cache_pages_skipped(const struct cache *);
/*
 * What names a document's bytes for the content check's record: made
 * where the document is read (content.c, on every core), not once more
 * for each question below.
 */
uint64_t	 cache_text_hash(const char *file, const void *text, size_t len);
/*
 * The wall clock now, less the margin within which a file's times are
 * too recent to trust ("racy"): nanoseconds since the epoch.
 */
long long	 cache_racy_from(void);
/*
 * The content check of one article or page (check.c).  When nothing but
 * content changed since the last build and this document's bytes (hash:
 * cache_text_hash) are the same, print what the check found then and
 * return 1, with *mentions set; else 0, and the caller checks it, then
 * hands the messages printed since cache_diag_mark() to cache_lint_keep.
 */
int		 cache_lint_replay(struct cache *, const char *file,
		    uint64_t hash, int other_language, int *mentions);
/* Whether cache_lint_replay would replay file (no side effects). */
int		 cache_lint_can_replay(struct cache *, const char *file,
		    uint64_t hash, int other_language);
size_t		 cache_diag_mark(void);
void		 cache_lint_keep(struct cache *, const char *file,
		    uint64_t hash, int other_language, int mentions,
		    size_t from);
/*
 * The number of files in outdir that the previous build did not write
 * (put there by hand, say); *example gets the first one's path (free it).
 * 0 when there is no previous build's record to compare with.
 */
size_t		 cache_foreign(const struct cache *, const char *outdir,
		    char **example);
/*
 * n sources whose check was replayed as one entry (listings.c replays
 * its listings' messages at once): n counted in place of that one.
 */
void		 cache_count_replayed(struct cache *, size_t n);
/* Documents whose check was replayed in this build. */
size_t		 cache_lint_replayed(const struct cache *);
/* Files kept from the spare or hard-linked from the output, this build. */
size_t		 cache_linked(const struct cache *);
void		 cache_free(struct cache *);

/*
 * For tests and fuzzing: 0 when bytes parse as a cache (bounded, checked);
 * -1 when they do not.  Never crashes on any input.
 */
int		 cache_parse_check(const void *, size_t);

#endif
