/* SPDX-License-Identifier: ISC */
/* File-system helpers used by the loaders and the output writer. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "xalloc.h"

#define FS_MAX_READ (64u << 20)

static void	(*observer)(void *, enum fs_seen, const char *,
		    const struct stat *, char *const *);
static void	*observer_arg;

void
fs_set_observer(void (*fn)(void *, enum fs_seen, const char *,
    const struct stat *, char *const *), void *arg)
{
	observer = fn;
	observer_arg = arg;
}

int
fs_read(const char *path, char **textp, size_t *lenp)
{
	struct stat st;

	return fs_read_st(path, textp, lenp, &st);
}

uint64_t
fs_mtime_ns(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000ULL +
	    (uint64_t)st->st_mtim.tv_nsec;
}

uint64_t
fs_ctime_ns(const struct stat *st)
{
	return (uint64_t)st->st_ctim.tv_sec * 1000000000ULL +
	    (uint64_t)st->st_ctim.tv_nsec;
}

void
fs_seen_read(const char *path, const struct stat *st)
{
	if (observer != NULL)
		observer(observer_arg, FS_SEEN_READ, path, st, NULL);
}

int
fs_read_st(const char *path, char **textp, size_t *lenp, struct stat *stp)
{
	struct stat st;
	char *text;
	size_t len = 0;
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		fs_seen_read(path, NULL);
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st) == -1)
		goto fail;
	fs_seen_read(path, &st);
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)FS_MAX_READ) {
		errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		goto fail;
	}
	text = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, text + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n == 0 ? EIO : errno;
			free(text);
			close(fd);
			errno = saved;
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	text[len] = '\0';
	*textp = text;
	*lenp = len;
	*stp = st;
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
fs_write(const char *path, const void *p, size_t len)
{
	struct iovec one;

	one.iov_base = (void *)p;
	one.iov_len = len;
	return fs_writev(path, &one, 1);
}

/*
 * Open path (from the folder dirfd, or AT_FDCWD) for writing with flags
 * (O_TRUNC or O_EXCL), write, close.
 */
static int
write_open(int dirfd, const char *path, int flags, const struct iovec *iov,
    size_t n)
{
	struct iovec part[64];
	size_t i, k, skip = 0;
	ssize_t w;
	int fd, saved;

	fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    flags, 0644);
	if (fd == -1)
		return -1;
	/* Up to 64 pieces a call, resumed where a short write stopped. */
	for (i = 0; i < n; ) {
		for (k = 0; k < 64 && i + k < n; k++)
			part[k] = iov[i + k];
		part[0].iov_base = (char *)part[0].iov_base + skip;
		part[0].iov_len -= skip;
		w = writev(fd, part, (int)k);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		for (; i < n && (size_t)w >= iov[i].iov_len - skip; i++) {
			w -= (ssize_t)(iov[i].iov_len - skip);
			skip = 0;
		}
		skip += (size_t)w;
	}
	return close(fd);
}

int
fs_writev(const char *path, const struct iovec *iov, size_t n)
{
	return write_open(AT_FDCWD, path, O_TRUNC, iov, n);
}

int
fs_writev_at(int dirfd, const char *path, const struct iovec *iov, size_t n)
{
	return write_open(dirfd, path, O_TRUNC, iov, n);
}

int
fs_write_new(const char *path, const void *p, size_t len)
{
	struct iovec one;
	int saved;

	one.iov_base = (void *)p;
	one.iov_len = len;
	if (write_open(AT_FDCWD, path, O_EXCL, &one, 1) == 0)
		return 0;
	if (errno != EEXIST) {
		saved = errno;
		(void)unlink(path);	/* what it made of it */
		errno = saved;
	}
	return -1;
}

int
fs_mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && !fs_is_dir(path)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

int
fs_is_dir(const char *path)
{
	struct stat st;
	int ok = stat(path, &st) == 0;

	if (observer != NULL)
		observer(observer_arg, FS_SEEN_STAT, path, ok ? &st : NULL,
		    NULL);
	return ok && S_ISDIR(st.st_mode);
}

int
fs_exists(const char *path)
{
	struct stat st;
	int ok = lstat(path, &st) == 0;

	if (observer != NULL)
		observer(observer_arg, FS_SEEN_LSTAT, path, ok ? &st : NULL,
		    NULL);
	return ok;
}

/* Sort "<flag><name>" strings by name. */
static int
cmp_flagged(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/*
 * fs_list, and with kindsp a byte per name as the listing says: FS_FILE,
 * FS_FOLDER or FS_OTHER (a link, or the listing does not say).
 */
static char **
list_dir(const char *dir, size_t *np, unsigned char **kindsp)
{
	DIR *d;
	struct dirent *e;
	unsigned char *links = NULL;
	char **v = NULL, *s;
	size_t n = 0, cap = 0, i, len;

	if (kindsp != NULL)
		*kindsp = NULL;
	if ((d = opendir(dir)) == NULL) {
		if (observer != NULL) {
			int saved = errno;

			observer(observer_arg, FS_SEEN_LIST, dir, NULL, NULL);
			errno = saved;
		}
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		/* The flag first, so that the sort keeps it with its name. */
		len = strlen(e->d_name);
		s = xmalloc(len + 2);
		s[0] = e->d_type == DT_REG ? FS_FILE : e->d_type == DT_DIR ?
		    FS_FOLDER : FS_OTHER;
		memcpy(s + 1, e->d_name, len + 1);
		v[n++] = s;
	}
	closedir(d);
	if (v == NULL)
		v = xcalloc(1, sizeof(*v));
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_flagged);
	if (kindsp != NULL)
		links = xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++) {
		if (links != NULL)
			links[i] = (unsigned char)v[i][0];
		memmove(v[i], v[i] + 1, strlen(v[i] + 1) + 1);
	}
	if (observer != NULL)
		observer(observer_arg, FS_SEEN_LIST, dir, NULL, v);
	if (np != NULL)
		*np = n;
	if (kindsp != NULL)
		*kindsp = links;
	return v;
}

char **
fs_list(const char *dir, size_t *np)
{
	return list_dir(dir, np, NULL);
}

char **
fs_list_links(const char *dir, size_t *np, unsigned char **maybe_linkp)
{
	char **v = list_dir(dir, np, maybe_linkp);
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		(*maybe_linkp)[i] = (*maybe_linkp)[i] == FS_OTHER;
	return v;
}

char **
fs_list_kinds(const char *dir, size_t *np, unsigned char **kindsp)
{
	return list_dir(dir, np, kindsp);
}

struct dir_entry {
	char		*name;
	int		 dir;
};

/*
 * The entries of an open folder (fd, closed here): names and whether each
 * is a folder, symlinks not followed.  NULL if fd cannot be read.
 */
static struct dir_entry *
entries_at(int fd, size_t *np)
{
	struct dir_entry *v = NULL;
	struct dirent *e;
	struct stat st;
	size_t n = 0, cap = 0;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].name = xstrdup(e->d_name);
		if (e->d_type == DT_UNKNOWN)
			v[n].dir = fstatat(dirfd(d), e->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		else
			v[n].dir = e->d_type == DT_DIR;
		n++;
	}
	closedir(d);
	*np = n;
	return v != NULL ? v : xcalloc(1, sizeof(*v));
}

void
fs_names_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
fs_inside(const char *path, const char *root)
{
	char rp[PATH_MAX], rr[PATH_MAX];
	size_t n;

	if (realpath(path, rp) == NULL || realpath(root, rr) == NULL)
		return 0;
	n = strlen(rr);
	if (n == 1)
		return 1;
	return strncmp(rp, rr, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
}

int
fs_entry_inside(const char *path, const char *root, int dir_inside)
{
	struct stat st;

	if (!dir_inside || lstat(path, &st) == -1)
		return 0;
	return S_ISLNK(st.st_mode) ? fs_inside(path, root) : 1;
}

struct rm_job {
	int			 fd;
	struct dir_entry	*v;
	atomic_int		 failed;
};

static int	rmtree_at(int, const char *, void (*)(size_t,
		    void (*)(void *, size_t), void *));

static void
rm_entry(void *arg, size_t i)
{
	struct rm_job *j = arg;

	if ((j->v[i].dir ? rmtree_at(j->fd, j->v[i].name, NULL) :
	    unlinkat(j->fd, j->v[i].name, 0)) == -1 && errno != ENOENT)
		atomic_store(&j->failed, 1);
}

/*
 * Empty the folder name inside dfd and remove it: all names are read
 * first, then removed relative to the folder (no path walk, no stat per
 * file); symlinks are removed, never followed.  run removes the entries
 * (NULL: this thread, one by one).
 */
static int
rmtree_at(int dfd, const char *name, void (*run)(size_t n,
    void (*fn)(void *arg, size_t i), void *arg))
{
	struct rm_job j;
	size_t i, n;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	if ((j.v = entries_at(fd, &n)) == NULL)
		return -1;
	atomic_init(&j.failed, 0);
	if ((j.fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		atomic_store(&j.failed, 1);
	else {
		if (run != NULL)
			run(n, rm_entry, &j);
		else
			for (i = 0; i < n; i++)
				rm_entry(&j, i);
		close(j.fd);
	}
	for (i = 0; i < n; i++)
		free(j.v[i].name);
	free(j.v);
	if (atomic_load(&j.failed))
		return -1;
	if (unlinkat(dfd, name, AT_REMOVEDIR) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

int
fs_rmtree_with(const char *path, void (*run)(size_t n,
    void (*fn)(void *arg, size_t i), void *arg))
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return rmtree_at(AT_FDCWD, path, run);
}

int
fs_rmtree(const char *path)
{
	return fs_rmtree_with(path, NULL);
}

char *
fs_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p;

	while (la > 1 && a[la - 1] == '/')
		la--;
	p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}
