// SPDX-License-Identifier: MIT
/* runtimes.c - the host's containers as their runtimes' own files tell them. */
#define _GNU_SOURCE
#include <ctype.h>
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

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max)
		return NULL;
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		return NULL;
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
 * The containers of one runtime root (dir): each a directory named after
 * its ID, holding runc's state.json or crun's status and config.json; for
 * docker, the engine's config.v2.json under data (its data root), when
 * given. Returns 0, or -ENOSYS when jansson cannot be loaded.
 */
static int read_root(struct nsps_runtimes *rt, const char *dir, enum format f,
		     const char *runtime, const char *data, const struct nsps_want *w,
		     struct nsps_error *e)
{
	cleanup_dir DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t idlen = w->id ? strlen(w->id) : 0;
	bool users = strncmp(dir, "/run/user/", 10) == 0;

	if (d == NULL)
		return 0;
	while ((ent = readdir(d)) != NULL) {
		cleanup_fd int cdir = -1;
		char *state, *config = NULL;
		size_t slen = 0, clen = 0;
		struct nsps_state st = { .runtime = runtime, .oci = f == RUNC ? "runc" : "crun" };
		struct nsps_state *slot;
		int ret;

		if (ent->d_name[0] == '.' || strlen(ent->d_name) > NSPS_ID_LEN ||
		    (w->id && strncmp(ent->d_name, w->id, idlen) != 0) ||
		    by_id(rt, ent->d_name) != NULL)
			continue;
		cdir = openat(dirfd(d), ent->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (cdir < 0 ||
		    (state = slurp(cdir, f == RUNC ? "state.json" : "status", MAX_STATE, &slen)) == NULL)
			continue;
		if (f == CRUN) {
			config = slurp(cdir, "config.json", MAX_STATE, &clen);
		} else if (data != NULL) {
			char path[600];
			cleanup_fd int ddir = -1;

			snprintf(path, sizeof(path), "%s/containers/%s", data, ent->d_name);
			ddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			if (ddir >= 0)
				config = slurp(ddir, "config.v2.json", MAX_STATE, &clen);
		}
		ret = parse_entry(ent->d_name, state, slen, config, clen, f, w, &st, e);
		free(state);
		free(config);
		if (ret < 0)
			return ret;
		if (ret == 0 || (users && !users_own(cdir, &st)))
			continue;
		if ((slot = add(rt)) == NULL)
			return error_set(e, ENOMEM, "cannot read the runtimes' state");
		*slot = st;
	}
	return 0;
}

static int read_podman_store(struct nsps_runtimes *rt, size_t from, const char *graph,
			     struct nsps_error *e);

/* The podman store of the user whose runtime directory /run/user/<name>
 * is: ~/.local/share/containers/storage, the home from the user database. */
static int read_user_store(struct nsps_runtimes *rt, size_t from, const char *name,
			   struct nsps_error *e)
{
	char graph[600];
	const struct passwd *pw;

	if (strspn(name, "0123456789") != strlen(name) || (pw = getpwuid((uid_t)atol(name))) == NULL ||
	    pw->pw_dir == NULL || pw->pw_dir[0] != '/')
		return 0;
	snprintf(graph, sizeof(graph), "%s/.local/share/containers/storage", pw->pw_dir);
	return read_podman_store(rt, from, graph, e);
}

/* Each directory glob-like below: parent/<each>/leaf, e.g. the namespaces
 * of containerd's runc root, or the users of /run/user (whose podman
 * stores name their rootless containers). */
static int read_each(struct nsps_runtimes *rt, const char *parent, const char *leaf,
		     enum format f, const char *runtime, const struct nsps_want *w,
		     struct nsps_error *e)
{
	cleanup_dir DIR *d = opendir(parent);
	const struct dirent *ent;
	int ret = 0;

	while (d != NULL && ret == 0 && (ent = readdir(d)) != NULL) {
		char dir[600];
		const char *rtm = runtime;
		size_t before = rt->n;

		if (ent->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s%s%s", parent, ent->d_name, leaf[0] ? "/" : "", leaf);
		if (strcmp(parent, "/run/containerd/runc") == 0 && strcmp(ent->d_name, "moby") == 0)
			rtm = "docker";	/* docker on the host's containerd */
		ret = read_root(rt, dir, f, rtm, strcmp(rtm, "docker") == 0 ? "/var/lib/docker" : NULL,
				w, e);
		if (ret == 0 && rt->n > before && strcmp(parent, "/run/user") == 0)
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
	cleanup_dir DIR *d = opendir(graph);
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
	cleanup_fd int etc = open("/etc/docker", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
	size_t rootful;
	int ret;

	docker_roots(data, sizeof(data), exec, sizeof(exec));
	snprintf(dir, sizeof(dir), "%s/runtime-runc/moby", exec);
	if ((ret = read_root(rt, "/run/runc", RUNC, "runc", NULL, w, e)) < 0 ||
	    (ret = read_root(rt, "/run/crun", CRUN, "crun", NULL, w, e)) < 0 ||
	    (ret = read_root(rt, dir, RUNC, "docker", data, w, e)) < 0 ||
	    (ret = read_each(rt, "/run/containerd/runc", "", RUNC, "containerd", w, e)) < 0)
		return ret;
	rootful = rt->n;
	if (rt->engines < NSPS_MAX_ENGINES)
		snprintf(rt->exec_roots[rt->engines++], sizeof(rt->exec_roots[0]), "%s", exec);
	if (rootful > 0 && containers_podman_graphroot(graph, sizeof(graph)) &&
	    (ret = read_podman_store(rt, 0, graph, e)) < 0)
		return ret;
	/* rootless ones last: a user's store names only that user's */
	if ((ret = read_each(rt, "/run/user", "runc", RUNC, "runc", w, e)) < 0)
		return ret;
	return read_each(rt, "/run/user", "crun", CRUN, "crun", w, e);
}

/* Read a small /proc file of pid, NUL-terminated. Returns its length or -1. */
static ssize_t read_proc(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];
	cleanup_fd int fd = -1;
	ssize_t n, total = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (total < (ssize_t)len - 1 && (n = read(fd, buf + total, len - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = '\0';
	return total;
}

bool runtimes_read_engine_of(struct nsps_runtimes *rt, pid_t shim, const struct nsps_want *w)
{
	char cmdline[8192], ns[64] = "", addr[256] = "", exec[256], data[256] = "/var/lib/docker",
	     pidfile[300], buf[32], dir[300];
	static const char sock[] = "/containerd/containerd.sock";
	struct nsps_error e;
	ssize_t n = read_proc(shim, "cmdline", cmdline, sizeof(cmdline));
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
	fd = open(pidfile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		return false;
	buf[n] = '\0';
	containerd = (pid_t)atoi(buf);
	if (containerd <= 0 || (dockerd = containers_parent(containerd)) <= 1 ||
	    (n = read_proc(dockerd, "cmdline", cmdline, sizeof(cmdline))) <= 0 ||
	    !state_cmdline_option(cmdline, (size_t)n, "dockerd", "--data-root", data, sizeof(data)))
		return false;
	snprintf(dir, sizeof(dir), "%s/runtime-runc/moby", exec);
	return read_root(rt, dir, RUNC, "docker", data, w, &e) == 0;
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
}
