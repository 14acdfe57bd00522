// SPDX-License-Identifier: MIT
/* error.c - what failed and why: the one error convention of nsps (pure). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int error_set(struct nsps_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	e->code = code;
	return code > 0 ? -code : -EIO;
}

void error_prefix(struct nsps_error *e, const char *fmt, ...)
{
	char before[sizeof(e->text)];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(before, sizeof(before), fmt, ap);
	va_end(ap);
	n = strlen(before);
	if (n >= sizeof(e->text) - 1)
		return;
	memmove(e->text + n, e->text, sizeof(e->text) - n - 1);
	memcpy(e->text, before, n);
	e->text[sizeof(e->text) - 1] = '\0';
}

bool error_is_set(const struct nsps_error *e)
{
	return e->text[0] != '\0';
}

void error_message(const struct nsps_error *e, char *out, size_t len)
{
	if (e->code > 0)
		snprintf(out, len, "%s: %s", e->text, strerror(e->code));
	else
		snprintf(out, len, "%s", e->text);
}
