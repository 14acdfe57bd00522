/* SPDX-License-Identifier: MIT */
/* containers.h - the host's containers: PID namespaces, their IDs, engines. */
#ifndef NSPS_CONTAINERS_H
#define NSPS_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"
#include "state.h"

struct nsps_container {
	unsigned long pidns;	/* inode of its PID namespace */
	pid_t pid;		/* host PID of its init, else of its first process */
	bool is_init;		/* pid is PID 1 of the namespace */
	int nprocs;		/* processes in the namespace */
	unsigned long long start; /* pid's start time (/proc/PID/stat), 0 if unknown */
	struct nsps_cgref ref;	/* ID and runtime, ID "" when none is known */
	int depth;		/* PID namespaces pid is in (NSpid fields): 2 for a container's */
	struct nsps_state st;	/* what its runtime's files say; st.id "" when none */
	char shares[NSPS_ID_LEN + 16];	/* the container whose PID namespace it
					 * joined (its label), "" when its own */
};

/*
 * Every PID namespace on the host other than ours, ordered by host PID.
 * Returns the number found, with *list to free(), or -errno with e saying
 * what failed.
 */
int containers_scan(struct nsps_container **list, struct nsps_error *e);

/*
 * Of list, those whose ID starts with prefix, into match (at most max).
 * Returns how many matched (may exceed max).
 */
size_t containers_match(const struct nsps_container *list, size_t n, const char *prefix,
			const struct nsps_container **match, size_t max);

/* Read the small /proc file NAME of pid ("status", "cmdline") into buf,
 * NUL-terminated. Returns its length, or -1. */
ssize_t containers_read_proc(pid_t pid, const char *name, char *buf, size_t len);

/* Whether pid runs (a zombie does not). */
bool containers_alive(pid_t pid);

/* Whether pid is PID 1 of its PID namespace (a container's init). */
bool containers_is_ns_init(pid_t pid);

/* The parent of pid, or 0. */
pid_t containers_parent(pid_t pid);

/* Whether process pid's cgroups name container id now (read afresh). */
bool containers_pid_has_id(pid_t pid, const char *id);

/* Process pid's start time, clock ticks since boot (read afresh), or 0:
 * with its PID, what tells it from a process that got its PID later. */
unsigned long long containers_start_time(pid_t pid);

/*
 * Ask each container engine installed (docker, podman, nerdctl) for the
 * full ID of the container called name, running each one's own inspect
 * without a shell. Fills ids[i] and engines[i] for each engine that knows
 * it, and asked with the names of those asked ("docker, podman" or "");
 * returns how many knew it (0: none).
 */
size_t containers_ask_engines(const char *name, char ids[][NSPS_ID_LEN + 1],
			      const char **engines, size_t max, char *asked, size_t asked_len);

/* podman's graph root as podman finds it (CONTAINERS_STORAGE_CONF, else
 * storage.conf, else its default), into out. Returns false if it names
 * no absolute path. */
bool containers_podman_graphroot(char *out, size_t len);

/* The command line of pid, into out: arguments joined by spaces, and with
 * escaped, every byte that could drive a terminal as \xNN (escape.h);
 * without, as read (for a printer that escapes them itself). */
void containers_cmdline(pid_t pid, bool escaped, char *out, size_t len);

#endif
