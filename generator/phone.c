/* SPDX-License-Identifier: ISC */
/* Phone numbers as people write them: international, national, short codes. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "phone.h"

/*
 * ITU-T E.164 calling codes and national (trunk) prefixes by ISO 3166-1
 * alpha-2 code, sorted for bsearch.  Shared codes (+1, +7, +44, ...) appear
 * under each country; the NANP's "1" is its long-distance prefix.
 */
static const struct phone_country countries[] = {
	{ "AD", "376", "" },
	{ "AE", "971", "0" },
	{ "AF", "93", "0" },
	{ "AG", "1", "1" },
	{ "AI", "1", "1" },
	{ "AL", "355", "0" },
	{ "AM", "374", "0" },
	{ "AO", "244", "" },
	{ "AQ", "672", "" },
	{ "AR", "54", "0" },
	{ "AS", "1", "1" },
	{ "AT", "43", "0" },
	{ "AU", "61", "0" },
	{ "AW", "297", "" },
	{ "AX", "358", "0" },
	{ "AZ", "994", "0" },
	{ "BA", "387", "0" },
	{ "BB", "1", "1" },
	{ "BD", "880", "0" },
	{ "BE", "32", "0" },
	{ "BF", "226", "" },
	{ "BG", "359", "0" },
	{ "BH", "973", "" },
	{ "BI", "257", "" },
	{ "BJ", "229", "" },
	{ "BL", "590", "0" },
	{ "BM", "1", "1" },
	{ "BN", "673", "" },
	{ "BO", "591", "0" },
	{ "BQ", "599", "" },
	{ "BR", "55", "0" },
	{ "BS", "1", "1" },
	{ "BT", "975", "" },
	{ "BV", "47", "" },
	{ "BW", "267", "" },
	{ "BY", "375", "8" },
	{ "BZ", "501", "" },
	{ "CA", "1", "1" },
	{ "CC", "61", "0" },
	{ "CD", "243", "0" },
	{ "CF", "236", "" },
	{ "CG", "242", "" },
	{ "CH", "41", "0" },
	{ "CI", "225", "" },
	{ "CK", "682", "" },
	{ "CL", "56", "" },
	{ "CM", "237", "" },
	{ "CN", "86", "0" },
	{ "CO", "57", "" },
	{ "CR", "506", "" },
	{ "CU", "53", "0" },
	{ "CV", "238", "" },
	{ "CW", "599", "" },
	{ "CX", "61", "0" },
	{ "CY", "357", "" },
	{ "CZ", "420", "" },
	{ "DE", "49", "0" },
	{ "DJ", "253", "" },
	{ "DK", "45", "" },
	{ "DM", "1", "1" },
	{ "DO", "1", "1" },
	{ "DZ", "213", "0" },
	{ "EC", "593", "0" },
	{ "EE", "372", "" },
	{ "EG", "20", "0" },
	{ "EH", "212", "0" },
	{ "ER", "291", "0" },
	{ "ES", "34", "" },
	{ "ET", "251", "0" },
	{ "FI", "358", "0" },
	{ "FJ", "679", "" },
	{ "FK", "500", "" },
	{ "FM", "691", "" },
	{ "FO", "298", "" },
	{ "FR", "33", "0" },
	{ "GA", "241", "" },
	{ "GB", "44", "0" },
	{ "GD", "1", "1" },
	{ "GE", "995", "0" },
	{ "GF", "594", "0" },
	{ "GG", "44", "0" },
	{ "GH", "233", "0" },
	{ "GI", "350", "" },
	{ "GL", "299", "" },
	{ "GM", "220", "" },
	{ "GN", "224", "" },
	{ "GP", "590", "0" },
	{ "GQ", "240", "" },
	{ "GR", "30", "" },
	{ "GS", "500", "" },
	{ "GT", "502", "" },
	{ "GU", "1", "1" },
	{ "GW", "245", "" },
	{ "GY", "592", "" },
	{ "HK", "852", "" },
	{ "HM", "672", "" },
	{ "HN", "504", "" },
	{ "HR", "385", "0" },
	{ "HT", "509", "" },
	{ "HU", "36", "06" },
	{ "ID", "62", "0" },
	{ "IE", "353", "0" },
	{ "IL", "972", "0" },
	{ "IM", "44", "0" },
	{ "IN", "91", "0" },
	{ "IO", "246", "" },
	{ "IQ", "964", "0" },
	{ "IR", "98", "0" },
	{ "IS", "354", "" },
	{ "IT", "39", "" },
	{ "JE", "44", "0" },
	{ "JM", "1", "1" },
	{ "JO", "962", "0" },
	{ "JP", "81", "0" },
	{ "KE", "254", "0" },
	{ "KG", "996", "0" },
	{ "KH", "855", "0" },
	{ "KI", "686", "" },
	{ "KM", "269", "" },
	{ "KN", "1", "1" },
	{ "KP", "850", "0" },
	{ "KR", "82", "0" },
	{ "KW", "965", "" },
	{ "KY", "1", "1" },
	{ "KZ", "7", "8" },
	{ "LA", "856", "0" },
	{ "LB", "961", "0" },
	{ "LC", "1", "1" },
	{ "LI", "423", "" },
	{ "LK", "94", "0" },
	{ "LR", "231", "0" },
	{ "LS", "266", "" },
	{ "LT", "370", "8" },
	{ "LU", "352", "" },
	{ "LV", "371", "" },
	{ "LY", "218", "0" },
	{ "MA", "212", "0" },
	{ "MC", "377", "" },
	{ "MD", "373", "0" },
	{ "ME", "382", "0" },
	{ "MF", "590", "0" },
	{ "MG", "261", "0" },
	{ "MH", "692", "" },
	{ "MK", "389", "0" },
	{ "ML", "223", "" },
	{ "MM", "95", "0" },
	{ "MN", "976", "0" },
	{ "MO", "853", "" },
	{ "MP", "1", "1" },
	{ "MQ", "596", "0" },
	{ "MR", "222", "" },
	{ "MS", "1", "1" },
	{ "MT", "356", "" },
	{ "MU", "230", "" },
	{ "MV", "960", "" },
	{ "MW", "265", "0" },
	{ "MX", "52", "" },
	{ "MY", "60", "0" },
	{ "MZ", "258", "" },
	{ "NA", "264", "0" },
	{ "NC", "687", "" },
	{ "NE", "227", "" },
	{ "NF", "672", "" },
	{ "NG", "234", "0" },
	{ "NI", "505", "" },
	{ "NL", "31", "0" },
	{ "NO", "47", "" },
	{ "NP", "977", "0" },
	{ "NR", "674", "" },
	{ "NU", "683", "" },
	{ "NZ", "64", "0" },
	{ "OM", "968", "" },
	{ "PA", "507", "" },
	{ "PE", "51", "0" },
	{ "PF", "689", "" },
	{ "PG", "675", "" },
	{ "PH", "63", "0" },
	{ "PK", "92", "0" },
	{ "PL", "48", "" },
	{ "PM", "508", "0" },
	{ "PN", "64", "" },
	{ "PR", "1", "1" },
	{ "PS", "970", "0" },
	{ "PT", "351", "" },
	{ "PW", "680", "" },
	{ "PY", "595", "0" },
	{ "QA", "974", "" },
	{ "RE", "262", "0" },
	{ "RO", "40", "0" },
	{ "RS", "381", "0" },
	{ "RU", "7", "8" },
	{ "RW", "250", "" },
	{ "SA", "966", "0" },
	{ "SB", "677", "" },
	{ "SC", "248", "" },
	{ "SD", "249", "0" },
	{ "SE", "46", "0" },
	{ "SG", "65", "" },
	{ "SH", "290", "" },
	{ "SI", "386", "0" },
	{ "SJ", "47", "" },
	{ "SK", "421", "0" },
	{ "SL", "232", "0" },
	{ "SM", "378", "" },
	{ "SN", "221", "" },
	{ "SO", "252", "0" },
	{ "SR", "597", "" },
	{ "SS", "211", "0" },
	{ "ST", "239", "" },
	{ "SV", "503", "" },
	{ "SX", "1", "1" },
	{ "SY", "963", "0" },
	{ "SZ", "268", "" },
	{ "TC", "1", "1" },
	{ "TD", "235", "" },
	{ "TF", "262", "" },
	{ "TG", "228", "" },
	{ "TH", "66", "0" },
	{ "TJ", "992", "8" },
	{ "TK", "690", "" },
	{ "TL", "670", "" },
	{ "TM", "993", "8" },
	{ "TN", "216", "" },
	{ "TO", "676", "" },
	{ "TR", "90", "0" },
	{ "TT", "1", "1" },
	{ "TV", "688", "" },
	{ "TW", "886", "0" },
	{ "TZ", "255", "0" },
	{ "UA", "380", "0" },
	{ "UG", "256", "0" },
	{ "UM", "1", "1" },
	{ "US", "1", "1" },
	{ "UY", "598", "0" },
	{ "UZ", "998", "8" },
	{ "VA", "39", "" },
	{ "VC", "1", "1" },
	{ "VE", "58", "0" },
	{ "VG", "1", "1" },
	{ "VI", "1", "1" },
	{ "VN", "84", "0" },
	{ "VU", "678", "" },
	{ "WF", "681", "" },
	{ "WS", "685", "" },
	{ "YE", "967", "0" },
	{ "YT", "262", "0" },
	{ "ZA", "27", "0" },
	{ "ZM", "260", "0" },
	{ "ZW", "263", "0" },
};

#define NCOUNTRIES (sizeof(countries) / sizeof(countries[0]))
#define MAX_DIGITS 15

/* Ofcom's drama ranges as E.164 prefixes; each is followed by 3 digits. */
static const char *const fiction_gb[] = {
	"+442079460", "+441134960", "+441144960", "+441154960",
	"+441164960", "+441174960", "+441184960", "+441214960",
	"+441314960", "+441414960", "+441514960", "+441614960",
	"+441914980", "+441632960", "+447700900", "+448081570",
	"+449098790", "+443069990"
};

static int
cmp_country(const void *key, const void *elem)
{
	const struct phone_country *c = elem;

	return strcmp(key, c->alpha2);
}

const struct phone_country *
phone_country(const char *alpha2)
{
	if (alpha2 == NULL || strlen(alpha2) != 2)
		return NULL;
	return bsearch(alpha2, countries, NCOUNTRIES, sizeof(countries[0]),
	    cmp_country);
}

/* The first country whose calling code starts digits; ITU codes are
 * prefix-free, and the table's first entry is good enough for "+1". */
static const struct phone_country *
country_by_code(const char *digits)
{
	static const char *const primary[] = { "US", "RU", "GB", "AU",
	    "NO", "IT", "FI", "GP", "RE", "CW", "NF", "MA", "FK", "NZ" };
	const struct phone_country *c;
	size_t i, len;

	for (len = 1; len <= 3; len++) {
		for (i = 0; i < sizeof(primary) / sizeof(primary[0]); i++) {
			c = phone_country(primary[i]);
			if (strlen(c->code) == len &&
			    strncmp(digits, c->code, len) == 0)
				return c;
		}
		for (i = 0; i < NCOUNTRIES; i++)
			if (strlen(countries[i].code) == len &&
			    strncmp(digits, countries[i].code, len) == 0)
				return &countries[i];
	}
	return NULL;
}

/*
 * Collect the digits of text into d (at most MAX_DIGITS + 4 of them),
 * noting a leading '+' and dropping a "(0)" written after it.
 */
static int
collect(const char *text, char *d, size_t dsz, int *plus, struct buf *err)
{
	const char *p = text;
	size_t n = 0;

	*plus = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+') {
		*plus = 1;
		p++;
	}
	for (; *p != '\0'; p++) {
		if (*plus && strncmp(p, "(0)", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= dsz) {
				if (err)
					buf_printf(err, "phone number '%s' "
					    "has more than %d digits", text,
					    MAX_DIGITS);
				return -1;
			}
			d[n++] = *p;
		} else if (strchr(" \t-./()", *p) == NULL) {
			if (err)
				buf_printf(err, "unexpected character '%c' in "
				    "phone number '%s'", *p, text);
			return -1;
		}
	}
	d[n] = '\0';
	if (n == 0 && err)
		buf_printf(err, "phone number '%s' has no digits", text);
	return n == 0 ? -1 : 0;
}

/* Build +<code><nsn> after checking the length of the national number. */
static int
make_e164(const struct phone_country *c, const char *nsn, const char *text,
    struct phone *ph, struct buf *err)
{
	size_t total = strlen(c->code) + strlen(nsn);

	if (strcmp(c->code, "1") == 0 && strlen(nsn) != 10) {
		if (err)
			buf_printf(err, "phone number '%s' does not have the "
			    "10 digits of a North American number", text);
		return -1;
	}
	if (strlen(nsn) < 4 || total < 7) {
		if (err)
			buf_printf(err, "phone number '%s' has too few digits",
			    text);
		return -1;
	}
	if (total > MAX_DIGITS) {
		if (err)
			buf_printf(err, "phone number '%s' has more than %d "
			    "digits", text, MAX_DIGITS);
		return -1;
	}
	ph->e164[0] = '+';
	strcpy(ph->e164 + 1, c->code);
	strcat(ph->e164, nsn);
	memcpy(ph->country, c->alpha2, 3);
	return 0;
}

static int
parse_international(const char *digits, const char *text, struct phone *ph,
    struct buf *err)
{
	const struct phone_country *c = country_by_code(digits);
	const char *nsn;

	if (c == NULL) {
		if (err)
			buf_printf(err, "unknown country calling code in "
			    "phone number '%s'", text);
		return -1;
	}
	nsn = digits + strlen(c->code);
	if (*nsn == '0' && strcmp(c->trunk, "0") == 0) {
		if (err)
			buf_printf(err, "phone number '%s' keeps the national "
			    "prefix '0' after +%s: leave it out", text,
			    c->code);
		return -1;
	}
	return make_e164(c, nsn, text, ph, err);
}

/* A national number: drop the trunk prefix or insist on it. */
static int
parse_national(const char *digits, const struct phone_country *c,
    const char *text, struct phone *ph, struct buf *err)
{
	size_t tl = strlen(c->trunk);
	int nanp = strcmp(c->code, "1") == 0;

	if (nanp && strncmp(digits, "011", 3) == 0)
		return parse_international(digits + 3, text, ph, err);
	if (!nanp && strncmp(digits, "00", 2) == 0 && strcmp(c->trunk, "00"))
		return parse_international(digits + 2, text, ph, err);
	if (nanp) {
		if (strlen(digits) == 11 && digits[0] == '1')
			digits++;
		return make_e164(c, digits, text, ph, err);
	}
	if (tl > 0) {
		if (strncmp(digits, c->trunk, tl) != 0) {
			if (err)
				buf_printf(err, "phone number '%s' must start "
				    "with the trunk prefix '%s' in %s, or with "
				    "+%s", text, c->trunk, c->alpha2, c->code);
			return -1;
		}
		digits += tl;
	}
	return make_e164(c, digits, text, ph, err);
}

int
phone_parse(const char *text, const char *country, struct phone *ph,
    struct buf *err)
{
	const struct phone_country *c = NULL;
	char digits[MAX_DIGITS + 5];
	int plus;

	memset(ph, 0, sizeof(*ph));
	if (collect(text, digits, sizeof(digits), &plus, err) == -1)
		return -1;
	if (plus)
		return parse_international(digits, text, ph, err);
	if (country != NULL && *country != '\0' &&
	    (c = phone_country(country)) == NULL) {
		if (err)
			buf_printf(err, "unknown country '%s' for phone "
			    "number '%s'", country, text);
		return -1;
	}
	if (c == NULL) {
		if (err)
			buf_printf(err, "phone number '%s' has no country: "
			    "write it with + and the country code, or give a "
			    "country", text);
		return -1;
	}
	if (strlen(digits) <= 6) {
		if (strlen(digits) < 3) {
			if (err)
				buf_printf(err, "phone number '%s' has too few "
				    "digits", text);
			return -1;
		}
		strcpy(ph->e164, digits);
		memcpy(ph->country, c->alpha2, 3);
		ph->is_short = 1;
		return 0;
	}
	return parse_national(digits, c, text, ph, err);
}

void
phone_href(const struct phone *ph, int sms, struct buf *out)
{
	buf_puts(out, sms ? "sms:" : "tel:");
	buf_puts(out, ph->e164);
}

int
phone_is_fictional(const struct phone *ph)
{
	const char *e = ph->e164;
	size_t i;

	if (ph->is_short)
		return 0;
	for (i = 0; i < sizeof(fiction_gb) / sizeof(fiction_gb[0]); i++)
		if (strncmp(e, fiction_gb[i], 10) == 0 && strlen(e) == 13)
			return 1;
	return strncmp(e, "+1", 2) == 0 && strlen(e) == 12 &&
	    strncmp(e + 5, "55501", 5) == 0;
}
