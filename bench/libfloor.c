/*
 * libfloor: what the libraries a Signpost build must use cost on their own,
 * on every core, plus writing the bytes.  A lower bound for any build that
 * reads its YAML with libyaml, its Markdown with cmark and checks every
 * page with libxml2 (issue 7), whatever the code around them does.
 *
 *   libfloor SITE OUT DEST [THREADS]
 *
 * SITE is the source folder (its .md and .yml files are read), OUT a
 * finished build of it (its .html pages are checked, all its files
 * written), DEST a folder that must not exist (it is created and filled).
 * Every file is read into memory first, not timed.  Then, on THREADS
 * threads (default: the cores online), each taking the next job:
 *
 *   1. every source: libyaml parses its YAML to the last event (the front
 *      matter of a .md file, the whole of a .yml file), and cmark parses
 *      a .md file's body with smart punctuation and renders it as HTML;
 *   2. every .html page of OUT: libxml2's XML parser reads it from memory
 *      with a start-tag handler only, one parser context per thread, with
 *      the options of the page check;
 *   3. every file of OUT is written to DEST: one open, write and close a
 *      file, the folders made first.
 *
 * Prints four numbers on standard output: wall seconds of the three steps
 * together, CPU seconds (user + system, all threads), then the wall
 * seconds of steps 1-2 and of step 3.  Part of the benchmark, not of
 * Signpost.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmark.h>
#include <libxml/parser.h>
#include <yaml.h>

struct file {
	char	*rel;		/* path under its root */
	char	*data;		/* NULL for a folder */
	size_t	 len;
};

struct files {
	struct file	*v;
	size_t		 n, cap;
	size_t		 rootlen;
	const char	*want;	/* ".md|.yml" for sources, NULL: everything */
};

static struct files	 src, out;
static struct files	*walking;
static _Atomic size_t	 next_job;
static const char	*dest;
static size_t		 tags;	/* start tags seen, so the work is kept */
static pthread_mutex_t	 tags_lock = PTHREAD_MUTEX_INITIALIZER;

static void
die(const char *what)
{
	perror(what);
	exit(3);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("libfloor");
	return p;
}

static int
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

static int
visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct files *fs = walking;
	struct file *f;
	ssize_t n;
	size_t off = 0;
	int fd;

	if (ftw->level == 0 || (flag != FTW_D && flag != FTW_F))
		return 0;
	if (flag == FTW_F && (!S_ISREG(st->st_mode) || (fs->want != NULL &&
	    !ends_with(path, ".md") && !ends_with(path, ".yml"))))
		return 0;
	if (flag == FTW_D && fs->want != NULL)
		return 0;
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 1024;
		fs->v = xrealloc(fs->v, fs->cap * sizeof(*fs->v));
	}
	f = &fs->v[fs->n++];
	if ((f->rel = strdup(path + fs->rootlen + 1)) == NULL)
		die("libfloor");
	f->data = NULL;
	f->len = 0;
	if (flag == FTW_D)
		return 0;
	f->len = (size_t)st->st_size;
	f->data = xrealloc(NULL, f->len + 1);
	if ((fd = open(path, O_RDONLY)) == -1)
		die(path);
	while (off < f->len && (n = read(fd, f->data + off,
	    f->len - off)) > 0)
		off += (size_t)n;
	close(fd);
	f->data[f->len] = '\0';
	return 0;
}

static void
slurp(struct files *fs, const char *root)
{
	walking = fs;
	fs->rootlen = strlen(root);
	if (nftw(root, visit, 32, FTW_PHYS) != 0)
		die(root);
}

/* libyaml to the last event. */
static void
yaml_all(const char *p, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0;

	if (!yaml_parser_initialize(&parser))
		die("yaml");
	yaml_parser_set_input_string(&parser, (const unsigned char *)p, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev))
			break;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
}

enum step { YAML, CMARK, XML, WRITE };

/* Step YAML or CMARK over one source. */
static void
source_job(enum step step, const struct file *f)
{
	const char *body = f->data, *end;
	char *html;

	if (ends_with(f->rel, ".yml")) {
		if (step == YAML)
			yaml_all(f->data, f->len);
		return;
	}
	if (strncmp(f->data, "---\n", 4) == 0 &&
	    (end = strstr(f->data + 4, "\n---\n")) != NULL) {
		if (step == YAML)
			yaml_all(f->data + 4, (size_t)(end - f->data - 3));
		body = end + 5;
	}
	if (step != CMARK)
		return;
	html = cmark_markdown_to_html(body, f->len - (size_t)(body - f->data),
	    CMARK_OPT_SMART);
	free(html);
}

static void
on_start(void *data, const xmlChar *name, const xmlChar **atts)
{
	(void)name;
	(void)atts;
	(*(size_t *)data)++;
}

static void
quiet(void *data, const char *msg, ...)
{
	(void)data;
	(void)msg;
}

static void
page_job(xmlParserCtxtPtr ctxt, size_t *ntags, const struct file *f)
{
	if (!ends_with(f->rel, ".html") || f->len > 0x7fffffff)
		return;
	memset(ctxt->sax, 0, sizeof(*ctxt->sax));
	ctxt->sax->initialized = 1;
	ctxt->sax->startElement = on_start;
	ctxt->sax->warning = quiet;
	ctxt->sax->error = quiet;
	ctxt->sax->fatalError = quiet;
	ctxt->userData = ntags;
	xmlCtxtReadMemory(ctxt, f->data, (int)f->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ctxt->userData = ctxt;
}

static void
write_job(const struct file *f)
{
	char path[4096];
	ssize_t n;
	size_t off = 0;
	int fd;

	if (f->data == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", dest, f->rel);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1)
		die(path);
	while (off < f->len && (n = write(fd, f->data + off,
	    f->len - off)) > 0)
		off += (size_t)n;
	if (close(fd) != 0 || off != f->len)
		die(path);
}

static void *
worker(void *arg)
{
	enum step step = *(enum step *)arg;
	xmlParserCtxtPtr ctxt = NULL;
	size_t i, ntags = 0;

	if (step == XML && (ctxt = xmlNewParserCtxt()) == NULL)
		die("xmlNewParserCtxt");
	for (;;) {
		i = atomic_fetch_add(&next_job, 1);
		if (i >= (step == YAML || step == CMARK ? src.n : out.n))
			break;
		if (step == YAML || step == CMARK)
			source_job(step, &src.v[i]);
		else if (step == XML)
			page_job(ctxt, &ntags, &out.v[i]);
		else
			write_job(&out.v[i]);
	}
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	pthread_mutex_lock(&tags_lock);
	tags += ntags;
	pthread_mutex_unlock(&tags_lock);
	return NULL;
}

static void
run(enum step step, long nthreads)
{
	pthread_t *t = xrealloc(NULL, (size_t)nthreads * sizeof(*t));
	long i;

	atomic_store(&next_job, 0);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, worker, &step) != 0)
			die("pthread_create");
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	free(t);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	static const char *const names[] = { "yaml", "cmark", "xml", "write" };
	char path[4096];
	double t0, c0, t[4];
	long nthreads;
	size_t i;
	int step;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: libfloor SITE OUT DEST [THREADS]\n");
		return 2;
	}
	nthreads = argc == 5 ? atol(argv[4]) : sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	dest = argv[3];
	src.want = "source";
	slurp(&src, argv[1]);
	slurp(&out, argv[2]);
	xmlInitParser();

	t0 = now();
	c0 = cpu();
	for (step = YAML; step <= WRITE; step++) {
		t[step] = now();
		if (step == WRITE) {
			if (mkdir(dest, 0755) != 0)
				die(dest);
			for (i = 0; i < out.n; i++) {
				if (out.v[i].data != NULL)
					continue;
				snprintf(path, sizeof(path), "%s/%s", dest,
				    out.v[i].rel);
				if (mkdir(path, 0755) != 0)
					die(path);
			}
		}
		run((enum step)step, nthreads);
		t[step] = now() - t[step];
	}
	printf("%.3f %.3f", now() - t0, cpu() - c0);
	for (step = YAML; step <= WRITE; step++)
		printf(" %.3f", t[step]);
	printf("\n");
	fprintf(stderr, "libfloor: %zu sources, %zu output entries, %zu start "
	    "tags, %ld threads; wall s of", src.n, out.n, tags, nthreads);
	for (step = YAML; step <= WRITE; step++)
		fprintf(stderr, " %s %.3f", names[step], t[step]);
	fprintf(stderr, "\n");
	return 0;
}
