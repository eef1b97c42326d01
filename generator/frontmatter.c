/* SPDX-License-Identifier: ISC */
/* Front matter: the "---" block at the top of a Markdown file. */
#include <string.h>

#include "frontmatter.h"

/* Length of the line at p without its line ending; *next is the next line. */
static size_t
line_at(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (nl == NULL) {
		*next = end;
		n = (size_t)(end - p);
	} else {
		*next = nl + 1;
		n = (size_t)(nl - p);
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

static int
is_fence(const char *p, size_t n, int closing)
{
	while (n > 3 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n != 3)
		return 0;
	return memcmp(p, "---", 3) == 0 || (closing && memcmp(p, "...", 3) == 0);
}

int
fm_split(const char *text, size_t len, struct fm *fm)
{
	const char *p = text, *end = text + len, *next;
	unsigned line = 1;
	size_t n;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	memset(fm, 0, sizeof(*fm));
	fm->body = p;
	fm->body_len = (size_t)(end - p);
	fm->body_line = 1;
	n = line_at(p, end, &next);
	if (!is_fence(p, n, 0))
		return 0;
	fm->yaml = next;
	fm->yaml_line = 2;
	for (p = next, line = 2; p < end; p = next, line++) {
		n = line_at(p, end, &next);
		if (is_fence(p, n, 1)) {
			fm->yaml_len = (size_t)(p - fm->yaml);
			fm->body = next;
			fm->body_len = (size_t)(end - next);
			fm->body_line = line + 1;
			return 1;
		}
	}
	fm->yaml_len = (size_t)(end - fm->yaml);
	return -1;
}
