/* SPDX-License-Identifier: MIT */
/* procstat.h - fields of a /proc/PID/stat line: pure. */
#ifndef NSPS_PROCSTAT_H
#define NSPS_PROCSTAT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The start time (field 22, clock ticks since boot) from the len bytes of
 * a /proc/PID/stat line. The command name before it is the process's own
 * to choose, spaces and parentheses included: the fields are counted from
 * the last ')'. Returns false when the line has no such field.
 */
bool procstat_start_time(const char *text, size_t len, unsigned long long *start);

#endif
