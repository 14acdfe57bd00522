// SPDX-License-Identifier: MIT
/* procstat.c - fields of /proc/PID/stat, status and uid_map texts: pure. */
#include <string.h>

#include "procstat.h"

bool procstat_start_time(const char *text, size_t len, unsigned long long *start)
{
	const char *p = NULL, *end = text + len;
	unsigned long long v = 0;
	int field = 2;	/* the ')' ends field 2, the command name */

	for (const char *q = text; q < end; q++)
		if (*q == ')')
			p = q;
	if (p == NULL)
		return false;
	for (p++; p < end && field < 22; p++)
		if (*p == ' ' && p + 1 < end && p[1] != ' ')
			field++;
	if (field != 22 || p >= end || *p < '0' || *p > '9')
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	/* field 22 is never the last: a number cut by the end is no number */
	if (p >= end || (*p != ' ' && *p != '\n'))
		return false;
	*start = v;
	return true;
}

/* A decimal number at *p (before end), up to 32 bits; *p moves past it. */
static bool number(const char **p, const char *end, unsigned long *v)
{
	unsigned long n = 0;
	const char *q = *p;

	if (q >= end || *q < '0' || *q > '9')
		return false;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		n = n * 10 + (unsigned long)(*q - '0');
		if (n > 0xffffffffUL)
			return false;
	}
	*p = q;
	*v = n;
	return true;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool procstat_status_id(const char *text, size_t len, const char *key, unsigned long *id)
{
	const char *end = text + len, *line = text;
	size_t k = strlen(key);

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end, *p = line + k;
		unsigned long real, eff;

		if ((size_t)(eol - line) > k && memcmp(line, key, k) == 0) {
			p = skip_blanks(p, eol);
			if (!number(&p, eol, &real))
				return false;
			p = skip_blanks(p, eol);
			if (!number(&p, eol, &eff))
				return false;
			*id = eff;
			return true;
		}
		line = eol + 1;
	}
	return false;
}

bool procstat_map_inside(const char *text, size_t len, unsigned long outside,
			 unsigned long *inside)
{
	const char *end = text + len, *line = text;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end, *p = skip_blanks(line, eol);
		unsigned long in, out, count;

		if (number(&p, eol, &in) && (p = skip_blanks(p, eol), number(&p, eol, &out)) &&
		    (p = skip_blanks(p, eol), number(&p, eol, &count)) && outside >= out &&
		    outside - out < count) {
			*inside = in + (outside - out);
			return *inside <= 0xffffffffUL;
		}
		line = eol + 1;
	}
	return false;
}
