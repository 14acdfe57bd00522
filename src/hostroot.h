/* SPDX-License-Identifier: MIT */
/* hostroot.h - the host's root, where the runtimes keep their state. */
#ifndef NSPS_HOSTROOT_H
#define NSPS_HOSTROOT_H

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "error.h"

/*
 * Where the runtimes' state files, their configuration and the host's
 * user database are read: "/" on the host. In a node-debug pod (kubectl
 * debug node/..., or docker run --pid=host -v /:/host) nsps runs in the
 * host's PID namespace but in a mount namespace of its own, whose /run
 * and /etc are the pod's; the host's root is mounted at /host. dir is
 * what --host-root gave, or NULL to decide: /host when it is a mount
 * point holding a run/ directory and nsps is not in the mount namespace
 * of the host's init (PID 1), else "/". Called once, before any of the
 * others. Returns 0, or -errno when dir cannot be opened as a directory.
 */
int hostroot_choose(const char *dir, struct nsps_error *e);

/* Whether the host's root is not nsps's own: then nsps runs in a
 * container (a pod), and asks no engine's command line tool anything:
 * those would answer for the pod, not the host. */
bool hostroot_elsewhere(void);

/*
 * The host's path (absolute, as the host names it) opened as open(2)
 * would on the host: below the host's root, where its symbolic links,
 * absolute ones too, resolve as on the host and never out of it
 * (openat2() with RESOLVE_IN_ROOT). On the host itself, plain open().
 * Returns the fd, or -1 with errno set.
 */
int hostroot_open(const char *path, int flags);

/* Let go of the host's root once the target is found: a view that runs for
 * hours holds nothing of it (the other calls fail after, with EBADF). */
void hostroot_done(void);

/* The same for a directory to read, and for stat(2). */
DIR *hostroot_opendir(const char *path);
int hostroot_stat(const char *path, struct stat *st);

#endif
