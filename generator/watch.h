/* SPDX-License-Identifier: ISC */
/* Watch a site's sources with inotify: site.yml and its folders. */
#ifndef WATCH_H
#define WATCH_H

struct watch;

/*
 * Watch srcdir/site.yml and, recursively, srcdir/content, templates,
 * themes and i18n (each when it exists; one created later is picked up).
 * Folders created inside are added as they appear.  Returns a new watch
 * that the caller frees with watch_free, or NULL (reported).
 */
struct watch	*watch_open(const char *srcdir);
/* The descriptor to poll(2) for POLLIN. */
int		 watch_fd(const struct watch *);
/*
 * Read the pending events without blocking.  Returns 1 when a source may
 * have changed (editor swap and backup files are ignored), 0 when
 * nothing relevant happened, -1 on a read error (reported).  When path is
 * not NULL, *path points at the last changed file (borrowed, valid until
 * the next call).
 */
int		 watch_read(struct watch *, const char **path);
void		 watch_free(struct watch *);

#endif
