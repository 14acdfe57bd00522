/* SPDX-License-Identifier: MIT */
/* dns.h - the container's name resolution in the view: its resolv.conf and hosts. */
#ifndef NSPS_DNS_H
#define NSPS_DNS_H

#include <stdbool.h>

#include "error.h"
#include "target.h"

#define DNS_FILES 3	/* resolv.conf, hosts, hostname */

/* The container's files, on their way into the view. */
struct dns_files {
	int root;			/* the target's root directory (O_PATH), or -1 */
	const struct nsps_target *t;	/* its procfs (the host's) reopens what we found */
	unsigned int n;			/* how many of them: 2, or 3 with hostname */
	int file[DNS_FILES];		/* each file found (O_PATH), or -1 */
	const char *why[DNS_FILES];	/* else why not */
	char reason[DNS_FILES][200];	/* ... when a filesystem was refused */
};

/*
 * With the target's network joined, a copy of the container's
 * /etc/resolv.conf and /etc/hosts (with hostname, /etc/hostname too) goes
 * read-only over the view's, so that host tools resolve names as the
 * container does. Those files are the container's, so untrusted: each is
 * found below the target's own root, where every link, absolute ones too,
 * resolves inside it (no magic links), as a path first, without entering
 * a filesystem a process serves (FUSE: fsguard.h); only a regular file of at most 1 MiB is opened for
 * reading, and copied by the kernel (sendfile()) into a tmpfs of the
 * view's own, never read into nsps. A copy, not a bind: a bind would show
 * in the command's mount table, which the container may read, where the
 * file lies on the host (a runtime's state directory). One that is not
 * (missing, a FIFO, a directory, a device) or cannot be copied keeps the
 * host's, and -v says so. Three steps, since the container's root is
 * reached from its mount namespace:
 *
 * dns_open(): here, the target's root (the pinned target's, checked alive
 * after the open).
 * dns_visit(): there, in the target's mount namespace (a mounts_errand on
 * the trip that borrows its /proc): each file found.
 * dns_attach(): here again, each copied and put over the view's file;
 * every fd closed. Nothing here fails the run.
 */
void dns_open(struct dns_files *d, const struct nsps_target *t, bool hostname);
void dns_visit(void *d);
void dns_attach(struct dns_files *d);

#endif
