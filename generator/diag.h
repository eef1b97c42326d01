/* SPDX-License-Identifier: ISC */
/* The one sink for diagnostics: GCC-style messages, counts and exit status. */
#ifndef DIAG_H
#define DIAG_H

#include <stdio.h>
#include <stddef.h>

/*
 * A position in a source file.  file is an interned name (see diag_file)
 * or NULL for messages about the program itself; line and col count from
 * 1, and 0 means "not known".  col counts UTF-8 characters.
 */
struct loc {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

enum diag_kind {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE
};

enum diag_format {
	DIAG_TEXT,	/* printed as they happen */
	DIAG_JSON,	/* collected, printed by diag_print_json */
	DIAG_SILENT	/* collected only */
};

/* One reported diagnostic, as kept for JSON output and the serve overlay. */
struct diag_rec {
	enum diag_kind	 kind;
	char		*file;		/* owned copy, or NULL */
	unsigned	 line;
	unsigned	 col;
	char		*rule;		/* owned, or NULL */
	char		*msg;		/* owned */
	char		*text;		/* the printed form while deferred */
	size_t		 group;		/* index of the message a note is for */
	size_t		 seq;
	size_t		 shown;		/* the order in which it was printed */
	int		 quoted;	/* printed with its source line */
	size_t		 key;		/* diag_defer_key when made, 0 = none */
};

/*
 * Intern a file name for use in struct loc and, when text is not NULL,
 * remember the file's bytes so that messages can quote the line.  The
 * text is borrowed: call diag_file_text(name, NULL, 0) before freeing it;
 * diag_file_text takes only a name that diag_file returned.
 * Returns a string owned by diag, valid until diag_reset.
 */
const char	*diag_file(const char *name, const char *text, size_t len);
void		 diag_file_text(const char *file, const char *text, size_t len);
/*
 * diag_file for a file whose bytes are not at hand: a message that quotes
 * it reads them from path then (diag_file_text may still give them).
 */
const char	*diag_file_at(const char *name, const char *path);
/* How many messages this thread has made so far. */
size_t		 diag_thread_count(void);

/* Print and count an error; returns -1 so callers can "return diag_error". */
int	 diag_error(const struct loc *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Print and count a warning; returns 0. */
int	 diag_warn(const struct loc *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* A warning or error with a rule id shown as "[rule]" (signpost check). */
int	 diag_rule(enum diag_kind, const struct loc *, const char *rule,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
/* A note attached to the previous message; NULL loc reuses its position. */
void	 diag_note(const struct loc *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* An error about the program or system, "signpost: error: ..." form. */
int	 diag_sys(const char *, ...) __attribute__((format(printf, 1, 2)));

size_t	 diag_errors(void);
size_t	 diag_warnings(void);
/* 0 when nothing failed; 1 when there were errors (or warnings, -Werror). */
int	 diag_status(void);

void	 diag_set_stream(FILE *);
void	 diag_set_format(enum diag_format);
void	 diag_set_werror(int);
/* Whether to quote the source line with a caret (default on). */
void	 diag_set_context(int);
/* Colour when the stream is a terminal and NO_COLOR is unset. */
void	 diag_set_color(int);

const struct diag_rec *diag_records(size_t *np);
void	 diag_print_json(FILE *);
/*
 * Between these two calls messages are kept, not printed; the end prints
 * them sorted by file, line and column, each note after its message, so
 * that work done in parallel reports in a stable order.
 */
void	 diag_defer_begin(void);
void	 diag_defer_end(void);
/*
 * Messages the calling thread makes from now on carry key (0 = none).
 * diag_defer_end puts keyed messages after the others, in key order, and
 * those of one key in the order they were made, both when printing and in
 * diag_records: work on item i in parallel with key i + 1 reports exactly
 * as a serial loop over the items would.
 */
void	 diag_defer_key(size_t key);
/*
 * While on, messages are neither printed, counted nor kept: for work done
 * again whose messages were given already (listings_materialize).  Off
 * returns the number of errors that came meanwhile.  It mutes every
 * thread: turn it on only while no other work may report (between pool
 * runs, with no export thread running).
 */
size_t	 diag_mute(int on);
/* Forget every message, count and file; interned names become invalid. */
void	 diag_reset(void);

#endif
