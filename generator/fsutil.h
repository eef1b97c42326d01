/* SPDX-License-Identifier: ISC */
/* Small file-system helpers: read a whole file, make folders, list a folder. */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stddef.h>
#include <stdint.h>

struct iovec;

/*
 * Read a whole regular file into a new NUL-terminated buffer that the
 * caller frees.  Returns -1 with errno set on failure (EISDIR, EFBIG over
 * 64 MiB, ...).
 */
int	 fs_read(const char *path, char **textp, size_t *lenp);
/* fs_read, and *st the status of the file as read. */
struct stat;
int	 fs_read_st(const char *path, char **textp, size_t *lenp,
	    struct stat *st);
/* Tell the observer (fs_set_observer) path was read, as st says. */
void	 fs_seen_read(const char *path, const struct stat *st);
/* A file's modification and change times, in nanoseconds. */
uint64_t fs_mtime_ns(const struct stat *);
uint64_t fs_ctime_ns(const struct stat *);
/* Write len bytes to path with one write(2) where the system allows. */
int	 fs_write(const char *path, const void *, size_t len);
/* fs_write of the n pieces of iov, one after the other. */
int	 fs_writev(const char *path, const struct iovec *iov, size_t n);
/*
 * fs_writev of path from the open folder dirfd: the kernel walks only
 * path's own names, not the folders above dirfd again for every file.
 */
int	 fs_writev_at(int dirfd, const char *path, const struct iovec *iov,
	    size_t n);
/*
 * fs_write to a file it creates: -1 with EEXIST when path is there
 * already (never replaced); a file it made but could not fill is removed.
 */
int	 fs_write_new(const char *path, const void *, size_t len);
/*
 * Who writes the files of a module that is given only a folder (the
 * search index, the open-data export): NULL or a NULL write means
 * fs_write; the build passes out_write_in (output.h), which also records
 * each file with its hash, so that it is never read back.  writev, when
 * set, writes a file made of pieces without joining them first
 * (out_writev_in).  Both return 0, or -1 when they failed and said so.
 */
struct fs_writer {
	int	(*write)(void *arg, const char *path, const void *, size_t);
	void	*arg;
	int	(*writev)(void *arg, const char *path, const struct iovec *,
		    size_t n);
};

/* mkdir -p, mode 0755; -1 with errno set on failure. */
int	 fs_mkdirs(const char *path);
/* 1 if path is a directory, 0 if not or absent (symlinks followed). */
int	 fs_is_dir(const char *path);
/* 1 if path exists at all (symlinks not followed). */
int	 fs_exists(const char *path);
/*
 * The names in a folder (no "." or ".."), sorted bytewise, as a
 * NULL-terminated array the caller frees with fs_names_free.  NULL with
 * errno set when the folder cannot be read.
 */
char	**fs_list(const char *dir, size_t *np);
/*
 * fs_list, and in *maybe_linkp (the caller frees it) a byte per name: 0
 * where the folder listing says the entry is a file or folder, so it is
 * no symbolic link and fs_entry_inside needs no lstat for it; 1 else.
 */
char	**fs_list_links(const char *dir, size_t *np,
	    unsigned char **maybe_linkp);
/*
 * fs_list, and in *kindsp (the caller frees it) a byte per name, as the
 * folder listing says: FS_FILE, FS_FOLDER, or FS_OTHER for a symbolic
 * link or when the listing does not say (then ask the file system).
 */
enum { FS_FILE, FS_OTHER, FS_FOLDER };
char	**fs_list_kinds(const char *dir, size_t *np, unsigned char **kindsp);
void	 fs_names_free(char **);
/*
 * 1 when reading path stays inside root: path is no symbolic link, or it
 * is one (or lies in a folder reached through one) whose target is inside
 * root once resolved.  0 otherwise, and when either cannot be resolved.
 */
int	 fs_inside(const char *path, const char *root);
/*
 * fs_inside for path, an entry of a folder for which fs_inside gave
 * dir_inside: only an entry that is itself a symlink is resolved, so a
 * folder of thousands of files costs one lstat each.
 */
int	 fs_entry_inside(const char *path, const char *root, int dir_inside);
/* Remove a tree (no symlink is followed). 0 or -1. */
int	 fs_rmtree(const char *path);
/*
 * fs_rmtree with the folder's entries removed through run (pool_run, say:
 * the subtrees on several threads at once).
 */
int	 fs_rmtree_with(const char *path, void (*run)(size_t n,
	    void (*fn)(void *arg, size_t i), void *arg));
/* a "/" b as a new string. */
char	*fs_join(const char *a, const char *b);

/*
 * What fs_read, fs_list, fs_is_dir and fs_exists looked at, for a caller
 * that records a build's inputs (cache.c).  FS_SEEN_READ: st is the open
 * file's (NULL when it could not be opened); FS_SEEN_LIST: names is the
 * sorted listing (NULL when the folder cannot be read); FS_SEEN_STAT (from
 * fs_is_dir) and FS_SEEN_LSTAT (fs_exists): st is the result, NULL when
 * absent.  The observer may be called
 * from several threads at once.  NULL fn turns it off.
 */
enum fs_seen {
	FS_SEEN_READ,
	FS_SEEN_LIST,
	FS_SEEN_STAT,
	FS_SEEN_LSTAT
};
struct stat;
void	 fs_set_observer(void (*fn)(void *, enum fs_seen, const char *path,
	    const struct stat *, char *const *names), void *arg);

#endif
