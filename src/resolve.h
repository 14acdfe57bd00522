/* SPDX-License-Identifier: MIT */
/* resolve.h - which process -t names: a PID, or a container's init by ID or name. */
#ifndef NSPS_RESOLVE_H
#define NSPS_RESOLVE_H

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
};

/*
 * The process -t names (opts->target): a PID as given; for runtime://ID,
 * an ID prefix or a name, the init of that container's PID namespace,
 * found by the container ID in the cgroups of the host's processes (a
 * name is first turned into an ID by the engines that know it). Returns
 * 0, or -errno with e saying why (no such container, an ambiguous prefix
 * with the candidates, a name two engines know).
 */
int resolve_target(const struct nsps_opts *opts, struct resolved *r, struct nsps_error *e);

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
