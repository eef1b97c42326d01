/* SPDX-License-Identifier: ISC */
/* The output folder: safety checks, a staging folder, and an atomic swap. */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

struct buf;

#define OUT_MARKER ".signpost-output"

struct out {
	char		*final;		/* absolute path of the output */
	char		*stage;		/* where this build writes */
	int		 stage_fd;	/* that folder, open; -1 if not */
	char		*spare;		/* the output before last, kept */
	int		 from_spare;	/* stage holds that output: files
					   are unlinked before written */
	char		*parent;
	int		 force;
	int		 existed;	/* final existed before the build */
	int		 foreign;	/* final holds files we did not make */
	char		**files;	/* relative paths written, owned */
	uint64_t	 *hashes;	/* out_hash of each file's bytes */
	uint64_t	  digest;	/* of every path and its bytes, in any
					   order */
	size_t		 nfiles, capfiles;
	size_t		 bytes;
	struct strmap	 seen;
	pthread_mutex_t	 lock;
	/*
	 * When set (cache.c), out_write first offers each file to reuse,
	 * which returns 0 when it put the same bytes at relpath in the
	 * staging folder (the spare's file, or a hard link to the previous
	 * output's), -1 to have them written.
	 */
	int		(*reuse)(void *, const char *relpath, size_t,
			    uint64_t hash);
	void		*reuse_arg;
};

/*
 * Check that outdir is a safe place to build into and create a fresh
 * staging folder beside it.  Refuses "/", the home folder, the source
 * folder or one that contains it, a symlink, and a folder holding files
 * Signpost did not create (no marker) unless force.  Returns 0 or -1
 * (reported).
 */
int	out_open(struct out *, const char *outdir, const char *srcdir,
	    int force);
/*
 * Write data to relpath inside the staging folder, making folders as
 * needed.  relpath must be relative and must not contain "..".  Writing
 * the same path twice is an error (two pages want one file).  Safe to
 * call from several threads.  Returns 0 or -1 (reported).
 */
int	out_write(struct out *, const char *relpath, const void *, size_t);
/* out_write of a file made of the n pieces of iov, in order. */
struct iovec;
int	out_writev(struct out *, const char *relpath, const struct iovec *iov,
	    size_t n);
/*
 * out_write and out_writev for a path inside the staging folder, as a
 * struct fs_writer's write and writev (arg: the struct out).
 */
int	out_write_in(void *, const char *path, const void *, size_t);
int	out_writev_in(void *, const char *path, const struct iovec *,
	    size_t n);
/*
 * Record a file already put at relpath in the staging folder by other
 * means (a link to the previous output's copy), len bytes hashing to
 * hash, so that it is not read back.  Same rules as out_write.  Every
 * file of the output goes through out_write, out_writev or this, so that
 * the list of files (the offline cache's, the build cache's) is whole.
 */
int	out_claim(struct out *, const char *relpath, size_t len,
	    uint64_t hash);
/* Copy the file at srcpath to relpath (same rules as out_write). */
int	out_copy(struct out *, const char *relpath, const char *srcpath);
/*
 * Give the file written at relpath a name that carries its content hash,
 * "assets/style.css" -> "assets/style.0123456789ab.css", so that hosts
 * may cache it forever.  Appends the new relative path to newrel.
 * Returns 0 or -1 (reported).
 */
int	out_fingerprint(struct out *, const char *relpath, struct buf *newrel);
/* A fast 64-bit hash of bytes (not cryptographic: for names and versions). */
uint64_t out_hash(const void *, size_t);
/*
 * The same over bytes that come in pieces: start with their total length
 * (or any number agreed on, when the hash is only compared with itself),
 * then each piece in order; the state of its two lanes, and up to 15
 * bytes waiting for a whole 16-byte block.
 */
struct out_hasher {
	uint64_t	 h, a;
	unsigned char	 carry[16];
	size_t		 ncarry;
};
void	 out_hash_start(struct out_hasher *, size_t len);
void	 out_hash_more(struct out_hasher *, const void *, size_t);
uint64_t out_hash_end(struct out_hasher *);

/* 1 if relpath was written in this build. */
int	out_has(struct out *, const char *relpath);
/*
 * Build in the spare folder, o->spare (".OUTPUT.signpost-spare": the
 * output before the last one, kept by out_commit), instead of the new
 * staging folder; the caller knows what the spare holds.  Its files stay:
 * the caller keeps those that come out the same and removes (out_unlink)
 * those no longer written; every other file is unlinked before it is
 * written, since a spare's file may be a hard link into the output.
 * Returns 1 when the stage is the spare now, else 0.
 */
int	out_take_spare(struct out *);
/* Remove relpath from the staging folder, and folders it leaves empty. */
void	out_unlink(struct out *, const char *relpath);
/*
 * Put the staging folder in place of the output in one step.  The old
 * output becomes the spare folder (a foreign one forced over is kept
 * beside it as OUTPUT.before-signpost).  Returns 0 or -1.
 */
int	out_commit(struct out *);
/* Remove the staging folder; the previous output stays as it was. */
void	out_abort(struct out *);
void	out_release(struct out *);

#endif
