// SPDX-License-Identifier: MIT
/* runtimes.c - the host's containers as their runtimes' own files tell them. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "containers.h"
#include "hostroot.h"
#include "runtimes.h"

#define MAX_STATE (4u << 20)		/* a state.json or config.json: a few KiB */
#define MAX_STORE (64u << 20)		/* podman's containers.json, all of them */

/* The regular file at dir/name whole, NUL-terminated, into a buffer to
 * free(); NULL if absent, not a regular file, or over max bytes. The
 * runtimes' state directories are root's; symbolic links are not followed. */
static char *slurp(int dir, const char *name, size_t max, size_t *len)
{
	/* O_NONBLOCK: a FIFO put there must not hang nsps (then not regular) */
	cleanup_fd int fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	char *buf;
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		error_note(errno, name);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max)
		return NULL;
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		error_note(ENOMEM, name);
		return NULL;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Whether text (len bytes) holds w->text, when a text is wanted. */
static bool mentions(const char *text, size_t len, const struct nsps_want *w)
{
	return w->text == NULL || memmem(text, len, w->text, strlen(w->text)) != NULL;
}

static struct nsps_state *add(struct nsps_runtimes *rt)
{
	if (rt->n == rt->cap) {
		size_t cap = rt->cap ? rt->cap * 2 : 16;
		struct nsps_state *more = realloc(rt->v, cap * sizeof(*more));

		if (more == NULL)
			return NULL;
		rt->v = more;
		rt->cap = cap;
	}
	memset(&rt->v[rt->n], 0, sizeof(rt->v[0]));
	return &rt->v[rt->n++];
}

static struct nsps_state *by_id(struct nsps_runtimes *rt, const char *id)
{
	for (size_t i = 0; i < rt->n; i++)
		if (strcmp(rt->v[i].id, id) == 0)
			return &rt->v[i];
	return NULL;
}

enum format { RUNC, CRUN };

/* One runtime root: a directory of containers, one directory each. */
struct root {
	const char *dir;
	enum format f;		/* runc's state.json, or crun's status */
	const char *runtime;	/* what its containers are, unless their files say */
	const char *data;	/* docker's data root (config.v2.json), or NULL */
	bool users;		/* a rootless user's: users_own() applies */
};

/*
 * What one container's files say, into st: state (runc's state.json or
 * crun's status) and config (crun's config.json or docker's config.v2.json,
 * or NULL), each parsed only when it or the other holds w->text. Returns
 * 1 for a running container whose files agree with its directory name,
 * 0 for none, -ENOSYS when jansson cannot be loaded.
 */
static int parse_entry(const char *name, const char *state, size_t slen, const char *config,
		       size_t clen, enum format f, const struct nsps_want *w, struct nsps_state *st,
		       struct nsps_error *e)
{
	int ret;
	pid_t pid;

	if (!mentions(state, slen, w) && (config == NULL || !mentions(config, clen, w)))
		return 0;
	ret = f == RUNC ? state_runc(state, slen, st, e) : state_crun(state, slen, st, e);
	if (ret < 0)
		return ret == -ENOSYS ? ret : 0;
	if (f == CRUN && strlen(name) < sizeof(st->id))	/* crun's status has no ID: */
		memcpy(st->id, name, strlen(name) + 1);		/* its directory, root's, is it */
	pid = st->pid;
	if (config != NULL && (f == CRUN ? state_oci_config(config, clen, st, e)
					 : state_docker(config, clen, st, e)) == -ENOSYS)
		return -ENOSYS;
	st->pid = pid;	/* the runtime's word, not the engine's */
	if (st->id[0] == '\0' || strcmp(st->id, name) != 0 || st->pid <= 0)
		return 0;	/* not running, or not what its directory says */
	if (st->crio)
		st->runtime = "cri-o";
	return 1;
}

/*
 * A rootless runtime's state is its user's to write: what it says counts
 * only for a process of that user (a rootless container's init runs as
 * its user on the host), and no user is a kubelet: its Kubernetes
 * annotations are dropped.
 */
static bool users_own(int cdir, struct nsps_state *st)
{
	char path[32];
	struct stat dir, proc;

	snprintf(path, sizeof(path), "/proc/%d", (int)st->pid);
	if (fstat(cdir, &dir) < 0 || stat(path, &proc) < 0 || dir.st_uid != proc.st_uid ||
	    dir.st_uid == 0)
		return false;
	st->pod[0] = st->ns[0] = st->container[0] = '\0';
	st->sandbox = st->crio = false;
	st->runtime = st->oci;
	return true;
}

/*
 * The containers of root r: each a directory named after its ID, holding
 * runc's state.json or crun's status and config.json; for docker, the
 * engine's config.v2.json under its data root. Returns 0, or -ENOSYS
 * when jansson cannot be loaded.
 */
static int read_root(struct nsps_runtimes *rt, const struct root *r, const struct nsps_want *w,
		     struct nsps_error *e)
{
	cleanup_dir DIR *d = hostroot_opendir(r->dir);
	const struct dirent *ent;
	size_t idlen = w->id ? strlen(w->id) : 0;
	const enum format f = r->f;

	if (d == NULL)
		return 0;
	while ((ent = readdir(d)) != NULL) {
		cleanup_fd int cdir = -1;
		char *state, *config = NULL;
		size_t slen = 0, clen = 0;
		struct nsps_state st = { .runtime = r->runtime, .oci = f == RUNC ? "runc" : "crun" };
		struct nsps_state *slot;
		int ret;

		if (ent->d_name[0] == '.' || strlen(ent->d_name) > NSPS_ID_LEN ||
		    (w->id && strncmp(ent->d_name, w->id, idlen) != 0) ||
		    by_id(rt, ent->d_name) != NULL)
			continue;
		cdir = openat(dirfd(d), ent->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (cdir < 0)
			error_note(errno, r->dir);
		if (cdir < 0 ||
		    (state = slurp(cdir, f == RUNC ? "state.json" : "status", MAX_STATE, &slen)) == NULL)
			continue;
		if (f == CRUN) {
			config = slurp(cdir, "config.json", MAX_STATE, &clen);
		} else if (r->data != NULL) {
			char path[600];
			cleanup_fd int ddir = -1;

			snprintf(path, sizeof(path), "%s/containers/%s", r->data, ent->d_name);
			ddir = hostroot_open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (ddir >= 0)
				config = slurp(ddir, "config.v2.json", MAX_STATE, &clen);
		}
		ret = parse_entry(ent->d_name, state, slen, config, clen, f, w, &st, e);
		free(state);
		free(config);
		if (ret < 0)
			return ret;
		if (ret == 0 || (r->users && !users_own(cdir, &st)))
			continue;
		if ((slot = add(rt)) == NULL)
			return error_set(e, ENOMEM, "cannot read the runtimes' state");
		*slot = st;
	}
	return 0;
}

static int read_podman_store(struct nsps_runtimes *rt, size_t from, const char *graph,
			     struct nsps_error *e);

/* The home directory of uid in the host's user database, into out: the
 * system's (NSS) on the host; below another root, its /etc/passwd. */
static bool home_of(uid_t uid, char *out, size_t len)
{
	const struct passwd *pw = NULL;
	cleanup_file FILE *f = NULL;
	int fd;

	if (!hostroot_elsewhere()) {
		pw = getpwuid(uid);
	} else if ((fd = hostroot_open("/etc/passwd", O_RDONLY | O_NOCTTY | O_NONBLOCK)) >= 0) {
		if ((f = fdopen(fd, "r")) == NULL)
			close(fd);
		while (f != NULL && (pw = fgetpwent(f)) != NULL && pw->pw_uid != uid)
			;
	}
	if (pw == NULL || pw->pw_dir == NULL || pw->pw_dir[0] != '/' || strlen(pw->pw_dir) >= len)
		return false;
	memcpy(out, pw->pw_dir, strlen(pw->pw_dir) + 1);
	return true;
}

/* The podman store of the user whose runtime directory /run/user/<name>
 * is: ~/.local/share/containers/storage, the home from the user database. */
static int read_user_store(struct nsps_runtimes *rt, size_t from, const char *name,
			   struct nsps_error *e)
{
	char graph[600], home[512];

	if (strspn(name, "0123456789") != strlen(name) || !home_of((uid_t)atol(name), home, sizeof(home)))
		return 0;
	snprintf(graph, sizeof(graph), "%s/.local/share/containers/storage", home);
	return read_podman_store(rt, from, graph, e);
}

/* containerd's shims' runc roots, /run/containerd/runc/<namespace>: the
 * "moby" namespace is docker's on the host's containerd (its names under
 * docker's data root), the others containerd's (k8s.io for Kubernetes). */
static int read_containerd(struct nsps_runtimes *rt, const char *docker_data,
			   const struct nsps_want *w, struct nsps_error *e)
{
	cleanup_dir DIR *d = hostroot_opendir("/run/containerd/runc");
	const struct dirent *ent;
	int ret = 0;

	while (d != NULL && ret == 0 && (ent = readdir(d)) != NULL) {
		char dir[300];
		bool moby = strcmp(ent->d_name, "moby") == 0;
		const struct root r = { dir, RUNC, moby ? "docker" : "containerd",
					moby ? docker_data : NULL, false };

		if (ent->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "/run/containerd/runc/%s", ent->d_name);
		ret = read_root(rt, &r, w, e);
	}
	return ret;
}

/* Rootless runc's and crun's roots, /run/user/<uid>/{runc,crun}, each
 * with the podman store of that user, which names only its containers. */
static int read_users(struct nsps_runtimes *rt, const struct nsps_want *w, struct nsps_error *e)
{
	cleanup_dir DIR *d = hostroot_opendir("/run/user");
	const struct dirent *ent;
	int ret = 0;

	while (d != NULL && ret == 0 && (ent = readdir(d)) != NULL) {
		char runc[300], crun[300];
		const struct root roots[] = { { runc, RUNC, "runc", NULL, true },
					      { crun, CRUN, "crun", NULL, true } };
		size_t before = rt->n;

		if (ent->d_name[0] == '.')
			continue;
		snprintf(runc, sizeof(runc), "/run/user/%s/runc", ent->d_name);
		snprintf(crun, sizeof(crun), "/run/user/%s/crun", ent->d_name);
		for (size_t i = 0; i < 2 && ret == 0; i++)
			ret = read_root(rt, &roots[i], w, e);
		if (ret == 0 && rt->n > before)
			ret = read_user_store(rt, before, ent->d_name, e);
	}
	return ret;
}

struct podman_ctx {
	struct nsps_runtimes *rt;
	size_t from;	/* the containers the store may name: its owner's */
};

static void podman_entry(const struct nsps_state *p, void *arg)
{
	struct podman_ctx *ctx = arg;
	struct nsps_state *st = NULL;

	for (size_t i = ctx->from; i < ctx->rt->n && st == NULL; i++)
		if (strcmp(ctx->rt->v[i].id, p->id) == 0)
			st = &ctx->rt->v[i];
	if (st == NULL)
		return;
	st->runtime = "podman";
	memcpy(st->name, p->name, sizeof(st->name));
	memcpy(st->image, p->image, sizeof(st->image));
}

/* podman's store under graph: <driver>-containers/containers.json, for the
 * names of the containers runc or crun run for it, of rt->v[from..]: a
 * rootless user's store names only that user's containers. */
static int read_podman_store(struct nsps_runtimes *rt, size_t from, const char *graph,
			     struct nsps_error *e)
{
	cleanup_dir DIR *d = hostroot_opendir(graph);
	const struct dirent *ent;
	struct podman_ctx ctx = { rt, from };

	while (d != NULL && (ent = readdir(d)) != NULL) {
		size_t n = strlen(ent->d_name), len = 0;
		cleanup_fd int sub = -1;
		cleanup_free char *text = NULL;

		if (n < 12 || strcmp(ent->d_name + n - 11, "-containers") != 0)
			continue;
		sub = openat(dirfd(d), ent->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub >= 0 && (text = slurp(sub, "containers.json", MAX_STORE, &len)) != NULL &&
		    state_podman(text, len, podman_entry, &ctx, e) == -ENOSYS)
			return -ENOSYS;
	}
	return 0;
}

/* docker's default data and exec roots, or what /etc/docker/daemon.json
 * says ("data-root", "exec-root"). */
static void docker_roots(char *data, size_t dlen, char *exec, size_t elen)
{
	cleanup_fd int etc = hostroot_open("/etc/docker", O_RDONLY | O_DIRECTORY);
	cleanup_free char *text = NULL;
	struct nsps_error e;
	size_t len = 0;

	snprintf(data, dlen, "/var/lib/docker");
	snprintf(exec, elen, "/run/docker");
	if (etc >= 0 && (text = slurp(etc, "daemon.json", MAX_STATE, &len)) != NULL)
		state_daemon_json(text, len, data, dlen, exec, elen, &e);
}

int runtimes_read(struct nsps_runtimes *rt, const struct nsps_want *w, struct nsps_error *e)
{
	char data[256], exec[256], dir[300], graph[1024];
	const struct root roots[] = {
		{ "/run/runc", RUNC, "runc", NULL, false },
		{ "/run/crun", CRUN, "crun", NULL, false },
		{ dir, RUNC, "docker", data, false },	/* docker's own containerd */
	};
	int ret = 0;

	docker_roots(data, sizeof(data), exec, sizeof(exec));
	snprintf(dir, sizeof(dir), "%s/runtime-runc/moby", exec);
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]) && ret == 0; i++)
		ret = read_root(rt, &roots[i], w, e);
	if (ret < 0 || (ret = read_containerd(rt, data, w, e)) < 0)
		return ret;
	if (rt->engines < NSPS_MAX_ENGINES)
		snprintf(rt->exec_roots[rt->engines++], sizeof(rt->exec_roots[0]), "%s", exec);
	if (rt->n > 0 && containers_podman_graphroot(graph, sizeof(graph)) &&
	    (ret = read_podman_store(rt, 0, graph, e)) < 0)
		return ret;
	/* rootless ones last: a user's store names only that user's */
	return read_users(rt, w, e);
}

bool runtimes_read_engine_of(struct nsps_runtimes *rt, pid_t shim, const struct nsps_want *w)
{
	char cmdline[8192], ns[64] = "", addr[256] = "", exec[256], data[256] = "/var/lib/docker",
	     pidfile[300], buf[32], dir[300];
	static const char sock[] = "/containerd/containerd.sock";
	struct nsps_error e;
	ssize_t n = containers_read_proc(shim, "cmdline", cmdline, sizeof(cmdline));
	size_t alen;
	pid_t containerd, dockerd;
	cleanup_fd int fd = -1;

	if (n <= 0 ||
	    !state_cmdline_option(cmdline, (size_t)n, "containerd-shim-runc-v2", "-namespace", ns,
				  sizeof(ns)) ||
	    strcmp(ns, "moby") != 0 ||
	    !state_cmdline_option(cmdline, (size_t)n, "containerd-shim-runc-v2", "-address", addr,
				  sizeof(addr)))
		return false;
	alen = strlen(addr);
	if (addr[0] != '/' || alen <= sizeof(sock) - 1 || strcmp(addr + alen - (sizeof(sock) - 1), sock) != 0)
		return false;
	snprintf(exec, sizeof(exec), "%.*s", (int)(alen - (sizeof(sock) - 1)), addr);
	for (size_t i = 0; i < rt->engines; i++)
		if (strcmp(rt->exec_roots[i], exec) == 0)
			return false;
	if (rt->engines == NSPS_MAX_ENGINES)
		return false;
	snprintf(rt->exec_roots[rt->engines++], sizeof(rt->exec_roots[0]), "%s", exec);
	/* the engine: the parent of the containerd it started */
	snprintf(pidfile, sizeof(pidfile), "%s/containerd/containerd.pid", exec);
	fd = hostroot_open(pidfile, O_RDONLY | O_NOFOLLOW);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		return false;
	buf[n] = '\0';
	containerd = (pid_t)atoi(buf);
	if (containerd <= 0 || (dockerd = containers_parent(containerd)) <= 1 ||
	    (n = containers_read_proc(dockerd, "cmdline", cmdline, sizeof(cmdline))) <= 0 ||
	    !state_cmdline_option(cmdline, (size_t)n, "dockerd", "--data-root", data, sizeof(data)))
		return false;
	snprintf(dir, sizeof(dir), "%s/runtime-runc/moby", exec);
	return read_root(rt, &(const struct root){ dir, RUNC, "docker", data, false }, w, &e) == 0;
}

const struct nsps_state *runtimes_by_pid(const struct nsps_runtimes *rt, pid_t pid)
{
	for (size_t i = 0; i < rt->n; i++)
		if (rt->v[i].pid == pid)
			return &rt->v[i];
	return NULL;
}

void runtimes_free(struct nsps_runtimes *rt)
{
	free(rt->v);
	rt->v = NULL;
	rt->n = rt->cap = 0;
	rt->engines = 0;
}
