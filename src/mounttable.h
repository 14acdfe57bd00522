/* SPDX-License-Identifier: MIT */
/* mounttable.h - a mount table as the kernel writes it, read line by line on the stack. */
#ifndef NSPS_MOUNTTABLE_H
#define NSPS_MOUNTTABLE_H

#include "mountinfo.h"

/*
 * Read the mountinfo file at path under dirfd (a procfs: "self/mountinfo")
 * and call fn for each mount it lists, in the kernel's order (a mount
 * after its parent), until fn returns non-zero. A line longer than the
 * 64 KiB buffer (a container's mount points can be long) or of another
 * shape is passed over. System calls only, on the stack: fit for the child
 * that shares nsps's memory (supervise.h).
 * Returns fn's non-zero answer, 0 at the table's end, or -errno.
 */
int mounttable_each(int dirfd, const char *path,
		    int (*fn)(const struct mountinfo_entry *m, void *ctx), void *ctx);

#endif
