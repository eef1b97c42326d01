/* SPDX-License-Identifier: ISC */
/* Command line: parse options, run a command, map its status to the exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsutil.h"
#include "site.h"

static const char usage_text[] =
"usage: signpost build [--source DIR] [--output DIR] [--drafts] [--quiet]\n"
"                      [--force] [--base-url URL] [--werror]\n"
"                      [--no-page-check]\n"
"       signpost check [--source DIR] [--drafts] [--strict]\n"
"                      [--format text|json] [--report DIR]\n"
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
"      --no-page-check  skip the check of every written page (links,\n"
"                       fragments, ids, hosts, alt text)\n"
"\n"
"Options for check (and --source, --drafts, --quiet as above):\n"
"      --strict         treat warnings as errors (exit 1), for CI\n"
"      --format FORMAT  text (default) or json, on standard output\n"
"      --report DIR     print every page's readability scores and write\n"
"                       an HTML report to DIR/index.html\n"
"\n"
"Common:\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"The build writes into a new folder beside the output and puts it in\n"
"place only when every page was written without errors; after an error\n"
"the previous output is left exactly as it was.\n"
"\n"
"Exit status: 0 success, 1 content errors, 2 usage errors, 3 system\n"
"errors (files that cannot be read or written).\n";

enum {
	OPT_DRAFTS = 256,
	OPT_FORCE,
	OPT_BASE_URL,
	OPT_WERROR,
	OPT_STRICT,
	OPT_FORMAT,
	OPT_REPORT,
	OPT_NO_PAGE_CHECK
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
			o.no_check = 1;
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

int
main(int argc, char *argv[])
{
	int rc;

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
	if (strcmp(argv[1], "build") == 0)
		rc = cmd_build(argc - 1, argv + 1, 0);
	else if (strcmp(argv[1], "check") == 0)
		rc = cmd_build(argc - 1, argv + 1, 1);
	else {
		fprintf(stderr, "signpost: error: unknown command '%s'\n",
		    argv[1]);
		return usage(NULL);
	}
	diag_reset();
	return rc;
}
