/* SPDX-License-Identifier: ISC */
/* A strict recursive-descent JSON syntax check for tests. */
#include <string.h>

#include "jsoncheck.h"

static int	value(const char **, int);

static void
ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int
string(const char **p)
{
	const char *s = *p + 1;

	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20)
			return 0;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				if (strspn(s + 1, "0123456789abcdefABCDEF") < 4)
					return 0;
				s += 4;
			} else if (strchr("\"\\/bfnrt", *s) == NULL || !*s)
				return 0;
		}
	}
	*p = s + 1;
	return 1;
}

static int
number(const char **p)
{
	const char *s = *p;
	size_t n;

	if (*s == '-')
		s++;
	if ((n = strspn(s, "0123456789")) == 0 || (s[0] == '0' && n > 1))
		return 0;
	s += n;
	if (*s == '.') {
		if ((n = strspn(++s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if ((n = strspn(s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	*p = s;
	return 1;
}

static int
members(const char **p, int depth, int close, int keyed)
{
	(*p)++;
	ws(p);
	if (**p == close) {
		(*p)++;
		return 1;
	}
	for (;;) {
		ws(p);
		if (keyed) {
			if (**p != '"' || !string(p))
				return 0;
			ws(p);
			if (*(*p)++ != ':')
				return 0;
		}
		if (!value(p, depth + 1))
			return 0;
		ws(p);
		if (**p == close) {
			(*p)++;
			return 1;
		}
		if (*(*p)++ != ',')
			return 0;
	}
}

static int
value(const char **p, int depth)
{
	ws(p);
	if (depth > 200)
		return 0;
	switch (**p) {
	case '{':
		return members(p, depth, '}', 1);
	case '[':
		return members(p, depth, ']', 0);
	case '"':
		return string(p);
	case 't':
		return strncmp(*p, "true", 4) == 0 && (*p += 4);
	case 'f':
		return strncmp(*p, "false", 5) == 0 && (*p += 5);
	case 'n':
		return strncmp(*p, "null", 4) == 0 && (*p += 4);
	default:
		return number(p);
	}
}

int
json_valid(const char *s)
{
	if (!value(&s, 0))
		return 0;
	ws(&s);
	return *s == '\0';
}
