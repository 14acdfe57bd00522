// SPDX-License-Identifier: MIT
/* namespaces.c - which of the target's namespaces nsps joins, and how. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "namespaces.h"

/*
 * The kinds nsps can join, in the order they are joined through
 * /proc/PID/ns (a pidfd joins them all at once). The order matters once a
 * user namespace is among them: it must come last, since after entering a
 * child user namespace we lose our powers over the others.
 */
static const struct {
	int flag;
	const char *name;
} ns_kinds[] = {
	{ CLONE_NEWNET, "net" },
	{ CLONE_NEWPID, "pid" },
};

#define N_KINDS (sizeof(ns_kinds) / sizeof(ns_kinds[0]))

/* Kernels before 5.8 take only namespace fds: open them all by PID, then
 * confirm through the pidfd that the PID still names our target, so that
 * the files cannot belong to a process that recycled it meanwhile. */
static int join_by_proc(const struct nsps_target *t, int flags, const char **failed)
{
	int fds[N_KINDS];
	int ret = 0;
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		fds[i] = -1;
	for (i = 0; i < N_KINDS && ret == 0; i++) {
		char path[64];

		if (!(flags & ns_kinds[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)t->pid, ns_kinds[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			ret = -errno;
			*failed = ns_kinds[i].name;
		}
	}
	if (ret == 0 && !target_alive(t)) {
		ret = -ESRCH;
		*failed = NULL;
	}
	for (i = 0; i < N_KINDS && ret == 0; i++) {
		if (fds[i] >= 0 && setns(fds[i], ns_kinds[i].flag) < 0) {
			ret = -errno;
			*failed = ns_kinds[i].name;
		}
	}
	for (i = 0; i < N_KINDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return ret;
}

int namespaces_join(const struct nsps_target *t, int flags, const char **failed)
{
	*failed = NULL;
	/* Since 5.8 setns() takes a pidfd and joins all kinds atomically: no
	 * window in which the target could die or its PID be reused. */
	if (setns(t->pidfd, flags) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
	/* EINVAL: an older kernel, or a kind that cannot be joined. The
	 * fallback joins kind by kind and so names the one to blame. */
	return join_by_proc(t, flags, failed);
}

unsigned long namespaces_inode(const char *kind)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	if (stat(path, &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}
