/* SPDX-License-Identifier: MIT */
/* target.h - a live, race-free handle on the target process. */
#ifndef NSPS_TARGET_H
#define NSPS_TARGET_H

#include <stdbool.h>
#include <sys/types.h>

struct nsps_target {
	pid_t pid;	/* as the host sees it */
	int pidfd;	/* pins the process: the PID cannot be recycled under us */
};

/* Open a pidfd on pid. Returns 0 or -errno (-ESRCH: no such process). */
int target_open(struct nsps_target *t, pid_t pid);

/* Whether the target still runs (a zombie counts as gone). */
bool target_alive(const struct nsps_target *t);

/* Whether the target ends within timeout_ms. */
bool target_ends_within(const struct nsps_target *t, int timeout_ms);

#endif
