// SPDX-License-Identifier: MIT
/* resolve.c - which process -t names: a PID, or a container's init by ID or name. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "list.h"
#include "report.h"
#include "resolve.h"

#define MAX_SHOWN 8	/* candidates named in an "ambiguous" error */

/* "a (pid 1), b (pid 2)": the labels of containers m, for a message. */
static void labels(const struct nsps_container *const *m, size_t n, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[96];
		size_t used = strlen(out);

		list_label(m[i], one, sizeof(one));
		snprintf(out + used, len - used, "%s%s (pid %d)", i ? ", " : "", one, (int)m[i]->pid);
	}
}

/* Ask the engines for name: its full ID into id. Returns how many know it
 * (0 or 1; -errno with e saying so when two do), asked the engines asked. */
static int ask_engines(const char *name, char id[NSPS_ID_LEN + 1], char *asked, size_t asked_len,
		       const char **engine, struct nsps_error *e)
{
	char ids[3][NSPS_ID_LEN + 1];
	const char *engines[3];
	size_t n = containers_ask_engines(name, ids, engines, 3, asked, asked_len);

	if (n > 1)
		return error_set(e, 0, "container name '%s' is known to %s (%.12s) and %s (%.12s): give its ID",
				 name, engines[0], ids[0], engines[1], ids[1]);
	if (n == 1) {
		memcpy(id, ids[0], NSPS_ID_LEN + 1);
		*engine = engines[0];
	}
	return (int)n;
}

int resolve_target(const struct nsps_opts *opts, struct resolved *r, struct nsps_error *e)
{
	cleanup_free struct nsps_container *cs = NULL;
	const struct nsps_container *m[MAX_SHOWN];
	size_t k = 0;
	char asked[64] = "";
	int n;

	r->pid = opts->pid;
	r->id[0] = '\0';
	r->pidns = 0;
	r->start = 0;
	if (opts->ref == NSPS_REF_PID)
		return 0;
	if ((n = containers_scan(&cs, e)) < 0)
		return n;
	if (opts->ref != NSPS_REF_NAME)
		k = containers_match(cs, (size_t)n, opts->id, m, MAX_SHOWN);
	if (k == 0 && opts->ref != NSPS_REF_ID) {
		char id[NSPS_ID_LEN + 1];
		const char *engine = NULL;
		int known = ask_engines(opts->target, id, asked, sizeof(asked), &engine, e);

		if (known < 0)
			return known;
		if (known == 1 && (k = containers_match(cs, (size_t)n, id, m, MAX_SHOWN)) == 0)
			return error_set(e, 0, "container '%s' (%s %.12s) has no running process",
					 opts->target, engine, id);
	}
	if (k == 0 && opts->ref == NSPS_REF_ID)
		return error_set(e, 0, "target '%s': no running container has this ID", opts->target);
	if (k == 0)
		return error_set(e, 0, "target '%s': no running container has this ID or name (asked: the cgroups%s%s)",
				 opts->target, asked[0] ? ", " : "", asked);
	if (k > 1) {
		char which[1024];

		labels(m, k < MAX_SHOWN ? k : MAX_SHOWN, which, sizeof(which));
		return error_set(e, 0, "target '%s' is ambiguous: %s%s", opts->target, which,
				 k > MAX_SHOWN ? ", ..." : "");
	}
	r->pid = m[0]->pid;
	r->start = m[0]->start;
	memcpy(r->id, m[0]->ref.id, NSPS_ID_LEN + 1);
	report_step("target '%s': container %s, pid %d", opts->target, r->id, (int)r->pid);
	return 0;
}

void resolve_container(const struct nsps_container *c, struct resolved *r)
{
	r->pid = c->pid;
	memcpy(r->id, c->ref.id, NSPS_ID_LEN + 1);
	if (!cgroup_is_id_prefix(r->id))
		r->id[0] = '\0';	/* a runc name: the namespace check suffices */
	r->pidns = c->pidns;
	r->start = c->start;
}

int resolve_confirm(const struct nsps_target *t, const struct resolved *r, struct nsps_error *e)
{
	bool same = true;

	if (r->id[0] == '\0' && r->pidns == 0 && r->start == 0)
		return 0;	/* -t PID: the pidfd is the check */
	if (r->start != 0)
		same = containers_start_time(t->pid) == r->start;
	if (same && r->id[0] != '\0')
		same = containers_pid_has_id(t->pid, r->id);
	if (same && r->pidns != 0) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "%d/ns/pid", (int)t->pid);
		same = fstatat(t->proc, path, &st, 0) == 0 && (unsigned long)st.st_ino == r->pidns;
	}
	if (same && target_alive(t))
		return 0;
	error_set(e, 0, "target %d: the container's process exited before it could be entered",
		  (int)t->pid);
	return -ESRCH;
}
