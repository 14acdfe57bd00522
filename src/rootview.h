/* SPDX-License-Identifier: MIT */
/* rootview.h - the view's root without root: a tmpfs holding the host root's entries. */
#ifndef NSPS_ROOTVIEW_H
#define NSPS_ROOTVIEW_H

#include "error.h"

/* What the view gets at one host path (rootview_rule). */
enum rootview_kind {
	ROOTVIEW_DIR,		/* an empty directory: the caller mounts there, or leaves it out */
	ROOTVIEW_FS,		/* the filesystem at that path, even if a mount of its own */
	ROOTVIEW_SAME,		/* the host's directory if it is of its parent's filesystem, else
				 * an empty directory (a mount of its own is left out) */
};

typedef enum rootview_kind (*rootview_rule)(const char *path);

/*
 * Without root, the view is built inside the target's user namespace,
 * where every mount copied from the host is locked to the mounts below
 * it: the kernel refuses to bind a directory alone (EINVAL) while a
 * locked mount lies below it, and a recursive bind would keep every one
 * of them alive. So the root is a tmpfs mounted on stage, holding the
 * host root's entries: its links as links, its directories bound alone
 * where the kernel lets them be (nothing mounted below them), else made
 * again, entry by entry, down to the mounts, which are left out (empty
 * directories); regular files bound alone. rule says what each directory
 * gets. Needs open_tree() and mount_setattr() (Linux 5.12). Returns 0, or
 * -errno with e saying why.
 */
int rootview_build(const char *stage, rootview_rule rule, struct nsps_error *e);

#endif
