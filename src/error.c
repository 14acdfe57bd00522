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

/* The first failure noted, and the first refusal (EACCES, EPERM): a
 * refusal matters less than running out of something. */
static struct noted {
	int code;
	char what[160];
} noted, refused;

void error_note(int code, const char *what)
{
	int saved = errno;
	struct noted *n = code == EACCES || code == EPERM ? &refused : &noted;

	if (n->code == 0 && code != 0 && code != ENOENT && code != ESRCH && code != ENOTDIR &&
	    code != ELOOP) {
		n->code = code;
		snprintf(n->what, sizeof(n->what), "%s", what);
	}
	errno = saved;
}

int error_noted(const char **what)
{
	const struct noted *n = noted.code != 0 ? &noted : &refused;

	*what = n->what;
	return n->code;
}

void error_note_clear(void)
{
	noted.code = refused.code = 0;
}
