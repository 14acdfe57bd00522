/* SPDX-License-Identifier: MIT */
/* namespaces.h - which of the target's namespaces nsps joins, and how. */
#ifndef NSPS_NAMESPACES_H
#define NSPS_NAMESPACES_H

#include <sched.h>

#include "error.h"
#include "target.h"

/* The kinds besides pid that nsps can join (-n -u -i -C -T -U, and -a). */
#define NSPS_NS_OPTIONAL \
	(CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWTIME | CLONE_NEWUSER)

/*
 * Join the target's namespaces named by flags (CLONE_NEWPID, CLONE_NEWNET,
 * ...). Join CLONE_NEWUSER alone and last (see namespaces.c). Returns 0, or
 * -errno with e naming the kind to blame where one is ("cannot join the
 * net namespace of target 9164"); -ESRCH: the target exited meanwhile.
 */
int namespaces_join(const struct nsps_target *t, int flags, struct nsps_error *e);

/*
 * Of the kinds (CLONE_NEW* flags), those whose namespace the target does
 * not share with us, in *unshared. Returns 0, or -ESRCH if the target
 * ended meanwhile (then the answer may be another process's; e says so).
 */
int namespaces_unshared(const struct nsps_target *t, int kinds, int *unshared,
			struct nsps_error *e);

/* The name of one kind, as in /proc/PID/ns ("net", "user"). */
const char *namespaces_name(int kind);

/* The inode number of our namespace of a kind ("pid_for_children", "net"),
 * through the host's procfs that t keeps, or 0. */
unsigned long namespaces_inode(const struct nsps_target *t, const char *kind);

/*
 * Without root: whether the target's user namespace is one the caller
 * owns (a rootless container of its own), where the caller holds every
 * capability, as podman unshare does. Returns 0, or -EPERM with e saying
 * why not ("target 9164 is not yours: ..."), or another -errno.
 */
int namespaces_check_own_user(const struct nsps_target *t, struct nsps_error *e);

/* Whether process pid is in a user namespace the caller owns, not its
 * own: a container without root may enter (the same rule as above, for
 * --list and -A, unpinned). */
bool namespaces_user_is_own(pid_t pid);

#endif
