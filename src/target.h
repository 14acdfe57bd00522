/* SPDX-License-Identifier: MIT */
/* target.h - a live, race-free handle on the target process. */
#ifndef NSPS_TARGET_H
#define NSPS_TARGET_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

struct nsps_target {
	pid_t pid;	/* as the host sees it */
	int pidfd;	/* pins the process: the PID cannot be recycled under us */
	int procfd;	/* without pidfd_open() (before Linux 5.3), /proc/PID pins
			 * it instead: lookups under it fail once the process is
			 * gone, whoever gets its PID; -1 when pidfd is used */
	int proc;	/* the procfs nsps started with (the host's), opened
			 * before the view exists: the view's /proc is the
			 * target's, and none is there while the view is built */
};

/* Pin pid: a pidfd, or where the kernel has none (ENOSYS), its /proc
 * directory; and keep the host's procfs at hand. Returns 0 or -errno
 * (-ESRCH: no such process), e saying what failed. */
int target_open(struct nsps_target *t, pid_t pid, struct nsps_error *e);

/* Open PATH (e.g. "self/ns/mnt") of the host's procfs, with flags. Returns
 * an fd or -1 with errno. */
int target_open_proc(const struct nsps_target *t, const char *path, int flags);

/* Open namespace file ns/NAME of the pinned process. Returns an fd, or
 * -errno (-ESRCH: the process is gone). */
int target_open_ns(const struct nsps_target *t, const char *name);

/* Whether the target still runs (a zombie counts as gone). */
bool target_alive(const struct nsps_target *t);

/* Whether the target ends within timeout_ms. */
bool target_ends_within(const struct nsps_target *t, int timeout_ms);

#endif
