/* SPDX-License-Identifier: ISC */
/* A small unit-test harness: TEST() registers itself, CHECK*() record failures. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef void (*test_fn)(void);

void	 harness_register(const char *name, const char *file, test_fn);
void	 harness_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* A temporary folder for this test, removed afterwards; a new string. */
char	*harness_tmpdir(void);
/* Capture diagnostics into a string; harness_diag_text() returns them so far. */
void	 harness_diag_capture(void);
const char *harness_diag_text(void);

#define TEST(name)							\
	static void test_##name(void);					\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ harness_register(#name, __FILE__, test_##name); }		\
	static void test_##name(void)

#define CHECK(cond) do {						\
	if (!(cond))							\
		harness_fail(__FILE__, __LINE__, "%s", #cond);		\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		harness_fail(__FILE__, __LINE__, "%s == %lld, want %lld",\
		    #a, a_, b_);					\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)		\
		harness_fail(__FILE__, __LINE__,			\
		    "%s\n      got: %s\n     want: %s", #a,		\
		    a_ ? a_ : "(null)", b_ ? b_ : "(null)");		\
} while (0)

/* Haystack contains needle. */
#define CHECK_HAS(h, n) do {						\
	const char *h_ = (h), *n_ = (n);				\
	if (h_ == NULL || strstr(h_, n_) == NULL)			\
		harness_fail(__FILE__, __LINE__,			\
		    "%s lacks \"%s\"\n      got: %s", #h, n_,		\
		    h_ ? h_ : "(null)");				\
} while (0)

#endif
