/* SPDX-License-Identifier: ISC */
/* signpost serve: build, serve over HTTP, rebuild and reload on change. */
#include <sys/types.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fsutil.h"
#include "serve.h"
#include "site.h"
#include "watch.h"
#include "xalloc.h"

#define DEBOUNCE_MS	100
#define KEEPALIVE_S	15

/* What the open pages last heard: a build number and its outcome. */
struct live {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	unsigned long	 version;	/* one more per build */
	int		 ok;		/* the last build succeeded */
	char		*errors;	/* JSON list of lines when !ok */
	int		 stopping;
};

struct srv {
	const struct serve_opts	*opts;
	char			*tmp;	/* private folder, removed at exit */
	char			*root;	/* tmp/site: the served output */
	struct live		 live;
};

/* One server-sent event stream. */
struct sse {
	struct srv	*s;
	unsigned long	 seen;
	int		 first;
	struct buf	 out;
	size_t		 off;
	long		 page;	/* build the page came from, or -1 */
};

/* The script served pages load; it must keep to script-src 'self'. */
static const char reload_js[] =
"/* Signpost serve: reload on rebuild, show build errors. */\n"
"(function () {\n"
"\t'use strict';\n"
"\tvar box = null;\n"
"\tfunction show(lines) {\n"
"\t\tif (!box) {\n"
"\t\t\tbox = document.createElement('div');\n"
"\t\t\tbox.id = 'signpost-errors';\n"
"\t\t\tbox.setAttribute('role', 'alert');\n"
"\t\t\tvar s = box.style;\n"
"\t\t\ts.position = 'fixed'; s.left = '0'; s.right = '0';\n"
"\t\t\ts.bottom = '0'; s.maxHeight = '60vh'; s.overflow = 'auto';\n"
"\t\t\ts.zIndex = '2147483647'; s.background = '#1b1b1b';\n"
"\t\t\ts.color = '#ffffff'; s.font = '15px/1.5 monospace';\n"
"\t\t\ts.padding = '1em 1.5em'; s.whiteSpace = 'pre-wrap';\n"
"\t\t\ts.borderTop = '6px solid #d4351c';\n"
"\t\t\tdocument.body.appendChild(box);\n"
"\t\t}\n"
"\t\tbox.textContent = 'Signpost could not build your last change. '\n"
"\t\t    + 'This page is the last good build.\\n\\n' + lines.join('\\n');\n"
"\t}\n"
"\tvar me = document.currentScript;\n"
"\tvar v = me ? me.src.replace(/^[^?]*/, '') : '';\n"
"\tvar es = new EventSource('" SERVE_EVENTS "' + v);\n"
"\tes.addEventListener('reload', function () { location.reload(); });\n"
"\tes.addEventListener('errors', function (e) {\n"
"\t\tshow(JSON.parse(e.data));\n"
"\t});\n"
"})();\n";

static const char nosite_html[] =
"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
"<title>Not built yet</title></head><body><h1>Not built yet</h1>"
"<p>Signpost has not built this site yet: fix the errors shown in the "
"terminal and save.</p></body></html>\n";

static const struct {
	const char	*ext;
	const char	*type;
} mimes[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "webmanifest", "application/manifest+json" },
	{ "xml", "application/xml" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "avif", "image/avif" },
	{ "ico", "image/x-icon" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "vcf", "text/vcard; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "pdf", "application/pdf" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "map", "application/json" },
	{ NULL, NULL }
};

const char *
serve_mime(const char *name)
{
	const char *dot, *slash;
	size_t i;

	slash = strrchr(name, '/');
	dot = strrchr(slash ? slash : name, '.');
	if (dot != NULL)
		for (i = 0; mimes[i].ext != NULL; i++)
			if (strcasecmp(dot + 1, mimes[i].ext) == 0)
				return mimes[i].type;
	return "application/octet-stream";
}

/* Check one decoded segment; 0, 400 or 404. */
static int
check_segment(const char *seg, size_t len)
{
	if ((len == 1 && seg[0] == '.') ||
	    (len == 2 && seg[0] == '.' && seg[1] == '.'))
		return 400;
	if (len > 0 && seg[0] == '.')
		return 404;
	return 0;
}

/*
 * Decode segment by segment so that "%2f" can never make a separator:
 * only a '/' as sent splits the path, and a decoded '/' is refused.
 */
int
serve_path_clean(const char *path, struct buf *rel)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t start = rel->len, segstart;
	int c, hi, lo, st;

	if (*p != '/')
		return 400;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0' || *p == '?' || *p == '#')
			break;
		if (rel->len > start)
			buf_putc(rel, '/');
		segstart = rel->len;
		for (; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++) {
			c = *p;
			if (c == '%') {
				if ((hi = esc_hexval(p[1])) < 0 ||
				    (lo = esc_hexval(p[2])) < 0)
					goto bad;
				c = hi * 16 + lo;
				p += 2;
				if (c == '/')
					goto bad;
			}
			if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
				goto bad;
			buf_putc(rel, c);
		}
		st = check_segment(rel->ptr + segstart, rel->len - segstart);
		if (st != 0) {
			buf_truncate(rel, start);
			return st;
		}
		if (*p == '?' || *p == '#')
			break;
	}
	return 0;
bad:
	buf_truncate(rel, start);
	return 400;
}

void
serve_inject(struct buf *out, const char *html, size_t len,
    unsigned long version)
{
	size_t i;

	for (i = 0; i + 7 <= len; i++)
		if (html[i] == '<' && strncasecmp(html + i, "</head>", 7) == 0)
			break;
	if (i + 7 > len)
		i = len;
	buf_put(out, html, i);
	buf_printf(out, "<script src=\"" SERVE_RELOAD_JS "?v=%lu\" defer>"
	    "</script>\n", version);
	buf_put(out, html + i, len - i);
}

/* ---- HTTP ---- */

static unsigned long
version(struct srv *s)
{
	unsigned long v;

	pthread_mutex_lock(&s->live.lock);
	v = s->live.version;
	pthread_mutex_unlock(&s->live.lock);
	return v;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *type,
    struct buf *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len;
	char *data;

	data = buf_detach(body, &len);
	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, text);
	return reply(c, status, "text/plain; charset=utf-8", &b);
}

/* The real path of rel under root, or NULL when absent or outside. */
static char *
resolve(const char *root, const char *rel)
{
	char rroot[PATH_MAX], rpath[PATH_MAX], *p;
	size_t n;

	if (realpath(root, rroot) == NULL)
		return NULL;
	p = *rel ? fs_join(rroot, rel) : xstrdup(rroot);
	if (realpath(p, rpath) == NULL) {
		free(p);
		return NULL;
	}
	free(p);
	n = strlen(rroot);
	if (strncmp(rpath, rroot, n) != 0 ||
	    (rpath[n] != '\0' && rpath[n] != '/'))
		return NULL;
	return xstrdup(rpath);
}

static enum MHD_Result
send_file(struct srv *s, struct MHD_Connection *c, unsigned status,
    const char *path)
{
	struct MHD_Response *r;
	struct stat st;
	struct buf b = BUF_INIT;
	enum MHD_Result ret;
	const char *type = serve_mime(path);
	char *text;
	size_t len;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if (strncmp(type, "text/html", 9) == 0) {
		unsigned long v = version(s);

		close(fd);
		if (fs_read(path, &text, &len) == -1)
			return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
		serve_inject(&b, text, len, v);
		free(text);
		return reply(c, status, type, &b);
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (r == NULL) {
		close(fd);
		return reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "cannot send the file\n");
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
not_found(struct srv *s, struct MHD_Connection *c)
{
	struct buf b = BUF_INIT;
	char *p;
	enum MHD_Result ret;

	if ((p = resolve(s->root, "404.html")) != NULL) {
		ret = send_file(s, c, MHD_HTTP_NOT_FOUND, p);
		free(p);
		return ret;
	}
	serve_inject(&b, nosite_html, sizeof(nosite_html) - 1, version(s));
	return reply(c, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", &b);
}

static enum MHD_Result
redirect_dir(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *loc;

	loc = xmalloc(strlen(url) + 2);
	strcpy(loc, url);
	strcat(loc, "/");
	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Location", loc);
	ret = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	MHD_destroy_response(r);
	free(loc);
	return ret;
}

static enum MHD_Result
serve_path(struct srv *s, struct MHD_Connection *c, const char *url)
{
	struct buf rel = BUF_INIT;
	struct stat st;
	char *path = NULL, *index;
	enum MHD_Result ret;
	int status;

	if ((status = serve_path_clean(url, &rel)) != 0) {
		buf_release(&rel);
		if (status == 404)
			return not_found(s, c);
		return reply_text(c, MHD_HTTP_BAD_REQUEST, "bad request\n");
	}
	path = resolve(s->root, rel.ptr);
	buf_release(&rel);
	if (path == NULL || stat(path, &st) == -1) {
		free(path);
		return not_found(s, c);
	}
	if (S_ISDIR(st.st_mode)) {
		if (url[strlen(url) - 1] != '/') {
			free(path);
			return redirect_dir(c, url);
		}
		index = fs_join(path, "index.html");
		free(path);
		if (stat(index, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(index);
			return not_found(s, c);
		}
		path = index;
	}
	ret = send_file(s, c, MHD_HTTP_OK, path);
	free(path);
	return ret;
}

/* ---- Server-sent events ---- */

static void
sse_event(struct sse *e, const struct live *l)
{
	if (l->ok)
		buf_puts(&e->out, "event: reload\ndata: {}\n\n");
	else
		buf_printf(&e->out, "event: errors\ndata: %s\n\n", l->errors);
}

/* Wait for the next build (or a keep-alive tick) and stream its event. */
static ssize_t
sse_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct sse *e = cls;
	struct live *l = &e->s->live;
	struct timespec until;
	size_t n;

	pthread_mutex_lock(&l->lock);
	while (e->off == e->out.len) {
		buf_reset(&e->out);
		e->off = 0;
		if (l->stopping) {
			pthread_mutex_unlock(&l->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (e->first) {
			e->first = 0;
			e->seen = l->version;
			buf_puts(&e->out, "retry: 500\n\n");
			/* A build finished after the page was sent. */
			if (!l->ok || (e->page >= 0 &&
			    (unsigned long)e->page != l->version))
				sse_event(e, l);
			break;
		}
		if (e->seen != l->version) {
			e->seen = l->version;
			sse_event(e, l);
			break;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += KEEPALIVE_S;
		if (pthread_cond_timedwait(&l->cond, &l->lock, &until) ==
		    ETIMEDOUT)
			buf_puts(&e->out, ": keep-alive\n\n");
	}
	n = e->out.len - e->off;
	if (n > max)
		n = max;
	memcpy(dst, e->out.ptr + e->off, n);
	e->off += n;
	pthread_mutex_unlock(&l->lock);
	return (ssize_t)n;
}

static void
sse_free(void *cls)
{
	struct sse *e = cls;

	buf_release(&e->out);
	free(e);
}

static enum MHD_Result
serve_events(struct srv *s, struct MHD_Connection *c)
{
	struct MHD_Response *r;
	struct sse *e;
	enum MHD_Result ret;
	const char *v;

	e = xcalloc(1, sizeof(*e));
	e->s = s;
	e->first = 1;
	e->page = -1;
	if ((v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "v")) != NULL && *v >= '0' && *v <= '9')
		e->page = strtol(v, NULL, 10);
	buf_init(&e->out);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    sse_read, e, sse_free);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req)
{
	struct srv *s = cls;
	struct buf b = BUF_INIT;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		*upload_size = 0;
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "only GET and HEAD are allowed\n");
	}
	if (strcmp(url, SERVE_RELOAD_JS) == 0) {
		buf_put(&b, reload_js, sizeof(reload_js) - 1);
		return reply(c, MHD_HTTP_OK, "text/javascript; charset=utf-8",
		    &b);
	}
	if (strcmp(url, SERVE_EVENTS) == 0)
		return serve_events(s, c);
	return serve_path(s, c, url);
}

/* Keep the path as sent: serve_path_clean decodes it, with its checks. */
static size_t
keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

/* ---- Building ---- */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The build's errors (and their notes) as a JSON list of lines. */
static char *
errors_json(void)
{
	const struct diag_rec *r;
	struct buf line = BUF_INIT, out = BUF_INIT;
	size_t i, n;
	int in_error = 0;
	static const char *const kinds[] = { "error", "warning", "note" };

	r = diag_records(&n);
	buf_putc(&out, '[');
	for (i = 0; i < n; i++) {
		if (r[i].kind == DIAG_ERROR)
			in_error = 1;
		else if (r[i].kind == DIAG_WARNING)
			in_error = 0;
		if (!in_error)
			continue;
		buf_reset(&line);
		if (r[i].file == NULL)
			buf_puts(&line, "signpost");
		else {
			buf_puts(&line, r[i].file);
			if (r[i].line)
				buf_printf(&line, ":%u", r[i].line);
			if (r[i].line && r[i].col)
				buf_printf(&line, ":%u", r[i].col);
		}
		buf_printf(&line, ": %s: %s", kinds[r[i].kind], r[i].msg);
		if (out.len > 1)
			buf_putc(&out, ',');
		esc_json_str(&out, line.ptr, line.len);
	}
	if (out.len == 1)
		esc_json_str(&out, "signpost: error: the build failed", 33);
	buf_putc(&out, ']');
	buf_release(&line);
	return buf_detach(&out, NULL);
}

static void
rebuild(struct srv *s, const char *why)
{
	struct build_opts o;
	struct live *l = &s->live;
	double t0 = now_ms();
	char *errs = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	o.srcdir = s->opts->srcdir;
	o.outdir = s->root;
	o.drafts = s->opts->drafts;
	o.quiet = 1;
	o.progress = 0;
	o.private_out = 1;
	o.check_pages = 1;	/* show every broken fragment as it is written */
	diag_reset();
	rc = site_build(&o);
	if (rc != 0)
		errs = errors_json();
	pthread_mutex_lock(&l->lock);
	l->version++;
	l->ok = rc == 0;
	free(l->errors);
	l->errors = errs;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
	if (rc == 0)
		fprintf(stderr, "signpost: built in %.0f ms%s%s\n",
		    now_ms() - t0, why ? " after a change to " : "",
		    why ? why : "");
	else
		fprintf(stderr, "signpost: the build failed; still serving the "
		    "last good build (the page shows the errors)\n");
	diag_reset();
}

/* ---- Listening and the main loop ---- */

/* Bind and listen on addr:port; -1 (reported) when it cannot. */
static int
listen_on(const char *addr, unsigned port, int *familyp, unsigned *portp)
{
	struct addrinfo hints, *res = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char ps[16];
	int fd = -1, one = 1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(ps, sizeof(ps), "%u", port);
	if ((e = getaddrinfo(addr, ps, &hints, &res)) != 0)
		return diag_sys("cannot listen on '%s': %s", addr,
		    gai_strerror(e));
	*familyp = res->ai_family;
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1) {
		if (errno == EADDRINUSE) {
			diag_sys("port %u on %s is already in use", port,
			    addr);
			diag_note(NULL, "another program (perhaps another "
			    "'signpost serve') is using it; stop it, or choose "
			    "another port with --port N");
			goto out;
		}
		goto fail;
	}
	if (listen(fd, 64) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == -1)
		goto fail;
	*portp = ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	freeaddrinfo(res);
	return fd;
fail:
	diag_sys("cannot listen on %s port %u: %s", addr, port,
	    strerror(errno));
out:
	if (fd != -1)
		close(fd);
	freeaddrinfo(res);
	return -1;
}

/* path as the site calls it: "content/articles/a.md". */
static const char *
relative(const char *srcdir, const char *path)
{
	size_t n = strlen(srcdir);

	if (strncmp(path, srcdir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static int
loop(struct srv *s, int sigfd, struct watch *w)
{
	struct pollfd pf[2];
	struct signalfd_siginfo si;
	const char *path = NULL;
	char *why = NULL;
	int changed = 0, n;

	pf[0].fd = sigfd;
	pf[0].events = POLLIN;
	pf[1].fd = watch_fd(w);
	pf[1].events = POLLIN;
	for (;;) {
		n = poll(pf, 2, changed ? DEBOUNCE_MS : -1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return diag_sys("poll: %s", strerror(errno));
		if (pf[0].revents & POLLIN) {
			if (read(sigfd, &si, sizeof(si)) > 0)
				return 0;
		}
		if (pf[1].revents & POLLIN) {
			if (watch_read(w, &path) == 1) {
				changed = 1;
				free(why);
				why = xstrdup(relative(s->opts->srcdir, path));
			}
			continue;
		}
		if (n == 0 && changed) {
			/* Quiet for DEBOUNCE_MS: build once for the burst. */
			changed = 0;
			rebuild(s, why);
			free(why);
			why = NULL;
		}
	}
}

static void
print_address(int family, const char *addr, unsigned port)
{
	const char *host = addr;

	if (strcmp(addr, "0.0.0.0") == 0 || strcmp(addr, "::") == 0) {
		host = family == AF_INET6 ? "::1" : "127.0.0.1";
		fprintf(stderr, "signpost: warning: listening on every network "
		    "interface: other computers can see this preview\n");
	}
	if (family == AF_INET6)
		printf("Serving at http://[%s]:%u/\n", host, port);
	else
		printf("Serving at http://%s:%u/\n", host, port);
	printf("Open that address in a browser; press Ctrl-C to stop.\n");
	fflush(stdout);
}

static int
make_tmp(struct srv *s)
{
	const char *t = getenv("TMPDIR");
	char *tmpl;

	tmpl = fs_join(t && *t ? t : "/tmp", "signpost-serve-XXXXXX");
	if (mkdtemp(tmpl) == NULL) {
		diag_sys("cannot make a folder in '%s': %s",
		    t && *t ? t : "/tmp", strerror(errno));
		free(tmpl);
		return -1;
	}
	s->tmp = tmpl;
	s->root = fs_join(tmpl, "site");
	return 0;
}

/* A clear word for the common slip of running serve outside a site. */
static int
has_site(const char *srcdir)
{
	char *p = fs_join(srcdir, "site.yml");
	int ok = fs_exists(p);

	free(p);
	if (!ok) {
		diag_sys("no site.yml in '%s'", srcdir);
		diag_note(NULL, "run signpost serve inside a site folder, name "
		    "one with --source DIR, or start one with 'signpost new "
		    "site DIR'");
	}
	return ok;
}

static struct MHD_Daemon *
start(struct srv *s, int fd, int family)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;

	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	return MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_END);
}

int
serve_run(const struct serve_opts *opts)
{
	struct srv s;
	struct MHD_Daemon *d = NULL;
	struct watch *w = NULL;
	const char *addr = opts->bind ? opts->bind : "127.0.0.1";
	sigset_t set;
	unsigned port = 0;
	int fd = -1, family = AF_INET, sigfd = -1, rc = 3;

	if (!has_site(opts->srcdir))
		return 1;
	memset(&s, 0, sizeof(s));
	s.opts = opts;
	pthread_mutex_init(&s.live.lock, NULL);
	pthread_cond_init(&s.live.cond, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Block the stop signals in every thread; the loop reads them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((sigfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1) {
		diag_sys("signalfd: %s", strerror(errno));
		goto out;
	}
	if ((fd = listen_on(addr, opts->port, &family, &port)) == -1)
		goto out;
	if (make_tmp(&s) == -1 || (w = watch_open(opts->srcdir)) == NULL) {
		close(fd);
		goto out;
	}
	rebuild(&s, NULL);
	if ((d = start(&s, fd, family)) == NULL) {
		diag_sys("cannot start the web server on %s port %u", addr,
		    port);
		close(fd);
		goto out;
	}
	print_address(family, addr, port);
	if (loop(&s, sigfd, w) == 0)
		rc = 0;
	fprintf(stderr, "signpost: stopped\n");
out:
	pthread_mutex_lock(&s.live.lock);
	s.live.stopping = 1;
	pthread_cond_broadcast(&s.live.cond);
	pthread_mutex_unlock(&s.live.lock);
	if (d != NULL)
		MHD_stop_daemon(d);	/* closes the listening socket too */
	watch_free(w);
	if (s.tmp != NULL)
		fs_rmtree(s.tmp);
	free(s.tmp);
	free(s.root);
	free(s.live.errors);
	if (sigfd != -1)
		close(sigfd);
	pthread_cond_destroy(&s.live.cond);
	pthread_mutex_destroy(&s.live.lock);
	return rc;
}
