/* SPDX-License-Identifier: ISC */
/* Tests of the search index writer; it also writes the node tests' fixture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "searchidx.h"
#include "value.h"
#include "yamlload.h"

static const char corpus[] =
"- {kind: article, url: articles/peer-groups.html,\n"
"   title: Why peer support groups work,\n"
"   summary: People with lived experience meet as equals.,\n"
"   body: A group of peers listens without judging. Groups meet weekly.,\n"
"   categories: [Peer support]}\n"
"- {kind: article, url: articles/counselling.html,\n"
"   title: What happens in counselling,\n"
"   summary: A first session with a counsellor explained.,\n"
"   body: Talking to a counsellor about anxiety or low mood is common.,\n"
"   categories: [Counselling]}\n"
"- {kind: page, url: cafe.html, title: The Caf\xc3\xa9,\n"
"   summary: Our caf\xc3\xa9 is a calm place to talk.,\n"
"   body: Tea and a chat every afternoon.}\n"
"- kind: service\n"
"  url: services/riverside-peer.html\n"
"  title: Riverside Peer Support Group\n"
"  summary: A weekly drop-in group for adults.\n"
"  body: We meet every Tuesday evening in the community centre.\n"
"  categories: [Peer support]\n"
"  facets:\n"
"    categories: [peer-support]\n"
"    languages: [en, pl]\n"
"    free: true\n"
"    access: [self-referral, drop-in]\n"
"    towns: [Riverside]\n"
"    hours: {timezone: Europe/London, rules: [{days: [tu], opens: '18:00', closes: '19:30'}]}\n"
"- kind: service\n"
"  url: services/hillside-counselling.html\n"
"  title: Hillside Counselling Service\n"
"  summary: Six free sessions of counselling for anxiety.\n"
"  body: A trained counsellor sees you by appointment.\n"
"  categories: [Counselling]\n"
"  facets:\n"
"    categories: [counselling]\n"
"    languages: [en]\n"
"    free: false\n"
"    access: [gp-referral, appointment]\n"
"    towns: [Hillside]\n"
"    timezone: Europe/London\n"
"    hours: {always: true}\n"
"- kind: service\n"
"  url: services/youth-cafe.html\n"
"  title: Youth Wellbeing Caf\xc3\xa9\n"
"  summary: Activities and a listening ear for young people.\n"
"  body: Drop in after school. Arabic speaking volunteers.\n"
"  categories: [Children and young people, Wellbeing activities]\n"
"  facets:\n"
"    categories: [youth, wellbeing-activities]\n"
"    languages: [en, ar]\n"
"    free: true\n"
"    access: [drop-in]\n"
"    towns: [Riverside]\n"
"    hours: {timezone: Asia/Tokyo, rules: [{days: [mo, tu, we, th, fr], opens: '09:00', closes: '17:00'}]}\n"
"- {kind: article, url: articles/arabic.html,\n"
"   title: \"\xd8\xa7\xd9\x84\xd8\xb5\xd8\xad\xd8\xa9 \xd8\xa7\xd9\x84\xd9\x86\xd9\x81\xd8\xb3\xd9\x8a\xd8\xa9 \xd9\x84\xd9\x84\xd8\xac\xd9\x85\xd9\x8a\xd8\xb9\",\n"
"   body: \"\xd9\x85\xd9\x8f\xd8\xb3\xd9\x8e\xd8\xa7\xd8\xb9\xd9\x8e\xd8\xaf\xd9\x8e\xd8\xa9 \xd8\xa3\xd9\x85\xd9\x84\"}\n"
"- {kind: article, url: articles/chinese.html,\n"
"   title: \"\xe5\xbf\x83\xe7\x90\x86\xe5\x81\xa5\xe5\xba\xb7\xe6\x94\xaf\xe6\x8c\x81\",\n"
"   body: \"\xe6\x88\x91\xe4\xbb\xac\xe5\x9c\xa8\xe8\xbf\x99\xe9\x87\x8c\xe5\x80\xbe\xe5\x90\xac\"}\n"
"- {kind: article, url: articles/anxiety.html,\n"
"   title: Understanding anxiety,\n"
"   summary: What anxiety feels like and what helps.,\n"
"   body: Anxiety is a normal feeling that can grow too big.}\n"
"- kind: service\n"
"  url: services/carers-line.html\n"
"  title: Carers Support Line\n"
"  summary: A phone line for people caring for someone.\n"
"  body: Call us about caring for a family member.\n"
"  categories: [Carers and family]\n"
"  facets:\n"
"    categories: [carers-family]\n"
"    languages: [en]\n"
"    free: true\n"
"    access: [self-referral]\n"
"    towns: [Hillside]\n"
"    hours: {timezone: Europe/London, always: true}\n";

static struct sidx *
build(void)
{
	const char *f = diag_file("corpus.yml", corpus, sizeof(corpus) - 1);
	struct value *docs = yamlload_parse(f, corpus, sizeof(corpus) - 1,
	    NULL);
	const struct value *d, *cats;
	const char *labels[8];
	struct sidx_doc sd;
	struct sidx *x = sidx_new("en");
	size_t i, j;

	CHECK(docs != NULL);
	for (i = 0; docs != NULL && i < docs->list.len; i++) {
		d = docs->list.items[i];
		memset(&sd, 0, sizeof(sd));
		sd.kind = value_get_str(d, "kind", NULL);
		sd.url = value_get_str(d, "url", NULL);
		sd.title = value_get_str(d, "title", NULL);
		sd.summary = value_get_str(d, "summary", NULL);
		sd.body = value_get_str(d, "body", NULL);
		cats = value_get(d, "categories");
		for (j = 0; j < value_len(cats) && j < 8; j++)
			labels[j] = value_str(cats->list.items[j]);
		sd.categories = labels;
		sd.ncategories = j;
		sd.facets = value_get(d, "facets");
		sidx_add(x, &sd);
	}
	value_free(docs);
	return x;
}

static char *
slurp(const char *dir, const char *name)
{
	char *p = fs_join(dir, name), *text = NULL;
	size_t len;

	if (fs_read(p, &text, &len) == -1)
		text = NULL;
	free(p);
	return text;
}

TEST(searchidx_postings_and_stems)
{
	struct sidx *x = build();
	uint32_t docs[16];

	/* "groups" and "group" meet in one stem; docs 0 and 3 */
	CHECK_INT(sidx_term_docs(x, "group", docs, 16), 2);
	CHECK_INT(docs[0], 0);
	CHECK_INT(docs[1], 3);
	CHECK_INT(sidx_term_docs(x, "groups", docs, 16), 0);
	CHECK_INT(sidx_term_docs(x, "cafe", docs, 16), 2);
	CHECK_INT(sidx_term_docs(x, "counsellor", docs, 16), 2);
	/* Arabic folded (teh marbuta, harakat), Chinese bigrams */
	CHECK_INT(sidx_term_docs(x, "\xd8\xb5\xd8\xad\xd9\x87", docs, 16), 1);
	CHECK_INT(sidx_term_docs(x, "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf"
	    "\xd9\x87", docs, 16), 1);
	CHECK_INT(sidx_term_docs(x, "\xe5\x81\xa5\xe5\xba\xb7", docs, 16), 1);
	CHECK_INT(docs[0], 7);
	/* towns are searchable text */
	CHECK_INT(sidx_term_docs(x, "riverside", docs, 16), 2);
	sidx_free(x);
}

TEST(searchidx_single_file_and_determinism)
{
	struct sidx *x = build();
	struct sidx_stats st;
	struct buf note = BUF_INIT;
	char *dir = harness_tmpdir(), *sub, *a, *b;

	CHECK_INT(sidx_write(x, dir, &note), 0);
	sidx_get_stats(x, &st);
	CHECK_INT(st.files, 1);
	CHECK_INT(st.docs, 10);
	CHECK_INT(st.shards, 0);
	CHECK_HAS(note.ptr, "10 documents");
	sub = fs_join(dir, "assets/search");
	a = slurp(sub, "index.js");
	CHECK_HAS(a, "SignpostSearch.manifest={\"v\":1,\"lang\":\"en\"");
	CHECK_HAS(a, "\"kinds\":\"a2p1s3a3s1\"");
	CHECK_HAS(a, "\"inline\":{\"p0\":{");
	/* Postings: five bits a character; "A" is a gap of 0 (document 0). */
	CHECK_HAS(a, "\"group\":\"A");
	CHECK_HAS(a, "\"zones\":[\"Europe/London\"");
	CHECK_HAS(a, "\"services/riverside-peer.html\"");
	CHECK_HAS(a, "\"The Caf\xc3\xa9\"");
	/* a second write of a second index gives the same bytes */
	sidx_free(x);
	x = build();
	CHECK_INT(sidx_write(x, dir, NULL), 0);
	b = slurp(sub, "index.js");
	CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
	free(a);
	free(b);
	free(sub);
	free(dir);
	buf_release(&note);
	sidx_free(x);
}

TEST(searchidx_shards_by_term_range)
{
	struct sidx *x = build();
	struct sidx_stats st;
	char *dir = harness_tmpdir(), *sub, *m, *p0, *f;

	sidx_set_limits(x, 200, 1);
	CHECK_INT(sidx_write(x, dir, NULL), 0);
	sidx_get_stats(x, &st);
	CHECK(st.shards > 5);
	CHECK(st.files > st.shards + 2);
	/* a term larger than the limit still gets a shard of its own */
	CHECK(st.shard_max < 400);
	sub = fs_join(dir, "assets/search");
	m = slurp(sub, "index.js");
	p0 = slurp(sub, "p0.js");
	f = slurp(sub, "f.js");
	CHECK(m != NULL && strstr(m, "\"inline\"") == NULL);
	CHECK_HAS(m, "\"shards\":[\"\",\"");
	CHECK_HAS(p0, "SignpostSearch.shard(\"p0\",{\"");
	CHECK_HAS(f, "\"values\":{\"category\":[\"peer-support\"");
	CHECK_HAS(f, "\"zones\":[\"Europe/London\",\"Asia/Tokyo\"]");
	CHECK_HAS(f, "\"hours\":[[0,0,2,\"18:00\",\"19:30\",0,\"\",\"\"],"
	    "[0,1],[1,0,31,\"09:00\",\"17:00\",0,\"\",\"\"]]");
	free(m);
	free(p0);
	free(f);
	free(sub);
	free(dir);
	sidx_free(x);
}

/*
 * Shards are written on several threads: a part that cannot be written
 * is reported once, by name, and the write fails; the same bytes come
 * out of a second, sound write.
 */
TEST(searchidx_shard_write_error_reported_once)
{
	struct sidx *x = build();
	char *dir = harness_tmpdir(), *sub, *blocker, *a, *b;

	sidx_set_limits(x, 200, 1);
	sub = fs_join(dir, "assets/search");
	CHECK_INT(fs_mkdirs(sub), 0);
	CHECK_INT(sidx_write(x, dir, NULL), 0);
	a = slurp(sub, "d1.js");
	/* a folder where d1.js goes makes its open fail */
	blocker = fs_join(sub, "d1.js");
	CHECK_INT(remove(blocker), 0);
	CHECK_INT(fs_mkdirs(blocker), 0);
	harness_diag_capture();
	CHECK_INT(sidx_write(x, dir, NULL), -1);
	CHECK_HAS(harness_diag_text(), "cannot write '");
	CHECK_HAS(harness_diag_text(), "d1.js': Is a directory");
	CHECK(strstr(strstr(harness_diag_text(), "cannot write") + 1,
	    "cannot write") == NULL);
	CHECK_INT(remove(blocker), 0);
	CHECK_INT(sidx_write(x, dir, NULL), 0);
	b = slurp(sub, "d1.js");
	CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
	free(a);
	free(b);
	free(blocker);
	free(sub);
	free(dir);
	sidx_free(x);
}

/*
 * With SIGNPOST_SEARCH_FIXTURE=dir, write the corpus as one file under
 * dir/single and sharded under dir/sharded for the node tests in tests/search.
 */
TEST(searchidx_fixture)
{
	const char *dir = getenv("SIGNPOST_SEARCH_FIXTURE");
	struct sidx *x;
	char *d;

	if (dir == NULL || *dir == '\0')
		return;
	x = build();
	d = fs_join(dir, "single");
	CHECK_INT(sidx_write(x, d, NULL), 0);
	free(d);
	sidx_set_limits(x, 200, 1);
	d = fs_join(dir, "sharded");
	CHECK_INT(sidx_write(x, d, NULL), 0);
	free(d);
	sidx_free(x);
}

TEST(searchidx_empty_and_odd_input)
{
	struct sidx *x = sidx_new(NULL);
	struct sidx_doc d;
	char *dir = harness_tmpdir(), *sub, *m;
	uint32_t docs[4];
	char longsum[400];

	CHECK_INT(sidx_write(x, dir, NULL), 0);
	sub = fs_join(dir, "assets/search");
	m = slurp(sub, "index.js");
	CHECK_HAS(m, "\"docs\":0,");
	CHECK_HAS(m, "\"inline\":{\"p0\":{}}");
	free(m);
	memset(&d, 0, sizeof(d));
	memset(longsum, 'x', sizeof(longsum) - 1);
	longsum[sizeof(longsum) - 1] = '\0';
	longsum[198] = ' ';
	d.title = "bad \xff bytes </script>";
	d.summary = longsum;
	sidx_add(x, &d);
	CHECK_INT(sidx_term_docs(x, "byte", docs, 4), 1);
	CHECK_INT(sidx_write(x, dir, NULL), 0);
	m = slurp(sub, "index.js");
	CHECK_HAS(m, "\"article\",\"\",\"bad \xef\xbf\xbd bytes <\\/script>\"");
	CHECK_HAS(m, "xx\xe2\x80\xa6\"]]");
	CHECK(strstr(m, "</script") == NULL);
	free(m);
	free(sub);
	free(dir);
	sidx_free(x);
}

/* Tokens made apart (on another thread in a build) give the same index. */
TEST(searchidx_tokens_made_apart_index_the_same)
{
	static const char *const cats[] = { "Peer support", "Carers" };
	struct sidx *a = sidx_new("en"), *b = sidx_new("en");
	static const char *const terms[] = { "walk", "week", "peer",
	    "gruppen", "about" };
	struct sidx_toks t;
	struct sidx_doc d[2];
	uint32_t da[8], db[8];
	size_t i, na, nb, found = 0;

	memset(d, 0, sizeof(d));
	d[0].title = "Walking groups";
	d[0].summary = "Walks every week";
	d[0].body = "Walking helps; walkers walk together, week by week.";
	d[0].categories = cats;
	d[0].ncategories = 2;
	d[1].kind = "page";
	d[1].title = "About walking";
	d[1].body = "Gruppen \xe5\x8c\x97\xe4\xba\xac walking";
	memset(&t, 0, sizeof(t));
	for (i = 0; i < 2; i++) {
		sidx_add(a, &d[i]);
		sidx_tokenize(&d[i], &t);
		sidx_add_tokens(b, &d[i], &t);
	}
	sidx_toks_release(&t);
	for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		na = sidx_term_docs(a, terms[i], da, 8);
		nb = sidx_term_docs(b, terms[i], db, 8);
		CHECK_INT(na, nb);
		CHECK(memcmp(da, db, (na < 8 ? na : 8) * sizeof(*da)) == 0);
		found += na;
	}
	CHECK(found >= 3);
	sidx_free(a);
	sidx_free(b);
}
