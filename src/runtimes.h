/* SPDX-License-Identifier: MIT */
/* runtimes.h - the host's containers as their runtimes' own files tell them. */
#ifndef NSPS_RUNTIMES_H
#define NSPS_RUNTIMES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "state.h"

#define NSPS_MAX_ENGINES 8	/* docker engines found beyond the default one */

/* The containers read, and the docker engines whose files were read. */
struct nsps_runtimes {
	struct nsps_state *v;
	size_t n, cap;
	char exec_roots[NSPS_MAX_ENGINES][256];	/* docker exec roots read */
	size_t engines;
};

/*
 * What to read: with id, only the containers whose ID starts with it; with
 * text, only those whose files hold it somewhere (a cheap filter for a name
 * or a pod, before any JSON is parsed). Both NULL: every container.
 */
struct nsps_want {
	const char *id;
	const char *text;
};

/*
 * The containers whose runtimes keep state where they do by default: runc
 * (/run/runc), crun (/run/crun), containerd's shims (/run/containerd/runc/NS,
 * the "moby" namespace being docker's), docker's own containerd
 * (/run/docker/runtime-runc/moby, names from its data root), rootless runc
 * and crun (/run/user/UID), and the names podman's stores record (root's;
 * a user's, ~/.local/share/containers/storage, for that user's). Appends
 * to rt. Returns 0, or -errno with e saying what failed (only jansson
 * missing is an error: an unreadable file is a container not known).
 */
int runtimes_read(struct nsps_runtimes *rt, const struct nsps_want *w, struct nsps_error *e);

/*
 * A docker engine found running, from the containerd shim (pid) of one of
 * its containers: the shim's -address names the engine's exec root, the
 * engine is the parent of the containerd whose pidfile is there, and its
 * command line names its data root. Reads that engine's containers into rt
 * unless done already. Returns whether pid was the shim of a docker engine
 * not read before.
 */
bool runtimes_read_engine_of(struct nsps_runtimes *rt, pid_t shim, const struct nsps_want *w);

/* The container whose init is pid, or NULL. */
const struct nsps_state *runtimes_by_pid(const struct nsps_runtimes *rt, pid_t pid);

void runtimes_free(struct nsps_runtimes *rt);

#endif
