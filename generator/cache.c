/* SPDX-License-Identifier: ISC */
/* The build cache: what a build read and wrote, to skip or shorten the next. */
#include <sys/stat.h>
#include <sys/uio.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "bytes.h"
#include "cache.h"
#include "dates.h"
#include "diag.h"
#include "fsutil.h"
#include "htmlcheck.h"
#include "output.h"
#include "pool.h"
#include "site.h"
#include "strmap.h"
#include "theme.h"
#include "value.h"
#include "xalloc.h"

#define MAGIC		"SPCACHE\n"
#define FORMAT		6u
#define NONE		UINT64_MAX	/* absent file, unreadable folder */
/*
 * A file whose mtime is this close to the build's start may change again
 * within the same timestamp tick (ext4 stamps by the kernel tick): it is
 * not trusted next time ("racy", as git calls it).
 */
#define RACY_NS		20000000LL
#define RACY		0x80u
#define FILE_CLEAN	0x1u	/* a page checked without a message, or
				   not checked at all (no --check-pages:
				   the key differs from a checking build's) */

struct input {
	unsigned	 kind;		/* enum fs_seen, | RACY */
	char		*path;		/* absolute */
	uint64_t	 a, b, c;	/* see stat_of and names_hash */
};

struct rec {
	unsigned	 kind;		/* enum diag_kind */
	unsigned	 quoted;	/* printed with its source line */
	char		*file, *rule, *msg;
	unsigned	 line, col;
};

/* A named fingerprint of data the pages show (cache_data_same). */
struct fp {
	char		*name;
	uint64_t	 value;
};

static const struct diag_rec **shown_order(const struct diag_rec *,
		    size_t);
static int	take_old(struct cache *, const char *, size_t, uint64_t,
		    struct stat *);

/*
 * A folder of the output (rel, "" for the top) open in the last output
 * and in the staging folder: a page taken is looked at, and kept or
 * linked, by its name in the folder, without walking its whole path
 * twice each time.
 */
struct dirfds {
	int		 oldfd, newfd;
};

/*
 * A folder of the output as the build left it: while its time and inode
 * are the same, no file was added to it since.
 */
struct outdir {
	char		*rel;
	uint64_t	 mtime, ino;
};

/* A blob made only when the cache is written (cache_blob_later). */
struct later {
	char		*name;
	void		(*make)(void *, struct buf *);
	void		*arg;
};

/* Bytes a module keeps for the next build under a name (cache_blob). */
struct blob {
	char		*name;
	const unsigned char *p;	/* into the file read (previous build) */
	unsigned char	*own;	/* or owned (this build) */
	size_t		 len;
};

/* What the content check found in one article or page. */
struct lint_entry {
	char		*file;		/* diag name */
	uint64_t	 hash;		/* of the file's bytes */
	unsigned	 other;		/* other_language */
	unsigned	 mentions;	/* mentions_suicide */
	struct rec	*recs;
	size_t		 nrecs;
};

struct cache {
	const struct build_opts	*opts;
	char			*key;
	char			*outdir;	/* as given */
	char			*cwd;
	long long		 start_ns;	/* wall clock at cache_open */
	/* The previous build's cache. */
	int			 prev;		/* parsed and key matched */
	int			 prev_any;	/* parsed, any key */
	long long		 prev_written;
	struct input		*pin;
	size_t			 npin;
	struct rec		*prec;
	size_t			 nprec;
	struct strmap		 pfiles;	/* rel -> hash slot + 1 */
	char			**prel;
	uint64_t		*phash;
	unsigned		*pflags;	/* FILE_CLEAN */
	char			**pneeds;	/* links the pages needed */
	size_t			 npneeds;
	size_t			 npfiles;
	struct lint_entry	*plint;
	size_t			 nplint;
	struct strmap		 plint_map;	/* file -> index + 1 */
	struct fp		*pfp;
	size_t			 npfp;
	struct strmap		 pfp_map;	/* name -> index + 1 */
	struct blob		*pblob;
	size_t			 npblob;
	char			*praw;		/* the file the blobs are in */
	/*
	 * The spare folder (out_take_spare): the output the last build
	 * replaced, written at pspare_written; it holds what pfiles says,
	 * but where pspare says otherwise (NONE: no such file).
	 */
	long long		 pspare_written;
	struct strmap		 pspare;	/* rel -> index + 1 */
	char			**psrel;
	uint64_t		*pshash;
	size_t			 npspare;
	struct outdir		*pdirs;		/* the last output's folders */
	size_t			 npdirs;
	struct strmap		 pdir_map;	/* rel -> index + 1 */
	int			 env;		/* -1 not known, 0, 1 */
	int			 svcs;		/* listings as they were: same */
	char			*content;	/* absolute content folder */
	char			*roots[2];	/* source and share folders */
	/* This build. */
	pthread_mutex_t		 lock;
	int			 recording;
	struct strmap		 seen;		/* kind char + path */
	struct input		*in;
	size_t			 nin, capin;
	char			*excl[3];	/* output (two ways), staging */
	char			*final;		/* of the previous output */
	size_t			 nlinked;
	int			 spare;		/* the stage is the spare */
	/*
	 * Once every file is written (match_files): for each file of the
	 * last output, its index in this build's + 1 (0: not written
	 * again); for each file of this build, whether the last had it.
	 */
	size_t			*pwrote;
	unsigned char		*oshared;
	char			**texts;	/* replayed files' bytes */
	const char		**tnames;
	int			 *tquoted;
	size_t			 ntexts;
	struct lint_entry	*lint;
	size_t			 nlint, caplint;
	size_t			 nreplayed;
	size_t			 skipped, rechecked;
	struct fp		*fp;
	size_t			 nfp, capfp;
	struct blob		*blob;
	size_t			 nblob;
	struct later		*later;
	size_t			 nlater;
	/* Folders of the last output and the staging folder, open. */
	pthread_mutex_t		 dir_lock;
	struct dirfds		*dirs;
	size_t			 ndirs;
	struct strmap		 dir_map;	/* folder -> index + 1 */
};

static long long
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long
cache_racy_from(void)
{
	return wall_ns() - RACY_NS;
}

/* A hash of a folder's sorted names, and their count. */
static void
names_hash(char *const *names, uint64_t *np, uint64_t *hp)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (names == NULL) {
		*np = NONE;
		*hp = 0;
		return;
	}
	for (i = 0; names[i] != NULL; i++)
		buf_put(&b, names[i], strlen(names[i]) + 1);
	*np = i;
	*hp = out_hash(b.ptr, b.len);
	buf_release(&b);
}

/* What an input looks like now: a, b, c as recorded for its kind. */
static void
input_now(unsigned kind, const char *path, const struct stat *st,
    char *const *names, uint64_t *a, uint64_t *b, uint64_t *c)
{
	*a = *b = *c = 0;
	switch (kind) {
	case FS_SEEN_READ:
		if (st == NULL || !S_ISREG(st->st_mode)) {
			*a = NONE;
			break;
		}
		*a = (uint64_t)st->st_size;
		*b = fs_mtime_ns(st);
		*c = (uint64_t)st->st_ino;
		break;
	case FS_SEEN_LIST:
		names_hash(names, a, b);
		break;
	default:
		*a = st == NULL ? NONE : (uint64_t)(st->st_mode & S_IFMT);
		break;
	}
	(void)path;
}

static char *
absolute_of(const struct cache *c, const char *path)
{
	if (*path == '/' || c->cwd == NULL)
		return xstrdup(path);
	return fs_join(c->cwd, path);
}

static int
excluded(const struct cache *c, const char *abs)
{
	size_t i, n;

	for (i = 0; i < 3; i++) {
		if (c->excl[i] == NULL)
			continue;
		n = strlen(c->excl[i]);
		if (strncmp(abs, c->excl[i], n) == 0 &&
		    (abs[n] == '\0' || abs[n] == '/'))
			return 1;
	}
	return 0;
}

/*
 * A new input of this build (kind, abs), or NULL when it was recorded
 * already.  The caller holds c->lock and fills in path, a, b and c.
 */
static struct input *
new_input(struct cache *c, unsigned kind, const char *abs, struct buf *key)
{
	struct input *in;

	buf_reset(key);
	buf_putc(key, '0' + (int)kind);
	buf_puts(key, abs);
	if (strmap_get(&c->seen, key->ptr) != NULL)
		return NULL;
	if (c->nin == c->capin) {
		c->capin = c->capin ? c->capin * 2 : 256;
		c->in = xreallocarray(c->in, c->capin, sizeof(*c->in));
	}
	in = &c->in[c->nin++];
	in->kind = kind;
	strmap_put(&c->seen, key->ptr, (void *)c->nin);
	return in;
}

static void
observe(void *arg, enum fs_seen kind, const char *path, const struct stat *st,
    char *const *names)
{
	struct cache *c = arg;
	struct input *in;
	struct buf key = BUF_INIT;
	char *abs = absolute_of(c, path);

	if (excluded(c, abs)) {
		free(abs);
		return;
	}
	pthread_mutex_lock(&c->lock);
	if ((in = new_input(c, (unsigned)kind, abs, &key)) != NULL) {
		in->path = abs;
		abs = NULL;
		input_now((unsigned)kind, path, st, names, &in->a, &in->b,
		    &in->c);
	}
	pthread_mutex_unlock(&c->lock);
	free(abs);
	buf_release(&key);
}

/* ---- The file format: little helpers that never read past the end ---- */

/* The file's numbers and fingerprints: little-endian (bytes.h). */
static void
put_u32(struct buf *b, uint32_t v)
{
	le_put(b, v, 4);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	le_put(b, v, 8);
}

/* A string, or NULL as length 0xffffffff. */
static void
put_str(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL) {
		put_u32(b, UINT32_MAX);
		return;
	}
	n = strlen(s);
	put_u32(b, (uint32_t)n);
	buf_put(b, s, n);
}

struct rd {
	const unsigned char	*p, *end;
	int			 bad;
};

static uint64_t
get_n(struct rd *r, int n)
{
	return le_get(&r->p, r->end, n, &r->bad);
}

static uint32_t
get_u32(struct rd *r)
{
	return (uint32_t)get_n(r, 4);
}

static uint64_t
get_u64(struct rd *r)
{
	return get_n(r, 8);
}

/* A new string (or NULL for the absent mark, or on a bad read). */
static char *
get_str(struct rd *r, int nullable)
{
	uint32_t n = get_u32(r);
	char *s;

	if (r->bad)
		return NULL;
	if (n == UINT32_MAX) {
		if (!nullable)
			r->bad = 1;
		return NULL;
	}
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n) != NULL) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

/* A count of records at least min bytes each: bounded by what is left. */
static size_t
get_count(struct rd *r, size_t min)
{
	uint32_t n = get_u32(r);

	if (r->bad || n > (size_t)(r->end - r->p) / min) {
		r->bad = 1;
		return 0;
	}
	return n;
}

static void
recs_free(struct rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].file);
		free(r[i].rule);
		free(r[i].msg);
	}
	free(r);
}

static void
lint_free(struct lint_entry *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].file);
		recs_free(l[i].recs, l[i].nrecs);
	}
	free(l);
}

static void
prev_release(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->npin; i++)
		free(c->pin[i].path);
	free(c->pin);
	recs_free(c->prec, c->nprec);
	lint_free(c->plint, c->nplint);
	strmap_release(&c->plint_map);
	c->plint = NULL;
	c->nplint = 0;
	for (i = 0; i < c->npfiles; i++)
		free(c->prel[i]);
	free(c->prel);
	free(c->phash);
	free(c->pflags);
	for (i = 0; i < c->npneeds; i++)
		free(c->pneeds[i]);
	free(c->pneeds);
	c->pneeds = NULL;
	c->npneeds = 0;
	c->pflags = NULL;
	strmap_release(&c->pfiles);
	for (i = 0; i < c->npfp; i++)
		free(c->pfp[i].name);
	free(c->pfp);
	strmap_release(&c->pfp_map);
	c->pfp = NULL;
	c->npfp = 0;
	for (i = 0; i < c->npblob; i++)
		free(c->pblob[i].name);
	free(c->pblob);
	c->pblob = NULL;
	c->npblob = 0;
	free(c->praw);
	c->praw = NULL;
	for (i = 0; i < c->npspare; i++)
		free(c->psrel[i]);
	free(c->psrel);
	free(c->pshash);
	strmap_release(&c->pspare);
	c->psrel = NULL;
	c->pshash = NULL;
	c->npspare = 0;
	c->pspare_written = 0;
	for (i = 0; i < c->npdirs; i++)
		free(c->pdirs[i].rel);
	free(c->pdirs);
	strmap_release(&c->pdir_map);
	c->pdirs = NULL;
	c->npdirs = 0;
	c->pin = NULL;
	c->prec = NULL;
	c->prel = NULL;
	c->phash = NULL;
	c->npin = c->nprec = c->npfiles = 0;
	c->prev = c->prev_any = 0;
}

/*
 * Paths under the source or share folder are kept relative to it ("s"
 * or "h" and the rest), so that the cache names no folder of the
 * author's computer; both folders are part of the key.
 */
static void
put_path(struct buf *b, const struct cache *c, const char *abs)
{
	static const char tag[] = "sh";
	struct buf t = BUF_INIT;
	size_t i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(c->roots[i]);
		if (strncmp(abs, c->roots[i], n) == 0 && abs[n] == '/') {
			buf_putc(&t, tag[i]);
			buf_puts(&t, abs + n + 1);
			put_str(b, t.ptr);
			buf_release(&t);
			return;
		}
	}
	put_str(b, abs);
}

/* The absolute path of a stored one (c NULL: any valid form). */
static char *
get_path(struct rd *r, const struct cache *c)
{
	char *s = get_str(r, 0), *p;

	if (s == NULL)
		return NULL;
	if (*s == '/')
		return s;
	if ((*s != 's' && *s != 'h') || s[1] == '\0') {
		r->bad = 1;
		free(s);
		return NULL;
	}
	if (c == NULL)
		return s;
	p = fs_join(c->roots[*s == 's' ? 0 : 1], s + 1);
	free(s);
	return p;
}

/* A list of messages; never NULL. */
static struct rec *
get_recs(struct rd *r, size_t *np)
{
	size_t n = get_count(r, 4 * 6), i;
	struct rec *rec = xcalloc(n ? n : 1, sizeof(*rec));

	for (i = 0; i < n && !r->bad; i++) {
		rec[i].kind = get_u32(r);
		rec[i].quoted = (rec[i].kind >> 8) & 1;
		rec[i].kind &= ~0x100u;
		rec[i].file = get_str(r, 1);
		rec[i].line = get_u32(r);
		rec[i].col = get_u32(r);
		rec[i].rule = get_str(r, 1);
		rec[i].msg = get_str(r, 0);
		if (rec[i].kind > DIAG_NOTE)
			r->bad = 1;
	}
	*np = n;
	return rec;
}

static void
put_recs(struct buf *b, const struct rec *r, size_t n)
{
	size_t i;

	put_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		put_u32(b, r[i].kind | (r[i].quoted ? 0x100u : 0));
		put_str(b, r[i].file);
		put_u32(b, r[i].line);
		put_u32(b, r[i].col);
		put_str(b, r[i].rule);
		put_str(b, r[i].msg);
	}
}

/*
 * Parse a cache into c's record of the last build (when c is not NULL;
 * else only check it).  Returns 0, or -1 when the bytes are not a whole
 * cache of this format (c's record stays empty).
 */
static int
parse(struct cache *c, const unsigned char *p, size_t len, char **keyp)
{
	struct cache scratch, *t = c != NULL ? c : &scratch;
	struct rd r;
	char *key;
	uint64_t sum;
	size_t i;
	long long written;

	if (len < sizeof(MAGIC) - 1 + 4 + 8 ||
	    memcmp(p, MAGIC, sizeof(MAGIC) - 1) != 0)
		return -1;
	r.p = p + len - 8;
	r.end = p + len;
	r.bad = 0;
	sum = get_u64(&r);
	if (sum != out_hash(p, len - 8))
		return -1;
	r.p = p + sizeof(MAGIC) - 1;
	r.end = p + len - 8;
	if (get_u32(&r) != FORMAT)
		return -1;
	/* Read straight into t: prev_release frees whatever was read. */
	if (c == NULL)
		memset(&scratch, 0, sizeof(scratch));
	written = (long long)get_u64(&r);
	key = get_str(&r, 0);
	t->npin = get_count(&r, 4 + 4 + 24);
	t->pin = xcalloc(t->npin ? t->npin : 1, sizeof(*t->pin));
	for (i = 0; i < t->npin && !r.bad; i++) {
		t->pin[i].kind = get_u32(&r);
		t->pin[i].path = get_path(&r, c);
		t->pin[i].a = get_u64(&r);
		t->pin[i].b = get_u64(&r);
		t->pin[i].c = get_u64(&r);
		if ((t->pin[i].kind & ~RACY) > FS_SEEN_LSTAT)
			r.bad = 1;
	}
	t->prec = get_recs(&r, &t->nprec);
	t->npfiles = get_count(&r, 4 + 8 + 4);
	t->prel = xcalloc(t->npfiles ? t->npfiles : 1, sizeof(*t->prel));
	t->phash = xcalloc(t->npfiles ? t->npfiles : 1, sizeof(*t->phash));
	t->pflags = xcalloc(t->npfiles ? t->npfiles : 1, sizeof(*t->pflags));
	for (i = 0; i < t->npfiles && !r.bad; i++) {
		t->prel[i] = get_str(&r, 0);
		t->phash[i] = get_u64(&r);
		t->pflags[i] = get_u32(&r);
	}
	t->pspare_written = (long long)get_u64(&r);
	t->npspare = get_count(&r, 4 + 8);
	t->psrel = xcalloc(t->npspare ? t->npspare : 1, sizeof(*t->psrel));
	t->pshash = xcalloc(t->npspare ? t->npspare : 1, sizeof(*t->pshash));
	for (i = 0; i < t->npspare && !r.bad; i++) {
		t->psrel[i] = get_str(&r, 0);
		t->pshash[i] = get_u64(&r);
	}
	t->npdirs = get_count(&r, 4 + 8 + 8);
	t->pdirs = xcalloc(t->npdirs ? t->npdirs : 1, sizeof(*t->pdirs));
	for (i = 0; i < t->npdirs && !r.bad; i++) {
		t->pdirs[i].rel = get_str(&r, 0);
		t->pdirs[i].mtime = get_u64(&r);
		t->pdirs[i].ino = get_u64(&r);
	}
	t->npneeds = get_count(&r, 4);
	t->pneeds = xcalloc(t->npneeds ? t->npneeds : 1, sizeof(*t->pneeds));
	for (i = 0; i < t->npneeds && !r.bad; i++)
		t->pneeds[i] = get_str(&r, 0);
	t->nplint = get_count(&r, 4 + 8 + 4 * 3);
	t->plint = xcalloc(t->nplint ? t->nplint : 1, sizeof(*t->plint));
	for (i = 0; i < t->nplint && !r.bad; i++) {
		t->plint[i].file = get_str(&r, 0);
		t->plint[i].hash = get_u64(&r);
		t->plint[i].other = get_u32(&r);
		t->plint[i].mentions = get_u32(&r);
		t->plint[i].recs = get_recs(&r, &t->plint[i].nrecs);
	}
	t->npfp = get_count(&r, 4 + 8);
	t->pfp = xcalloc(t->npfp ? t->npfp : 1, sizeof(*t->pfp));
	for (i = 0; i < t->npfp && !r.bad; i++) {
		t->pfp[i].name = get_str(&r, 0);
		t->pfp[i].value = get_u64(&r);
	}
	t->npblob = get_count(&r, 4 + 4);
	t->pblob = xcalloc(t->npblob ? t->npblob : 1, sizeof(*t->pblob));
	for (i = 0; i < t->npblob && !r.bad; i++) {
		t->pblob[i].name = get_str(&r, 0);
		t->pblob[i].len = get_u32(&r);
		t->pblob[i].p = r.p;
		if (r.bad || (size_t)(r.end - r.p) < t->pblob[i].len)
			r.bad = 1;
		else
			r.p += t->pblob[i].len;
	}
	if (r.p != r.end)
		r.bad = 1;
	if (r.bad || c == NULL) {
		prev_release(t);
		free(key);
		return r.bad ? -1 : 0;
	}
	c->prev_written = written;
	for (i = 0; i < c->npfiles; i++)
		strmap_put(&c->pfiles, c->prel[i], (void *)(i + 1));
	for (i = 0; i < c->npspare; i++)
		strmap_put(&c->pspare, c->psrel[i], (void *)(i + 1));
	for (i = 0; i < c->npdirs; i++)
		strmap_put(&c->pdir_map, c->pdirs[i].rel, (void *)(i + 1));
	for (i = 0; i < c->npfp; i++)
		strmap_put(&c->pfp_map, c->pfp[i].name, (void *)(i + 1));
	for (i = 0; i < c->nplint; i++)
		strmap_put(&c->plint_map, c->plint[i].file, (void *)(i + 1));
	*keyp = key;
	return 0;
}

int
cache_parse_check(const void *p, size_t len)
{
	return parse(NULL, p, len, NULL);
}

/* ---- Opening: the key and the previous cache ---- */

static void
make_key(struct cache *c, const struct build_opts *o)
{
	struct buf b = BUF_INIT, day = BUF_INIT;
	char real[PATH_MAX], *share;
	const char *tz = getenv("TZDIR");
	struct stat st;
	struct date d;
	ssize_t n;

	buf_printf(&b, "signpost %s\n", SIGNPOST_VERSION);
	/* A rebuilt binary of the same version may render differently. */
	n = readlink("/proc/self/exe", real, sizeof(real) - 1);
	if (n > 0) {
		real[n] = '\0';
		if (stat(real, &st) == 0)
			buf_printf(&b, "exe %s %lld %llu\n", real,
			    (long long)st.st_size,
			    (unsigned long long)fs_mtime_ns(&st));
	}
	if (realpath(o->srcdir, real) != NULL)
		buf_printf(&b, "source %s\n", real);
	share = theme_share_dir();
	buf_printf(&b, "share %s\n", share);
	free(share);
	date_today(&d);
	date_iso(&day, &d);
	buf_printf(&b, "today %s\ndrafts %d\nwerror %d\ncheck_pages %d\n",
	    day.ptr, o->drafts, o->werror, o->check_pages);
	buf_printf(&b, "base_url %s\ntzdir %s\n", o->base_url ? o->base_url :
	    "(none)", tz ? tz : "(none)");
	/*
	 * Only a hash of it is kept: the output is often uploaded as a
	 * whole, and the key names folders of the author's computer.
	 */
	buf_reset(&day);
	buf_printf(&day, "%016llx", (unsigned long long)out_hash(b.ptr,
	    b.len));
	c->key = buf_detach(&day, NULL);
	buf_release(&b);
}

struct cache *
cache_open(const struct build_opts *o)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	char cwd[PATH_MAX], *path, *text, *key = NULL;
	size_t len;

	c->opts = o;
	c->start_ns = wall_ns();
	pool_mutex_init(&c->lock);
	pool_mutex_init(&c->dir_lock);
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		c->cwd = xstrdup(cwd);
	c->outdir = xstrdup(o->outdir);
	path = fs_join(o->srcdir, "content");
	c->content = absolute_of(c, path);
	free(path);
	c->env = -1;
	c->svcs = -1;
	/* The output is never an input, even when a server reads it. */
	c->excl[0] = realpath(o->outdir, cwd) != NULL ? xstrdup(cwd) :
	    absolute_of(c, o->outdir);
	c->excl[2] = absolute_of(c, o->outdir);
	c->roots[0] = absolute_of(c, o->srcdir);
	path = theme_share_dir();
	c->roots[1] = absolute_of(c, path);
	free(path);
	make_key(c, o);
	if (o->full)
		return c;
	path = fs_join(o->outdir, CACHE_FILE);
	if (fs_read(path, &text, &len) == 0) {
		if (parse(c, (unsigned char *)text, len, &key) == 0) {
			c->prev_any = 1;
			c->prev = strcmp(key, c->key) == 0;
			/* The blobs point into it. */
			c->praw = text;
			text = NULL;
		}
		free(key);
		free(text);
	}
	free(path);
	return c;
}

/* 1 when the input looks as it did. */
static int
input_same(const struct input *in)
{
	struct stat st;
	char **names;
	uint64_t a, b, c;
	int ok;

	if (in->kind & RACY)
		return 0;
	switch (in->kind) {
	case FS_SEEN_READ:
	case FS_SEEN_STAT:
		ok = stat(in->path, &st) == 0;
		input_now(in->kind, in->path, ok ? &st : NULL, NULL, &a, &b,
		    &c);
		break;
	case FS_SEEN_LSTAT:
		ok = lstat(in->path, &st) == 0;
		input_now(in->kind, in->path, ok ? &st : NULL, NULL, &a, &b,
		    &c);
		break;
	default:
		names = fs_list(in->path, NULL);
		input_now(in->kind, in->path, NULL, names, &a, &b, &c);
		fs_names_free(names);
		break;
	}
	return a == in->a && b == in->b && c == in->c;
}

/*
 * 1 when base, in the folder dirfd, is a plain file of len bytes (any,
 * when len is SIZE_MAX) not changed since written (*st: its status).
 */
static int
intact_at(int dirfd, const char *base, size_t len, long long written,
    struct stat *st)
{
	return fstatat(dirfd, base, st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st->st_mode) && (long long)fs_mtime_ns(st) <= written &&
	    (len == SIZE_MAX || (size_t)st->st_size == len);
}

/*
 * 1 when path, a file of the last output, is a plain file not changed in
 * place since the last build wrote it (*st: its lstat).
 */
static int
prev_intact(const struct cache *c, const char *path, struct stat *st)
{
	return intact_at(AT_FDCWD, path, SIZE_MAX, c->prev_written, st);
}

/*
 * 1 when a file the last build wrote is still there, untouched since:
 * an output file deleted or edited by hand is put right by the next
 * build.
 */
static int
output_intact(const struct cache *c, const char *rel)
{
	struct stat st;
	char *path = fs_join(c->outdir, rel);
	int ok = prev_intact(c, path, &st);

	free(path);
	return ok;
}

int
cache_unchanged(struct cache *c)
{
	char *marker;
	size_t i;
	int ok;

	if (c == NULL || !c->prev || c->opts->full)
		return 0;
	marker = fs_join(c->outdir, OUT_MARKER);
	ok = fs_exists(marker);
	free(marker);
	for (i = 0; ok && i < c->npin; i++)
		ok = input_same(&c->pin[i]);
	for (i = 0; ok && i < c->npfiles; i++)
		ok = output_intact(c, c->prel[i]);
	return ok;
}

/* ---- Replaying warnings ---- */

/*
 * The interned name for messages about a file; with its bytes when they
 * were printed with the source line, so that it is quoted again.
 */
static const char *
file_for(struct cache *c, const char *name, int quoted)
{
	char *path, *text = NULL;
	const char *f;
	size_t len = 0, i;

	for (i = 0; i < c->ntexts; i++)
		if (c->tquoted[i] == quoted && strcmp(c->tnames[i], name) == 0)
			return c->tnames[i];
	if (quoted) {
		path = *name == '/' ? xstrdup(name) :
		    fs_join(c->opts->srcdir, name);
		if (fs_read(path, &text, &len) == -1) {
			text = NULL;
			len = 0;
		}
		free(path);
	}
	f = diag_file(name, text, len);
	c->texts = xreallocarray(c->texts, c->ntexts + 1, sizeof(*c->texts));
	c->tnames = xreallocarray(c->tnames, c->ntexts + 1,
	    sizeof(*c->tnames));
	c->tquoted = xreallocarray(c->tquoted, c->ntexts + 1,
	    sizeof(*c->tquoted));
	c->texts[c->ntexts] = text;
	c->tquoted[c->ntexts] = quoted;
	c->tnames[c->ntexts++] = f;
	return f;
}

/* Print messages again; those about file use that interned name. */
static void
replay(struct cache *c, const struct rec *recs, size_t n, const char *file)
{
	const struct rec *r;
	struct loc l;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &recs[i];
		if (r->file == NULL)
			l.file = NULL;
		else if (r->quoted && file != NULL && strcmp(r->file, file) == 0)
			l.file = file;
		else
			l.file = file_for(c, r->file, r->quoted != 0);
		l.line = r->line;
		l.col = r->col;
		if (r->kind == DIAG_NOTE)
			diag_note(&l, "%s", r->msg);
		else if (r->rule != NULL)
			diag_rule((enum diag_kind)r->kind, &l, r->rule, "%s",
			    r->msg);
		else if (r->kind == DIAG_WARNING)
			diag_warn(l.file != NULL ? &l : NULL, "%s", r->msg);
		else
			diag_error(l.file != NULL ? &l : NULL, "%s", r->msg);
	}
}

void
cache_replay(struct cache *c)
{
	replay(c, c->prec, c->nprec, NULL);
}

/* ---- The content check of each article and page ---- */

/*
 * 1 when the last build's key matches and every input outside content/
 * (site.yml, the rules, templates, the binary) is as it was then: the
 * check of an unchanged document would find the same.
 */
static int
env_same(struct cache *c)
{
	const char *p;
	size_t i, n;

	if (c->env >= 0)
		return c->env;
	c->env = c->prev;
	n = strlen(c->content);
	for (i = 0; c->env && i < c->npin; i++) {
		p = c->pin[i].path;
		if (strncmp(p, c->content, n) == 0 &&
		    (p[n] == '/' || p[n] == '\0'))
			continue;
		c->env = input_same(&c->pin[i]);
	}
	return c->env;
}

/* Whether path is a service listing or a folder of them, under content/. */
static int
listing_input(const struct cache *c, const char *p)
{
	const char *q;
	size_t n = strlen(c->content);

	if (strncmp(p, c->content, n) != 0 || p[n] != '/')
		return 0;
	for (q = p + n; (q = strstr(q, "/services")) != NULL; q++)
		if (q[9] == '\0' || q[9] == '/')
			return 1;
	return 0;
}

/* The listings' inputs, looked at on every core (5,000 stats at 10k). */
struct same_job {
	const struct input	 *pin;
	const size_t		 *at;
	unsigned char		 *same;
};

static void
same_one(void *arg, size_t i)
{
	struct same_job *j = arg;

	j->same[i] = (unsigned char)input_same(&j->pin[j->at[i]]);
}

/* 1 when every service listing (and folder of them) is as it was. */
static int
services_same(struct cache *c)
{
	struct same_job j;
	size_t i, n = 0, *at;

	if (c->svcs >= 0)
		return c->svcs;
	if (!(c->svcs = env_same(c)))
		return 0;
	at = xcalloc(c->npin + 1, sizeof(*at));
	for (i = 0; i < c->npin; i++)
		if (listing_input(c, c->pin[i].path))
			at[n++] = i;
	j.pin = c->pin;
	j.at = at;
	j.same = xcalloc(n + 1, 1);
	pool_run(n, same_one, &j);
	for (i = 0; i < n && c->svcs; i++)
		c->svcs = j.same[i];
	free(j.same);
	free(at);
	return c->svcs;
}

void
cache_keep_listing_inputs(struct cache *c)
{
	struct buf key = BUF_INIT;
	struct input *in;
	size_t i;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	for (i = 0; c->recording && i < c->npin; i++) {
		if (!listing_input(c, c->pin[i].path) || (in = new_input(c,
		    c->pin[i].kind & ~RACY, c->pin[i].path, &key)) == NULL)
			continue;
		in->path = xstrdup(c->pin[i].path);
		in->a = c->pin[i].a;
		in->b = c->pin[i].b;
		in->c = c->pin[i].c;
	}
	pthread_mutex_unlock(&c->lock);
	buf_release(&key);
}

int
cache_reuse_dir(struct cache *c, struct out *o, const char *rel)
{
	char *from, *to, **names;
	struct buf r = BUF_INIT;
	struct stat st;
	size_t i, n = 0, *k = NULL, *len = NULL;
	int ok;

	if (c == NULL || c->final == NULL || !c->prev || !services_same(c))
		return -1;
	from = fs_join(c->final, rel);
	to = fs_join(o->stage, rel);
	names = fs_list(from, &n);
	ok = names != NULL && n > 0 && fs_mkdirs(to) == 0;
	if (ok) {
		k = xcalloc(n, sizeof(*k));
		len = xcalloc(n, sizeof(*len));
	}
	/* Only files the last build wrote and listed, as it left them. */
	for (i = 0; ok && i < n; i++) {
		buf_reset(&r);
		buf_printf(&r, "%s/%s", rel, names[i]);
		ok = (k[i] = (size_t)strmap_get(&c->pfiles, r.ptr)) != 0 &&
		    take_old(c, r.ptr, SIZE_MAX, c->phash[k[i] - 1], &st) == 0;
		len[i] = (size_t)st.st_size;
	}
	/*
	 * The files hold the last build's bytes: record them with the
	 * hashes it wrote down, so that nothing reads them back.
	 */
	for (i = 0; ok && i < n; i++) {
		buf_reset(&r);
		buf_printf(&r, "%s/%s", rel, names[i]);
		out_claim(o, r.ptr, len[i], c->phash[k[i] - 1]);
	}
	free(k);
	free(len);
	buf_release(&r);
	/* Never leave a link the writer would then write through. */
	if (!ok)
		fs_rmtree(to);
	fs_names_free(names);
	free(from);
	free(to);
	return ok ? 0 : -1;
}

uint64_t
cache_text_hash(const char *file, const void *text, size_t len)
{
	return out_hash(text, len) ^ (out_hash(file, strlen(file)) * 31);
}

static void
lint_add(struct cache *c, const char *file, uint64_t hash, int other,
    int mentions, struct rec *recs, size_t n)
{
	struct lint_entry *e;

	if (c->nlint == c->caplint) {
		c->caplint = c->caplint ? c->caplint * 2 : 256;
		c->lint = xreallocarray(c->lint, c->caplint, sizeof(*c->lint));
	}
	e = &c->lint[c->nlint++];
	e->file = xstrdup(file);
	e->hash = hash;
	e->other = other != 0;
	e->mentions = mentions != 0;
	e->recs = recs;
	e->nrecs = n;
}

static struct rec *
recs_dup(const struct rec *from, size_t n)
{
	struct rec *r = xcalloc(n ? n : 1, sizeof(*r));
	size_t i;

	for (i = 0; i < n; i++) {
		r[i].kind = from[i].kind;
		r[i].quoted = from[i].quoted;
		r[i].file = from[i].file ? xstrdup(from[i].file) : NULL;
		r[i].rule = from[i].rule ? xstrdup(from[i].rule) : NULL;
		r[i].msg = xstrdup(from[i].msg);
		r[i].line = from[i].line;
		r[i].col = from[i].col;
	}
	return r;
}

/* The previous build's check of file, if it still holds; NULL if not. */
static const struct lint_entry *
lint_entry_for(struct cache *c, const char *file, uint64_t hash, int other)
{
	const struct lint_entry *e;
	size_t i;

	if (c == NULL || c->nplint == 0 || !env_same(c))
		return NULL;
	if ((i = (size_t)strmap_get(&c->plint_map, file)) == 0)
		return NULL;
	e = &c->plint[i - 1];
	if (e->hash != hash || e->other != (other != 0))
		return NULL;
	return e;
}

int
cache_lint_can_replay(struct cache *c, const char *file, uint64_t hash,
    int other)
{
	return lint_entry_for(c, file, hash, other) != NULL;
}

int
cache_lint_replay(struct cache *c, const char *file, uint64_t hash,
    int other, int *mentions)
{
	const struct lint_entry *e = lint_entry_for(c, file, hash, other);

	if (e == NULL)
		return 0;
	replay(c, e->recs, e->nrecs, file);
	*mentions = (int)e->mentions;
	lint_add(c, file, e->hash, other, (int)e->mentions,
	    recs_dup(e->recs, e->nrecs), e->nrecs);
	c->nreplayed++;
	return 1;
}

size_t
cache_diag_mark(void)
{
	size_t n;

	(void)diag_records(&n);
	return n;
}

void
cache_lint_keep(struct cache *c, const char *file, uint64_t hash,
    int other, int mentions, size_t from)
{
	const struct diag_rec *d, **order;
	struct rec *r;
	size_t n, i;

	if (c == NULL)
		return;
	d = diag_records(&n);
	if (from > n)
		from = n;
	order = shown_order(d + from, n - from);
	r = xcalloc(n - from ? n - from : 1, sizeof(*r));
	for (i = 0; i < n - from; i++) {
		r[i].kind = (unsigned)order[i]->kind;
		r[i].quoted = order[i]->quoted != 0;
		r[i].file = order[i]->file ? xstrdup(order[i]->file) : NULL;
		r[i].rule = order[i]->rule ? xstrdup(order[i]->rule) : NULL;
		r[i].msg = xstrdup(order[i]->msg);
		r[i].line = order[i]->line;
		r[i].col = order[i]->col;
	}
	free(order);
	lint_add(c, file, hash, other, mentions, r, n - from);
}

/*
 * 1 when the folder dir (rel in the output) is as the last build left it,
 * by its record: nothing was added to it since.  Not when its time was
 * within a clock tick or so of the record's, when it could have changed
 * again unseen.
 */
static int
dir_as_left(const struct cache *c, const char *dir, const char *rel)
{
	const struct outdir *d;
	struct stat st;
	size_t i;

	if ((i = (size_t)strmap_get(&c->pdir_map, rel)) == 0)
		return 0;
	d = &c->pdirs[i - 1];
	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    fs_mtime_ns(&st) == d->mtime && (uint64_t)st.st_ino == d->ino &&
	    (long long)d->mtime <= c->prev_written - RACY_NS;
}

static size_t	foreign_in(const struct cache *, const char *, const char *,
		    char **);

/*
 * One entry of a folder of the output, at path (r in the output), of kind
 * as its folder's listing says (a file or folder by its listing needs no
 * stat: 22,000 at 10k): the files the last build did not write in it.
 */
static size_t
foreign_entry(const struct cache *c, const char *path, const char *r,
    unsigned char kind, char **example)
{
	struct stat st;

	/* A link to a folder is a file here: nothing is written through it. */
	if (kind == FS_FOLDER || (kind == FS_OTHER && lstat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode)))
		return foreign_in(c, path, r, example);
	if (strcmp(r, CACHE_FILE) == 0 || strcmp(r, OUT_MARKER) == 0 ||
	    strmap_get(&c->pfiles, r) != NULL)
		return 0;
	if (*example == NULL)
		*example = xstrdup(r);
	return 1;
}

/*
 * Walk dir (rel is its path in the output) for files the last build did
 * not write.  A folder as that build left it is not listed: only the
 * folders it had are walked.
 */
static size_t
foreign_in(const struct cache *c, const char *dir, const char *rel,
    char **example)
{
	unsigned char *kind;
	char **names, *path, *r;
	const char *sub, *base;
	size_t i, n = 0, len = strlen(rel);

	if (dir_as_left(c, dir, rel)) {
		for (i = 0; i < c->npdirs; i++) {
			sub = c->pdirs[i].rel;
			if (strncmp(sub, rel, len) != 0 || sub[len] != '/' ||
			    strchr(base = sub + len + 1, '/') != NULL)
				continue;
			path = fs_join(dir, base);
			n += foreign_in(c, path, sub, example);
			free(path);
		}
		return n;
	}
	names = fs_list_kinds(dir, NULL, &kind);
	for (i = 0; names != NULL && names[i] != NULL; i++) {
		path = fs_join(dir, names[i]);
		r = *rel ? fs_join(rel, names[i]) : xstrdup(names[i]);
		n += foreign_entry(c, path, r, kind[i], example);
		free(path);
		free(r);
	}
	fs_names_free(names);
	free(kind);
	return n;
}

/* The top of the output, each entry walked on any core. */
struct foreign_job {
	const struct cache	 *c;
	const char		 *outdir;
	char			**names;
	unsigned char		 *kind;
	size_t			 *n;
	char			**example;
};

static void
foreign_one(void *arg, size_t i)
{
	struct foreign_job *j = arg;
	char *path = fs_join(j->outdir, j->names[i]);

	j->n[i] = foreign_entry(j->c, path, j->names[i], j->kind[i],
	    &j->example[i]);
	free(path);
}

size_t
cache_foreign(const struct cache *c, const char *outdir, char **example)
{
	struct foreign_job j;
	size_t i, k, n = 0;

	*example = NULL;
	if (c == NULL || !c->prev_any || !fs_is_dir(outdir))
		return 0;
	if ((j.names = fs_list_kinds(outdir, &k, &j.kind)) == NULL)
		return 0;
	j.c = c;
	j.outdir = outdir;
	j.n = xcalloc(k + 1, sizeof(*j.n));
	j.example = xcalloc(k + 1, sizeof(*j.example));
	/* articles/ and services/ hold most: each on a core of its own. */
	pool_run(k, foreign_one, &j);
	for (i = 0; i < k; i++) {
		n += j.n[i];
		/* The first in the order of a walk on one core. */
		if (*example == NULL)
			*example = j.example[i];
		else
			free(j.example[i]);
	}
	free(j.n);
	free(j.example);
	free(j.kind);
	fs_names_free(j.names);
	return n;
}

void
cache_count_replayed(struct cache *c, size_t n)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->nreplayed = c->nreplayed + n >= 1 ? c->nreplayed + n - 1 : 0;
	pthread_mutex_unlock(&c->lock);
}

size_t
cache_lint_replayed(const struct cache *c)
{
	return c != NULL ? c->nreplayed : 0;
}

/* ---- Recording this build ---- */

void
cache_record(struct cache *c, int on)
{
	if (c == NULL)
		return;
	c->recording = on;
	fs_set_observer(on ? observe : NULL, on ? c : NULL);
}

/*
 * Folders kept open for take_old, at most: two descriptors each, kept to
 * the end of the build; past them a folder is opened for one file.
 */
#define DIRS_KEPT	64

static void
dirfds_close(int oldfd, int newfd)
{
	if (oldfd != -1)
		close(oldfd);
	if (newfd != -1)
		close(newfd);
}

/*
 * The folder rel open in the last output (*oldfd) and in the staging
 * folder (*newfd), made there when missing.  *kept: the descriptors are
 * the cache's, else the caller closes them (dirfds_close).  0, else -1.
 */
static int
dir_fds(struct cache *c, const char *rel, int *oldfd, int *newfd, int *kept)
{
	struct dirfds *d;
	char *path;
	size_t i;

	pthread_mutex_lock(&c->dir_lock);
	if ((i = (size_t)strmap_get(&c->dir_map, rel)) != 0) {
		d = &c->dirs[i - 1];
		*oldfd = d->oldfd;
		*newfd = d->newfd;
		*kept = 1;
		pthread_mutex_unlock(&c->dir_lock);
		return *oldfd != -1 && *newfd != -1 ? 0 : -1;
	}
	path = *rel ? fs_join(c->final, rel) : xstrdup(c->final);
	*oldfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	path = *rel ? fs_join(c->excl[1], rel) : xstrdup(c->excl[1]);
	*newfd = fs_mkdirs(path) == 0 ? open(path, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC | O_NOFOLLOW) : -1;
	free(path);
	*kept = c->ndirs < DIRS_KEPT;
	if (*kept) {
		c->dirs = xreallocarray(c->dirs, c->ndirs + 1,
		    sizeof(*c->dirs));
		d = &c->dirs[c->ndirs++];
		d->oldfd = *oldfd;
		d->newfd = *newfd;
		strmap_put(&c->dir_map, rel, (void *)c->ndirs);
	}
	pthread_mutex_unlock(&c->dir_lock);
	return *oldfd != -1 && *newfd != -1 ? 0 : -1;
}

/* The spare folder's hash of relpath: NONE when it has no such file. */
static uint64_t
spare_hash(const struct cache *c, const char *relpath)
{
	size_t i;

	if ((i = (size_t)strmap_get(&c->pspare, relpath)) != 0)
		return c->pshash[i - 1];
	if ((i = (size_t)strmap_get(&c->pfiles, relpath)) != 0)
		return c->phash[i - 1];
	return NONE;
}

/*
 * Put at relpath in the staging folder an old file with the bytes that
 * hash to hash (and len bytes, when len is not SIZE_MAX), still as the
 * build that wrote it left it: the spare folder's own copy, or a hard link
 * to the last output's.  0, with *st its status, else -1.
 */
static int
take_old(struct cache *c, const char *relpath, size_t len, uint64_t hash,
    struct stat *st)
{
	const char *slash = strrchr(relpath, '/');
	const char *base = slash != NULL ? slash + 1 : relpath;
	char small[256], *rel = small;
	size_t i, n = slash != NULL ? (size_t)(slash - relpath) : 0;
	int oldfd, newfd, kept, in_spare, in_old, rc = -1;

	/* What the record says first: most files written are neither. */
	in_spare = c->spare && spare_hash(c, relpath) == hash;
	in_old = (i = (size_t)strmap_get(&c->pfiles, relpath)) != 0 &&
	    c->phash[i - 1] == hash;
	if (!in_spare && !in_old)
		return -1;
	if (n >= sizeof(small))
		rel = xmalloc(n + 1);
	memcpy(rel, relpath, n);
	rel[n] = '\0';
	if (dir_fds(c, rel, &oldfd, &newfd, &kept) == 0) {
		if (in_spare && intact_at(newfd, base, len,
		    c->pspare_written, st))
			rc = 0;
		else if (in_old && intact_at(oldfd, base, len,
		    c->prev_written, st)) {
			if (c->spare)
				(void)unlinkat(newfd, base, 0);
			rc = linkat(oldfd, base, newfd, base, 0);
		}
	}
	if (!kept)
		dirfds_close(oldfd, newfd);
	if (rel != small)
		free(rel);
	return rc;
}

/* out_write's hook: an old file with the same bytes, when there is one. */
static int
reuse(void *arg, const char *relpath, size_t len, uint64_t hash)
{
	struct cache *c = arg;
	struct stat st;
	int rc = -1;

	/* Changed in place since that build: not ours to reuse. */
	if (take_old(c, relpath, len, hash, &st) == 0) {
		rc = 0;
		pthread_mutex_lock(&c->lock);
		c->nlinked++;
		pthread_mutex_unlock(&c->lock);
	}
	return rc;
}

/*
 * 1 when the folder spare holds the output the record says: its own
 * record is the one written at pspare_written.
 */
static int
spare_known(const struct cache *c, const char *spare)
{
	unsigned char head[sizeof(MAGIC) - 1 + 4 + 8];
	const unsigned char *p = head + sizeof(MAGIC) - 1;
	char *path;
	int fd, bad = 0;
	ssize_t n;

	if (c->pspare_written == 0)
		return 0;
	path = fs_join(spare, CACHE_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd == -1)
		return 0;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n == (ssize_t)sizeof(head) &&
	    memcmp(head, MAGIC, sizeof(MAGIC) - 1) == 0 &&
	    le_get(&p, head + sizeof(head), 4, &bad) == FORMAT &&
	    (long long)le_get(&p, head + sizeof(head), 8, &bad) ==
	    c->pspare_written && !bad;
}

void
cache_attach(struct cache *c, struct out *o)
{
	if (c == NULL)
		return;
	free(c->excl[0]);
	free(c->excl[1]);
	c->excl[0] = xstrdup(o->final);
	c->excl[1] = xstrdup(o->stage);
	free(c->final);
	c->final = xstrdup(o->final);
	/* Settled here, before the pages are written in several threads. */
	(void)env_same(c);
	(void)services_same(c);
	/* Only from an output this tool wrote, with a cache it can read. */
	if (c->prev_any && o->existed && !o->foreign) {
		o->reuse = reuse;
		o->reuse_arg = c;
		if (spare_known(c, o->spare))
			c->spare = out_take_spare(o);
	}
}

/* Fill in c->pwrote and c->oshared, once every file is written. */
static void
match_files(struct cache *c, const struct out *o)
{
	size_t i, j;

	if (c->pwrote != NULL)
		return;
	c->pwrote = xcalloc(c->npfiles + 1, sizeof(*c->pwrote));
	c->oshared = xcalloc(o->nfiles + 1, 1);
	for (i = 0; i < o->nfiles; i++)
		if ((j = (size_t)strmap_get(&c->pfiles, o->files[i])) != 0) {
			c->pwrote[j - 1] = i + 1;
			c->oshared[i] = 1;
		}
}

void
cache_spare_prune(struct cache *c, struct out *o)
{
	size_t i;

	if (c == NULL || !c->spare)
		return;
	match_files(c, o);
	for (i = 0; i < c->npfiles; i++)
		if (c->pwrote[i] == 0 && spare_hash(c, c->prel[i]) != NONE)
			out_unlink(o, c->prel[i]);
	for (i = 0; i < c->npspare; i++)
		if (c->pshash[i] != NONE &&
		    strmap_get(&c->pfiles, c->psrel[i]) == NULL &&
		    !out_has(o, c->psrel[i]))
			out_unlink(o, c->psrel[i]);
}

struct needs_arg {
	struct buf	*b;
	size_t		 n;
};

static void
put_need(void *arg, const char *need)
{
	struct needs_arg *na = arg;

	put_str(na->b, need);
	na->n++;
}

int
cache_page_same(struct cache *c, const char *relpath, const void *bytes,
    size_t len)
{
	size_t i;

	if (c == NULL || c->npfiles == 0 || !env_same(c))
		return 0;
	i = (size_t)strmap_get(&c->pfiles, relpath);
	return i != 0 && (c->pflags[i - 1] & FILE_CLEAN) &&
	    c->phash[i - 1] == out_hash(bytes, len);
}

void
cache_check_links(struct cache *c, struct hc *hc,
    void (*before)(void *), void *arg)
{
	size_t i;

	if (c == NULL || hc == NULL || hc_same_count(hc) == 0)
		return;
	for (i = 0; i < c->npneeds; i++)
		if (!hc_need_holds(hc, c->pneeds[i]))
			break;
	if (i < c->npneeds) {
		/* Something a page not checked again may link to is gone. */
		c->rechecked = hc_same_count(hc);
		if (before != NULL)
			before(arg);
		hc_recheck_same(hc);
		return;
	}
	c->skipped = hc_same_count(hc);
	for (i = 0; i < c->npneeds; i++)
		hc_need_add(hc, c->pneeds[i]);
}

size_t
cache_pages_skipped(const struct cache *c)
{
	return c != NULL ? c->skipped : 0;
}

/*
 * A fingerprint's bytes, gathered a few hundred at a time before they are
 * hashed: a tree is hashed in small pieces (a tag, a length, a key), and
 * out_hash_more of each alone cost more than the hashing.  The bytes and
 * so the hash are those of hashing every piece as it comes.
 */
struct fp_hasher {
	struct out_hasher	 x;
	size_t			 n;
	unsigned char		 b[512];
};

static void
fp_flush(struct fp_hasher *f)
{
	out_hash_more(&f->x, f->b, f->n);
	f->n = 0;
}

static void
fp_bytes(struct fp_hasher *f, const void *p, size_t len)
{
	if (len > sizeof(f->b) - f->n) {
		fp_flush(f);
		if (len > sizeof(f->b) / 2) {
			out_hash_more(&f->x, p, len);
			return;
		}
	}
	memcpy(f->b + f->n, p, len);
	f->n += len;
}

/* A tag byte, or a number as eight bytes, into a fingerprint. */
static void
fp_byte(struct fp_hasher *f, char c)
{
	if (f->n == sizeof(f->b))
		fp_flush(f);
	f->b[f->n++] = (unsigned char)c;
}

static void
fp_num(struct fp_hasher *f, uint64_t v)
{
	if (sizeof(f->b) - f->n < 8)
		fp_flush(f);
	le_bytes(f->b + f->n, v, 8);
	f->n += 8;
}

/*
 * A tree's bytes in a form that tells any two trees apart; with top set
 * (the site data), crisis_services is left out: it borrows listing
 * trees (megabytes on a big directory) and comes from the listings and
 * site.yml only, which services_same covers.
 */
static void
fp_put(struct fp_hasher *f, const struct value *v, int top)
{
	size_t i;

	v = value_deref(v);
	if (v == NULL) {
		fp_byte(f, 'n');
		return;
	}
	switch (v->type) {
	case VALUE_BOOL:
		fp_byte(f, v->boolean ? 't' : 'f');
		break;
	case VALUE_STRING:
		fp_byte(f, 's');
		fp_num(f, v->str.len);
		fp_bytes(f, v->str.ptr, v->str.len);
		break;
	case VALUE_LIST:
		fp_byte(f, 'l');
		fp_num(f, v->list.len);
		for (i = 0; i < v->list.len; i++)
			fp_put(f, v->list.items[i], 0);
		break;
	case VALUE_MAP:
		fp_byte(f, 'm');
		fp_num(f, v->map.len);
		for (i = 0; i < v->map.len; i++) {
			fp_num(f, v->map.items[i].keylen);
			fp_bytes(f, v->map.items[i].key,
			    v->map.items[i].keylen);
			if (top && strcmp(v->map.items[i].key,
			    "crisis_services") == 0)
				continue;
			fp_put(f, v->map.items[i].val, 0);
		}
		break;
	default:
		fp_byte(f, 'n');
		break;
	}
}

/* Hashed as it is walked: never more than a few hundred bytes kept. */
static uint64_t
fingerprint(const struct value *v, int top)
{
	struct fp_hasher f;

	out_hash_start(&f.x, 0);
	f.n = 0;
	fp_put(&f, v, top);
	fp_flush(&f);
	return out_hash_end(&f.x);
}

uint64_t
cache_tree_hash(const struct value *v)
{
	return fingerprint(v, 0);
}

uint64_t
cache_site_data_hash(const struct value *data)
{
	return fingerprint(data, 1);
}

int
cache_data_same(struct cache *c, const char *name, uint64_t v)
{
	size_t i;
	int same, ok;

	if (c == NULL)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (c->nfp == c->capfp) {
		c->capfp = c->capfp ? c->capfp * 2 : 64;
		c->fp = xreallocarray(c->fp, c->capfp, sizeof(*c->fp));
	}
	c->fp[c->nfp].name = xstrdup(name);
	c->fp[c->nfp++].value = v;
	pthread_mutex_unlock(&c->lock);
	/* Settled by cache_attach, before any thread asks: read only. */
	ok = c->final != NULL && c->prev && services_same(c);
	i = (size_t)strmap_get(&c->pfp_map, name);
	same = i != 0 && c->pfp[i - 1].value == v;
	return same && ok;
}

int
cache_listings_same(struct cache *c)
{
	/* Loads ask before cache_attach, in the main thread alone. */
	return c != NULL && c->prev && services_same(c);
}

const void *
cache_blob(struct cache *c, const char *name, size_t *len)
{
	size_t i;

	if (c == NULL || !env_same(c))
		return NULL;
	for (i = 0; i < c->npblob; i++)
		if (strcmp(c->pblob[i].name, name) == 0) {
			*len = c->pblob[i].len;
			return c->pblob[i].p;
		}
	return NULL;
}

void
cache_blob_later(struct cache *c, const char *name,
    void (*make)(void *, struct buf *), void *arg)
{
	if (c == NULL) {
		make(arg, NULL);
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->later = xreallocarray(c->later, c->nlater + 1, sizeof(*c->later));
	c->later[c->nlater].name = xstrdup(name);
	c->later[c->nlater].make = make;
	c->later[c->nlater++].arg = arg;
	pthread_mutex_unlock(&c->lock);
}

/* Make the blobs left for now (out: keep them) or only free their data. */
static void
make_later(struct cache *c, int keep)
{
	struct buf b = BUF_INIT;
	size_t i, len;
	char *bytes;

	for (i = 0; i < c->nlater; i++) {
		if (keep) {
			c->later[i].make(c->later[i].arg, &b);
			bytes = buf_detach(&b, &len);
			cache_blob_keep(c, c->later[i].name, bytes, len);
		} else
			c->later[i].make(c->later[i].arg, NULL);
		free(c->later[i].name);
	}
	free(c->later);
	c->later = NULL;
	c->nlater = 0;
}

void
cache_blob_keep(struct cache *c, const char *name, void *bytes, size_t len)
{
	if (c == NULL || len > UINT32_MAX) {
		free(bytes);
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->blob = xreallocarray(c->blob, c->nblob + 1, sizeof(*c->blob));
	c->blob[c->nblob].name = xstrdup(name);
	c->blob[c->nblob].p = NULL;
	c->blob[c->nblob].own = bytes;
	c->blob[c->nblob++].len = len;
	pthread_mutex_unlock(&c->lock);
}

int
cache_page_take(struct cache *c, struct out *o, const char *relpath,
    int page)
{
	struct stat st;
	size_t i;
	int rc = -1;

	if (c == NULL || o->reuse == NULL ||
	    (i = (size_t)strmap_get(&c->pfiles, relpath)) == 0 ||
	    (page && !(c->pflags[i - 1] & FILE_CLEAN)))
		return -1;
	if (take_old(c, relpath, SIZE_MAX, c->phash[i - 1], &st) == 0) {
		/* A clash is reported there, as out_write would. */
		(void)out_claim(o, relpath, (size_t)st.st_size,
		    c->phash[i - 1]);
		rc = 0;
	}
	if (rc == 0) {
		pthread_mutex_lock(&c->lock);
		c->nlinked++;
		pthread_mutex_unlock(&c->lock);
	}
	return rc;
}

static int
by_shown(const void *a, const void *b)
{
	const struct diag_rec *x = *(const struct diag_rec *const *)a;
	const struct diag_rec *y = *(const struct diag_rec *const *)b;

	if (x->shown != y->shown)
		return x->shown < y->shown ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Pointers to the n records, in the order they were printed (deferred
 * ones were sorted then), as a replay prints them again.
 */
static const struct diag_rec **
shown_order(const struct diag_rec *d, size_t n)
{
	const struct diag_rec **order = xcalloc(n ? n : 1, sizeof(*order));
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = &d[i];
	qsort(order, n, sizeof(*order), by_shown);
	return order;
}

/*
 * What the spare folder holds once out_commit has made the last output
 * the spare: the files the last build wrote, as its record says, which
 * differ from this build's where listed (NONE: not there).
 */
static void
put_spare(struct buf *b, struct cache *c, const struct out *o)
{
	size_t i, count_at, n = 0;
	int kept = c->prev_any && o->existed && !o->foreign;

	put_u64(b, kept ? (uint64_t)c->prev_written : 0);
	count_at = b->len;
	put_u32(b, 0);
	if (kept)
		match_files(c, o);
	for (i = 0; kept && i < c->npfiles; i++)
		if (c->pwrote[i] == 0 ||
		    o->hashes[c->pwrote[i] - 1] != c->phash[i]) {
			put_str(b, c->prel[i]);
			put_u64(b, c->phash[i]);
			n++;
		}
	for (i = 0; kept && i < o->nfiles; i++)
		if (!c->oshared[i]) {
			put_str(b, o->files[i]);
			put_u64(b, NONE);
			n++;
		}
	le_bytes((unsigned char *)b->ptr + count_at, n, 4);
}

/*
 * Record folder rel of the output and its time and inode: 1, or 0 when
 * it was recorded already (and so were the folders above it).
 */
static int
put_dir(struct buf *b, const struct out *o, struct strmap *seen,
    const char *rel, size_t *n)
{
	struct stat st;
	char *path;

	if (strmap_get(seen, rel) != NULL)
		return 0;
	strmap_put(seen, rel, (void *)1);
	path = fs_join(o->stage, rel);
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		put_str(b, rel);
		put_u64(b, fs_mtime_ns(&st));
		put_u64(b, (uint64_t)st.st_ino);
		(*n)++;
	}
	free(path);
	return 1;
}

/*
 * 1 when folder times at path step in ticks coarser than RACY_NS: FAT's
 * are two seconds, and a file added just after a build could leave its
 * folder's time as it was.  FUSE file systems may be anything.
 */
static int
coarse_times(const char *path)
{
#ifdef __linux__
	struct statfs fs;

	if (statfs(path, &fs) == -1)
		return 1;
	return fs.f_type == 0x4d44 ||		/* msdos, vfat */
	    fs.f_type == 0x2011bab0 ||		/* exfat */
	    fs.f_type == 0x65735546;		/* fuse */
#else
	(void)path;
	return 1;
#endif
}

/*
 * The output's folders (but the top one, which the cache itself
 * changes), with their times: the next build lists only those that
 * changed when it looks for files it did not write (cache_foreign).
 * None where those times are too coarse to trust.
 */
static void
put_dirs(struct buf *b, const struct out *o)
{
	struct strmap seen = STRMAP_INIT;
	struct buf rel = BUF_INIT;
	const char *f, *slash, *last = NULL;
	size_t i, count_at, n = 0, len, lastlen = 0;
	int coarse = coarse_times(o->stage);

	count_at = b->len;
	put_u32(b, 0);
	for (i = 0; !coarse && i < o->nfiles; i++) {
		f = o->files[i];
		if ((slash = strrchr(f, '/')) == NULL)
			continue;
		len = (size_t)(slash - f);
		/* Files come folder by folder, mostly. */
		if (last != NULL && len == lastlen && memcmp(f, last, len) == 0)
			continue;
		last = f;
		lastlen = len;
		/* The folder and those above it. */
		for (;;) {
			buf_reset(&rel);
			buf_put(&rel, f, len);
			if (!put_dir(b, o, &seen, rel.ptr, &n))
				break;
			while (len > 0 && f[len - 1] != '/')
				len--;
			if (len-- == 0)
				break;
		}
	}
	le_bytes((unsigned char *)b->ptr + count_at, n, 4);
	buf_release(&rel);
	strmap_release(&seen);
}

void
cache_write(struct cache *c, struct out *o, struct hc *hc)
{
	const struct diag_rec *recs, **order;
	struct buf b = BUF_INIT, hdr = BUF_INIT;
	struct out_hasher hx;
	struct iovec *iov;
	unsigned char sum[8];
	char *path;
	size_t i, n, count_at, nneeds, *at, total;
	long long written;

	if (c == NULL || o->stage == NULL)
		return;
	cache_record(c, 0);
	/* After the build's peak of memory: the search index is gone. */
	make_later(c, 1);
	written = wall_ns();
	buf_puts(&b, MAGIC);
	put_u32(&b, FORMAT);
	put_u64(&b, (uint64_t)written);
	put_str(&b, c->key);
	put_u32(&b, (uint32_t)c->nin);
	for (i = 0; i < c->nin; i++) {
		struct input *in = &c->in[i];

		if (in->kind == FS_SEEN_READ && in->a != NONE &&
		    (long long)in->b >= c->start_ns - RACY_NS)
			in->kind |= RACY;
		put_u32(&b, in->kind);
		put_path(&b, c, in->path);
		put_u64(&b, in->a);
		put_u64(&b, in->b);
		put_u64(&b, in->c);
	}
	recs = diag_records(&n);
	order = shown_order(recs, n);
	put_u32(&b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		put_u32(&b, (uint32_t)order[i]->kind |
		    (order[i]->quoted ? 0x100u : 0));
		put_str(&b, order[i]->file);
		put_u32(&b, order[i]->line);
		put_u32(&b, order[i]->col);
		put_str(&b, order[i]->rule);
		put_str(&b, order[i]->msg);
	}
	free(order);
	put_u32(&b, (uint32_t)o->nfiles);
	for (i = 0; i < o->nfiles; i++) {
		put_str(&b, o->files[i]);
		put_u64(&b, o->hashes[i]);
		put_u32(&b, hc == NULL || hc_page_clean(hc, o->files[i]) ?
		    FILE_CLEAN : 0);
	}
	put_spare(&b, c, o);
	put_dirs(&b, o);
	count_at = b.len;
	put_u32(&b, 0);
	nneeds = 0;
	if (hc != NULL) {
		struct needs_arg na = { &b, 0 };

		hc_each_need(hc, put_need, &na);
		nneeds = na.n;
	}
	le_bytes((unsigned char *)b.ptr + count_at, nneeds, 4);
	put_u32(&b, (uint32_t)c->nlint);
	for (i = 0; i < c->nlint; i++) {
		put_str(&b, c->lint[i].file);
		put_u64(&b, c->lint[i].hash);
		put_u32(&b, c->lint[i].other);
		put_u32(&b, c->lint[i].mentions);
		put_recs(&b, c->lint[i].recs, c->lint[i].nrecs);
	}
	put_u32(&b, (uint32_t)c->nfp);
	for (i = 0; i < c->nfp; i++) {
		put_str(&b, c->fp[i].name);
		put_u64(&b, c->fp[i].value);
	}
	put_u32(&b, (uint32_t)c->nblob);
	/*
	 * The blobs (megabytes) are written from where they are, not
	 * copied in: each one's name and length, then its bytes.
	 */
	at = xcalloc(c->nblob + 1, sizeof(*at));
	for (i = 0; i < c->nblob; i++) {
		at[i] = hdr.len;
		put_str(&hdr, c->blob[i].name);
		put_u32(&hdr, (uint32_t)c->blob[i].len);
	}
	at[c->nblob] = hdr.len;
	iov = xcalloc(2 * c->nblob + 2, sizeof(*iov));
	iov[0].iov_base = b.ptr;
	iov[0].iov_len = total = b.len;
	for (i = 0; i < c->nblob; i++) {
		iov[1 + 2 * i].iov_base = hdr.ptr + at[i];
		iov[1 + 2 * i].iov_len = at[i + 1] - at[i];
		iov[2 + 2 * i].iov_base = c->blob[i].own;
		iov[2 + 2 * i].iov_len = c->blob[i].len;
		total += at[i + 1] - at[i] + c->blob[i].len;
	}
	out_hash_start(&hx, total);
	for (i = 0; i < 2 * c->nblob + 1; i++)
		out_hash_more(&hx, iov[i].iov_base, iov[i].iov_len);
	le_bytes(sum, out_hash_end(&hx), 8);
	iov[2 * c->nblob + 1].iov_base = sum;
	iov[2 * c->nblob + 1].iov_len = 8;
	path = fs_join(o->stage, CACHE_FILE);
	/* The spare's record, in a stage that was the spare. */
	(void)unlink(path);
	/* Without a cache the next build is a full one: nothing to report. */
	if (fs_writev(path, iov, 2 * c->nblob + 2) == -1)
		unlink(path);
	free(path);
	free(iov);
	free(at);
	buf_release(&hdr);
	buf_release(&b);
}

size_t
cache_linked(const struct cache *c)
{
	return c != NULL ? c->nlinked : 0;
}

void
cache_free(struct cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->recording)
		cache_record(c, 0);
	make_later(c, 0);
	prev_release(c);
	for (i = 0; i < c->nin; i++)
		free(c->in[i].path);
	free(c->in);
	strmap_release(&c->seen);
	lint_free(c->lint, c->nlint);
	for (i = 0; i < c->nfp; i++)
		free(c->fp[i].name);
	free(c->fp);
	for (i = 0; i < c->nblob; i++) {
		free(c->blob[i].name);
		free(c->blob[i].own);
	}
	free(c->blob);
	free(c->content);
	for (i = 0; i < c->ntexts; i++) {
		diag_file_text(c->tnames[i], NULL, 0);
		free(c->texts[i]);
	}
	free(c->texts);
	free(c->tnames);
	free(c->tquoted);
	free(c->excl[0]);
	free(c->excl[1]);
	free(c->excl[2]);
	free(c->final);
	free(c->key);
	free(c->roots[0]);
	free(c->roots[1]);
	free(c->outdir);
	free(c->cwd);
	pthread_mutex_destroy(&c->lock);
	for (i = 0; i < c->ndirs; i++)
		dirfds_close(c->dirs[i].oldfd, c->dirs[i].newfd);
	free(c->dirs);
	strmap_release(&c->dir_map);
	free(c->pwrote);
	free(c->oshared);
	pthread_mutex_destroy(&c->dir_lock);
	free(c);
}
