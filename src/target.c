// SPDX-License-Identifier: MIT
/* target.c - a live, race-free handle on the target process. */
#include <errno.h>
#include <poll.h>
#include <sys/pidfd.h>

#include "target.h"

int target_open(struct nsps_target *t, pid_t pid)
{
	/* A pidfd refers to this very process for its whole life; every later
	 * step goes through it (or is checked against it), so a PID that is
	 * recycled between the user's look-up and our join is never entered.
	 * pidfds are always close-on-exec. */
	int fd = pidfd_open(pid, 0);

	if (fd < 0)
		return -errno;
	t->pid = pid;
	t->pidfd = fd;
	return 0;
}

bool target_ends_within(const struct nsps_target *t, int timeout_ms)
{
	/* A pidfd polls readable once its process has exited. */
	struct pollfd p = { .fd = t->pidfd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) > 0;
}

bool target_alive(const struct nsps_target *t)
{
	return !target_ends_within(t, 0);
}
