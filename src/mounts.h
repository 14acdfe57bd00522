/* SPDX-License-Identifier: MIT */
/* mounts.h - the view: a slave mount namespace, the host's tools read-only, /proc and /sys. */
#ifndef NSPS_MOUNTS_H
#define NSPS_MOUNTS_H

#include <stdbool.h>

#include "error.h"
#include "target.h"

/* Each function returns 0 or -errno, and on failure e says what failed. */

/* Leave the host's mount namespace for a copy of our own. */
int mounts_unshare(struct nsps_error *e);

/* Make every mount of our copy a slave of the host's, recursively: from
 * here on the host's unmounts reach us, and nothing we mount or unmount
 * reaches the host. -EINVAL: our root is no mount point (a chroot). */
int mounts_make_slave(struct nsps_error *e);

/* What the view is to be. */
struct mounts_view {
	bool writable;		/* --writable: the host's files, writable */
	const char *home;	/* $HOME, for its writable layer, or NULL */
	bool own;		/* without root, in the target's user namespace */
};

/* What the view was made with: the directories that are the host's under
 * a writable layer (/run, $HOME), for the working directory's sake. */
struct mounts_made {
	const char *layer[2];
	int layers;
};

/*
 * Build the view in our copy and move into it (our root and cwd become
 * its root): the root filesystem alone; whole, the trees host tools live
 * in (/usr, /etc, /opt, /snap, /nix, /home, /root, /var/log, /dev, /sys);
 * of /var, /run, /tmp and /var/tmp, where each is a filesystem of its own,
 * that filesystem alone; nothing else the host has mounted. The host's
 * tree is let go of: the view keeps no filesystem of the host's alive
 * but those, and lists no other in its mount table. Read-only unless
 * v->writable, then with a scratch space that ends with the view: fresh
 * /tmp and /var/tmp, writable layers over /run and $HOME (made says which
 * it got). Where nothing can be pivoted from (the kernel's rootfs as root),
 * the host's tree stays below the view, unreachable (-v says so).
 * With v->own (without root, inside the target's user namespace), the root
 * is a tmpfs with the host root's entries (rootview.h), /home and /root are
 * left out, and /run, /tmp, /var/tmp and /dev/shm are always scratch.
 */
int mounts_build_view(const struct nsps_target *t, const struct mounts_view *v,
		      struct mounts_made *made, struct nsps_error *e);

/* Whether path lies in a directory of the view that is the host's under a
 * writable layer, rather than one the view left out. */
bool mounts_has_layer(const struct mounts_made *made, const char *path);

/*
 * Call visit(ctx) inside the target's mount namespace, with root and cwd
 * the namespace's, then come back to ours (root and cwd as they were, a
 * chroot's too). What visit opens there stays open here: a clone of a
 * mount (open_tree()) must be made in the namespace the mount is in.
 * Returns 1 once visited and back; 0 when the namespace could not be
 * entered (e says why; visit was not called); -errno when we could not
 * come back (e says so: give up).
 */
int mounts_in_target(const struct nsps_target *t, void (*visit)(void *ctx), void *ctx,
		     struct nsps_error *e);

/* A second errand in the target's mount namespace, on the same trip. */
struct mounts_errand {
	void (*visit)(void *ctx);
	void *ctx;
};

/* In the target's PID namespace: put a procfs of it on /proc, the target's
 * own when the kernel proves it fit (-v says why not), else a fresh one.
 * With readonly, cover /proc/sys and /proc/sysrq-trigger with read-only
 * binds. also, if not NULL, is run in the target's mount namespace on the
 * trip that clones its /proc (not run if there was no trip). */
int mounts_target_proc(const struct nsps_target *t, bool readonly,
		       const struct mounts_errand *also, struct nsps_error *e);

/* In the target's network namespace: a fresh sysfs of it on /sys, with
 * the host's cgroup tree on /sys/fs/cgroup; with own (without root), over
 * the host's rather than in its place. */
int mounts_fresh_sys(bool readonly, bool own, struct nsps_error *e);

/* In the target's IPC namespace: a fresh mqueue filesystem of it on
 * /dev/mqueue, if the host has that directory (nothing is created). */
int mounts_fresh_mqueue(bool readonly, struct nsps_error *e);

#endif
