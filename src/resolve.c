// SPDX-License-Identifier: MIT
/* resolve.c - which process -t names: a PID, or a container's init by ID or name. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "list.h"
#include "report.h"
#include "resolve.h"
#include "runtimes.h"

#define MAX_SHOWN 8	/* candidates named in an "ambiguous" error */

/* "a (pid 1), b (pid 2)": the labels of containers m, for a message. */
static void labels(const struct nsps_container *const *m, size_t n, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char label[96], ref[400];
		size_t used = strlen(out);
		bool named = list_reference(m[i], ref, sizeof(ref));

		list_label(m[i], label, sizeof(label));
		snprintf(out + used, len - used, "%s%s%s%s (pid %d)", i ? ", " : "", label,
			 named ? " " : "", named ? ref : "", (int)m[i]->pid);
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

/* The PID namespace inode of pid now, or 0. */
static unsigned long pidns_of(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* Whether what st says still holds: its init runs, with the start time
 * recorded (so not a process that got a stale file's PID later). */
static bool state_current(const struct nsps_state *st)
{
	return st->pid > 0 &&
	       (st->start == 0 || containers_start_time(st->pid) == st->start);
}

/* Whether the container c with state is what opts names: by name, runc
 * or crun ID, pod or pod path (exact; *exact set), or by ID prefix. */
static bool names(const struct nsps_opts *opts, const struct nsps_state *st, bool *exact)
{
	const char *t = opts->target;

	*exact = false;
	switch (opts->ref) {
	case NSPS_REF_POD:
		if (strcmp(st->ns, opts->pod.ns) != 0 || strcmp(st->pod, opts->pod.name) != 0)
			return false;
		return *exact = opts->pod.container[0] == '\0' ||
				strcmp(st->container, opts->pod.container) == 0;
	case NSPS_REF_ID:
		if (opts->runtime != NULL && strcmp(opts->runtime, st->runtime) != 0 &&
		    !(st->oci != NULL && strcmp(opts->runtime, st->oci) == 0))
			return false;
		*exact = strcmp(st->id, opts->id) == 0;
		return strncmp(st->id, opts->id, strlen(opts->id)) == 0;
	case NSPS_REF_ID_OR_NAME:
	case NSPS_REF_NAME:
		if (strcmp(st->name, t) == 0 || strcmp(st->id, t) == 0 || strcmp(st->pod, t) == 0)
			return *exact = true;
		return opts->ref == NSPS_REF_ID_OR_NAME && cgroup_is_id_prefix(st->id) &&
		       strncmp(st->id, t, strlen(t)) == 0;
	case NSPS_REF_PID:
	default:
		return false;
	}
}

/* Of the containers cs, those opts names into m (at most MAX_SHOWN): the
 * exact matches when there are any, else those an ID prefix names. A
 * pod's sandbox (pause) container is never one: the first named goes to
 * *sandbox. Returns how many (may exceed MAX_SHOWN). */
static size_t match_states(const struct nsps_opts *opts, const struct nsps_container *cs, size_t n,
			   const struct nsps_container **m, const struct nsps_container **sandbox)
{
	size_t exact = 0, prefix = 0;
	const struct nsps_container *px[MAX_SHOWN] = { NULL };

	if (cs == NULL)
		return 0;

	for (size_t i = 0; i < n; i++) {
		bool is_exact;

		if (cs[i].st.id[0] == '\0' || !names(opts, &cs[i].st, &is_exact))
			continue;
		if (cs[i].st.sandbox) {
			if (*sandbox == NULL)
				*sandbox = &cs[i];
			continue;
		}
		if (is_exact) {
			if (exact < MAX_SHOWN)
				m[exact] = &cs[i];
			exact++;
		} else {
			if (prefix < MAX_SHOWN)
				px[prefix] = &cs[i];
			prefix++;
		}
	}
	if (exact > 0)
		return exact;
	for (size_t i = 0; i < prefix && i < MAX_SHOWN; i++)
		m[i] = px[i];
	return prefix;
}

/* A container row for state st: its init, and its PID namespace now. */
static void row_of_state(const struct nsps_state *st, struct nsps_container *c)
{
	memset(c, 0, sizeof(*c));
	c->st = *st;
	c->pid = st->pid;
	c->pidns = pidns_of(st->pid);
	c->start = st->start ? st->start : containers_start_time(st->pid);
	snprintf(c->ref.id, sizeof(c->ref.id), "%s", st->id);
	c->ref.runtime = st->runtime;
}

static int by_pid(const void *a, const void *b)
{
	const struct nsps_container *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int resolve_inventory(struct nsps_container **list, bool host, struct nsps_error *e)
{
	cleanup_free struct nsps_container *cs = NULL;
	cleanup_free struct nsps_container *out = NULL;
	struct nsps_runtimes rt = { 0 };
	const struct nsps_want all = { NULL, NULL };
	const unsigned long ours = host ? pidns_of(getpid()) : 0;
	size_t k = 0;
	int n, ret;

	*list = NULL;
	if ((n = containers_scan(&cs, e)) < 0)
		return n;
	if ((ret = runtimes_read(&rt, &all, e)) < 0) {
		runtimes_free(&rt);
		return ret;
	}
	/* docker engines of their own: found through their containers' shims */
	for (int i = 0; i < n; i++)
		runtimes_read_engine_of(&rt, containers_parent(cs[i].pid), &all);
	if ((out = calloc(rt.n + (size_t)n + 1, sizeof(*out))) == NULL) {
		runtimes_free(&rt);
		return error_set(e, ENOMEM, "cannot list the host's containers");
	}
	/* one row per container its runtime knows, running */
	for (size_t s = 0; s < rt.n; s++) {
		struct nsps_container *c = &out[k];
		int owner = -1;

		if (!state_current(&rt.v[s]))
			continue;
		row_of_state(&rt.v[s], c);
		for (int i = 0; i < n; i++)
			if (cs[i].pidns == c->pidns)
				owner = i;
		if (owner < 0 && ours != 0 && c->pidns == ours) {
			k++;	/* in the host's PID namespace: a target to refuse */
			continue;
		}
		if (owner < 0)
			continue;	/* the host's PID namespace, or gone */
		c->nprocs = cs[owner].nprocs;
		c->is_init = cs[owner].pid == c->pid;
		c->depth = cs[owner].depth;
		k++;
	}
	/* a container in another's PID namespace says whose */
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++)
			if (a != b && !out[a].is_init && out[b].is_init && out[a].pidns == out[b].pidns)
				list_reference(&out[b], out[a].shares, sizeof(out[a].shares));
	/* the PID namespaces no runtime's state accounts for, as the cgroups
	 * tell them; one a known container made inside itself is its own */
	for (int i = 0; i < n; i++) {
		bool known = false;

		for (size_t s = 0; s < k && !known; s++) {
			if (out[s].pidns == cs[i].pidns)
				known = true;
			else if (cs[i].ref.id[0] != '\0' && strcmp(cs[i].ref.id, out[s].st.id) == 0 &&
				 cs[i].depth > out[s].depth) {
				out[s].nprocs += cs[i].nprocs;	/* nested */
				known = true;
			}
		}
		if (!known)
			out[k++] = cs[i];
	}
	runtimes_free(&rt);
	if (k > 1)
		qsort(out, k, sizeof(*out), by_pid);
	*list = steal_pointer(&out);
	return (int)k;
}

/*
 * Nothing names target: say so, unless a lookup on the way failed for a
 * cause of its own (error_note()): then that cause, for "not found" would
 * be a guess. Without root, a state directory root's alone may read means
 * the container may well be root's. Returns -errno (e says why).
 */
static int not_found(const char *target, struct nsps_error *e, const char *fmt, ...)
	NSPS_PRINTF(3, 4);
static int not_found(const char *target, struct nsps_error *e, const char *fmt, ...)
{
	const char *what;
	int code = error_noted(&what);
	va_list ap;

	if ((code == EACCES || code == EPERM) && geteuid() != 0)
		return error_set(e, 0, "target '%s': no container of yours has this ID or name; root's containers are root's to read (%s): run nsps as root for them",
				 target, what);
	if (code != 0 && code != EACCES && code != EPERM)
		return error_set(e, code, "target '%s': cannot tell which container it is: cannot read %s",
				 target, what);
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	e->code = 0;
	return -ESRCH;
}

/* Choose the one container opts names among m[0..k), or say why not. */
static int choose(const struct nsps_opts *opts, const struct nsps_container *const *m, size_t k,
		  struct resolved *r, struct nsps_error *e)
{
	char ref[400];

	if (k == 0 || m[0] == NULL)
		return not_found(opts->target, e, "target '%s': no running container", opts->target);
	if (k > 1) {
		char which[2048];

		labels(m, k < MAX_SHOWN ? k : MAX_SHOWN, which, sizeof(which));
		return error_set(e, 0, "target '%s' is ambiguous: %s%s", opts->target, which,
				 k > MAX_SHOWN ? ", ..." : "");
	}
	r->pid = m[0]->pid;
	r->start = m[0]->start;
	r->pidns = m[0]->pidns;
	r->id[0] = '\0';
	/* a hex ID its cgroups name is checked again once pinned */
	if (cgroup_is_id_prefix(m[0]->ref.id) && containers_pid_has_id(r->pid, m[0]->ref.id))
		memcpy(r->id, m[0]->ref.id, NSPS_ID_LEN + 1);
	if (m[0]->st.id[0] == '\0') {	/* known by its cgroups alone */
		report_step("target '%s': container %s, pid %d", opts->target, m[0]->ref.id,
			    (int)r->pid);
		return 0;
	}
	list_reference(m[0], ref, sizeof(ref));
	report_step("target '%s': container %s (%s %s), pid %d%s%s", opts->target, ref,
		    m[0]->st.runtime, m[0]->st.id, (int)r->pid,
		    m[0]->shares[0] ? ", in the PID namespace of " : "", m[0]->shares);
	return 0;
}

/* Why a pod's sandbox is no target. */
static int sandbox_error(const struct nsps_opts *opts, const struct nsps_container *sandbox,
			 struct nsps_error *e)
{
	return error_set(e, 0, "target '%s' is the sandbox (pause) container of pod %s/%s: name one of its containers",
			 opts->target, sandbox->st.ns, sandbox->st.pod);
}

/* The threads of a process share its PID: a thread ID names its process. */
static void thread_to_process(struct resolved *r)
{
	char buf[1024];
	const char *tgid;

	if (containers_read_proc(r->pid, "status", buf, sizeof(buf)) <= 0)
		return;
	if ((tgid = strstr(buf, "\nTgid:\t")) != NULL && atoi(tgid + 7) > 0 &&
	    atoi(tgid + 7) != (int)r->pid) {
		report_step("target %d: a thread of process %d, the target", (int)r->pid, atoi(tgid + 7));
		r->pid = (pid_t)atoi(tgid + 7);
	}
}

#define MAX_FAST 256	/* containers the fast path keeps (filtered already) */

/* Of rows, the one whose init is PID 1 of the PID namespace that row c
 * joined: whose namespace it is, into c->shares. */
static void name_owner(struct nsps_container *c, const struct nsps_container *rows, size_t n)
{
	for (size_t i = 0; i < n && c->shares[0] == '\0'; i++)
		if (&rows[i] != c && rows[i].is_init && rows[i].pidns == c->pidns)
			list_reference(&rows[i], c->shares, sizeof(c->shares));
}

/* The running containers of rt as rows (at most max). */
static size_t rows_of(const struct nsps_runtimes *rt, struct nsps_container *rows, size_t max)
{
	size_t n = 0;

	for (size_t s = 0; s < rt->n && n < max; s++)
		if (state_current(&rt->v[s]) && pidns_of(rt->v[s].pid) != 0) {
			row_of_state(&rt->v[s], &rows[n]);
			rows[n].is_init = containers_is_ns_init(rows[n].pid);
			n++;
		}
	return n;
}

/* The fast way: the runtimes' files alone, filtered before any parse. */
static int from_state(const struct nsps_opts *opts, const struct nsps_container **m,
		      const struct nsps_container **sandbox, struct nsps_container *rows, size_t max,
		      size_t *k, struct nsps_error *e)
{
	struct nsps_runtimes rt = { 0 };
	struct nsps_want w = { NULL, opts->target };
	size_t n;
	int ret;

	if (opts->ref == NSPS_REF_ID)
		w = (struct nsps_want){ opts->id, NULL };
	else if (opts->ref == NSPS_REF_POD)
		w.text = opts->pod.name;
	if ((ret = runtimes_read(&rt, &w, e)) < 0) {
		runtimes_free(&rt);
		return ret;
	}
	n = rows_of(&rt, rows, max);
	runtimes_free(&rt);
	*k = match_states(opts, rows, n, m, sandbox);
	if (*k == 1 && !m[0]->is_init) {
		/* it joined another's PID namespace: whose, from all of them */
		struct nsps_container *c = &rows[m[0] - rows];
		const struct nsps_want all = { NULL, NULL };

		name_owner(c, rows, n);
		if (c->shares[0] == '\0' && runtimes_read(&rt, &all, e) == 0) {
			static struct nsps_container others[MAX_FAST];

			name_owner(c, others, rows_of(&rt, others, MAX_FAST));
		}
		runtimes_free(&rt);
	}
	return 0;
}

/* Of the containers no runtime's files know, those whose cgroups or
 * monitor name them (lxc, systemd-nspawn machines; runc and crun IDs)
 * as opts does: NAME, or RUNTIME://NAME. Returns how many (into m). */
static size_t match_names(const struct nsps_opts *opts, const struct nsps_container *cs, size_t n,
			  const struct nsps_container **m)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct nsps_cgref *ref = &cs[i].ref;
		bool named;

		if (cs[i].st.id[0] != '\0' || ref->id[0] == '\0' || cgroup_is_id_prefix(ref->id))
			continue;
		if (opts->ref == NSPS_REF_ID)
			named = ref->runtime != NULL && strcmp(ref->runtime, opts->runtime) == 0 &&
				strcmp(ref->id, opts->id) == 0;
		else
			named = opts->ref != NSPS_REF_POD && strcmp(ref->id, opts->target) == 0;
		if (named && k < MAX_SHOWN)
			m[k++] = &cs[i];
	}
	return k;
}

/* No container of the pod opts names runs: name those its pod has, or
 * say there is no such pod. Returns -errno (e says why). */
static int pod_not_found(const struct nsps_opts *opts, const struct nsps_container *cs, size_t n,
			 struct nsps_error *e)
{
	char have[1024] = "";
	size_t used = 0;
	bool pod = false;

	for (size_t i = 0; i < n; i++) {
		const struct nsps_state *st = &cs[i].st;

		if (strcmp(st->ns, opts->pod.ns) != 0 || strcmp(st->pod, opts->pod.name) != 0)
			continue;
		pod = true;
		if (!st->sandbox && st->container[0] != '\0' && used < sizeof(have))
			used += (size_t)snprintf(have + used, sizeof(have) - used, "%s%s",
						 used ? ", " : "", st->container);
	}
	if (!pod)
		return not_found(opts->target, e, "target '%s': no running Kubernetes pod is named %s/%s",
				 opts->target, opts->pod.ns, opts->pod.name);
	if (have[0] == '\0')
		return not_found(opts->target, e, "target '%s': pod %s/%s has no running container",
				 opts->target, opts->pod.ns, opts->pod.name);
	return error_set(e, 0, "target '%s': pod %s/%s has no running container named '%s': its containers are %s",
			 opts->target, opts->pod.ns, opts->pod.name, opts->pod.container, have);
}

/* The slow way: every PID namespace, with the engines found on the way
 * and the IDs the cgroups name (runtimes without state: lxc, nspawn);
 * for a name, last, the engines. */
static int from_inventory(const struct nsps_opts *opts, struct resolved *r, struct nsps_error *e)
{
	struct nsps_container *cs = NULL;
	const struct nsps_container *m[MAX_SHOWN] = { NULL }, *sandbox = NULL;
	size_t k;
	char asked[64] = "";
	int n, ret;

	if ((n = resolve_inventory(&cs, true, e)) < 0)
		return n;
	if (cs == NULL)
		n = 0;
	if ((k = match_states(opts, cs, (size_t)n, m, &sandbox)) > 0 || sandbox != NULL) {
		ret = k > 0 ? choose(opts, m, k, r, e) : sandbox_error(opts, sandbox, e);
		free(cs);
		return ret;
	}
	for (int i = 0; i < n; i++)	/* the sandboxes are no rows to match by cgroup */
		if (cs[i].st.sandbox)
			cs[i].ref.id[0] = '\0';
	if (opts->ref == NSPS_REF_POD)
		ret = pod_not_found(opts, cs, (size_t)n, e);
	else
		ret = 0;
	if (ret == 0)
		k = match_names(opts, cs, (size_t)n, m);
	if (ret == 0 && k == 0 && opts->ref != NSPS_REF_NAME)
		k = containers_match(cs, (size_t)n, opts->id, m, MAX_SHOWN);
	if (ret == 0 && k == 0 && opts->ref != NSPS_REF_ID) {
		char id[NSPS_ID_LEN + 1];
		const char *engine = NULL;
		int known = ask_engines(opts->target, id, asked, sizeof(asked), &engine, e);

		if (known < 0)
			ret = known;
		else if (known == 1 && (k = containers_match(cs, (size_t)n, id, m, MAX_SHOWN)) == 0)
			ret = not_found(opts->target, e, "container '%s' (%s %.12s) has no running process",
					opts->target, engine, id);
	}
	if (ret == 0 && k == 0 && opts->ref == NSPS_REF_ID)
		ret = not_found(opts->target, e, "target '%s': no running container has this ID",
				opts->target);
	else if (ret == 0 && k == 0)
		ret = not_found(opts->target, e, "target '%s': no running container has this ID or name (asked: the runtimes' state, the cgroups%s%s)",
				opts->target, asked[0] ? ", " : "", asked);
	if (ret == 0)
		ret = choose(opts, m, k, r, e);
	free(cs);
	return ret;
}

int resolve_target(const struct nsps_opts *opts, struct resolved *r, struct nsps_error *e)
{
	static struct nsps_container rows[MAX_FAST];
	const struct nsps_container *m[MAX_SHOWN] = { NULL }, *sandbox = NULL;
	size_t k = 0;
	int ret;

	r->pid = opts->pid;
	r->id[0] = '\0';
	r->pidns = 0;
	r->start = 0;
	r->named = opts->ref == NSPS_REF_PID ? NULL : opts->target;
	error_note_clear();
	if (opts->ref == NSPS_REF_PID) {
		thread_to_process(r);
		return 0;
	}
	if ((ret = from_state(opts, m, &sandbox, rows, MAX_FAST, &k, e)) < 0)
		return ret;
	if (k > 0)
		return choose(opts, m, k, r, e);
	if (sandbox != NULL)
		return sandbox_error(opts, sandbox, e);
	return from_inventory(opts, r, e);
}

void resolve_container(const struct nsps_container *c, struct resolved *r)
{
	r->pid = c->pid;
	memcpy(r->id, c->ref.id, NSPS_ID_LEN + 1);
	if (!cgroup_is_id_prefix(r->id) || !containers_pid_has_id(c->pid, r->id))
		r->id[0] = '\0';	/* a runc name: the namespace check suffices */
	r->pidns = c->pidns;
	r->start = c->start;
	r->named = NULL;
}

/* The target's PID namespace is nsps's own: the host's processes. */
static int refuse_host_pidns(const struct nsps_target *t, const struct resolved *r,
			     struct nsps_error *e)
{
	char path[64];
	struct stat theirs, ours;

	snprintf(path, sizeof(path), "%d/ns/pid", (int)t->pid);
	if (fstatat(t->proc, path, &theirs, 0) < 0 || fstatat(t->proc, "self/ns/pid", &ours, 0) < 0 ||
	    theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev)
		return 0;
	if (r->named != NULL)
		return error_set(e, 0, "target '%s' (pid %d): this container shares the host's PID namespace: its view is the host's; run the command directly",
				 r->named, (int)t->pid);
	if (r->pidns != 0 || r->id[0] != '\0' || r->start != 0)
		return error_set(e, 0, "target %d: this container shares the host's PID namespace: its view is the host's; run the command directly",
				 (int)t->pid);
	return error_set(e, 0, "target %d is in nsps's own PID namespace (the host's, or the one of the container nsps runs in): its view is nsps's own; run the command directly",
			 (int)t->pid);
}

int resolve_confirm(const struct nsps_target *t, const struct resolved *r, struct nsps_error *e)
{
	bool same = true;
	const char *what;
	int ret;

	if ((ret = refuse_host_pidns(t, r, e)) < 0)
		return ret;
	error_note_clear();
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
	/* what could not be read is no proof that it exited */
	if (target_alive(t) && (ret = error_noted(&what)) != 0)
		return error_set(e, ret, "target %d: cannot check it is still the container chosen: cannot read %s",
				 (int)t->pid, what);
	error_set(e, 0, "target %d: the container's process exited before it could be entered",
		  (int)t->pid);
	return -ESRCH;
}
