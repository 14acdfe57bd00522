// SPDX-License-Identifier: MIT
/* namespaces.c - which of the target's namespaces nsps joins, and how. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
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

/* The target exited: its PID may be another process's by now. */
static int target_gone(const struct nsps_target *t, struct nsps_error *e)
{
	error_set(e, 0, "target %d exited before its namespaces could be joined", (int)t->pid);
	return -ESRCH;
}

/* The fds of the namespaces to join, one slot per kind, closed together. */
struct ns_fds {
	int fd[N_KINDS];
};

static void ns_fds_close(struct ns_fds *f)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (f->fd[i] >= 0)
			close(f->fd[i]);
}

/* Kernels before 5.8 take only namespace fds: open them all, then confirm
 * that the target still runs. Opened by PID next to a pidfd, the check
 * proves that the files cannot belong to a process that recycled the PID
 * meanwhile; opened under /proc/PID (no pidfd), they cannot anyway. */
static int join_by_proc(const struct nsps_target *t, int flags, struct nsps_error *e)
{
	__attribute__((cleanup(ns_fds_close))) struct ns_fds f;
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		f.fd[i] = -1;
	for (i = 0; i < N_KINDS; i++) {
		if (!(flags & ns_kinds[i].flag))
			continue;
		f.fd[i] = target_open_ns(t, ns_kinds[i].name);
		if (f.fd[i] == -ESRCH)
			return target_gone(t, e);
		if (f.fd[i] < 0)
			return error_set(e, -f.fd[i], "cannot join the %s namespace of target %d",
					 ns_kinds[i].name, (int)t->pid);
	}
	if (!target_alive(t))
		return target_gone(t, e);
	for (i = 0; i < N_KINDS; i++)
		if (f.fd[i] >= 0 && setns(f.fd[i], ns_kinds[i].flag) < 0)
			return error_set(e, errno, "cannot join the %s namespace of target %d",
					 ns_kinds[i].name, (int)t->pid);
	return 0;
}

int namespaces_join(const struct nsps_target *t, int flags, struct nsps_error *e)
{
	if (t->pidfd < 0)	/* pinned by /proc/PID: kind by kind */
		return join_by_proc(t, flags, e);
	/* Since 5.8 setns() takes a pidfd and joins all kinds atomically: no
	 * window in which the target could die or its PID be reused. */
	if (setns(t->pidfd, flags) == 0)
		return 0;
	if (errno == ESRCH)
		return target_gone(t, e);
	/* EINVAL: an older kernel, or a kind that cannot be joined. The
	 * fallback joins kind by kind and so names the one to blame. */
	if (errno == EINVAL)
		return join_by_proc(t, flags, e);
	if ((flags & (flags - 1)) == 0)	/* one kind: name it */
		return error_set(e, errno, "cannot join the %s namespace of target %d",
				 namespaces_name(flags), (int)t->pid);
	return error_set(e, errno, "cannot join the namespaces of target %d", (int)t->pid);
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

int namespaces_unshared(const struct nsps_target *t, int kinds, int *unshared,
			struct nsps_error *e)
{
	*unshared = 0;
	for (size_t i = 0; i < N_KINDS; i++)
		if ((kinds & ns_kinds[i].flag) && !same_namespace(t, ns_kinds[i].name))
			*unshared |= ns_kinds[i].flag;
	/* Read by PID: still ours only if the pidfd's process still runs. */
	if (target_alive(t))
		return 0;
	error_set(e, 0, "target %d exited before its namespaces could be read", (int)t->pid);
	return -ESRCH;
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

/* What a user without root is told of a target not its own. */
static int not_yours(const struct nsps_target *t, const char *why, struct nsps_error *e)
{
	error_set(e, 0, "target %d %s: without root, nsps enters only your own rootless containers",
		  (int)t->pid, why);
	return -EPERM;
}

/* Whose the user namespace open at fd is, to a caller without root (ours:
 * the caller's own, as stat() shows it): 0 when the caller owns it and it
 * is not the caller's own (a rootless container of its own); -EEXIST
 * when it is the caller's own, where it is no root; -EPERM when another
 * user owns it; -errno when the kernel cannot say. */
static int user_ns_owned(int fd, const struct stat *ours)
{
	struct stat theirs;
	uid_t owner = (uid_t)-1;

	if (fstat(fd, &theirs) < 0)
		return -errno;
	if (theirs.st_ino == ours->st_ino && theirs.st_dev == ours->st_dev)
		return -EEXIST;
	if (ioctl(fd, NS_GET_OWNER_UID, &owner) < 0)
		return -errno;
	return owner == geteuid() ? 0 : -EPERM;
}

int namespaces_check_own_user(const struct nsps_target *t, struct nsps_error *e)
{
	/* Opening it takes what ptrace would: the kernel's own answer to
	 * "may this user reach that process at all". */
	cleanup_fd int fd = target_open_ns(t, "user");
	struct stat ours;
	int ret;

	if (fd == -ESRCH)
		return target_gone(t, e);
	if (fd == -EACCES || fd == -EPERM)
		return not_yours(t, "is not yours", e);
	if (fd < 0)
		return error_set(e, -fd, "cannot read the user namespace of target %d", (int)t->pid);
	if (fstatat(t->proc, "self/ns/user", &ours, 0) < 0)
		return error_set(e, errno, "cannot read nsps's own user namespace");
	ret = user_ns_owned(fd, &ours);
	if (ret == -EEXIST)
		return not_yours(t, "shares your user namespace, where you are no root", e);
	if (ret == -EPERM)
		return not_yours(t, "is not yours (its user namespace is another user's)", e);
	if (ret < 0)
		return error_set(e, -ret, "cannot read the owner of the user namespace of target %d",
				 (int)t->pid);
	if (!target_alive(t))
		return target_gone(t, e);
	return 0;
}

bool namespaces_user_is_own(pid_t pid)
{
	char path[64];
	cleanup_fd int fd = -1;
	struct stat ours;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0 && stat("/proc/self/ns/user", &ours) == 0 &&
	       user_ns_owned(fd, &ours) == 0;
}
