/* SPDX-License-Identifier: ISC */
/* Tests of phone number parsing, the calling-code table and fiction ranges. */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "isodata.h"
#include "phone.h"

/* The E.164 form of text, or "ERR: message". */
static const char *
parse(const char *text, const char *country)
{
	static char out[512];
	struct buf err = BUF_INIT;
	struct phone ph;

	if (phone_parse(text, country, &ph, &err) == -1)
		snprintf(out, sizeof(out), "ERR: %s", err.ptr);
	else
		snprintf(out, sizeof(out), "%s%s", ph.e164,
		    ph.is_short ? " short" : "");
	buf_release(&err);
	return out;
}

TEST(phone_international)
{
	CHECK_STR(parse("+44 20 7946 0000", NULL), "+442079460000");
	CHECK_STR(parse("+44 (0)20 7946 0000", "FR"), "+442079460000");
	CHECK_STR(parse("+1 (212) 555-0142", NULL), "+12125550142");
	CHECK_STR(parse("+33 1 23 45 67 89", NULL), "+33123456789");
	CHECK_STR(parse("+39 06 1234 5678", NULL), "+390612345678");
	CHECK_STR(parse("+353 1 234 5678", NULL), "+35312345678");
	CHECK_STR(parse("0044 20 7946 0000", "DE"), "+442079460000");
	CHECK_STR(parse("011 44 20 7946 0000", "US"), "+442079460000");
}

TEST(phone_national)
{
	CHECK_STR(parse("020 7946 0000", "GB"), "+442079460000");
	CHECK_STR(parse("07700 900461", "GB"), "+447700900461");
	CHECK_STR(parse("030 1234567", "DE"), "+49301234567");
	CHECK_STR(parse("06 12345678", "NL"), "+31612345678");
	CHECK_STR(parse("91 123 45 67", "ES"), "+34911234567");
	CHECK_STR(parse("06 1234 5678", "IT"), "+390612345678");
	CHECK_STR(parse("22 123 45 67", "PL"), "+48221234567");
	CHECK_STR(parse("(212) 555-0142", "US"), "+12125550142");
	CHECK_STR(parse("1-212-555-0142", "CA"), "+12125550142");
	CHECK_STR(parse("02 9876 5432", "AU"), "+61298765432");
	CHECK_STR(parse("09 123 4567", "NZ"), "+6491234567");
	CHECK_STR(parse("022 1234 5678", "IN"), "+912212345678");
	CHECK_STR(parse("051 1234567", "PK"), "+92511234567");
	CHECK_STR(parse("01 234 5678", "IE"), "+35312345678");
	CHECK_STR(parse("06 1 234 5678", "HU"), "+3612345678");
}

TEST(phone_short_codes)
{
	CHECK_STR(parse("999", "GB"), "999 short");
	CHECK_STR(parse("111", "GB"), "111 short");
	CHECK_STR(parse("116 123", "GB"), "116123 short");
	CHECK_STR(parse("988", "US"), "988 short");
	CHECK_STR(parse("85258", "GB"), "85258 short");
}

TEST(phone_errors)
{
	CHECK_STR(parse("", "GB"), "ERR: phone number '' has no digits");
	CHECK_STR(parse("0800 HELP", "GB"),
	    "ERR: unexpected character 'H' in phone number '0800 HELP'");
	CHECK_STR(parse("020 7946 0000", NULL),
	    "ERR: phone number '020 7946 0000' has no country: write it "
	    "with + and the country code, or give a country");
	CHECK_STR(parse("999", NULL), "ERR: phone number '999' has no "
	    "country: write it with + and the country code, or give a "
	    "country");
	CHECK_STR(parse("+999 123 456", NULL), "ERR: unknown country "
	    "calling code in phone number '+999 123 456'");
	CHECK_STR(parse("+44 020 7946 0000", NULL), "ERR: phone number "
	    "'+44 020 7946 0000' keeps the national prefix '0' after +44: "
	    "leave it out");
	CHECK_STR(parse("2079460000", "GB"), "ERR: phone number "
	    "'2079460000' must start with the trunk prefix '0' in GB, or "
	    "with +44");
	CHECK_STR(parse("12", "GB"), "ERR: phone number '12' has too few "
	    "digits");
	CHECK_STR(parse("+44 1234 5678 9012 3456", NULL), "ERR: phone "
	    "number '+44 1234 5678 9012 3456' has more than 15 digits");
	CHECK_STR(parse("555 0142 12", "US"), "ERR: phone number "
	    "'555 0142 12' does not have the 10 digits of a North American "
	    "number");
	CHECK_STR(parse("020 7946 0000", "UK"), "ERR: unknown country 'UK' "
	    "for phone number '020 7946 0000'");
}

TEST(phone_href)
{
	struct phone ph;
	struct buf b = BUF_INIT;

	CHECK(phone_parse("020 7946 0000", "GB", &ph, NULL) == 0);
	phone_href(&ph, 0, &b);
	CHECK_STR(b.ptr, "tel:+442079460000");
	buf_reset(&b);
	CHECK(phone_parse("116 123", "GB", &ph, NULL) == 0);
	phone_href(&ph, 1, &b);
	CHECK_STR(b.ptr, "sms:116123");
	buf_release(&b);
}

static int
fictional(const char *text, const char *country)
{
	struct phone ph;

	if (phone_parse(text, country, &ph, NULL) == -1)
		return -1;
	return phone_is_fictional(&ph);
}

TEST(phone_fictional_ranges)
{
	CHECK_INT(fictional("020 7946 0991", "GB"), 1);
	CHECK_INT(fictional("020 7946 1000", "GB"), 0);
	CHECK_INT(fictional("0113 496 0123", "GB"), 1);
	CHECK_INT(fictional("0161 496 0999", "GB"), 1);
	CHECK_INT(fictional("0191 498 0000", "GB"), 1);
	CHECK_INT(fictional("0191 496 0000", "GB"), 0);
	CHECK_INT(fictional("01632 960123", "GB"), 1);
	CHECK_INT(fictional("07700 900461", "GB"), 1);
	CHECK_INT(fictional("07700 901461", "GB"), 0);
	CHECK_INT(fictional("0808 157 0123", "GB"), 1);
	CHECK_INT(fictional("0909 879 0123", "GB"), 1);
	CHECK_INT(fictional("03069 990123", "GB"), 1);
	CHECK_INT(fictional("+1 212 555 0100", NULL), 1);
	CHECK_INT(fictional("(416) 555-0199", "CA"), 1);
	CHECK_INT(fictional("+1 212 555 0200", NULL), 0);
	CHECK_INT(fictional("116 123", "GB"), 0);
}

TEST(phone_table_matches_iso)
{
	const char *gb = "GB";

	CHECK_STR(phone_country(gb)->code, "44");
	CHECK_STR(phone_country("ES")->trunk, "");
	CHECK_STR(phone_country("US")->trunk, "1");
	CHECK(phone_country("UK") == NULL);
	CHECK(phone_country("gb") == NULL);
	CHECK(isodata_country_valid("GB"));
	CHECK(!isodata_country_valid("UK"));
}

/* Every ISO 3166-1 country has a calling code, and nothing else does. */
TEST(phone_table_covers_iso)
{
	char cc[3];
	int a, b, missing = 0;

	cc[2] = '\0';
	for (a = 'A'; a <= 'Z'; a++)
		for (b = 'A'; b <= 'Z'; b++) {
			cc[0] = (char)a;
			cc[1] = (char)b;
			if (isodata_country_valid(cc) !=
			    (phone_country(cc) != NULL)) {
				harness_fail(__FILE__, __LINE__, "%s", cc);
				missing++;
			}
		}
	CHECK_INT(missing, 0);
}
