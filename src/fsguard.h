/* SPDX-License-Identifier: MIT */
/* fsguard.h - a container's files, reached without entering a filesystem a process serves. */
#ifndef NSPS_FSGUARD_H
#define NSPS_FSGUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "mountinfo.h"

/* The mount a file was found on, as the kernel's mount table says. */
struct fsguard_mount {
	unsigned long long id;
	char fstype[32];
	char point[128];	/* cut short with "..." */
	bool proc_hides;	/* a procfs with hidepid= or subset= */
};

/* Where the lookups start: root, an O_PATH directory of a container's (its
 * root, or its mount namespace's), held by the caller; its mount, checked
 * once. proc: the host's procfs, where our own mount table is read
 * ("self/mountinfo", the mount namespace we are in). */
struct fsguard {
	int proc, root;
	struct fsguard_mount at;	/* root's mount, once checked */
	bool checked;
};

void fsguard_init(struct fsguard *g, int proc, int root);

/*
 * Open path below g's root as openat2() with RESOLVE_IN_ROOT would: every
 * link, absolute ones too, resolved inside root; ".." stops there; magic
 * links (those of a procfs) not followed. Unlike openat2(), one name at a
 * time, and before a name is looked up in a directory, or a file is handed
 * back, the mount it is on is checked: its type, as the kernel's mount
 * table says, must be one the kernel answers alone (mountinfo_trust()). A
 * FUSE server, an NFS server, an automounter could hold a lookup, a stat
 * or a read for ever, in D state, whatever signal comes: such a filesystem
 * is never entered, not even stat()ed (attributes are read as cached,
 * AT_STATX_DONT_SYNC). The check holds against a container that swaps its
 * mounts meanwhile: a mount is looked up in a table read while we hold an
 * fd on it, so that its ID cannot have been given to another.
 *
 * Makes system calls only, on stack buffers: fit for the child that
 * shares nsps's memory (supervise.h).
 *
 * Returns an O_PATH fd (close-on-exec) with *m its mount; or -errno:
 * -EREMOTE when a filesystem was refused (why says which, where, and why:
 * "lies on a fuse filesystem on /etc, which a process serves: not
 * entered"), else as the lookups failed (-ENOENT, -ELOOP for a magic link
 * or too many links, -ENOTDIR, -ENAMETOOLONG).
 */
int fsguard_open(struct fsguard *g, const char *path, struct fsguard_mount *m, char *why,
		 size_t len);

#endif
