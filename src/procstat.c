// SPDX-License-Identifier: MIT
/* procstat.c - fields of a /proc/PID/stat line: pure. */
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
