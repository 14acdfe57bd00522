/* SPDX-License-Identifier: MIT */
/* mountinfo.h - lines of /proc/PID/mountinfo, and which filesystems the kernel answers alone: pure. */
#ifndef NSPS_MOUNTINFO_H
#define NSPS_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

/* One mount, as proc(5) describes a line of mountinfo. The strings point
 * into the line parsed, with the kernel's octal escapes (\040 for a space)
 * undone in root and point. */
struct mountinfo_entry {
	unsigned long long id, parent;	/* mount IDs, as statx(STATX_MNT_ID) gives them */
	unsigned int major, minor;	/* the filesystem's device */
	const char *root;		/* what of the filesystem is mounted */
	const char *point;		/* where, as the reading process's root sees it */
	const char *fstype;		/* "ext4", "fuse.sshfs" */
	const char *source;		/* "/dev/sda1", "server:/export", "none" */
	const char *super;		/* the superblock's options */
};

/*
 * Parse line (NUL-terminated, its newline gone) in place into m. A mount
 * table is the kernel's, but names in it are not: a container chooses its
 * mount points and sources, and the kernel escapes only space, tab, newline
 * and backslash in them. Returns 0, or -EINVAL for a line of another shape.
 */
int mountinfo_parse_line(char *line, struct mountinfo_entry *m);

/* How far nsps trusts a filesystem type to answer without waiting on
 * anyone. */
enum mountinfo_trust {
	MOUNTINFO_KERNEL,	/* the kernel answers alone: pseudo filesystems,
				 * local disks, tmpfs, an overlay of those */
	MOUNTINFO_SERVED,	/* a process or a server answers: FUSE, NFS, CIFS,
				 * 9p, Ceph, autofs' daemon... it may never */
	MOUNTINFO_UNKNOWN,	/* a type nsps does not know: treated as served */
};

enum mountinfo_trust mountinfo_trust(const char *fstype);

/* Whether the procfs super options opts hide processes (hidepid= other
 * than 0 or off, subset=): a view the container chose for itself. */
bool mountinfo_proc_hides(const char *opts);

/* Whether path is dir or below it, by components ("/etc" holds
 * "/etc/hosts", not "/etcetera"; "/" holds everything). */
bool mountinfo_is_under(const char *path, const char *dir);

#endif
