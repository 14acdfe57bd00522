// SPDX-License-Identifier: MIT
/* fuzz_escape.c - libFuzzer target: container text made safe to print.
 *
 * Whatever the bytes (a process name or command line from a container),
 * the output must hold no byte that can drive a terminal: no C0 control,
 * no DEL, no C1 control (raw or UTF-8 encoded), only valid UTF-8; it must
 * fit the buffer, be NUL-terminated, and the length returned must be its
 * length. The first byte picks the output size, so small ones are tried. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

/* The length of the valid, non-C1 UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	unsigned int cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t outlen, n;
	unsigned char *out;
	char *in;

	if (size == 0)
		return 0;
	outlen = (size_t)data[0] + 1;	/* 1 to 256 */
	in = malloc(size - 1 ? size - 1 : 1);
	out = malloc(outlen);
	if (in == NULL || out == NULL)
		abort();
	memcpy(in, data + 1, size - 1);
	n = escape_safe(in, size - 1, (char *)out, outlen);
	check(n < outlen && out[n] == '\0' && strlen((char *)out) == n);
	for (size_t i = 0; i < n;) {
		size_t k;

		check(out[i] >= 0x20 && out[i] != 0x7f);
		k = utf8_len(out + i, n - i);
		check(k != 0);
		i += k;
	}
	free(out);
	free(in);
	return 0;
}
