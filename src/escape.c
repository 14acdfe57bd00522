// SPDX-License-Identifier: MIT
/* escape.c - container-controlled text made safe for a terminal: pure. */
#include <stdbool.h>
#include <stdio.h>

#include "escape.h"

/* The length of the valid UTF-8 sequence at s (at most len bytes) for a
 * printable character, or 0: overlong forms, surrogates, values past
 * U+10FFFF and the C1 controls (U+0080..U+009F) are refused. */
static size_t utf8_printable(const unsigned char *s, size_t len)
{
	unsigned int cp;
	size_t n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fU;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fU;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07U;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fU);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

size_t escape_safe(const char *in, size_t len, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;

	if (outlen == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		bool plain = s[i] >= 0x20 && s[i] < 0x7f;

		if (s[i] == '\0') {
			if (o + 1 >= outlen)
				break;
			out[o++] = ' ';
		} else if (plain) {
			if (o + 1 >= outlen)
				break;
			out[o++] = (char)s[i];
		} else if (s[i] >= 0x80 && (n = utf8_printable(s + i, len - i)) > 0) {
			if (o + n >= outlen)
				break;
			for (size_t k = 0; k < n; k++)
				out[o++] = (char)s[i + k];
		} else {
			n = 1;
			if (o + 4 >= outlen)
				break;
			snprintf(out + o, 5, "\\x%02x", s[i]);
			o += 4;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}
