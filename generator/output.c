/* SPDX-License-Identifier: ISC */
/* Output: build into a staging folder, then swap it in atomically. */
/*
 * The old output is not removed after the swap: it is kept beside the
 * output as the spare folder, and the next build works in it (most of its
 * files come out the same), instead of linking every unchanged file into
 * a new folder and removing the old one file by file.
 */
#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "output.h"
#include "pool.h"
#include "xalloc.h"

#ifdef __linux__
#include <sys/syscall.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif

/* An absolute, normalised path for p, which need not exist yet. */
static char *
absolute(const char *p)
{
	char buf[PATH_MAX], *slash, *dir, *res;

	if (realpath(p, buf) != NULL)
		return xstrdup(buf);
	dir = xstrdup(p);
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	slash = strrchr(dir, '/');
	if (slash == NULL) {
		if (getcwd(buf, sizeof(buf)) == NULL) {
			free(dir);
			return NULL;
		}
		res = fs_join(buf, dir);
	} else {
		*slash = '\0';
		if (realpath(*dir ? dir : "/", buf) == NULL) {
			free(dir);
			return NULL;
		}
		res = fs_join(buf, slash + 1);
	}
	free(dir);
	return res;
}

/* a is b or a folder above b. */
static int
contains(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (strcmp(a, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

static int
check_place(struct out *o, const char *outdir, const char *srcdir)
{
	char *src = absolute(srcdir), *marker;
	const char *home = getenv("HOME");
	char homebuf[PATH_MAX];
	struct stat st;
	char **names;
	int rc = -1;

	if (strcmp(o->final, "/") == 0 || (home != NULL &&
	    realpath(home, homebuf) != NULL && strcmp(o->final, homebuf) == 0)) {
		diag_sys("refusing to build into '%s'", outdir);
		diag_note(NULL, "name a folder of its own, such as 'public'");
		goto out;
	}
	if (src != NULL && contains(o->final, src)) {
		diag_sys("refusing to build into '%s': it %s the source folder",
		    outdir, strcmp(o->final, src) == 0 ? "is" : "contains");
		diag_note(NULL, "name a folder of its own, such as 'public'");
		goto out;
	}
	if (lstat(o->final, &st) == 0) {
		if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
			diag_sys("refusing to build into '%s': it is not a "
			    "folder", outdir);
			goto out;
		}
		o->existed = 1;
		marker = fs_join(o->final, OUT_MARKER);
		names = fs_list(o->final, NULL);
		if (!fs_exists(marker) && names != NULL && names[0] != NULL)
			o->foreign = 1;
		fs_names_free(names);
		free(marker);
		if (o->foreign && !o->force) {
			diag_sys("refusing to build into '%s': it holds files "
			    "that signpost did not create", outdir);
			diag_note(NULL, "choose another folder, or use --force "
			    "to keep that folder as '%s.before-signpost' and "
			    "build anew", outdir);
			goto out;
		}
	}
	rc = 0;
out:
	free(src);
	return rc;
}

/* Create the folders above the output, as mkdir -p would. */
static void
make_parent(const char *outdir)
{
	char *p = xstrdup(outdir), *slash;

	while (strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	if ((slash = strrchr(p, '/')) != NULL && slash != p) {
		*slash = '\0';
		fs_mkdirs(p);
	}
	free(p);
}

static const char marker_text[] = "This folder was written by signpost "
    "build; the next build replaces it as a whole.\n";
/* Kept in the spare folder, so that git does not list it. */
static const char spare_ignore[] = "# signpost's copy of the output before "
    "last, kept to make the next build quicker\n*\n";

/*
 * Open the staging folder for the writes to come, which name their files
 * from it (fs_writev_at); they use whole paths when it cannot be opened.
 */
static void
open_stage(struct out *o)
{
	if (o->stage_fd >= 0)
		close(o->stage_fd);
	o->stage_fd = open(o->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int
out_open(struct out *o, const char *outdir, const char *srcdir, int force)
{
	struct buf b = BUF_INIT;
	char *slash;

	memset(o, 0, sizeof(*o));
	o->stage_fd = -1;
	pool_mutex_init(&o->lock);
	o->force = force;
	make_parent(outdir);
	if ((o->final = absolute(outdir)) == NULL) {
		diag_sys("cannot use output folder '%s': %s", outdir,
		    strerror(errno));
		return -1;
	}
	if (check_place(o, outdir, srcdir) == -1)
		return -1;
	o->parent = xstrdup(o->final);
	slash = strrchr(o->parent, '/');
	slash[slash == o->parent ? 1 : 0] = '\0';
	buf_printf(&b, "%s/.%s.signpost-new-%ld", o->parent,
	    strrchr(o->final, '/') + 1, (long)getpid());
	o->stage = buf_detach(&b, NULL);
	buf_printf(&b, "%s/.%s.signpost-spare", o->parent,
	    strrchr(o->final, '/') + 1);
	o->spare = buf_detach(&b, NULL);
	fs_rmtree(o->stage);
	if (fs_mkdirs(o->stage) == -1) {
		diag_sys("cannot create '%s': %s", o->stage, strerror(errno));
		return -1;
	}
	open_stage(o);
	return out_write(o, OUT_MARKER, marker_text, sizeof(marker_text) - 1);
}

static int
safe_rel(const char *p)
{
	if (*p == '\0' || *p == '/')
		return 0;
	for (; *p != '\0'; p = strchr(p, '/') ? strchr(p, '/') + 1 : "")
		if (strncmp(p, "../", 3) == 0 || strcmp(p, "..") == 0)
			return 0;
	return 1;
}

void
out_hash_start(struct out_hasher *x, size_t len)
{
	x->h = x->a = 0x9e3779b97f4a7c15ULL ^ len;
	x->ncarry = 0;
}

/* Two lanes of multiply-xorshift over 8-byte words; fast enough to run
 * over every byte the build writes.  Returns the bytes it took. */
static size_t
hash_blocks(struct out_hasher *x, const unsigned char *s, size_t len)
{
	uint64_t h = x->h, a = x->a, w;
	size_t i;

	for (i = 0; i + 16 <= len; i += 16) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		memcpy(&w, s + i + 8, 8);
		a = (a ^ w) * 0xc4ceb9fe1a85ec53ULL;
		a ^= a >> 29;
	}
	x->h = h;
	x->a = a;
	return i;
}

void
out_hash_more(struct out_hasher *x, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t n;

	if (x->ncarry > 0) {
		n = 16 - x->ncarry < len ? 16 - x->ncarry : len;
		memcpy(x->carry + x->ncarry, s, n);
		x->ncarry += n;
		s += n;
		len -= n;
		if (x->ncarry < 16)
			return;
		hash_blocks(x, x->carry, 16);
		x->ncarry = 0;
	}
	n = hash_blocks(x, s, len);
	memcpy(x->carry, s + n, len - n);
	x->ncarry = len - n;
}

uint64_t
out_hash_end(struct out_hasher *x)
{
	uint64_t h = x->h;
	size_t i;

	for (i = 0; i < x->ncarry; i++)
		h = (h ^ x->carry[i]) * 0x100000001b3ULL;
	h ^= x->a * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

uint64_t
out_hash(const void *p, size_t len)
{
	struct out_hasher x;
	size_t n;

	out_hash_start(&x, len);
	n = hash_blocks(&x, p, len);
	x.ncarry = len - n;
	memcpy(x.carry, (const unsigned char *)p + n, x.ncarry);
	return out_hash_end(&x);
}

/* Record relpath; -1 when it was already written or is unsafe. */
static int
claim(struct out *o, const char *relpath, size_t len, uint64_t hash)
{
	int rc = 0;

	if (!safe_rel(relpath)) {
		diag_sys("refusing to write '%s' outside the output folder",
		    relpath);
		return -1;
	}
	pthread_mutex_lock(&o->lock);
	if (strmap_get(&o->seen, relpath) != NULL) {
		pthread_mutex_unlock(&o->lock);
		diag_sys("two pages would be written to '%s'", relpath);
		diag_note(NULL, "give one of them another slug");
		return -1;
	}
	if (o->nfiles == o->capfiles) {
		o->capfiles = o->capfiles ? o->capfiles * 2 : 256;
		o->files = xreallocarray(o->files, o->capfiles,
		    sizeof(*o->files));
		o->hashes = xreallocarray(o->hashes, o->capfiles,
		    sizeof(*o->hashes));
	}
	o->hashes[o->nfiles] = hash;
	o->digest += hash ^ out_hash(relpath, strlen(relpath));
	o->files[o->nfiles++] = xstrdup(relpath);
	/* The index + 1, so that out_fingerprint finds the file. */
	strmap_put(&o->seen, relpath, (void *)o->nfiles);
	o->bytes += len;
	pthread_mutex_unlock(&o->lock);
	return rc;
}

/*
 * In the spare folder, what the last output but one had at path: a file
 * (a hard link the write must not go through) or a folder where a file
 * is to go now.
 */
static void
clear_way(const char *path)
{
	struct stat st;

	if (unlink(path) == -1 && errno != ENOENT &&
	    lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		fs_rmtree(path);
}

/* In the spare folder, files where the folders above path are to go. */
static void
clear_folders_above(const struct out *o, char *path)
{
	struct stat st;
	char *p;

	for (p = path + strlen(o->stage) + 1; (p = strchr(p, '/')) != NULL;
	    p++) {
		*p = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			unlink(path);
		*p = '/';
	}
}

/* Create the folders above path (a file in the staging folder). */
static int
make_folders_above(const struct out *o, char *path)
{
	char *slash = strrchr(path, '/');
	int rc;

	*slash = '\0';
	if ((rc = fs_mkdirs(path)) == -1 && o->from_spare) {
		*slash = '/';
		clear_folders_above(o, path);
		*slash = '\0';
		rc = fs_mkdirs(path);
	}
	if (rc == -1)
		diag_sys("cannot create '%s': %s", path, strerror(errno));
	*slash = '/';
	return rc;
}

/*
 * Link the previous output's copy, or write the bytes.  A file's folder is
 * made only when the first attempt finds it missing: no stat per file.
 * -1 with errno set, -2 when a folder could not be made (reported).
 */
static int
put_file(struct out *o, const char *relpath, char *path,
    const struct iovec *iov, size_t n, size_t len, uint64_t hash)
{
	int tries;

	for (tries = 0; ; tries++) {
		if (o->reuse != NULL && o->reuse(o->reuse_arg, relpath,
		    len, hash) == 0)
			return 0;	/* the previous output's file, linked */
		if (o->from_spare)
			clear_way(path);
		if ((o->stage_fd >= 0 ? fs_writev_at(o->stage_fd, relpath, iov,
		    n) : fs_writev(path, iov, n)) == 0)
			return 0;
		/* ENOTDIR: the spare has a file where a folder goes. */
		if ((errno != ENOENT && !(o->from_spare && errno == ENOTDIR)) ||
		    tries > 0)
			return -1;
		if (make_folders_above(o, path) == -1)
			return -2;
	}
}

int
out_writev(struct out *o, const char *relpath, const struct iovec *iov,
    size_t n)
{
	struct out_hasher x;
	uint64_t hash;
	size_t i, len = 0;
	char *path;
	int rc;

	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	out_hash_start(&x, len);
	for (i = 0; i < n; i++)
		out_hash_more(&x, iov[i].iov_base, iov[i].iov_len);
	hash = out_hash_end(&x);
	if (claim(o, relpath, len, hash) == -1)
		return -1;
	path = fs_join(o->stage, relpath);
	if ((rc = put_file(o, relpath, path, iov, n, len, hash)) == -1)
		diag_sys("cannot write '%s': %s", relpath, strerror(errno));
	free(path);
	return rc < 0 ? -1 : 0;
}

int
out_write(struct out *o, const char *relpath, const void *p, size_t len)
{
	struct iovec one;

	one.iov_base = (void *)p;
	one.iov_len = len;
	return out_writev(o, relpath, &one, 1);
}

int
out_claim(struct out *o, const char *relpath, size_t len, uint64_t hash)
{
	return claim(o, relpath, len, hash);
}

/* The path under the staging folder of path, or NULL (reported). */
static const char *
inside_stage(const struct out *o, const char *path)
{
	size_t n = strlen(o->stage);

	if (strncmp(path, o->stage, n) != 0 || path[n] != '/') {
		diag_sys("refusing to write '%s' outside the output folder",
		    path);
		return NULL;
	}
	return path + n + 1;
}

int
out_write_in(void *arg, const char *path, const void *p, size_t len)
{
	const char *rel = inside_stage(arg, path);

	return rel != NULL ? out_write(arg, rel, p, len) : -1;
}

int
out_writev_in(void *arg, const char *path, const struct iovec *iov,
    size_t n)
{
	const char *rel = inside_stage(arg, path);

	return rel != NULL ? out_writev(arg, rel, iov, n) : -1;
}

int
out_copy(struct out *o, const char *relpath, const char *srcpath)
{
	char *text;
	size_t len;
	int rc;

	if (fs_read(srcpath, &text, &len) == -1)
		return diag_sys("cannot read '%s': %s", srcpath,
		    strerror(errno));
	rc = out_write(o, relpath, text, len);
	free(text);
	return rc;
}

int
out_has(struct out *o, const char *relpath)
{
	int has;

	pthread_mutex_lock(&o->lock);
	has = strmap_get(&o->seen, relpath) != NULL;
	pthread_mutex_unlock(&o->lock);
	return has;
}

int
out_take_spare(struct out *o)
{
	char *marker, *ignore;
	struct stat st;

	if (o->stage == NULL || lstat(o->spare, &st) == -1 ||
	    !S_ISDIR(st.st_mode))
		return 0;
	/* The new staging folder holds the marker alone so far. */
	marker = fs_join(o->stage, OUT_MARKER);
	if (unlink(marker) == 0 && rmdir(o->stage) == 0 &&
	    rename(o->spare, o->stage) == 0)
		o->from_spare = 1;
	else
		fs_mkdirs(o->stage);
	open_stage(o);		/* another folder now */
	ignore = fs_join(o->stage, ".gitignore");
	if (o->from_spare)
		unlink(ignore);
	unlink(marker);
	if (fs_write_new(marker, marker_text, sizeof(marker_text) - 1) == -1)
		diag_sys("cannot write '%s': %s", marker, strerror(errno));
	free(ignore);
	free(marker);
	return o->from_spare;
}

void
out_unlink(struct out *o, const char *relpath)
{
	char *path, *slash;
	size_t n = strlen(o->stage);

	/* The names come from the record, a file anyone may edit. */
	if (!safe_rel(relpath))
		return;
	path = fs_join(o->stage, relpath);
	if (unlink(path) == 0)
		while ((slash = strrchr(path, '/')) != NULL &&
		    (size_t)(slash - path) > n) {
			*slash = '\0';
			if (rmdir(path) == -1)
				break;
		}
	free(path);
}

int
out_fingerprint(struct out *o, const char *relpath, struct buf *newrel)
{
	const char *slash, *dot;
	char *from = NULL, *to = NULL;
	struct buf name = BUF_INIT;
	size_t i;
	int rc = -1;

	pthread_mutex_lock(&o->lock);
	i = (size_t)strmap_get(&o->seen, relpath);
	pthread_mutex_unlock(&o->lock);
	if (i == 0)
		return diag_sys("cannot fingerprint '%s': it was not written",
		    relpath);
	i--;
	slash = strrchr(relpath, '/');
	dot = strrchr(slash != NULL ? slash : relpath, '.');
	if (dot == NULL || dot == relpath || dot[-1] == '/')
		dot = relpath + strlen(relpath);
	buf_put(&name, relpath, (size_t)(dot - relpath));
	buf_printf(&name, ".%012llx%s", (unsigned long long)(o->hashes[i] &
	    0xffffffffffffULL), dot);
	from = fs_join(o->stage, relpath);
	to = fs_join(o->stage, name.ptr);
	if (rename(from, to) == -1) {
		diag_sys("cannot rename '%s': %s", relpath, strerror(errno));
		goto out;
	}
	pthread_mutex_lock(&o->lock);
	o->digest -= o->hashes[i] ^ out_hash(relpath, strlen(relpath));
	o->digest += o->hashes[i] ^ out_hash(name.ptr, name.len);
	strmap_put(&o->seen, relpath, NULL);
	strmap_put(&o->seen, name.ptr, (void *)(i + 1));
	free(o->files[i]);
	o->files[i] = xstrdup(name.ptr);
	pthread_mutex_unlock(&o->lock);
	buf_puts(newrel, name.ptr);
	rc = 0;
out:
	free(from);
	free(to);
	buf_release(&name);
	return rc;
}

static int
exchange(const char *a, const char *b)
{
#if defined(__linux__) && defined(SYS_renameat2)
	return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b,
	    RENAME_EXCHANGE);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * Keep tree, the old output, as the spare folder: in place of one the
 * build did not use, else removed.
 */
static int
keep_spare(struct out *o, const char *tree)
{
	char *ignore;

	if (rename(tree, o->spare) == -1 &&
	    (fs_rmtree_with(o->spare, pool_run) == -1 ||
	    rename(tree, o->spare) == -1))
		return fs_rmtree_with(tree, pool_run);
	/* Not over a .gitignore the site's output has. */
	ignore = fs_join(o->spare, ".gitignore");
	(void)fs_write_new(ignore, spare_ignore, sizeof(spare_ignore) - 1);
	free(ignore);
	return 0;
}

int
out_commit(struct out *o)
{
	struct buf old = BUF_INIT;
	int rc = -1;

	if (!o->existed) {
		if (rename(o->stage, o->final) == -1)
			goto fail;
		free(o->stage);
		o->stage = NULL;
		return 0;
	}
	if (o->foreign)
		buf_printf(&old, "%s.before-signpost", o->final);
	else
		buf_printf(&old, "%s/.%s.signpost-old-%ld", o->parent,
		    strrchr(o->final, '/') + 1, (long)getpid());
	if (!o->foreign && exchange(o->stage, o->final) == 0) {
		/* The stage path now holds the previous output. */
		rc = keep_spare(o, o->stage);
		free(o->stage);
		o->stage = NULL;
		buf_release(&old);
		return rc == 0 ? 0 : diag_sys("cannot remove the previous "
		    "output: %s", strerror(errno));
	}
	if (fs_exists(old.ptr) && (o->foreign || fs_rmtree(old.ptr) == -1)) {
		diag_sys("'%s' is in the way", old.ptr);
		buf_release(&old);
		return -1;
	}
	if (rename(o->final, old.ptr) == -1)
		goto fail;
	if (rename(o->stage, o->final) == -1) {
		rename(old.ptr, o->final);
		goto fail;
	}
	free(o->stage);
	o->stage = NULL;
	if (!o->foreign)
		keep_spare(o, old.ptr);
	buf_release(&old);
	return 0;
fail:
	diag_sys("cannot put the new output in place: %s", strerror(errno));
	buf_release(&old);
	return rc;
}

void
out_abort(struct out *o)
{
	if (o->stage != NULL)
		fs_rmtree(o->stage);
	free(o->stage);
	o->stage = NULL;
}

void
out_release(struct out *o)
{
	size_t i;

	out_abort(o);
	if (o->stage_fd >= 0)
		close(o->stage_fd);
	for (i = 0; i < o->nfiles; i++)
		free(o->files[i]);
	free(o->files);
	free(o->hashes);
	free(o->final);
	free(o->spare);
	free(o->parent);
	strmap_release(&o->seen);
	pthread_mutex_destroy(&o->lock);
	memset(o, 0, sizeof(*o));
	o->stage_fd = -1;
}
