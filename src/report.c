// SPDX-License-Identifier: MIT
/* report.c - the one place nsps talks to the user on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "escape.h"
#include "report.h"

bool report_verbose;
static pid_t owner;

void report_init(void)
{
	owner = getpid();
}

/*
 * One write(2) per line, so lines from parent and child never interleave.
 * Messages quote what users and containers gave (arguments, paths, names):
 * whatever bytes those hold, the line stays one line and no byte in it can
 * drive a terminal (escape.c).
 */
static void say(const char *prefix, const char *fmt, va_list ap)
{
	char text[1024], line[1024];
	int m = vsnprintf(text, sizeof(text), fmt, ap);
	int n = snprintf(line, sizeof(line), "nsps: %s", prefix);

	if (m < 0 || n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	if ((size_t)m >= sizeof(text))
		m = sizeof(text) - 1;
	n += (int)escape_safe(text, (size_t)m, line + n, sizeof(line) - (size_t)n - 1);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;	/* nothing better to do: stderr is gone */
}

void report_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void report_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

void report_step_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

/* End with status: exit() in the owner, _exit() elsewhere (getpid() is a
 * system call in glibc, not a cached value: right in a vfork child). */
__attribute__((noreturn)) static void end(int status)
{
	if (getpid() != owner)
		_exit(status);
	exit(status);
}

void report_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
	end(status);
}

void report_failure(int status, const struct nsps_error *e)
{
	char message[768];

	error_message(e, message, sizeof(message));
	report_die(status, "%s", message);
}

void report_usage_failure(int status, const struct nsps_error *e)
{
	char message[768];

	error_message(e, message, sizeof(message));
	report_error("%s", message);
	fputs("Try 'nsps --help' for more information.\n", stderr);
	end(status);
}
