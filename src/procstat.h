/* SPDX-License-Identifier: MIT */
/* procstat.h - fields of /proc/PID/stat, status and uid_map texts: pure. */
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

/*
 * The effective id, the second of the four, on the line of a
 * /proc/PID/status text (len bytes) that starts with key: "Uid:" or
 * "Gid:". Returns false when there is no such line or number.
 */
bool procstat_status_id(const char *text, size_t len, const char *key, unsigned long *id);

/*
 * The id inside a user namespace that its parent's id outside maps to,
 * from the namespace's uid_map or gid_map text ("inside outside count"
 * lines). Returns false when no line maps it.
 */
bool procstat_map_inside(const char *text, size_t len, unsigned long outside,
			 unsigned long *inside);

#endif
