/* SPDX-License-Identifier: ISC */
/* Tests of the file helpers: listing folders, removing trees, writing. */
#include <sys/stat.h>
#include <sys/uio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "harness.h"
#include "pool.h"
#include "xalloc.h"

/* a/, a/b/, a/b/deep.txt, a/x.txt, top.txt, link -> outside/keep.txt */
static char *
make_tree(const char *dir, const char *outside)
{
	char *root = fs_join(dir, "tree"), *p, *keep;

	p = fs_join(root, "a/b");
	CHECK_INT(fs_mkdirs(p), 0);
	free(p);
	CHECK_INT(fs_mkdirs(outside), 0);
	keep = fs_join(outside, "keep.txt");
	CHECK_INT(fs_write(keep, "keep", 4), 0);
	p = fs_join(root, "a/b/deep.txt");
	CHECK_INT(fs_write(p, "d", 1), 0);
	free(p);
	p = fs_join(root, "a/x.txt");
	CHECK_INT(fs_write(p, "x", 1), 0);
	free(p);
	p = fs_join(root, "top.txt");
	CHECK_INT(fs_write(p, "t", 1), 0);
	free(p);
	p = fs_join(root, "link");
	CHECK_INT(symlink(outside, p), 0);
	free(p);
	free(keep);
	return root;
}

TEST(fs_rmtree_removes_all_and_follows_no_link)
{
	char *dir = harness_tmpdir(), *out = fs_join(dir, "out");
	char *root = make_tree(dir, out), *keep = fs_join(out, "keep.txt");

	CHECK_INT(fs_rmtree(root), 0);
	CHECK(!fs_exists(root));
	CHECK(fs_exists(keep));
	CHECK_INT(fs_rmtree(root), 0);	/* gone already: nothing to do */
	free(root);
	root = make_tree(dir, out);
	CHECK_INT(fs_rmtree_with(root, pool_run), 0);
	CHECK(!fs_exists(root));
	CHECK(fs_exists(keep));
	free(root);
	free(keep);
	free(out);
	free(dir);
}

/* fs_list_links: fs_list's names, and which of them may be symlinks. */
TEST(fs_list_links_flags_links)
{
	char *dir = harness_tmpdir(), *out = fs_join(dir, "out");
	char *root = make_tree(dir, out), **names, **plain;
	unsigned char *maybe;
	size_t n, m, i;

	names = fs_list_links(root, &n, &maybe);
	plain = fs_list(root, &m);
	CHECK(names != NULL && plain != NULL);
	CHECK_INT(n, 3);
	CHECK_INT(m, 3);
	for (i = 0; i < n && i < m; i++)
		CHECK_STR(names[i], plain[i]);
	CHECK_STR(names[1], "link");
	CHECK_INT(maybe[1], 1);
	/* tmpfs and ext4 give the types: no lstat for "a" or "top.txt" */
	CHECK_INT(maybe[0] + maybe[2], 0);
	fs_names_free(names);
	fs_names_free(plain);
	free(maybe);
	CHECK(fs_list_links("/nonexistent-signpost-dir", &n, &maybe) == NULL);
	CHECK(maybe == NULL);
	free(root);
	free(out);
	free(dir);
}

TEST(fs_writev_writes_the_pieces_in_order)
{
	char *dir = harness_tmpdir(), *p = fs_join(dir, "v.txt"), *got = NULL;
	struct iovec v[200];
	struct buf want = BUF_INIT;
	char piece[200][4];
	size_t i, len;

	/* More pieces than one call takes, some of them empty. */
	for (i = 0; i < 200; i++) {
		snprintf(piece[i], sizeof(piece[i]), "%zu", i % 1000);
		v[i].iov_base = piece[i];
		v[i].iov_len = i % 7 == 3 ? 0 : strlen(piece[i]);
		buf_put(&want, piece[i], v[i].iov_len);
	}
	CHECK_INT(fs_writev(p, v, 200), 0);
	CHECK_INT(fs_read(p, &got, &len), 0);
	CHECK_INT((int)len, (int)want.len);
	CHECK(got != NULL && memcmp(got, want.ptr, len) == 0);
	CHECK_INT(fs_writev(p, v, 0), 0);	/* nothing: an empty file */
	free(got);
	CHECK_INT(fs_read(p, &got, &len), 0);
	CHECK_INT((int)len, 0);
	free(got);
	buf_release(&want);
	free(p);
	free(dir);
}
