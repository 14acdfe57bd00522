/* SPDX-License-Identifier: MIT */
/* report.h - the one place nsps talks to the user on stderr. */
#ifndef NSPS_REPORT_H
#define NSPS_REPORT_H

#include <stdbool.h>

#define NSPS_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Set in the child before its exec: report_die() ends it with _exit(),
 * which runs no exit handler and flushes no stdio buffer (a child that
 * shares nsps's memory shares them too). */
extern bool report_in_child;

/* Whether report_step() prints; set from -v. */
extern bool report_verbose;

/* "nsps: <message>" on stderr. */
void report_error(const char *fmt, ...) NSPS_PRINTF(1, 2);
/* "nsps: warning: <message>" on stderr. */
void report_warning(const char *fmt, ...) NSPS_PRINTF(1, 2);
/* "nsps: <message>" on stderr, only with -v. A macro, so that without -v
 * its arguments (inode lookups and the like) are not even computed. */
void report_step_(const char *fmt, ...) NSPS_PRINTF(1, 2);
#define report_step(...) \
	do { \
		if (report_verbose) \
			report_step_(__VA_ARGS__); \
	} while (0)
/* report_error(), then exit with status: never returns. */
__attribute__((noreturn)) void report_die(int status, const char *fmt, ...) NSPS_PRINTF(2, 3);

#endif
