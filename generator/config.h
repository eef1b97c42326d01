/* SPDX-License-Identifier: ISC */
/* site.yml: the campaign's settings, checked and given defaults. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

struct value;

struct config_lang {
	const char	*code;		/* BCP 47, e.g. "en-GB" */
	const char	*name;		/* in its own script */
	int		 rtl;
	char		*prefix;	/* "" for the default, else "pl/"; owned */
};

struct config {
	struct value		*tree;		/* site.yml, owned */
	char			*text;		/* site.yml bytes, owned */
	const char		*file;		/* diag name */
	const char		*title;
	const char		*description;
	const char		*language;	/* the default language */
	const char		*base_url;	/* NULL, or ends with '/' */
	const char		*theme;
	const char		*country;
	const char		*timezone;
	int			 unsafe;	/* markdown.unsafe */
	unsigned		 per_page;
	unsigned		 stale_after;
	struct config_lang	*langs;		/* owned array, default first */
	size_t			 nlangs;
	struct value		*categories;	/* owned list of {key,label,description} */
	char			*base_url_owned;
};

/*
 * Load and check srcdir/site.yml.  base_url overrides the file's when not
 * NULL.  Every problem is reported; returns -1 when there were errors.
 * The config is usable for further checking either way once tree is set.
 */
int	config_load(const char *srcdir, const char *base_url, struct config *);
void	config_release(struct config *);
/* The built-in categories as a new list value. */
struct value *config_default_categories(void);

#endif
