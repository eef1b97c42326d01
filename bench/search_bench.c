/* SPDX-License-Identifier: ISC */
/*
 * Search index bench: a deterministic synthetic corpus (10,000 articles
 * and 5,000 services by default), timed through sidx_add and sidx_write.
 * Usage: search-bench [-a articles] [-s services] outdir
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "searchidx.h"
#include "value.h"
#include "xalloc.h"

static const char *const topical[] = {
	"mental", "health", "support", "peer", "group", "groups", "counselling",
	"counsellor", "counsellors", "anxiety", "depression", "wellbeing",
	"recovery", "stigma", "talking", "listening", "crisis", "helpline",
	"carers", "family", "young", "people", "children", "school", "work",
	"stress", "sleep", "loneliness", "community", "volunteer", "therapy",
	"therapies", "self", "referral", "drop", "free", "confidential",
	"trained", "session", "sessions", "weekly", "evening", "morning",
	"cafe", "walking", "art", "music", "garden", "gardening", "grief",
	"bereavement", "trauma", "eating", "alcohol", "drugs", "gambling",
	"money", "debt", "housing", "employment", "parents", "mothers",
	"fathers", "veterans", "students", "older", "lgbtq", "refugees",
	"language", "interpreter", "hope", "resilience", "mindfulness",
};

/* The most frequent words of English text take the top ranks. */
static const char *const common[] = {
	"the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "for",
	"with", "on", "are", "as", "be", "this", "can", "or", "we", "your",
	"have", "at", "from", "by", "not", "but", "what", "all", "when",
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 33) % n;
}

#define VOCAB	60000
static char	*words[VOCAB];
static double	 cdf[VOCAB];

/* Pseudo-words from syllables, Zipf-distributed like real text. */
static void
make_vocab(void)
{
	static const char *const syl[] = { "ka", "lo", "mi", "ner", "ta",
	    "ri", "son", "ve", "pa", "dul", "es", "tor", "in", "gra", "be",
	    "cus", "an", "lem", "ho", "fi", "ust", "ro", "ple", "ing" };
	size_t i, k, ntop = sizeof(topical) / sizeof(topical[0]);
	size_t ncommon = sizeof(common) / sizeof(common[0]), t = 0;
	double sum = 0;
	struct buf b = BUF_INIT;

	for (i = 0; i < VOCAB; i++) {
		if (i < ncommon)
			words[i] = xstrdup(common[i]);
		else if (i % 7 == 0 && t < ntop)
			words[i] = xstrdup(topical[t++]);
		else {
			buf_reset(&b);
			for (k = 0; k < 2 + rnd(4); k++)
				buf_puts(&b, syl[rnd(24)]);
			words[i] = xstrdup(b.ptr);
		}
		sum += 1.0 / (i + 3);
		cdf[i] = sum;
	}
	for (i = 0; i < VOCAB; i++)
		cdf[i] /= sum;
	buf_release(&b);
}

static const char *
word(void)
{
	double u = rnd(1u << 30) / (double)(1u << 30);
	size_t lo = 0, hi = VOCAB - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return words[lo];
}

static char *
sentence_text(size_t minlen, size_t maxlen)
{
	struct buf b = BUF_INIT;
	size_t target = minlen + rnd((uint32_t)(maxlen - minlen + 1));

	while (b.len < target) {
		buf_puts(&b, word());
		buf_puts(&b, rnd(12) == 0 ? ". " : " ");
	}
	return buf_detach(&b, NULL);
}

struct gdoc {
	struct sidx_doc	 d;
	char		*url, *title, *summary, *body;
	const char	*cats[2];
	struct value	*facets;
};

static const char *const catkeys[] = { "peer-support", "group-therapy",
    "counselling", "crisis-support", "prevention-education", "youth",
    "carers-family", "substance-use", "wellbeing-activities" };
static const char *const langs[] = { "en", "pl", "ar", "ur", "es", "cy",
    "zh", "pa", "bn", "so", "ro", "pt" };
static const char *const accesses[] = { "self-referral", "gp-referral",
    "professional-referral", "drop-in", "appointment" };
static const char *const days[] = { "mo", "tu", "we", "th", "fr", "sa",
    "su" };

static struct value *
list_of(const char *const *pool, size_t npool, size_t n)
{
	struct value *l = value_new(VALUE_LIST, NULL);
	size_t i, start = rnd((uint32_t)npool);

	for (i = 0; i < n && i < npool; i++)
		value_list_push_take(l, value_new_strz(pool[(start + i) % npool]));
	return l;
}

static struct value *
hours(void)
{
	struct value *h = value_new(VALUE_MAP, NULL), *rules, *r, *d;
	char t[8];
	size_t i, n = 1 + rnd(3);

	value_map_set_str(h, "timezone", "Europe/London");
	if (rnd(10) == 0) {
		value_map_set_take(h, "always", value_new_bool(1));
		return h;
	}
	rules = value_map_set_take(h, "rules", value_new(VALUE_LIST, NULL));
	for (i = 0; i < n; i++) {
		r = value_list_push_take(rules, value_new(VALUE_MAP, NULL));
		d = value_map_set_take(r, "days", value_new(VALUE_LIST, NULL));
		value_list_push_take(d, value_new_strz(days[rnd(7)]));
		snprintf(t, sizeof(t), "%02u:00", 8 + rnd(8));
		value_map_set_str(r, "opens", t);
		snprintf(t, sizeof(t), "%02u:30", 16 + rnd(5));
		value_map_set_str(r, "closes", t);
	}
	return h;
}

static void
make_doc(struct gdoc *g, size_t i, size_t narticles)
{
	struct buf b = BUF_INIT;
	int svc = i >= narticles;
	struct value *f;

	memset(g, 0, sizeof(*g));
	buf_printf(&b, svc ? "services/service-%zu.html" :
	    "articles/article-%zu.html", i);
	g->url = buf_detach(&b, NULL);
	g->title = sentence_text(20, 60);
	g->summary = sentence_text(60, 150);
	g->body = svc ? sentence_text(300, 1200) : sentence_text(600, 4000);
	g->d.kind = svc ? "service" : "article";
	g->d.url = g->url;
	g->d.title = g->title;
	g->d.summary = g->summary;
	g->d.body = g->body;
	g->cats[0] = catkeys[rnd(9)];
	g->d.categories = g->cats;
	g->d.ncategories = 1;
	if (!svc)
		return;
	f = g->facets = value_new(VALUE_MAP, NULL);
	value_map_set_take(f, "categories", list_of(catkeys, 9, 1 + rnd(2)));
	value_map_set_take(f, "languages", list_of(langs, 12, 1 + rnd(3)));
	value_map_set_take(f, "free", value_new_bool(rnd(10) < 6));
	value_map_set_take(f, "access", list_of(accesses, 5, 1 + rnd(2)));
	buf_printf(&b, "Town %u", rnd(200));
	value_list_push_take(value_map_set_take(f, "towns",
	    value_new(VALUE_LIST, NULL)), value_new_strz(b.ptr));
	buf_release(&b);
	value_map_set_take(f, "hours", hours());
	g->d.facets = f;
}

static double
tv(const struct timeval *t)
{
	return t->tv_sec + t->tv_usec / 1e6;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	size_t na = 10000, ns = 5000, i, n, text = 0;
	struct gdoc *docs;
	struct sidx *x;
	struct sidx_stats st;
	struct rusage ru, r1;
	double t0, t1, t2;
	int c;

	while ((c = getopt(argc, argv, "a:s:")) != -1)
		switch (c) {
		case 'a': na = strtoul(optarg, NULL, 10); break;
		case 's': ns = strtoul(optarg, NULL, 10); break;
		default: return 2;
		}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: search-bench [-a n] [-s n] outdir\n");
		return 2;
	}
	n = na + ns;
	make_vocab();
	docs = xcalloc(n, sizeof(*docs));
	for (i = 0; i < n; i++) {
		make_doc(&docs[i], i, na);
		text += strlen(docs[i].body) + strlen(docs[i].title) +
		    strlen(docs[i].summary);
	}
	t0 = now();
	x = sidx_new("en");
	for (i = 0; i < n; i++)
		sidx_add(x, &docs[i].d);
	t1 = now();
	getrusage(RUSAGE_SELF, &r1);
	if (sidx_write(x, argv[optind], NULL) == -1)
		return 3;
	t2 = now();
	sidx_get_stats(x, &st);
	getrusage(RUSAGE_SELF, &ru);
	printf("corpus           %zu articles + %zu services, %.1f MB text\n",
	    na, ns, text / 1e6);
	printf("index add        %.3f s\n", t1 - t0);
	printf("index write      %.3f s (cpu: user %.3f s, system %.3f s)\n",
	    t2 - t1, tv(&ru.ru_utime) - tv(&r1.ru_utime),
	    tv(&ru.ru_stime) - tv(&r1.ru_stime));
	printf("index total      %.3f s\n", t2 - t0);
	printf("peak rss         %.1f MB (corpus included)\n",
	    ru.ru_maxrss / 1024.0);
	printf("terms            %zu, postings %zu\n", st.terms, st.postings);
	printf("files            %zu, %.2f MB on disk\n", st.files,
	    st.bytes / 1e6);
	printf("manifest         %zu bytes\n", st.manifest_bytes);
	printf("largest shard    postings %zu, vocabulary %zu, documents %zu\n",
	    st.shard_max, st.vocab_max, st.docs_max);
	printf("facets file      %zu bytes\n", st.facets_bytes);
	sidx_free(x);
	for (i = 0; i < n; i++) {
		free(docs[i].url);
		free(docs[i].title);
		free(docs[i].summary);
		free(docs[i].body);
		value_free(docs[i].facets);
	}
	free(docs);
	for (i = 0; i < VOCAB; i++)
		free(words[i]);
	return 0;
}
