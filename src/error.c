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

void error_message(const struct nsps_error *e, char *out, size_t len)
{
	if (e->code > 0)
		snprintf(out, len, "%s: %s", e->text, strerror(e->code));
	else
		snprintf(out, len, "%s", e->text);
}
