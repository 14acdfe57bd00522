// SPDX-License-Identifier: MIT
/* conf.c - string values from the TOML files of podman and containers/storage: pure. */
#include <string.h>

#include "conf.h"

/* [p, end): skip spaces and tabs. */
static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* If [p, end) starts with word and then a blank, term or the end: what
 * follows the word; else NULL. */
static const char *match(const char *p, const char *end, const char *word, char term)
{
	size_t n = strlen(word);

	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	p += n;
	if (p < end && *p != term && *p != ' ' && *p != '\t')
		return NULL;
	return p;
}

/* The string at p (a quote), up to end of line: into out. */
static bool string_value(const char *p, const char *end, char *out, size_t outlen)
{
	char quote = *p++;
	size_t n = 0;

	for (; p < end; p++) {
		char c = *p;

		if (c == quote) {
			out[n] = '\0';
			return true;
		}
		if (c == '\0')
			break;
		if (quote == '"' && c == '\\') {
			if (++p == end || (*p != '"' && *p != '\\'))
				break;	/* other escapes: not what these files hold */
			c = *p;
		}
		if (n + 1 >= outlen)
			break;
		out[n++] = c;
	}
	out[0] = '\0';
	return false;
}

bool conf_toml_string(const char *text, size_t len, const char *section, const char *key,
		      char *out, size_t outlen)
{
	const char *p = text, *end = text + len;
	bool in_section = false;

	if (outlen == 0)
		return false;
	out[0] = '\0';
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q;

		if (eol == NULL)
			eol = end;
		q = skip_blank(p, eol);
		if (q < eol && *q == '[') {
			q = match(skip_blank(q + 1, eol), eol, section, ']');
			if (q != NULL)
				q = skip_blank(q, eol);
			in_section = q != NULL && q < eol && *q == ']';
		} else if (in_section && (q = match(q, eol, key, '=')) != NULL) {
			q = skip_blank(q, eol);
			if (q < eol && *q == '=') {
				q = skip_blank(q + 1, eol);
				return q < eol && (*q == '"' || *q == '\'') &&
				       string_value(q, eol, out, outlen);
			}
		}
		p = eol + (eol < end);
	}
	return false;
}
