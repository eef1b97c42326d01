/* SPDX-License-Identifier: ISC */
/* Tests of the output module: files written in pieces. */
#include <sys/uio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "harness.h"
#include "output.h"

/*
 * A file written in pieces is recorded with the hash of its bytes, the
 * same as out_hash over them in one piece, wherever the pieces are cut
 * (the build cache compares these hashes from build to build).
 */
TEST(out_writev_hashes_as_one_piece)
{
	char *dir = harness_tmpdir(), *src = fs_join(dir, "site");
	char *outdir = fs_join(dir, "out"), name[32], *got = NULL;
	unsigned char bytes[300];
	struct iovec v[40];
	struct out out;
	size_t len, cut, i, k, n, at, got_len, base;
	unsigned seed = 7;

	for (i = 0; i < sizeof(bytes); i++) {
		seed = seed * 1103515245u + 12345u;
		bytes[i] = (unsigned char)(seed >> 16);
	}
	CHECK_INT(fs_mkdirs(src), 0);
	CHECK_INT(out_open(&out, outdir, src, 0), 0);
	base = out.nfiles;	/* the marker */
	for (k = 0; k < 200; k++) {
		/* A length around the 16-byte blocks, cut anywhere. */
		len = k < 40 ? k : k % 3 == 0 ? 300 : (k * 37) % 300;
		for (n = at = 0; at < len && n < 39; n++) {
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 16) % 23;
			if (cut > len - at)
				cut = len - at;
			v[n].iov_base = bytes + at;
			v[n].iov_len = cut;
			at += cut;
		}
		v[n].iov_base = bytes + at;
		v[n++].iov_len = len - at;
		snprintf(name, sizeof(name), "f%zu.bin", k);
		CHECK_INT(out_writev(&out, name, v, n), 0);
		CHECK(out.nfiles == base + k + 1 &&
		    out.hashes[base + k] == out_hash(bytes, len));
		if (k == 0 || k == 199) {
			char *p = fs_join(out.stage, name);

			CHECK_INT(fs_read(p, &got, &got_len), 0);
			CHECK(got_len == len && memcmp(got, bytes, len) == 0);
			free(got);
			free(p);
		}
	}
	out_abort(&out);
	out_release(&out);
	free(src);
	free(outdir);
	free(dir);
}

/*
 * out_unlink takes its names from the build record, a file anyone may
 * edit: a name that leads out of the staging folder removes nothing.
 */
TEST(out_unlink_stays_in_the_stage)
{
	char *dir = harness_tmpdir(), *src = fs_join(dir, "site");
	char *outdir = fs_join(dir, "out"), *victim = fs_join(dir, "keep.txt");
	char *p;
	struct out out;

	CHECK_INT(fs_mkdirs(src), 0);
	CHECK_INT(fs_write(victim, "x", 1), 0);
	CHECK_INT(out_open(&out, outdir, src, 0), 0);
	CHECK_INT(out_write(&out, "a/b.txt", "y", 1), 0);
	out_unlink(&out, "../keep.txt");
	out_unlink(&out, "a/../../keep.txt");
	out_unlink(&out, "/keep.txt");
	CHECK(fs_exists(victim));
	out_unlink(&out, "a/b.txt");
	p = fs_join(out.stage, "a");
	CHECK(!fs_exists(p));	/* the folder it left empty goes too */
	free(p);
	out_abort(&out);
	out_release(&out);
	free(victim);
	free(src);
	free(outdir);
	free(dir);
}
