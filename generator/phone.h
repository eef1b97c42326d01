/* SPDX-License-Identifier: ISC */
/* Phone numbers as people write them, to E.164 and tel:/sms: links. */
#ifndef PHONE_H
#define PHONE_H

struct buf;

/* A country's ITU calling code and trunk (national) prefix. */
struct phone_country {
	const char	*alpha2;	/* ISO 3166-1 alpha-2, upper case */
	const char	*code;		/* calling code digits, "44" */
	const char	*trunk;		/* "0", "06", "1" (NANP), "" none */
};

/* A parsed number. */
struct phone {
	char	 e164[20];	/* "+442079460000", or a short code "116123" */
	char	 country[3];	/* whose rules applied; "" when unknown */
	int	 is_short;	/* a national short code of 3-6 digits */
};

/*
 * The table entry of an ISO 3166-1 alpha-2 code (upper case), or NULL.
 * Every assigned code with a telephone service is in the table.
 */
const struct phone_country *phone_country(const char *alpha2);

/*
 * Parse a number as written: international ("+44 20 7946 0000",
 * "+44 (0)20 ...", "0044 ..."), national with country's trunk prefix
 * ("020 7946 0000" with "GB"), or a national short code of 3-6 digits
 * ("116 123", with a country).  Spaces, '-', '.', '/' and brackets
 * separate digit groups.  country may be NULL or "".  On failure returns
 * -1 and appends a message (lower case, no full stop) to err when err is
 * not NULL; returns 0 on success.
 */
int	 phone_parse(const char *text, const char *country, struct phone *,
	    struct buf *err);

/* Append "tel:+44..." (or "sms:..." when sms is set) to out. */
void	 phone_href(const struct phone *, int sms, struct buf *out);

/*
 * 1 when the number lies in a range reserved for drama and fiction:
 * Ofcom's UK ranges (020 7946 0xxx, 0113-0118/0121/0131/0141/0151/0161
 * 496 0xxx, 0191 498 0xxx, 01632 960xxx, 07700 900xxx, 0808 157 0xxx,
 * 0909 879 0xxx, 03069 990xxx) and NANP 555-0100 to 555-0199.
 */
int	 phone_is_fictional(const struct phone *);

#endif
