/* SPDX-License-Identifier: ISC */
/* A strict JSON syntax check (RFC 8259) for tests of generated JSON. */
#ifndef JSONCHECK_H
#define JSONCHECK_H

/* 1 when s is exactly one JSON value (surrounding whitespace allowed). */
int	 json_valid(const char *s);

#endif
