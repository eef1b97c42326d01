/* SPDX-License-Identifier: ISC */
/* Watch a site's sources with inotify: site.yml and its folders. */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "watch.h"
#include "xalloc.h"

#define DIR_MASK	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
			 IN_CLOSE_WRITE | IN_DELETE_SELF | IN_ONLYDIR)

/* The folders of a site whose changes call for a rebuild. */
static const char *const watched[] = { "content", "templates", "themes",
	"i18n", NULL };

struct wdir {
	int	 wd;
	char	*path;		/* absolute or as given */
	int	 top;		/* the site folder itself */
};

struct watch {
	int		 fd;
	struct wdir	*dirs;
	size_t		 ndirs, cap;
	struct buf	 last;
};

static void	add_tree(struct watch *, const char *);

static const struct wdir *
find(const struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

static int
add_dir(struct watch *w, const char *path, int top)
{
	int wd;
	size_t i;

	if ((wd = inotify_add_watch(w->fd, path, DIR_MASK)) == -1)
		return -1;
	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd) {
			/* Same folder again (moved back, or a new inode). */
			free(w->dirs[i].path);
			w->dirs[i].path = xstrdup(path);
			return 0;
		}
	if (w->ndirs == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->dirs = xreallocarray(w->dirs, w->cap, sizeof(*w->dirs));
	}
	w->dirs[w->ndirs].wd = wd;
	w->dirs[w->ndirs].path = xstrdup(path);
	w->dirs[w->ndirs].top = top;
	w->ndirs++;
	return 0;
}

/* A folder and every folder under it; hidden ones are skipped. */
static void
add_tree(struct watch *w, const char *path)
{
	char **names, *sub;
	size_t i, n;

	if (!fs_is_dir(path) || add_dir(w, path, 0) == -1)
		return;
	if ((names = fs_list(path, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (names[i][0] == '.')
			continue;
		sub = fs_join(path, names[i]);
		if (fs_is_dir(sub))
			add_tree(w, sub);
		free(sub);
	}
	fs_names_free(names);
}

struct watch *
watch_open(const char *srcdir)
{
	struct watch *w;
	char *p;
	size_t i;

	w = xcalloc(1, sizeof(*w));
	buf_init(&w->last);
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		diag_sys("cannot watch files: %s", strerror(errno));
		free(w);
		return NULL;
	}
	if (add_dir(w, srcdir, 1) == -1) {
		diag_sys("cannot watch '%s': %s", srcdir, strerror(errno));
		watch_free(w);
		return NULL;
	}
	for (i = 0; watched[i] != NULL; i++) {
		p = fs_join(srcdir, watched[i]);
		add_tree(w, p);
		free(p);
	}
	return w;
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

/* Vim's and Emacs's swap, backup and lock files, and hidden files. */
static int
ignored(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || name[0] == '.' || name[0] == '#' || name[n - 1] == '~')
		return 1;
	if (strcmp(name, "4913") == 0)
		return 1;
	if (n > 4 && (strcmp(name + n - 4, ".swp") == 0 ||
	    strcmp(name + n - 4, ".swx") == 0 ||
	    strcmp(name + n - 4, ".tmp") == 0))
		return 1;
	return 0;
}

static int
top_relevant(const char *name)
{
	size_t i;

	if (strcmp(name, "site.yml") == 0)
		return 1;
	for (i = 0; watched[i] != NULL; i++)
		if (strcmp(name, watched[i]) == 0)
			return 1;
	return 0;
}

/* One event: 1 when it matters for the build. */
static int
handle(struct watch *w, const struct inotify_event *ev)
{
	const struct wdir *d;
	char *path;
	int rel = 0;

	if ((d = find(w, ev->wd)) == NULL)
		return 0;
	if (ev->len == 0 || ignored(ev->name))
		return (ev->mask & IN_DELETE_SELF) && !d->top;
	if (d->top && !top_relevant(ev->name))
		return 0;
	path = fs_join(d->path, ev->name);
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
		add_tree(w, path);
	if (!(ev->mask & IN_ISDIR) || !(ev->mask & IN_CLOSE_WRITE))
		rel = 1;
	buf_reset(&w->last);
	buf_puts(&w->last, path);
	free(path);
	return rel;
}

int
watch_read(struct watch *w, const char **pathp)
{
	char evbuf[16384]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int changed = 0;

	for (;;) {
		n = read(w->fd, evbuf, sizeof(evbuf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n <= 0)
			return diag_sys("cannot read file events: %s",
			    n == 0 ? "end of file" : strerror(errno));
		for (p = evbuf; p < evbuf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				changed = 1;
			else if (handle(w, ev))
				changed = 1;
		}
	}
	if (pathp != NULL)
		*pathp = w->last.ptr;
	return changed;
}

void
watch_free(struct watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	if (w->fd != -1)
		close(w->fd);
	buf_release(&w->last);
	free(w);
}
