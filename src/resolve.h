/* SPDX-License-Identifier: MIT */
/* resolve.h - which process -t names: a PID, or a container's init by ID or name. */
#ifndef NSPS_RESOLVE_H
#define NSPS_RESOLVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "containers.h"
#include "error.h"
#include "options.h"
#include "target.h"

/* What a run expects of its target once pinned: the process chosen. */
struct resolved {
	pid_t pid;			/* host PID */
	char id[NSPS_ID_LEN + 1];	/* its container ID, when chosen by one; else "" */
	unsigned long pidns;		/* its PID namespace, when chosen for -A; else 0 */
	unsigned long long start;	/* its start time, when chosen as a container; else 0 */
	const char *named;		/* the reference it was chosen by, or NULL */
};

/*
 * The process -t names (opts->target): a PID as given (a thread's, its
 * process); for runtime://ID, an ID prefix, a name or a pod, the
 * container's init as its runtime's files record it (checked against its
 * start time), else the init of the PID namespace whose cgroups name the
 * ID, else what the engines answer for a name. Returns
 * 0, or -errno with e saying why (no such container, an ambiguous prefix
 * with the candidates, a name two engines know).
 */
int resolve_target(const struct nsps_opts *opts, struct resolved *r, struct nsps_error *e);

/*
 * Every container on the host, one row each: those their runtimes' files
 * name (runc, crun, containerd, docker, podman, Kubernetes pods), each
 * with its PID namespace's processes and, when it joined another's, whose
 * it is; then the PID namespaces no runtime accounts for, with the IDs
 * their cgroups name (lxc, systemd-nspawn, unknown runtimes); a namespace
 * a known container made inside itself counts as that container's. With
 * host, also those in the host's PID namespace (to be refused as targets).
 * Ordered by host PID. Returns the count, with *list to free(), or -errno.
 */
int resolve_inventory(struct nsps_container **list, bool host, struct nsps_error *e);

/* The run -A makes in container c. */
void resolve_container(const struct nsps_container *c, struct resolved *r);

/*
 * Once pinned (t), the process must still be the one chosen: its PID may
 * have been recycled between the choice and pidfd_open(). Its start time,
 * cgroups and PID namespace are read afresh, then it is checked alive, so
 * that what was read was the pinned process's. The start time is what a
 * recycled PID cannot share: the inode number of a PID namespace that has
 * ended goes to the next one made. Returns 0, or -ESRCH (e says so).
 */
int resolve_confirm(const struct nsps_target *t, const struct resolved *r, struct nsps_error *e);

#endif
