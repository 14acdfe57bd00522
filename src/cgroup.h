/* SPDX-License-Identifier: MIT */
/* cgroup.h - container IDs and runtimes from /proc/PID/cgroup text: pure. */
#ifndef NSPS_CGROUP_H
#define NSPS_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#define NSPS_ID_LEN 64	/* a container ID: 64 lowercase hex digits */

struct nsps_cgref {
	char id[NSPS_ID_LEN + 1];	/* the innermost container ID, or "" */
	const char *runtime;		/* "docker", "containerd", "cri-o", "podman", ... or NULL */
	bool monitor;			/* a conmon scope: a runtime's helper, not the container */
};

/*
 * Read one line of /proc/PID/cgroup ("ID:controllers:/path", v1 or v2) and
 * find the innermost container ID in its path, with the runtime the path
 * names: /docker/<id>, docker-<id>.scope, cri-containerd-<id>.scope,
 * crio-<id>.scope[/container], libpod-<id>.scope[/container],
 * /libpod_parent/libpod-<id>, /kubepods/<qos>/pod<uid>/<id>, the
 * "<slice>:cri-containerd:<id>" form, lxc and systemd-nspawn machines.
 * Returns true when the line names a container (ref filled in).
 */
bool cgroup_line_container(const char *line, size_t len, struct nsps_cgref *ref);

/*
 * The same over a whole /proc/PID/cgroup text: the first line (v2 first)
 * that names a container. Returns true when one does.
 */
bool cgroup_text_container(const char *text, struct nsps_cgref *ref);

/*
 * The last segment of the first non-root cgroup path in a /proc/PID/cgroup
 * text (v2 line first), into out: runc and crun name a container's cgroup
 * after it. A path that ends in ".." (an ancestor, from a private cgroup
 * namespace) has none. Returns true when there is one.
 */
bool cgroup_text_leaf(const char *text, char *out, size_t len);

/* Whether s is a container ID prefix: 1 to 64 lowercase hex digits. */
bool cgroup_is_id_prefix(const char *s);

/* Whether s is an ID that is a name, as runc, crun and the machines' make
 * them: 1 to 64 of [A-Za-z0-9_+.-], not starting with '.' (so never a
 * path: no '/', not "." nor ".."). */
bool cgroup_is_name_id(const char *s);

#endif
