/*
 * writefloor: the cost of writing a site's bytes, and nothing else.
 *
 *   writefloor SRC DEST
 *
 * Reads every file under SRC into memory first (not timed), then creates
 * DEST and writes the same tree there: one mkdir per folder, one open, one
 * write and one close per file, as a generator at its best would.  Prints
 * the seconds the writing took, wall clock then CPU (user + system), on
 * standard output.  DEST must not exist.  Part of the benchmark's "floor", not of Signpost.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct entry {
	char	*rel;		/* path under SRC */
	char	*data;		/* NULL for a folder */
	size_t	 len;
};

static struct entry	*ents;
static size_t		 nents, cap;
static size_t		 srclen;

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("writefloor");
		exit(3);
	}
	return p;
}

static int
visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct entry *e;
	ssize_t n;
	size_t off = 0;
	int fd;

	if (ftw->level == 0)
		return 0;
	if (nents == cap) {
		cap = cap ? cap * 2 : 1024;
		ents = xrealloc(ents, cap * sizeof(*ents));
	}
	e = &ents[nents++];
	e->rel = strdup(path + srclen + 1);
	e->data = NULL;
	e->len = 0;
	if (flag == FTW_D)
		return 0;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	e->len = (size_t)st->st_size;
	e->data = xrealloc(NULL, e->len + 1);
	if ((fd = open(path, O_RDONLY)) == -1) {
		perror(path);
		return -1;
	}
	while (off < e->len && (n = read(fd, e->data + off,
	    e->len - off)) > 0)
		off += (size_t)n;
	close(fd);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct timespec t0, t1, c0, c1;
	char path[4096];
	size_t i;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: writefloor SRC DEST\n");
		return 2;
	}
	srclen = strlen(argv[1]);
	while (srclen > 1 && argv[1][srclen - 1] == '/')
		argv[1][--srclen] = '\0';
	if (nftw(argv[1], visit, 64, FTW_PHYS) == -1) {
		perror(argv[1]);
		return 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	if (mkdir(argv[2], 0777) == -1) {
		perror(argv[2]);
		return 3;
	}
	for (i = 0; i < nents; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], ents[i].rel);
		if (ents[i].data == NULL) {
			if (mkdir(path, 0777) == -1 && errno != EEXIST) {
				perror(path);
				return 3;
			}
			continue;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd == -1 || write(fd, ents[i].data, ents[i].len) !=
		    (ssize_t)ents[i].len) {
			perror(path);
			return 3;
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	printf("%.4f %.4f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	    (double)(c1.tv_sec - c0.tv_sec) +
	    (double)(c1.tv_nsec - c0.tv_nsec) / 1e9);
	return 0;
}
