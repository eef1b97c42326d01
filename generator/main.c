/* SPDX-License-Identifier: ISC */
/* Command line: parse options, run a command, map its status to the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsutil.h"
#include "heap.h"
#include "pool.h"
#include "scaffold.h"
#include "serve.h"
#include "site.h"

static const char usage_text[] =
"usage: signpost build [--source DIR] [--output DIR] [--drafts] [--quiet]\n"
"                      [--force] [--base-url URL] [--werror]\n"
"                      [--check-pages] [--full]\n"
"       signpost check [--source DIR] [--drafts] [--strict]\n"
"                      [--format text|json] [--report DIR]\n"
"       signpost new site DIR\n"
"       signpost new article|page|service TITLE [--source DIR] [--slug NAME]\n"
"       signpost serve [--port N] [--bind ADDR] [--drafts] [--source DIR]\n"
"       signpost --help | --version\n";

static const char help_text[] =
"Signpost builds a static website for a mental-health awareness campaign\n"
"from site.yml, Markdown articles and pages, and service listings.\n"
"\n"
"Commands:\n"
"  build            build the site into the output folder\n"
"  check            check the content without building: stigmatising\n"
"                   words, safe messaging about suicide, readability,\n"
"                   alt text and link text, help lines, listings\n"
"  new site DIR     start a new site in DIR: a complete small example\n"
"  new article TITLE, new page TITLE, new service NAME\n"
"                   add a Markdown file or a service listing to the site\n"
"  serve            preview the site in a browser; it rebuilds and\n"
"                   reloads as you save\n"
"\n"
"Options for build:\n"
"  -s, --source DIR     the site folder, holding site.yml (default: .)\n"
"  -o, --output DIR     where to write the site (default: SOURCE/public)\n"
"      --drafts         include articles and pages marked draft: true\n"
"  -q, --quiet          print only warnings and errors\n"
"      --force          build into a folder that holds other files; that\n"
"                       folder is kept as OUTPUT.before-signpost\n"
"      --base-url URL   the public address, for the sitemap and feed\n"
"      --werror         treat warnings as errors\n"
"      --check-pages    read every written page with libxml2 and check\n"
"                       its links, fragments, ids, hosts and alt text\n"
"                       (a fifth more time on a large site; serve\n"
"                       always checks); --no-page-check undoes it\n"
"      --full           ignore the record of the last build: read and\n"
"                       write everything (see BUILD CACHE below)\n"
"\n"
"Options for check (and --source, --drafts, --quiet as above):\n"
"      --strict         treat warnings as errors (exit 1), for CI\n"
"      --format FORMAT  text (default) or json, on standard output\n"
"      --report DIR     print every page's readability scores and write\n"
"                       an HTML report to DIR/index.html\n"
"\n"
"Options for new:\n"
"  -s, --source DIR     the site folder (default: .)\n"
"      --slug NAME      the file name, instead of one made from the title\n"
"New files never replace existing ones; each path created is printed.\n"
"\n"
"Options for serve:\n"
"  -s, --source DIR     the site folder (default: .)\n"
"  -p, --port N         the port to listen on (default: 8080; 0: any free)\n"
"      --bind ADDR      the address to listen on (default: 127.0.0.1, only\n"
"                       this computer)\n"
"      --drafts         include drafts\n"
"serve builds into a private temporary folder (never the output folder),\n"
"watches site.yml, content/, templates/, themes/ and i18n/, rebuilds on\n"
"every save (checking every page, as --check-pages does) and reloads open\n"
"pages. When a change breaks the build, the last good build stays served\n"
"and the page shows the errors. Ctrl-C stops.\n"
"\n"
"Common:\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"The build writes into a folder beside the output and puts it in place\n"
"only when every page was written without errors; after an error the\n"
"previous output is left exactly as it was. The output it replaces is\n"
"kept beside it, hidden, as .OUTPUT.signpost-spare: the next build starts\n"
"from there (delete it whenever you like).\n"
"\n"
"Build cache: the output keeps a record of the build (.signpost-cache):\n"
"every file it read with its size and time, the options, and the\n"
"warnings. When nothing changed, build says so, prints the same\n"
"warnings again and leaves the output as it is; otherwise articles and\n"
"pages whose files look the same are not read again, and the files that\n"
"come out the same are kept from the spare folder or hard-linked from\n"
"the previous output.\n"
"\n"
"Exit status: 0 success, 1 content errors (or new refused), 2 usage\n"
"errors, 3 system errors (files that cannot be read or written, a port\n"
"in use).\n";

enum {
	OPT_DRAFTS = 256,
	OPT_FORCE,
	OPT_BASE_URL,
	OPT_WERROR,
	OPT_STRICT,
	OPT_FORMAT,
	OPT_REPORT,
	OPT_NO_PAGE_CHECK,
	OPT_CHECK_PAGES,
	OPT_FULL
};

static const struct option long_opts[] = {
	{ "source", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "drafts", no_argument, NULL, OPT_DRAFTS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "base-url", required_argument, NULL, OPT_BASE_URL },
	{ "werror", no_argument, NULL, OPT_WERROR },
	{ "no-page-check", no_argument, NULL, OPT_NO_PAGE_CHECK },
	{ "check-pages", no_argument, NULL, OPT_CHECK_PAGES },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
usage(const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "signpost: error: %s\n", msg);
	fputs(usage_text, stderr);
	fputs("Try 'signpost --help' for more.\n", stderr);
	return 2;
}

/* build and check share their options; check_only tells them apart. */
static int
cmd_build(int argc, char *argv[], int check_only)
{
	struct build_opts o;
	char *outdef = NULL;
	int c, rc;

	memset(&o, 0, sizeof(o));
	o.srcdir = ".";
	o.progress = -1;
	o.check_only = check_only;
	o.exiting = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:o:qhV", long_opts, NULL)) != -1)
		switch (c) {
		case 's':
			o.srcdir = optarg;
			break;
		case 'o':
			o.outdir = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case OPT_DRAFTS:
			o.drafts = 1;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_BASE_URL:
			o.base_url = optarg;
			break;
		case OPT_WERROR:
		case OPT_STRICT:
			o.werror = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				o.format_json = 1;
			else if (strcmp(optarg, "text") != 0)
				return usage("--format takes text or json");
			break;
		case OPT_REPORT:
			o.report_dir = optarg;
			break;
		case OPT_NO_PAGE_CHECK:
		case OPT_CHECK_PAGES:
			o.check_pages = c == OPT_CHECK_PAGES;
			break;
		case OPT_FULL:
			o.full = 1;
			break;
		case 'h':
			fputs(help_text, stdout);
			return 0;
		default:
			return usage(NULL);
		}
	if (optind < argc)
		return usage("this command takes no arguments; use --source "
		    "DIR");
	if (!check_only && (o.format_json || o.report_dir != NULL))
		return usage("--format and --report belong to signpost check");
	if (o.outdir == NULL)
		o.outdir = outdef = fs_join(o.srcdir, "public");
	rc = site_build(&o);
	free(outdef);
	return rc;
}

enum {
	OPT_SLUG = 300,
	OPT_BIND
};

static const struct option new_opts[] = {
	{ "source", required_argument, NULL, 's' },
	{ "slug", required_argument, NULL, OPT_SLUG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const struct option serve_opts[] = {
	{ "source", required_argument, NULL, 's' },
	{ "port", required_argument, NULL, 'p' },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "drafts", no_argument, NULL, OPT_DRAFTS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* signpost new site DIR | new article|page|service TITLE. */
static int
cmd_new(int argc, char *argv[])
{
	const char *src = ".", *slug = NULL, *kind, *title;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+s:h", new_opts, NULL)) != -1)
		switch (c) {
		case 's':
			src = optarg;
			break;
		case OPT_SLUG:
			slug = optarg;
			break;
		case 'h':
			fputs(help_text, stdout);
			return 0;
		default:
			return usage(NULL);
		}
	/* Options may also follow the title: parse the rest again. */
	if (argc - optind < 2)
		return usage("new needs what to make and its name: "
		    "new site DIR, new article \"Title\"");
	kind = argv[optind];
	title = argv[optind + 1];
	optind += 2;
	while ((c = getopt_long(argc, argv, "s:h", new_opts, NULL)) != -1)
		switch (c) {
		case 's':
			src = optarg;
			break;
		case OPT_SLUG:
			slug = optarg;
			break;
		default:
			return usage(NULL);
		}
	if (optind < argc)
		return usage("new takes one name; quote a title with spaces");
	if (strcmp(kind, "site") == 0)
		return scaffold_site(title);
	if (strcmp(kind, "article") == 0 || strcmp(kind, "page") == 0)
		return scaffold_doc(src, kind, title, slug);
	if (strcmp(kind, "service") == 0)
		return scaffold_service(src, title, slug);
	fprintf(stderr, "signpost: error: cannot make a new '%s'\n", kind);
	return usage("new makes a site, article, page or service");
}

/* signpost serve: see serve.h. */
static int
cmd_serve(int argc, char *argv[])
{
	struct serve_opts o;
	char *end;
	long port;
	int c;

	memset(&o, 0, sizeof(o));
	o.srcdir = ".";
	o.port = SERVE_DEFAULT_PORT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:p:h", serve_opts, NULL)) != -1)
		switch (c) {
		case 's':
			o.srcdir = optarg;
			break;
		case 'p':
			errno = 0;
			port = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || port < 0 ||
			    port > 65535)
				return usage("--port takes a number from 0 "
				    "to 65535");
			o.port = (unsigned)port;
			break;
		case OPT_BIND:
			o.bind = optarg;
			break;
		case OPT_DRAFTS:
			o.drafts = 1;
			break;
		case 'h':
			fputs(help_text, stdout);
			return 0;
		default:
			return usage(NULL);
		}
	if (optind < argc)
		return usage("serve takes no arguments; use --source DIR");
	return serve_run(&o);
}

int
main(int argc, char *argv[])
{
	int rc;

	heap_start();
	if (argc < 2)
		return usage("no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		fputs("\n", stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts("signpost " SIGNPOST_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "build") == 0 || strcmp(argv[1], "check") == 0) {
		rc = cmd_build(argc - 1, argv + 1, argv[1][0] == 'c');
		/* What the build left for the end goes back on every core. */
		if (!heap_free_all())
			heap_exit(rc, pool_threads());
	} else if (strcmp(argv[1], "new") == 0)
		rc = cmd_new(argc - 1, argv + 1);
	else if (strcmp(argv[1], "serve") == 0)
		rc = cmd_serve(argc - 1, argv + 1);
	else {
		fprintf(stderr, "signpost: error: unknown command '%s'\n",
		    argv[1]);
		return usage(NULL);
	}
	diag_reset();
	return rc;
}
