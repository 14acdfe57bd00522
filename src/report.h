/* SPDX-License-Identifier: MIT */
/* report.h - the one place nsps talks to the user on stderr. */
#ifndef NSPS_REPORT_H
#define NSPS_REPORT_H

#include <stdbool.h>

#include "error.h"

/* Whether report_step() prints; set from -v. */
extern bool report_verbose;

/* Make the calling process the owner of nsps's exit: report_die() and
 * report_failure() call exit() there and _exit() in every other process
 * (the command's child, which may share nsps's memory and stdio buffers
 * until its exec, and -A's run of each container). */
void report_init(void);

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
/* report_error(), then end with status: never returns. */
__attribute__((noreturn)) void report_die(int status, const char *fmt, ...) NSPS_PRINTF(2, 3);
/* "nsps: <what failed>: <why>", from e, then end with status. */
__attribute__((noreturn)) void report_failure(int status, const struct nsps_error *e);
/* A command line nsps cannot take: e's line, then util-linux's second
 * one, "Try 'nsps --help' for more information.", then end with status. */
__attribute__((noreturn)) void report_usage_failure(int status, const struct nsps_error *e);

#endif
