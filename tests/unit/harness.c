/* SPDX-License-Identifier: ISC */
/* The unit-test runner: runs every registered TEST and prints a summary. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "xalloc.h"

struct test {
	const char	*name;
	const char	*file;
	test_fn		 fn;
};

static struct test	 tests[1024];
static size_t		 ntests;
static int		 failed_now;
static char		*tmpdirs[64];
static size_t		 ntmp;
static FILE		*capture;
static char		*capture_buf;
static size_t		 capture_len;

void
harness_register(const char *name, const char *file, test_fn fn)
{
	if (ntests < sizeof(tests) / sizeof(tests[0])) {
		tests[ntests].name = name;
		tests[ntests].file = file;
		tests[ntests++].fn = fn;
	}
}

void
harness_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed_now++;
	fprintf(stdout, "    %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

char *
harness_tmpdir(void)
{
	char tmpl[] = "/tmp/signpost-unit-XXXXXX";
	char *d = mkdtemp(tmpl);

	if (d == NULL) {
		perror("mkdtemp");
		exit(3);
	}
	if (ntmp < sizeof(tmpdirs) / sizeof(tmpdirs[0]))
		tmpdirs[ntmp++] = xstrdup(d);
	return xstrdup(d);
}

void
harness_diag_capture(void)
{
	if (capture != NULL)
		fclose(capture);
	free(capture_buf);
	capture_buf = NULL;
	capture = open_memstream(&capture_buf, &capture_len);
	diag_set_stream(capture);
	diag_set_color(0);
}

const char *
harness_diag_text(void)
{
	if (capture == NULL)
		return "";
	fflush(capture);
	return capture_buf ? capture_buf : "";
}

static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < ntmp; i++) {
		fs_rmtree(tmpdirs[i]);
		free(tmpdirs[i]);
	}
	ntmp = 0;
	diag_reset();
	diag_set_stream(NULL);
	if (capture != NULL) {
		fclose(capture);
		capture = NULL;
	}
	free(capture_buf);
	capture_buf = NULL;
}

int
main(int argc, char *argv[])
{
	size_t i, passed = 0, failed = 0;

	for (i = 0; i < ntests; i++) {
		if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		failed_now = 0;
		tests[i].fn();
		cleanup();
		if (failed_now) {
			printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
			failed++;
		} else
			passed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
