/* SPDX-License-Identifier: ISC */
/* What each document's Markdown gave, kept for the next build. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "mdmemo.h"
#include "strmap.h"
#include "xalloc.h"

/*
 * A blob is records back to back, numbers little-endian:
 *   u32 file length, file, u64 hash, u32 words, u32 mention,
 *   u32 links length, links (each: '0' or '1' for an image, the
 *   destination, NUL).
 */
struct entry {
	const unsigned char	*file;	/* in the blob */
	size_t			 flen;
	uint64_t		 hash;
	struct mdmemo_rec	 rec;
};

struct mdmemo {
	struct strmap	 by_file;	/* file -> entry */
	struct entry	*e;
	size_t		 n;
};

struct mdmemo *
mdmemo_open(const void *blob, size_t len)
{
	const unsigned char *p = blob, *end = p + len, *file, *links;
	struct mdmemo *m;
	struct entry *e;
	size_t cap = 0, flen, i;
	char *name;
	int bad = 0;

	if (blob == NULL)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	while (p < end && !bad) {
		if ((file = le_span(&p, end, &flen, &bad)) == NULL)
			break;
		if (m->n == cap) {
			cap = cap ? cap * 2 : 256;
			m->e = xreallocarray(m->e, cap, sizeof(*m->e));
		}
		e = &m->e[m->n];
		e->file = file;
		e->flen = flen;
		e->hash = le_get(&p, end, 8, &bad);
		e->rec.words = (unsigned)le_get(&p, end, 4, &bad);
		e->rec.mention = le_get(&p, end, 4, &bad) != 0;
		links = le_span(&p, end, &e->rec.links_len, &bad);
		if (bad || (e->rec.links_len > 0 &&
		    links[e->rec.links_len - 1] != '\0') ||
		    memchr(file, '\0', flen) != NULL) {
			bad = 1;
			break;
		}
		e->rec.links = (const char *)links;
		m->n++;
	}
	if (bad) {
		mdmemo_free(m);
		return NULL;
	}
	/* Pointers into e are taken once it no longer moves. */
	for (i = 0; i < m->n; i++) {
		name = xstrndup((const char *)m->e[i].file, m->e[i].flen);
		strmap_put(&m->by_file, name, &m->e[i]);
		free(name);
	}
	return m;
}

const struct mdmemo_rec *
mdmemo_get(const struct mdmemo *m, const char *file, uint64_t hash)
{
	const struct entry *e;

	if (m == NULL || (e = strmap_get(&m->by_file, file)) == NULL ||
	    e->hash != hash)
		return NULL;
	return &e->rec;
}

void
mdmemo_free(struct mdmemo *m)
{
	if (m == NULL)
		return;
	strmap_release(&m->by_file);
	free(m->e);
	free(m);
}

void
mdmemo_link(struct buf *links, const char *dest, int is_image)
{
	buf_putc(links, is_image ? '1' : '0');
	buf_put(links, dest, strlen(dest) + 1);
}

int
mdmemo_next(const char **p, const char *end, const char **dest,
    int *is_image)
{
	const char *s = *p;

	if (s >= end || end - s < 2)
		return 0;
	*is_image = s[0] == '1';
	*dest = s + 1;
	*p = s + 1 + strlen(s + 1) + 1;
	return 1;
}

void
mdmemo_put(struct buf *blob, const char *file, uint64_t hash, unsigned words,
    int mention, const char *links, size_t links_len)
{
	size_t n = strlen(file);

	le_put(blob, n, 4);
	buf_put(blob, file, n);
	le_put(blob, hash, 8);
	le_put(blob, words, 4);
	le_put(blob, mention != 0, 4);
	le_put(blob, links_len, 4);
	if (links_len > 0)
		buf_put(blob, links, links_len);
}
