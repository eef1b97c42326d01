/* SPDX-License-Identifier: ISC */
/* Diagnostics: the only place that prints messages about input (after mandoc_msg.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "xalloc.h"

/* The name is stored inline so that an interned name leads to its record. */
struct dfile {
	const char	*text;
	size_t		 len;
	char		*path;		/* to read text from when quoting */
	char		*own;		/* text read from path */
	struct dfile	*next;
	char		 name[];
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static FILE		*stream;
static enum diag_format	 format = DIAG_TEXT;
static int		 werror, context = 1, color = -1;
static size_t		 nerrors, nwarnings;
static struct dfile	*files;
static struct diag_rec	*recs;
static size_t		 nrecs, caprecs;
/* The message a note belongs to, per thread: pages are checked in parallel. */
static _Thread_local struct loc	 last;
static _Thread_local size_t	 last_group;
static _Thread_local size_t	 order_key;	/* diag_defer_key */
static int		 deferred;	/* hold text until diag_defer_end */
static size_t		 defer_from;
static size_t		 nshown;	/* messages printed so far */
static int		 muted;		/* diag_mute */
static size_t		 muted_errors;
static _Thread_local size_t	 thread_count;	/* diag_thread_count */

static FILE *
out(void)
{
	return stream ? stream : stderr;
}

/* Record a file's name (and bytes, or where to read them), ready. */
static const char *
add_file(const char *name, const char *text, size_t len, const char *path)
{
	size_t n = strlen(name);
	struct dfile *f = xmalloc(sizeof(*f) + n + 1);

	memcpy(f->name, name, n + 1);
	f->text = text;
	f->len = len;
	f->path = path != NULL ? xstrdup(path) : NULL;
	f->own = NULL;
	pthread_mutex_lock(&lock);
	f->next = files;
	files = f;
	pthread_mutex_unlock(&lock);
	return f->name;
}

const char *
diag_file(const char *name, const char *text, size_t len)
{
	return add_file(name, text, len, NULL);
}

const char *
diag_file_at(const char *name, const char *path)
{
	return add_file(name, NULL, 0, path);
}

void
diag_file_text(const char *file, const char *text, size_t len)
{
	struct dfile *f;

	f = (struct dfile *)(void *)(file - offsetof(struct dfile, name));
	pthread_mutex_lock(&lock);
	f->text = text;
	f->len = len;
	pthread_mutex_unlock(&lock);
}

size_t
diag_thread_count(void)
{
	return thread_count;
}

/*
 * The bytes of a file registered with diag_file_at, read the first time
 * a message quotes it (plain reads: no observer may run under the lock).
 */
static void
read_late(struct dfile *f)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			buf_put(&b, chunk, (size_t)n);
	close(fd);
	if (n == -1) {
		buf_release(&b);
		return;
	}
	free(f->path);
	f->path = NULL;
	f->own = buf_detach(&b, &f->len);
	f->text = f->own != NULL ? f->own : "";
}

/* Quote line l of the file and put a caret under column col, as GCC does. */
static void
quote(struct buf *b, const struct loc *l)
{
	struct dfile *f;
	const char *p, *end, *eol;
	unsigned n, i;

	for (f = files; f != NULL; f = f->next)
		if (f->name == l->file)
			break;
	if (f != NULL && f->text == NULL && f->path != NULL && l->line != 0)
		read_late(f);
	if (f == NULL || f->text == NULL || l->line == 0)
		return;
	p = f->text;
	end = f->text + f->len;
	for (n = 1; n < l->line && p < end; p++)
		if (*p == '\n')
			n++;
	if (n != l->line || p >= end)
		return;
	if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
		eol = end;
	if (eol > p && eol[-1] == '\r')
		eol--;
	buf_printf(b, " %5u | %.*s\n", l->line, (int)(eol - p), p);
	if (l->col == 0)
		return;
	buf_puts(b, "       | ");
	/* Columns count characters: copy tabs, skip UTF-8 continuation bytes. */
	for (i = 1; i < l->col && p < eol; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		buf_putc(b, *p == '\t' ? '\t' : ' ');
		i++;
	}
	buf_puts(b, color == 1 ? "\033[1;32m^\033[0m\n" : "^\n");
}

static void
emit(enum diag_kind kind, const struct loc *l, const char *rule,
    const char *fmt, va_list ap)
{
	static const char *names[] = { "error", "warning", "note" };
	static const char *colors[] = { "\033[1;31m", "\033[1;35m",
	    "\033[1;36m" };
	struct buf msg = BUF_INIT, line = BUF_INIT;
	struct diag_rec *r;
	size_t quoted;

	thread_count++;
	buf_vprintf(&msg, fmt, ap);
	pthread_mutex_lock(&lock);
	if (muted) {
		muted_errors += kind == DIAG_ERROR;
		pthread_mutex_unlock(&lock);
		buf_release(&msg);
		return;
	}
	if (color < 0)
		color = isatty(fileno(out())) && getenv("NO_COLOR") == NULL;
	if (kind == DIAG_NOTE && l == NULL)
		l = &last;
	if (kind == DIAG_ERROR)
		nerrors++;
	else if (kind == DIAG_WARNING)
		nwarnings++;
	if (kind != DIAG_NOTE) {
		if (l != NULL)
			last = *l;
		else
			memset(&last, 0, sizeof(last));
	}
	if (l != NULL && l->file != NULL) {
		buf_puts(&line, l->file);
		if (l->line)
			buf_printf(&line, ":%u", l->line);
		if (l->line && l->col)
			buf_printf(&line, ":%u", l->col);
	} else
		buf_puts(&line, "signpost");
	buf_printf(&line, ": %s%s:%s %s", color == 1 ? colors[kind] : "",
	    names[kind], color == 1 ? "\033[0m" : "", msg.ptr);
	if (rule != NULL)
		buf_printf(&line, " [%s]", rule);
	buf_putc(&line, '\n');
	quoted = line.len;
	if (context && l != NULL && l->file != NULL && kind != DIAG_NOTE)
		quote(&line, l);
	quoted = line.len > quoted;
	if (format == DIAG_TEXT && !deferred) {
		fputs(line.ptr, out());
		fflush(out());
	}
	if (nrecs == caprecs) {
		caprecs = caprecs ? caprecs * 2 : 16;
		recs = xreallocarray(recs, caprecs, sizeof(*recs));
	}
	r = &recs[nrecs];
	if (kind != DIAG_NOTE)
		last_group = nrecs;
	r->group = last_group;
	r->seq = nrecs++;
	r->shown = deferred ? 0 : nshown++;
	r->quoted = quoted != 0;
	r->key = order_key;
	r->text = deferred ? buf_detach(&line, NULL) : NULL;
	r->kind = kind;
	r->file = l != NULL && l->file != NULL ? xstrdup(l->file) : NULL;
	r->line = l != NULL ? l->line : 0;
	r->col = l != NULL ? l->col : 0;
	r->rule = rule != NULL ? xstrdup(rule) : NULL;
	r->msg = buf_detach(&msg, NULL);
	pthread_mutex_unlock(&lock);
	buf_release(&line);
}

int
diag_error(const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(DIAG_ERROR, l, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int
diag_warn(const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(DIAG_WARNING, l, NULL, fmt, ap);
	va_end(ap);
	return 0;
}

int
diag_rule(enum diag_kind kind, const struct loc *l, const char *rule,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(kind, l, rule, fmt, ap);
	va_end(ap);
	return kind == DIAG_ERROR ? -1 : 0;
}

void
diag_note(const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(DIAG_NOTE, l, NULL, fmt, ap);
	va_end(ap);
}

int
diag_sys(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(DIAG_ERROR, NULL, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

size_t
diag_errors(void)
{
	return nerrors;
}

size_t
diag_warnings(void)
{
	return nwarnings;
}

int
diag_status(void)
{
	return nerrors > 0 || (werror && nwarnings > 0) ? 1 : 0;
}

void
diag_set_stream(FILE *f)
{
	stream = f;
	color = -1;
}

void
diag_set_format(enum diag_format f)
{
	format = f;
}

void
diag_set_werror(int on)
{
	werror = on;
}

void
diag_set_context(int on)
{
	context = on;
}

void
diag_set_color(int on)
{
	color = on;
}

const struct diag_rec *
diag_records(size_t *np)
{
	*np = nrecs;
	return recs;
}

void
diag_print_json(FILE *f)
{
	static const char *names[] = { "error", "warning", "note" };
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, "[");
	for (i = 0; i < nrecs; i++) {
		buf_puts(&b, i ? ",\n {" : "\n {");
		buf_printf(&b, "\"severity\": \"%s\", \"file\": ",
		    names[recs[i].kind]);
		if (recs[i].file)
			esc_json_str(&b, recs[i].file, strlen(recs[i].file));
		else
			buf_puts(&b, "null");
		buf_printf(&b, ", \"line\": %u, \"column\": %u, \"rule\": ",
		    recs[i].line, recs[i].col);
		if (recs[i].rule)
			esc_json_str(&b, recs[i].rule, strlen(recs[i].rule));
		else
			buf_puts(&b, "null");
		buf_puts(&b, ", \"message\": ");
		esc_json_str(&b, recs[i].msg, strlen(recs[i].msg));
		buf_puts(&b, "}");
	}
	buf_puts(&b, nrecs ? "\n]\n" : "]\n");
	fputs(b.ptr, f);
	buf_release(&b);
}

void
diag_reset(void)
{
	struct dfile *f;
	size_t i;

	pthread_mutex_lock(&lock);
	while ((f = files) != NULL) {
		files = f->next;
		free(f->path);
		free(f->own);
		free(f);
	}
	for (i = 0; i < nrecs; i++) {
		free(recs[i].file);
		free(recs[i].rule);
		free(recs[i].msg);
		free(recs[i].text);
	}
	free(recs);
	recs = NULL;
	nrecs = caprecs = 0;
	nerrors = nwarnings = 0;
	nshown = 0;
	memset(&last, 0, sizeof(last));
	deferred = 0;
	pthread_mutex_unlock(&lock);
}

size_t
diag_mute(int on)
{
	size_t n;

	pthread_mutex_lock(&lock);
	muted = on;
	n = muted_errors;
	muted_errors = 0;
	pthread_mutex_unlock(&lock);
	return n;
}

void
diag_defer_begin(void)
{
	pthread_mutex_lock(&lock);
	deferred = 1;
	defer_from = nrecs;
	pthread_mutex_unlock(&lock);
}

static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Messages in file, line and column order; a note stays after its message. */
static int
by_place(const void *pa, const void *pb)
{
	const struct diag_rec *a = *(struct diag_rec *const *)pa;
	const struct diag_rec *b = *(struct diag_rec *const *)pb;
	const struct diag_rec *ga = &recs[a->group], *gb = &recs[b->group];
	int c;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->key != 0)
		return a->seq < b->seq ? -1 : a->seq > b->seq;
	if ((c = cmp_str(ga->file, gb->file)) != 0)
		return c;
	if (ga->line != gb->line)
		return ga->line < gb->line ? -1 : 1;
	if (ga->col != gb->col)
		return ga->col < gb->col ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_defer_key(size_t key)
{
	order_key = key;
}

/*
 * Keyed messages stand in diag_records as a serial run would have made
 * them: move them into their sorted order, their notes' groups with them.
 */
static void
settle_keyed(struct diag_rec **order, size_t n)
{
	struct diag_rec *moved;
	size_t *to, i;

	for (i = 0; i < n && order[i]->key == 0; i++)
		;
	if (i == n)
		return;
	moved = xcalloc(n, sizeof(*moved));
	to = xcalloc(n, sizeof(*to));
	for (i = 0; i < n; i++)
		to[order[i]->seq - defer_from] = defer_from + i;
	for (i = 0; i < n; i++) {
		moved[i] = *order[i];
		moved[i].seq = defer_from + i;
		if (moved[i].group >= defer_from)
			moved[i].group = to[moved[i].group - defer_from];
	}
	memcpy(&recs[defer_from], moved, n * sizeof(*moved));
	if (last_group >= defer_from && last_group < defer_from + n)
		last_group = to[last_group - defer_from];
	for (i = 0; i < n; i++)
		order[i] = &recs[defer_from + i];
	free(moved);
	free(to);
}

void
diag_defer_end(void)
{
	struct diag_rec **order;
	size_t i, n;

	pthread_mutex_lock(&lock);
	deferred = 0;
	n = nrecs - defer_from;
	order = xcalloc(n ? n : 1, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = &recs[defer_from + i];
	qsort(order, n, sizeof(*order), by_place);
	settle_keyed(order, n);
	for (i = 0; i < n; i++) {
		order[i]->shown = nshown++;
		if (format == DIAG_TEXT && order[i]->text != NULL)
			fputs(order[i]->text, out());
		free(order[i]->text);
		order[i]->text = NULL;
	}
	fflush(out());
	free(order);
	pthread_mutex_unlock(&lock);
}
