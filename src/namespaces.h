/* SPDX-License-Identifier: MIT */
/* namespaces.h - which of the target's namespaces nsps joins, and how. */
#ifndef NSPS_NAMESPACES_H
#define NSPS_NAMESPACES_H

#include "target.h"

/*
 * Join the target's namespaces named by flags (CLONE_NEWPID, CLONE_NEWNET).
 * Returns 0, or -errno with *failed naming the namespace kind ("pid", "net")
 * when one kind is to blame, or NULL when the join failed as a whole.
 */
int namespaces_join(const struct nsps_target *t, int flags, const char **failed);

/* The inode number of our namespace of a kind ("pid_for_children", "net"), or 0. */
unsigned long namespaces_inode(const char *kind);

#endif
