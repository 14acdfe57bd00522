// SPDX-License-Identifier: MIT
/* target.c - a live, race-free handle on the target process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <time.h>
#include <unistd.h>

#include "target.h"

int target_open(struct nsps_target *t, pid_t pid, struct nsps_error *e)
{
	/* A pidfd refers to this very process for its whole life; every later
	 * step goes through it (or is checked against it), so a PID that is
	 * recycled between the user's look-up and our join is never entered.
	 * pidfds are always close-on-exec. */
	int fd;
	char path[32];

	t->pid = pid;
	t->pidfd = -1;
	t->procfd = -1;
	t->proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->proc < 0)
		return error_set(e, errno, "cannot open /proc");
	if ((fd = pidfd_open(pid, 0)) >= 0) {
		t->pidfd = fd;
		return 0;
	}
	if (errno == ESRCH) {
		error_set(e, 0, "target %d: no such process", (int)pid);
		return -ESRCH;
	}
	if (errno != ENOSYS)
		return error_set(e, errno, "target %d: cannot open a pidfd", (int)pid);
	/* Kernels before 5.3 (and valgrind 3.19, which does not know the
	 * call): a /proc/PID directory refers to the process it was opened
	 * for, as a pidfd does; once that one is gone, every look-up under it
	 * fails, even if another process has its PID by then. */
	snprintf(path, sizeof(path), "%d", (int)pid);
	t->procfd = openat(t->proc, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->procfd >= 0)
		return 0;
	if (errno == ENOENT) {
		error_set(e, 0, "target %d: no such process", (int)pid);
		return -ESRCH;
	}
	return error_set(e, errno, "target %d: cannot open /proc/%d", (int)pid, (int)pid);
}

int target_open_ns(const struct nsps_target *t, const char *name)
{
	char path[64];
	int fd;

	if (t->procfd >= 0) {
		snprintf(path, sizeof(path), "ns/%s", name);
		fd = openat(t->procfd, path, O_RDONLY | O_CLOEXEC);
	} else {
		/* by PID: checked against the pidfd by the caller */
		snprintf(path, sizeof(path), "%d/ns/%s", (int)t->pid, name);
		fd = target_open_proc(t, path, O_RDONLY);
	}
	if (fd >= 0)
		return fd;
	if (errno == ESRCH || (errno == ENOENT && !target_alive(t)))
		return -ESRCH;
	return -errno;
}

int target_open_proc(const struct nsps_target *t, const char *path, int flags)
{
	return openat(t->proc, path, flags | O_CLOEXEC);
}

/* Without a pidfd: whether the process behind procfd has exited (gone, or
 * a zombie), from its stat line. */
static bool procfd_ended(int procfd)
{
	char buf[512];
	const char *paren;
	ssize_t n = -1;
	int fd = openat(procfd, "stat", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n <= 0)
		return true;
	buf[n] = '\0';
	/* "PID (comm) S ...": comm may hold anything, the last ')' ends it */
	paren = strrchr(buf, ')');
	return paren == NULL || paren[1] == '\0' || paren[2] == 'Z' || paren[2] == 'X';
}

bool target_ends_within(const struct nsps_target *t, int timeout_ms)
{
	/* A pidfd polls readable once its process has exited. */
	struct pollfd p = { .fd = t->pidfd, .events = POLLIN };
	const struct timespec tick = { .tv_nsec = 10000000L };	/* 10 ms */

	if (t->pidfd >= 0)
		return poll(&p, 1, timeout_ms) > 0;
	for (int waited = 0;; waited += 10) {
		if (procfd_ended(t->procfd))
			return true;
		if (waited >= timeout_ms)
			return false;
		nanosleep(&tick, NULL);
	}
}

bool target_alive(const struct nsps_target *t)
{
	return !target_ends_within(t, 0);
}
