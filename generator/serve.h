/* SPDX-License-Identifier: ISC */
/* signpost serve: build, serve over HTTP, rebuild and reload on change. */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>

struct buf;

#define SERVE_DEFAULT_PORT	8080
#define SERVE_RELOAD_JS		"/__signpost/reload.js"
#define SERVE_EVENTS		"/__signpost/events"

struct serve_opts {
	const char	*srcdir;	/* the site: holds site.yml */
	const char	*bind;		/* listen address; NULL: 127.0.0.1 */
	unsigned	 port;		/* 0: any free port (printed) */
	int		 drafts;	/* build with drafts */
};

/*
 * Build the site into a private temporary folder (never SOURCE/public),
 * serve it with libmicrohttpd, watch the sources and rebuild on change,
 * telling open pages to reload through server-sent events.  Runs until
 * SIGINT or SIGTERM.  Returns the exit status: 0 after a clean stop,
 * 1 when srcdir has no site.yml, 3 when the address cannot be used (port
 * in use: reported with a hint).
 */
int	serve_run(const struct serve_opts *);

/*
 * Turn the path of a request (as sent: percent-encoded, no query) into a
 * path relative to the output folder, appended to rel without a leading
 * '/' ("" for the root).  Segments "." and "..", backslashes, NUL and
 * other control bytes (raw or percent-encoded, "%2f" included), bad
 * percent escapes and paths not starting with '/' give 400; a segment
 * starting with '.' (hidden files, the output marker) gives 404.
 * Returns 0 when the path is usable, else the HTTP status.
 */
int	serve_path_clean(const char *path, struct buf *rel);

/* The Content-Type for a file name, by its extension. */
const char *serve_mime(const char *name);

/*
 * Append html to out with the reload script's tag inserted before
 * "</head>" (or at the end when there is none).  version is the build
 * the page comes from: the script passes it back, so a page sent just
 * before a rebuild still reloads.
 */
void	serve_inject(struct buf *out, const char *html, size_t len,
	    unsigned long version);

#endif
