/* SPDX-License-Identifier: MIT */
/* mounts.h - a private mount namespace with a fresh /proc (and /sys). */
#ifndef NSPS_MOUNTS_H
#define NSPS_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "target.h"

/*
 * Each function returns 0 or -errno; where a message buffer is passed, a
 * failure also leaves there the object that failed and why, as libmount
 * puts it, for the caller to report.
 */

/* Leave the host's mount namespace for a copy of our own. */
int mounts_unshare(void);

/* Make every mount of our copy private, recursively: from here on nothing
 * we mount or unmount can propagate back to the host. */
int mounts_make_private(void);

/* Make every mount of our copy read-only, recursively. */
int mounts_make_readonly(char *why, size_t len);

/* Put a procfs of our PID namespace on /proc: the target's own when
 * the kernel proves it fit, else a fresh one. With readonly, cover
 * /proc/sys and /proc/sysrq-trigger with read-only binds. */
int mounts_target_proc(const struct nsps_target *t, bool readonly, char *why, size_t len);

/* Mount a fresh sysfs of our network namespace on /sys. */
int mounts_fresh_sys(bool readonly, char *why, size_t len);

/* Mount a fresh mqueue filesystem of our IPC namespace on /dev/mqueue,
 * if the host has that directory (nothing is created on the host). */
int mounts_fresh_mqueue(bool readonly, char *why, size_t len);

#endif
