/* SPDX-License-Identifier: ISC */
/* Tests of SHA-1, UUIDv5, vCard and JSON-LD exports of service listings. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "harness.h"
#include "hsds.h"
#include "jsoncheck.h"
#include "services.h"
#include "sha1.h"
#include "svc_export.h"
#include "uuid.h"
#include "value.h"

#define GOOD	"tests/fixtures/services-good"

static const struct svc_opts opts = {
	NULL, "GB", "Europe/London", 365, "2026-05-20", NULL, NULL
};

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02X", d[i]);
}

static const char *
sha1_of(const char *s, size_t repeat)
{
	static char out[41];
	unsigned char d[20];
	struct sha1 c;
	size_t i;

	sha1_init(&c);
	for (i = 0; i < repeat; i++)
		sha1_update(&c, s, strlen(s));
	sha1_final(&c, d);
	hex(d, 20, out);
	return out;
}

/* The four test vectors of RFC 3174 section 7.3. */
TEST(sha1_rfc3174)
{
	CHECK_STR(sha1_of("abc", 1),
	    "A9993E364706816ABA3E25717850C26C9CD0D89D");
	CHECK_STR(sha1_of("abcdbcdecdefdefgefghfghighijhi"
	    "jkijkljklmklmnlmnomnopnopq", 1),
	    "84983E441C3BD26EBAAE4AA1F95129E5E54670F1");
	CHECK_STR(sha1_of("a", 1000000),
	    "34AA973CD4C4DAA4F61EEB2BDBAD27316534016F");
	CHECK_STR(sha1_of("01234567012345670123456701234567"
	    "01234567012345670123456701234567", 10),
	    "DEA356A2CDDD90C7A7ECEDC5EBB563934F460452");
	CHECK_STR(sha1_of("", 1), "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
}

/* Padding at each edge of a block (values from Python's hashlib). */
TEST(sha1_padding_edges)
{
	CHECK_STR(sha1_of("a", 55),
	    "C1C8BBDC22796E28C0E15163D20899B65621D65A");
	CHECK_STR(sha1_of("a", 56),
	    "C2DB330F6083854C99D4B5BFB6E8F29F201BE699");
	CHECK_STR(sha1_of("a", 63),
	    "03F09F5B158A7A8CDAD920BDDC29B81C18A551F5");
	CHECK_STR(sha1_of("a", 64),
	    "0098BA824B5C16427BD7A1122A5A442A25EC644D");
	CHECK_STR(sha1_of("a", 119),
	    "EE971065AAA017E0632A8CA6C77BB3BF8B1DFC56");
}

TEST(uuid_v5_known)
{
	unsigned char dns[16];
	char out[37];

	CHECK(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", dns) == 0);
	uuid_v5(dns, "python.org", 10, out);
	CHECK_STR(out, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
	uuid_v5(uuid_ns_url, "https://example.org/", 20, out);
	CHECK_STR(out, "527dda32-a0de-5105-a042-cb475b5f7d11");
	CHECK(uuid_parse("not-a-uuid", dns) == -1);
}

static struct value *
load_good(const char *file)
{
	char *path = fs_join(GOOD, file);
	struct value *v;

	harness_diag_capture();
	v = svc_load(path, path, &opts);
	free(path);
	return v;
}

/*
 * Parse a vCard back: unfold (CRLF + space), check every line ends in
 * CRLF and is at most 75 octets, and return "NAME;PARAMS:VALUE" lines
 * joined by '\n' with the value unescaped.
 */
static char *
vcard_parse(const char *vc, int *ok)
{
	struct buf unf = BUF_INIT, out = BUF_INIT;
	const char *p = vc, *eol;
	size_t i;

	*ok = 1;
	while (*p != '\0') {
		if ((eol = strstr(p, "\r\n")) == NULL) {
			*ok = 0;
			break;
		}
		if (eol - p > 75)
			*ok = 0;
		if (*p == ' ' && unf.len > 0)
			buf_put(&unf, p + 1, (size_t)(eol - p - 1));
		else {
			if (unf.len > 0)
				buf_putc(&unf, '\n');
			buf_put(&unf, p, (size_t)(eol - p));
		}
		p = eol + 2;
	}
	for (i = 0; i < unf.len; i++) {
		if (unf.ptr[i] == '\\' && i + 1 < unf.len) {
			i++;
			buf_putc(&out, unf.ptr[i] == 'n' ? '\n' : unf.ptr[i]);
		} else
			buf_putc(&out, unf.ptr[i]);
	}
	buf_release(&unf);
	return buf_detach(&out, NULL);
}

TEST(vcard_riverside)
{
	struct value *v = load_good("riverside-peer-support.yml");
	struct buf b = BUF_INIT;
	char *props, id[37];
	int ok;

	CHECK(v != NULL);
	if (v == NULL)
		return;
	svc_vcard(v, &b);
	props = vcard_parse(b.ptr, &ok);
	CHECK(ok);
	CHECK(strncmp(b.ptr, "BEGIN:VCARD\r\nVERSION:4.0\r\n", 26) == 0);
	CHECK_HAS(props, "\nKIND:org\n");
	CHECK_HAS(props, "\nFN:Riverside Peer Support Group\n");
	CHECK_HAS(props, "\nORG:Riverside Mind\n");
	svc_uuid("service", "riverside-peer-support", id);
	CHECK_HAS(props, id);
	CHECK_HAS(props, "\nTEL;VALUE=uri;TYPE=voice:tel:+442079460000\n");
	CHECK_HAS(props, "\nTEL;VALUE=uri;TYPE=text:tel:85258\n");
	CHECK_HAS(props, "\nEMAIL;TYPE=work:peer@riverside-mind.example.org\n");
	CHECK_HAS(props, "\nURL;TYPE=work:https://riverside-mind.example.org/"
	    "peer-support\n");
	CHECK_HAS(props, "\nURL:https://riverside-mind.example.org/online\n");
	CHECK_HAS(props, "\nADR;TYPE=work:;;1 High Street;Riverside;Kent;"
	    "RV1 1AA;United Kingdom\n");
	CHECK_HAS(props, "\nGEO:geo:51.501,-0.142\n");
	CHECK_HAS(props, "\nCATEGORIES:Peer support,Wellbeing activities\n");
	CHECK_HAS(props, "\nNOTE:A weekly drop-in group for adults, run by "
	    "people with lived experience.\n");
	CHECK_HAS(props, "\nREV:20260501T000000Z\nEND:VCARD");
	/* The long NOTE line was folded and its comma escaped. */
	CHECK_HAS(b.ptr, "\r\n ");
	CHECK_HAS(b.ptr, "adults\\, run");
	free(props);
	buf_release(&b);
	value_free(v);
}

TEST(vcard_escapes_and_folds_utf8)
{
	struct value *v = load_good("hillside-night-line.yml");
	struct buf b = BUF_INIT;
	char *props;
	int ok;

	CHECK(v != NULL);
	if (v == NULL)
		return;
	value_map_set_str(v, "summary", "\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9 line\nbreak");
	svc_vcard(v, &b);
	props = vcard_parse(b.ptr, &ok);
	CHECK(ok);
	CHECK_HAS(props, "\nFN:Hillside Night Line; \"talk, text, or "
	    "chat\"\n");
	CHECK_HAS(b.ptr, "FN:Hillside Night Line\\; \"talk\\, text\\, or "
	    "chat\"\r\n");
	CHECK_HAS(props, "\u00e9 line\nbreak\n");
	CHECK_HAS(props, "\nTEL;VALUE=uri;TYPE=voice:tel:116123\n");
	/* No fold splits the two bytes of an e-acute. */
	CHECK(strstr(b.ptr, "\xc3\r\n") == NULL);
	free(props);
	buf_release(&b);
	value_free(v);
}

TEST(jsonld_riverside)
{
	struct value *v = load_good("riverside-peer-support.yml");
	struct value *site = value_new(VALUE_MAP, NULL);
	struct buf b = BUF_INIT;

	CHECK(v != NULL);
	if (v == NULL)
		return;
	value_map_set_str(site, "base_url", "https://example.org/campaign/");
	svc_jsonld(v, site, &b);
	CHECK(json_valid(b.ptr));
	CHECK(json_valid(value_str(value_path(v, "hours.json"))));
	CHECK(strncmp(b.ptr, "{\"@context\":\"https://schema.org\","
	    "\"@type\":\"Service\",\"@id\":\"https://example.org/campaign/"
	    "services/riverside-peer-support.html#service\"", 116) == 0);
	CHECK(strstr(b.ptr, "MedicalClinic") == NULL);
	CHECK_HAS(b.ptr, "\"provider\":{\"@type\":\"Organization\",\"name\":"
	    "\"Riverside Mind\"");
	CHECK_HAS(b.ptr, "\"servicePhone\":{\"@type\":\"ContactPoint\","
	    "\"telephone\":\"+442079460000\",\"contactType\":\"Coordinator\"}");
	CHECK_HAS(b.ptr, "\"serviceSmsNumber\":{\"@type\":\"ContactPoint\","
	    "\"telephone\":\"85258\"");
	CHECK_HAS(b.ptr, "{\"@type\":\"OpeningHoursSpecification\","
	    "\"dayOfWeek\":[\"https://schema.org/Saturday\"],\"opens\":"
	    "\"10:00\",\"closes\":\"12:00\",\"validFrom\":\"2026-01-01\","
	    "\"validThrough\":\"2026-12-31\"}");
	CHECK_HAS(b.ptr, "\"geo\":{\"@type\":\"GeoCoordinates\",\"latitude\":"
	    "51.501,\"longitude\":-0.142}");
	CHECK_HAS(b.ptr, "\"availableLanguage\":[\"English\",\"Polish\","
	    "\"Norwegian\"]");
	CHECK_HAS(b.ptr, "\"suggestedMinAge\":18,\"suggestedMaxAge\":65");
	buf_release(&b);
	value_free(site);
	value_free(v);
}

static size_t
load_all_good(struct value **v, size_t max)
{
	char **names;
	size_t i, n, k = 0;

	names = fs_list(GOOD, &n);
	for (i = 0; names != NULL && i < n && k < max; i++)
		if (strstr(names[i], ".yml") != NULL &&
		    (v[k] = load_good(names[i])) != NULL)
			k++;
	fs_names_free(names);
	return k;
}

static char *
read_text(const char *dir, const char *name)
{
	char *path = fs_join(dir, name), *text = NULL;
	size_t len;

	if (fs_read(path, &text, &len) == -1)
		text = NULL;
	free(path);
	return text;
}

/* Each of files has the same bytes in the exports under dir1 and dir2. */
static void
same_exports(const char *dir1, const char *dir2, const char *const *files)
{
	char *sub1 = fs_join(dir1, "data/hsds"), *sub2 = fs_join(dir2,
	    "data/hsds"), *a, *b;
	size_t i;

	for (i = 0; files[i] != NULL; i++) {
		a = read_text(sub1, files[i]);
		b = read_text(sub2, files[i]);
		CHECK(a != NULL && b != NULL);
		if (a != NULL && b != NULL && strcmp(a, b) != 0)
			harness_fail(__FILE__, __LINE__, "%s differs",
			    files[i]);
		free(a);
		free(b);
	}
	free(sub1);
	free(sub2);
}

/*
 * The HSDS export of the good fixtures, written into $SIGNPOST_HSDS_OUT
 * when set (validate it with tests/hsds/validate), and checked to be the
 * same bytes when written twice in a different input order.
 */
TEST(hsds_export_good)
{
	static const char *const files[] = { "services.json",
	    "datapackage.json", "services.csv", "organizations.csv",
	    "phones.csv", "schedules.csv", "addresses.csv", "locations.csv",
	    "taxonomy_terms.csv", "attributes.csv", NULL };
	struct value *v[16], *rev[16];
	const char *env = getenv("SIGNPOST_HSDS_OUT");
	char *dir1 = env ? strdup(env) : harness_tmpdir(), *dir2;
	char *a, *sub1, id[37];
	size_t n, i;

	n = load_all_good(v, 16);
	CHECK(n >= 2);
	for (i = 0; i < n; i++)
		rev[i] = v[n - 1 - i];
	dir2 = harness_tmpdir();
	CHECK(hsds_write((const struct value *const *)v, n, dir1,
	    "https://example.org/campaign/") == 0);
	CHECK(hsds_write((const struct value *const *)rev, n, dir2,
	    "https://example.org/campaign/") == 0);
	same_exports(dir1, dir2, files);
	sub1 = fs_join(dir1, "data/hsds");
	a = read_text(sub1, "services.json");
	CHECK(a != NULL && json_valid(a));
	free(a);
	a = read_text(sub1, "datapackage.json");
	CHECK(a != NULL && json_valid(a));
	free(a);
	a = read_text(sub1, "services.json");
	svc_uuid("service", "riverside-peer-support", id);
	CHECK_HAS(a, id);
	CHECK_HAS(a, "\"status\":\"temporarily closed\"");
	CHECK_HAS(a, "\"byday\":\"TU,FR\"");
	CHECK_HAS(a, "\"latitude\":51.501");
	CHECK_HAS(a, "\"minimum_age\":18");
	free(a);
	a = read_text(sub1, "services.csv");
	CHECK(a != NULL && strncmp(a, "id,organization_id,program_id,name,"
	    "alternate_name,description,url,email,status,", 45) == 0);
	CHECK_HAS(a, "\"Hillside Night Line; \"\"talk, text, or chat\"\"\"");
	free(a);
	for (i = 0; i < n; i++)
		value_free(v[i]);
	free(sub1);
	free(dir1);
	free(dir2);
}

TEST(hsds_json_empty)
{
	struct buf b = BUF_INIT;

	hsds_services_json(NULL, 0, NULL, &b);
	CHECK_STR(b.ptr, "[]\n");
	buf_release(&b);
}

TEST(jsonld_every_good_listing_is_json)
{
	struct value *v[16];
	struct buf b = BUF_INIT;
	size_t n = load_all_good(v, 16), i;

	for (i = 0; i < n; i++) {
		buf_reset(&b);
		svc_jsonld(v[i], NULL, &b);
		if (!json_valid(b.ptr))
			harness_fail(__FILE__, __LINE__, "not JSON: %s", b.ptr);
		value_free(v[i]);
	}
	CHECK(!json_valid("{\"a\":1}{\"b\":2}"));
	CHECK(!json_valid("[1,]"));
	CHECK(json_valid("{\"a\":[1,-0.5,\"x\\n\",true,null]}"));
	buf_release(&b);
}

/* Numbers as written ("051.50", "018") come out as JSON numbers. */
TEST(exports_canonical_numbers)
{
	static const char text[] = "name: N\ncategories: [youth]\n"
	    "summary: S.\norganization: {name: O}\nverified: 2026-05-01\n"
	    "ages: {min: \"018\"}\n"
	    "locations:\n  - geo: {lat: \"051.50\", lon: \"-000.10\"}\n";
	char *dir = harness_tmpdir(), *path = fs_join(dir, "n.yml");
	struct buf b = BUF_INIT;
	const struct value *arr[1];
	struct value *v;

	CHECK(fs_write(path, text, sizeof(text) - 1) == 0);
	harness_diag_capture();
	v = svc_load(path, "n.yml", &opts);
	CHECK(v != NULL);
	if (v != NULL) {
		svc_jsonld(v, NULL, &b);
		CHECK(json_valid(b.ptr));
		CHECK_HAS(b.ptr, "\"latitude\":51.5,\"longitude\":-0.1}");
		CHECK_HAS(b.ptr, "\"suggestedMinAge\":18}");
		buf_reset(&b);
		arr[0] = v;
		hsds_services_json(arr, 1, NULL, &b);
		CHECK(json_valid(b.ptr));
		CHECK_HAS(b.ptr, "\"minimum_age\":18,");
		CHECK_HAS(b.ptr, "\"latitude\":51.5,\"longitude\":-0.1");
	}
	value_free(v);
	buf_release(&b);
	free(path);
	free(dir);
}

/* svc_number_plain says yes exactly when "%.10g" would write s again. */
TEST(number_plain_matches_printf)
{
	static const char *const fixed[] = { "0", "-0", "1", "-1", "10",
	    "100", "0.5", "-0.5", "51.0264", "0.2098", "-000.10", "051.50",
	    "018", "1.", ".5", "1.50", "0.0", "0.0001", "0.00012",
	    "0.00001", "1234567890", "12345678901", "1000000000",
	    "10000000000", "123456.7891", "123456.78912", "1e3", "+1",
	    "0x10", "", "-", "1.2.3", "99.99999999", "0.000123456789",
	    "0.0001234567891", "9999999999", NULL };
	char want[64], s[32];
	unsigned seed = 7;
	size_t i, k, n;

	for (i = 0; fixed[i] != NULL; i++) {
		snprintf(want, sizeof(want), "%.10g", strtod(fixed[i], NULL));
		if (svc_number_plain(fixed[i]) &&
		    strcmp(want, fixed[i]) != 0)
			harness_fail(__FILE__, __LINE__, "'%s' is not plain "
			    "('%s')", fixed[i], want);
		if (!svc_number_plain(fixed[i]) &&
		    strcmp(want, fixed[i]) == 0)
			harness_fail(__FILE__, __LINE__, "'%s' is plain",
			    fixed[i]);
	}
	/* Random decimals from the characters that matter. */
	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % 14;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			s[k] = "0000123456789.-"[(seed >> 16) % 15];
		}
		s[n] = '\0';
		snprintf(want, sizeof(want), "%.10g", strtod(s, NULL));
		if (svc_number_plain(s) != (strcmp(want, s) == 0))
			harness_fail(__FILE__, __LINE__, "'%s': plain %d, "
			    "printf '%s'", s, svc_number_plain(s), want);
	}
	CHECK(svc_number_plain("51.0264"));
	CHECK(!svc_number_plain("051.50"));
}

/*
 * The build's way (a context with the site's categories, parts made in
 * any order, then written) gives the bytes hsds_write gives.
 */
TEST(hsds_parts_same_as_hsds_write)
{
	static const char *const files[] = { "services.json",
	    "organizations.csv", "services.csv", "taxonomy_terms.csv",
	    "attributes.csv", "taxonomies.csv", "accessibility.csv", NULL };
	static const char *const keys[] = { "youth", "crisis-support",
	    "peer-support", NULL };
	struct value *v[16], *cats = value_new(VALUE_LIST, NULL), *m;
	struct hsds_part *parts[16];
	struct hsds_ctx *x;
	char *dir1 = harness_tmpdir(), *dir2 = harness_tmpdir();
	size_t n, i;

	n = load_all_good(v, 16);
	CHECK(n >= 2);
	for (i = 0; keys[i] != NULL; i++) {
		m = value_list_push_take(cats, value_new(VALUE_MAP, NULL));
		value_map_set_str(m, "key", keys[i]);
	}
	CHECK(hsds_write((const struct value *const *)v, n, dir1,
	    "https://example.org/") == 0);
	x = hsds_ctx_new("https://example.org/", cats);
	for (i = 0; i < n; i++)
		parts[i] = hsds_part_new(x, v[n - 1 - i], i);
	CHECK(hsds_parts_write(x, parts, n, dir2, NULL) == 0);
	same_exports(dir1, dir2, files);
	for (i = 0; i < n; i++) {
		hsds_part_free(parts[i]);
		value_free(v[i]);
	}
	hsds_ctx_free(x);
	value_free(cats);
	free(dir1);
	free(dir2);
}
