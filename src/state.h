/* SPDX-License-Identifier: MIT */
/* state.h - what the runtimes write down of their containers: parsers (jansson). */
#ifndef NSPS_STATE_H
#define NSPS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"

#define NSPS_NAME_LEN 253	/* a name, pod or image kept: longer ones are none */

/*
 * One container as its runtime's files describe it. Every string but
 * runtime comes from files the runtimes write but their users fill (names,
 * annotations): untrusted text, NUL-free, bounded, escaped when printed,
 * never a path to open.
 */
struct nsps_state {
	const char *runtime;		/* "runc", "crun", "containerd", "docker", ... */
	const char *oci;		/* "runc" or "crun": whose state files these are */
	char id[NSPS_ID_LEN + 1];	/* the container's ID: 64 hex digits, or a runc/crun name */
	char name[NSPS_NAME_LEN + 1];	/* its engine's name for it (docker, podman, nerdctl) */
	char pod[NSPS_NAME_LEN + 1];	/* Kubernetes: its pod */
	char ns[64];			/* Kubernetes: the pod's namespace */
	char container[64];		/* Kubernetes: the container's name in its pod */
	char image[NSPS_NAME_LEN + 1];	/* the image it was made from, as its user named it */
	bool sandbox;			/* a pod's sandbox (pause) container: never a target */
	bool crio;			/* its annotations are CRI-O's */
	pid_t pid;			/* host PID of its init, 0 if not running */
	unsigned long long start;	/* that process's start time (clock ticks), 0 if unknown */
};

/*
 * Each parser reads one file's text (len bytes, not NUL-terminated) into st,
 * keeping what it already holds where the file says nothing. Returns 0, or
 * -EINVAL when the text is no JSON of that file's shape, or -ENOSYS when
 * jansson cannot be loaded (e says so).
 */

/* runc's <root>/<id>/state.json: id, init_process_pid, init_process_start,
 * and config.labels ("key=value", one per OCI annotation). */
int state_runc(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e);

/* crun's <root>/<id>/status: pid, process-start-time. */
int state_crun(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e);

/* An OCI bundle's config.json (crun keeps a copy beside status): its
 * annotations. */
int state_oci_config(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e);

/* docker's <data-root>/containers/<id>/config.v2.json: ID, Name (without
 * its leading '/'), Config.Image; State.Pid when State.Running. */
int state_docker(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e);

/*
 * containers/storage's containers.json (podman's store): for each entry,
 * id, the first of names and metadata's image-name, handed to fn with
 * runtime "podman". Returns the number of entries, or -errno as above.
 */
int state_podman(const char *text, size_t len, void (*fn)(const struct nsps_state *, void *),
		 void *arg, struct nsps_error *e);

/* /etc/docker/daemon.json: "data-root" and "exec-root" when absolute
 * paths that fit, each left as it was otherwise. */
int state_daemon_json(const char *text, size_t len, char *data, size_t dlen, char *exec,
		      size_t elen, struct nsps_error *e);

/* One OCI annotation, as a runtime recorded it: the Kubernetes (CRI
 * plugin and CRI-O) and nerdctl ones fill st; others are ignored. */
void state_annotation(struct nsps_state *st, const char *key, const char *value);

/*
 * Of a command line (/proc/PID/cmdline: len bytes of NUL-separated
 * arguments) whose program is prog (its file name, any directory), the
 * value of option opt ("--data-root", "-address"), given as "opt VALUE" or
 * "opt=VALUE", into out when it fits; the last one given counts. Returns
 * whether the program is prog; out is left as it was when opt is absent.
 */
bool state_cmdline_option(const char *cmdline, size_t len, const char *prog, const char *opt,
			  char *out, size_t outlen);

#endif
