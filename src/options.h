/* SPDX-License-Identifier: MIT */
/* options.h - command-line options of nsps: parsed without side effects. */
#ifndef NSPS_OPTIONS_H
#define NSPS_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

#define NSPS_VERSION "0.1.0"

/* The highest PID the kernel can ever hand out (PID_MAX_LIMIT on 64-bit). */
#define NSPS_PID_MAX 4194304

/* The highest uid or gid -S and -G take: libcap-ng passes ids as int. */
#define NSPS_ID_MAX 2147483646

/* What -t names. */
enum nsps_ref_kind {
	NSPS_REF_PID,		/* a host PID */
	NSPS_REF_ID,		/* runtime://ID: a full or leading part of a container ID */
	NSPS_REF_ID_OR_NAME,	/* hex digits: an ID prefix, else a container name */
	NSPS_REF_NAME,		/* a container or pod name */
	NSPS_REF_POD,		/* NAMESPACE/POD or NAMESPACE/POD/CONTAINER (Kubernetes) */
};

struct nsps_opts {
	const char *target;	/* -t argument as given */
	enum nsps_ref_kind ref;	/* what target names */
	pid_t pid;		/* NSPS_REF_PID: the PID -t gave (the plan keeps the resolved one) */
	const char *id;		/* NSPS_REF_ID*: the hex digits (in target) */
	const char *runtime;	/* NSPS_REF_ID: the scheme ("docker", "runc"), else NULL */
	struct {		/* NSPS_REF_POD: target's parts, container "" if not given */
		char ns[64], name[254], container[64];
	} pod;
	bool list;		/* -l: list the containers, run nothing */
	bool all_containers;	/* -A: run the command in each of them */
	const char *columns;	/* -o: --list columns, comma-separated, or NULL */
	bool json;		/* -J */
	bool raw;		/* -r */
	bool noheadings;	/* --noheadings, or -n with --list */
	int namespaces;		/* CLONE_NEW* kinds to join besides pid (net unless
				 * --host-net; -u -i -C -T -U) */
	bool host_net;		/* --host-net: keep the host's network namespace */
	bool all_namespaces;	/* -a: every kind the target does not share with us */
	bool set_uid;		/* -S or --user given */
	bool set_gid;		/* -G given */
	uid_t uid;		/* -S */
	gid_t gid;		/* -G */
	bool uid_follow;	/* -S follow: the target's own uid */
	bool gid_follow;	/* -G follow: the target's own gid */
	const char *user;	/* --user NAME, resolved later on the host */
	const char *wd;		/* -w DIR, or NULL: unchanged */
	bool writable;		/* --writable: keep the host view writable */
	bool host_dns;		/* --host-dns: keep the host's resolv.conf and hosts */
	const char *host_root;	/* --host-root DIR, or NULL: decide (hostroot.h) */
	bool verbose;		/* -v: say each step */
	bool help;		/* -h */
	bool version;		/* -V */
	char *const *command;	/* NULL-terminated argv of the command, or NULL */
};

/* Exit statuses of nsps itself, as documented in nsps(1). */
enum {
	NSPS_EXIT_FAILURE = 125,	/* nsps failed */
	NSPS_EXIT_CANNOT_EXEC = 126,	/* command found but not executable */
	NSPS_EXIT_NOT_FOUND = 127,	/* command not found */
};

/*
 * Parse argv into opts. Never prints and never exits, so that unit tests
 * can drive it. Returns 0, or -EINVAL with e saying what is wrong (without
 * the "nsps: " prefix). When help or version is set, the other fields need
 * not be complete. Which options go with which mode (a run, -A, --list)
 * and which exclude each other is one table each in options.c.
 */
int options_parse(struct nsps_opts *opts, int argc, char *const argv[], struct nsps_error *e);

/*
 * Parse a target PID: decimal digits only, 1 to NSPS_PID_MAX. Returns 0,
 * -EINVAL (not a number), or -ERANGE (zero, negative or too large).
 */
int options_parse_pid(const char *s, pid_t *pid);

/*
 * Classify a -t argument into opts (ref, pid, id, runtime). Returns 0, or
 * -EINVAL with e saying why.
 */
int options_parse_target(struct nsps_opts *opts, const char *s, struct nsps_error *e);

/*
 * Parse a uid or gid for -S/-G: decimal, 0 to NSPS_ID_MAX. Returns 0,
 * -EINVAL or -ERANGE, like options_parse_pid().
 */
int options_parse_id(const char *s, unsigned int *id);

/* Print the usage text to stdout. */
void options_usage(void);

#endif
