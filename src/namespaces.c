// SPDX-License-Identifier: MIT
/* namespaces.c - which of the target's namespaces nsps joins, and how. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "namespaces.h"

/*
 * The kinds nsps can join, in the order they are joined through
 * /proc/PID/ns (a pidfd joins a set at once). The order matters for the
 * user namespace: it comes last, and nsps joins it on its own, in the
 * command's process after the mounts: once inside a child user namespace,
 * root has lost its powers over the host's mount namespace and every other
 * namespace the host owns. Mount namespaces are never joined: the view is
 * our own private copy of the host's.
 */
static const struct {
	int flag;
	const char *name;
} ns_kinds[] = {
	{ CLONE_NEWNET, "net" },
	{ CLONE_NEWUTS, "uts" },
	{ CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWCGROUP, "cgroup" },
	{ CLONE_NEWTIME, "time" },
	{ CLONE_NEWPID, "pid" },
	{ CLONE_NEWUSER, "user" },
};

#define N_KINDS (sizeof(ns_kinds) / sizeof(ns_kinds[0]))

/* Kernels before 5.8 take only namespace fds: open them all, then confirm
 * that the target still runs. Opened by PID next to a pidfd, the check
 * proves that the files cannot belong to a process that recycled the PID
 * meanwhile; opened under /proc/PID (no pidfd), they cannot anyway. */
static int join_by_proc(const struct nsps_target *t, int flags, const char **failed)
{
	int fds[N_KINDS];
	int ret = 0;
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		fds[i] = -1;
	for (i = 0; i < N_KINDS && ret == 0; i++) {
		if (!(flags & ns_kinds[i].flag))
			continue;
		fds[i] = target_open_ns(t, ns_kinds[i].name);
		if (fds[i] < 0) {
			ret = fds[i];
			*failed = ret == -ESRCH ? NULL : ns_kinds[i].name;
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
	if (t->pidfd < 0)	/* pinned by /proc/PID: kind by kind */
		return join_by_proc(t, flags, failed);
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

/* Whether self/ns/NAME and PID/ns/NAME of the host's procfs are one
 * namespace; a kind we cannot compare counts as not shared. */
static bool same_namespace(const struct nsps_target *t, const char *name)
{
	char path[64];
	struct stat ours, theirs;

	snprintf(path, sizeof(path), "self/ns/%s", name);
	if (fstatat(t->proc, path, &ours, 0) < 0)
		return false;
	snprintf(path, sizeof(path), "%d/ns/%s", (int)t->pid, name);
	if (fstatat(t->proc, path, &theirs, 0) < 0)
		return false;
	return ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino;
}

int namespaces_unshared(const struct nsps_target *t, int kinds, int *unshared)
{
	*unshared = 0;
	for (size_t i = 0; i < N_KINDS; i++)
		if ((kinds & ns_kinds[i].flag) && !same_namespace(t, ns_kinds[i].name))
			*unshared |= ns_kinds[i].flag;
	/* Read by PID: still ours only if the pidfd's process still runs. */
	return target_alive(t) ? 0 : -ESRCH;
}

const char *namespaces_name(int kind)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (ns_kinds[i].flag == kind)
			return ns_kinds[i].name;
	return "unknown";
}

unsigned long namespaces_inode(const struct nsps_target *t, const char *kind)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "self/ns/%s", kind);
	if (fstatat(t->proc, path, &st, 0) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}
