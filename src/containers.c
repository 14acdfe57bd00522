// SPDX-License-Identifier: MIT
/* containers.c - the host's containers: PID namespaces, their IDs, engines. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "conf.h"
#include "containers.h"
#include "escape.h"
#include "hostroot.h"
#include "procstat.h"
#include "state.h"

extern char **environ;

/* A small file whole into buf, NUL-terminated, from fd (closed).
 * Returns its length, or -1. */
static ssize_t read_small_fd(int fd, char *buf, size_t len)
{
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while (total < (ssize_t)len - 1 &&
	       (n = read(fd, buf + total, len - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

ssize_t containers_read_proc(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];

	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		error_note(errno, path);
	return read_small_fd(fd, buf, len);
}

/* A small configuration file of the host's (hostroot.h). */
static ssize_t read_host_file(const char *path, char *buf, size_t len)
{
	return read_small_fd(hostroot_open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK), buf, len);
}

/* What status says of pid: gone or a zombie (false), else whether it is
 * PID 1 of its innermost PID namespace (the last NSpid field) in *init,
 * and in how many PID namespaces it is (NSpid fields) in *depth. */
static bool process_lives(pid_t pid, bool *init, int *depth)
{
	char buf[4096];
	const char *state, *line, *last;

	*init = false;
	*depth = 1;
	if (containers_read_proc(pid, "status", buf, sizeof(buf)) <= 0)
		return false;
	state = strstr(buf, "\nState:");
	if (state != NULL && (strncmp(state + 7, "\tZ", 2) == 0 || strncmp(state + 7, "\tX", 2) == 0))
		return false;
	if ((line = strstr(buf, "\nNSpid:")) == NULL)
		return true;
	line += 7;
	last = line;
	for (const char *p = line; *p && *p != '\n'; p++)
		if ((*p == '\t' || *p == ' ') && p != line) {
			last = p + 1;
			++*depth;
		}
	*init = last[0] == '1' && (last[1] == '\n' || last[1] == '\0');
	return true;
}

bool containers_alive(pid_t pid)
{
	bool init;
	int depth;

	return process_lives(pid, &init, &depth);
}

/*
 * A container whose parent is conmon: podman's when conmon's command line
 * makes podman its exit command (podman's conmons do, CRI-O's do not),
 * with the ID conmon's -c gives when the cgroups name none (rootless
 * podman, whose containers may have no cgroup of their own); else CRI-O's.
 */
static void monitor_conmon(struct nsps_container *c, pid_t conmon)
{
	char cmdline[16384], exit_cmd[256] = "", id[NSPS_ID_LEN + 2] = "";
	ssize_t n = containers_read_proc(conmon, "cmdline", cmdline, sizeof(cmdline));
	const char *base;

	if (c->ref.runtime == NULL)
		c->ref.runtime = "cri-o";
	if (n <= 0 || !state_cmdline_option(cmdline, (size_t)n, "conmon", "--exit-command", exit_cmd,
					    sizeof(exit_cmd)))
		return;
	base = strrchr(exit_cmd, '/');
	if (strcmp(base ? base + 1 : exit_cmd, "podman") != 0)
		return;
	c->ref.runtime = "podman";
	if (c->ref.id[0] == '\0' &&
	    state_cmdline_option(cmdline, (size_t)n, "conmon", "-c", id, sizeof(id)) &&
	    strlen(id) == NSPS_ID_LEN && cgroup_is_id_prefix(id))
		memcpy(c->ref.id, id, NSPS_ID_LEN + 1);
}

/*
 * A container whose parent is systemd-nspawn, which registered no machine
 * (no machine-NAME.scope): systemd-nspawn's, named as nspawn names it, by
 * its --machine, else its directory's last component.
 */
static void monitor_nspawn(struct nsps_container *c, pid_t nspawn)
{
	char cmdline[16384], name[256] = "";
	ssize_t n = containers_read_proc(nspawn, "cmdline", cmdline, sizeof(cmdline));

	c->ref.runtime = "systemd-nspawn";
	if (n <= 0 || c->ref.id[0] != '\0')
		return;
	if (!state_cmdline_option(cmdline, (size_t)n, "systemd-nspawn", "--machine", name, sizeof(name)))
		return;
	state_cmdline_option(cmdline, (size_t)n, "systemd-nspawn", "-M", name, sizeof(name));
	if (name[0] == '\0') {
		char dir[4096] = "";
		const char *base;
		size_t len;

		state_cmdline_option(cmdline, (size_t)n, "systemd-nspawn", "--directory", dir, sizeof(dir));
		state_cmdline_option(cmdline, (size_t)n, "systemd-nspawn", "-D", dir, sizeof(dir));
		len = strlen(dir);
		while (len > 1 && dir[len - 1] == '/')
			dir[--len] = '\0';
		base = strrchr(dir, '/');
		base = base ? base + 1 : dir;
		if (strlen(base) < sizeof(name))
			memcpy(name, base, strlen(base) + 1);
	}
	/* a name that could pass for a hex ID is none: those are the runtimes' */
	if (cgroup_is_name_id(name) && !cgroup_is_id_prefix(name))
		memcpy(c->ref.id, name, strlen(name) + 1);
}

/* The runtime behind a container whose cgroup path does not say: its
 * parent (a containerd shim, conmon), or, with no ID at all, the state
 * directories of runc and crun, which name a container's cgroup after it. */
static void refine_runtime(struct nsps_container *c, const char *cgroups)
{
	char buf[512], leaf[256], path[300];
	struct stat st;
	pid_t ppid;

	if ((c->ref.runtime == NULL || strcmp(c->ref.runtime, "cri-o") == 0) &&
	    (ppid = containers_parent(c->pid)) > 0 &&
	    containers_read_proc(ppid, "comm", buf, sizeof(buf)) > 0) {
		if (c->ref.runtime == NULL && strncmp(buf, "containerd-shim", 15) == 0)
			c->ref.runtime = "containerd";
		else if (strncmp(buf, "conmon", 6) == 0)
			monitor_conmon(c, ppid);
		else if (c->ref.runtime == NULL && strncmp(buf, "systemd-nspawn", 14) == 0)
			monitor_nspawn(c, ppid);	/* --keep-unit, --register=no */
	}
	if (c->ref.id[0] != '\0' || !cgroup_text_leaf(cgroups, leaf, sizeof(leaf)))
		return;
	static const char *const runtimes[] = { "runc", "crun" };
	for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++) {
		snprintf(path, sizeof(path), "/run/%s/%s", runtimes[i], leaf);
		if (strchr(leaf, '.') == NULL && strlen(leaf) <= NSPS_ID_LEN &&
		    hostroot_stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			memcpy(c->ref.id, leaf, strlen(leaf) + 1);
			c->ref.runtime = runtimes[i];
			return;
		}
	}
}

static int by_pid(const void *a, const void *b)
{
	const struct nsps_container *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int containers_scan(struct nsps_container **list, struct nsps_error *e)
{
	struct stat ours;
	cleanup_free struct nsps_container *cs = NULL;
	size_t n = 0, cap = 0;
	cleanup_dir DIR *proc = NULL;
	const struct dirent *d;
	char cgroups[8192];

	*list = NULL;
	if (stat("/proc/self/ns/pid", &ours) < 0 || (proc = opendir("/proc")) == NULL)
		return error_set(e, errno, "cannot list the host's PID namespaces");
	while ((d = readdir(proc)) != NULL) {
		char path[300];
		struct stat st;
		pid_t pid;
		size_t i;
		bool init;
		int depth;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		snprintf(path, sizeof(path), "/proc/%s/ns/pid", d->d_name);
		if (stat(path, &st) < 0 || st.st_ino == ours.st_ino || !process_lives(pid, &init, &depth))
			continue;
		for (i = 0; i < n && cs[i].pidns != (unsigned long)st.st_ino; i++)
			;
		if (i == n) {
			if (n == cap) {
				struct nsps_container *more = realloc(cs, (cap ? cap * 2 : 16) * sizeof(*cs));

				if (more == NULL)
					return error_set(e, ENOMEM, "cannot list the host's PID namespaces");
				cs = more;
				cap = cap ? cap * 2 : 16;
			}
			memset(&cs[n], 0, sizeof(cs[n]));
			cs[n].pidns = (unsigned long)st.st_ino;
			cs[n].pid = pid;
			cs[n].depth = depth;
			n++;
		}
		cs[i].nprocs++;
		if (!cs[i].is_init && init) {
			cs[i].pid = pid;
			cs[i].is_init = true;
			cs[i].depth = depth;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (containers_read_proc(cs[i].pid, "cgroup", cgroups, sizeof(cgroups)) < 0)
			cgroups[0] = '\0';
		cgroup_text_container(cgroups, &cs[i].ref);
		refine_runtime(&cs[i], cgroups);
		cs[i].start = containers_start_time(cs[i].pid);
	}
	if (n > 1)
		qsort(cs, n, sizeof(*cs), by_pid);
	*list = steal_pointer(&cs);
	return (int)n;
}

size_t containers_match(const struct nsps_container *list, size_t n, const char *prefix,
			const struct nsps_container **match, size_t max)
{
	size_t found = 0, len = strlen(prefix);

	for (size_t i = 0; i < n; i++) {
		/* runc and crun names are no IDs */
		if (strncmp(list[i].ref.id, prefix, len) != 0 || !cgroup_is_id_prefix(list[i].ref.id))
			continue;
		if (found < max)
			match[found] = &list[i];
		found++;
	}
	return found;
}

unsigned long long containers_start_time(pid_t pid)
{
	char buf[1024];
	unsigned long long start = 0;
	ssize_t n = containers_read_proc(pid, "stat", buf, sizeof(buf));

	return n > 0 && procstat_start_time(buf, (size_t)n, &start) ? start : 0;
}

bool containers_is_ns_init(pid_t pid)
{
	bool init;
	int depth;

	return process_lives(pid, &init, &depth) && init;
}

pid_t containers_parent(pid_t pid)
{
	char buf[512];
	const char *paren;
	long ppid = 0;

	if (containers_read_proc(pid, "stat", buf, sizeof(buf)) <= 0 || (paren = strrchr(buf, ')')) == NULL ||
	    sscanf(paren + 1, " %*c %ld", &ppid) != 1 || ppid < 0)
		return 0;
	return (pid_t)ppid;
}

bool containers_pid_has_id(pid_t pid, const char *id)
{
	char cgroups[8192];
	struct nsps_cgref ref;

	return containers_read_proc(pid, "cgroup", cgroups, sizeof(cgroups)) > 0 &&
	       cgroup_text_container(cgroups, &ref) && strcmp(ref.id, id) == 0;
}

/* Whether an executable called name is on PATH. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	char dir[4096];

	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (n > 0 && n < sizeof(dir) - 64) {
			memcpy(dir, path, n);
			snprintf(dir + n, sizeof(dir) - n, "/%s", name);
			if (access(dir, X_OK) == 0)
				return true;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

/* The deadline now + ms, on the monotonic clock. */
static struct timespec deadline_in(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Milliseconds left until deadline, 0 when past it. */
static int ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? (int)ms : 0;
}

/* Start ENGINE container inspect --format {{.Id}} -- NAME, with no shell,
 * its stdout on fd, stdin and stderr on /dev/null. Returns its PID, or -1. */
static pid_t spawn_inspect(const char *engine, const char *name, int fd)
{
	/* execve() takes char *const []: writable copies of the arguments. */
	char a_engine[16], a_name[256], a_container[] = "container", a_inspect[] = "inspect",
	     a_format[] = "--format", a_template[] = "{{.Id}}", a_end[] = "--";
	char *argv[] = { a_engine, a_container, a_inspect, a_format, a_template, a_end, a_name,
			 NULL };
	size_t engine_len = strlen(engine), name_len = strlen(name);
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;

	if (engine_len >= sizeof(a_engine) || name_len >= sizeof(a_name) ||
	    posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	memcpy(a_engine, engine, engine_len + 1);
	memcpy(a_name, name, name_len + 1);
	if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, fd, 1) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawnp(&pid, engine, &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* Ask ENGINE for the ID of the container called name, with no shell and
 * at most 10 s in all; the ID it prints into id. Returns true on a clean
 * answer. */
static bool engine_inspect(const char *engine, const char *name, char id[NSPS_ID_LEN + 1])
{
	int pipefd[2], status = 0;
	bool ok = false;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return false;
	pid = spawn_inspect(engine, name, pipefd[1]);
	close(pipefd[1]);
	if (pid > 0) {
		const struct timespec deadline = deadline_in(10000);
		struct pollfd p = { .fd = pipefd[0], .events = POLLIN };
		char out[256];
		size_t got = 0;
		ssize_t n;

		/* 10 s for the whole answer, not for each piece of it */
		while (got < sizeof(out) - 1 && poll(&p, 1, ms_left(&deadline)) > 0 &&
		       (n = read(pipefd[0], out + got, sizeof(out) - 1 - got)) > 0)
			got += (size_t)n;
		kill(pid, SIGKILL);	/* a no-op if it ended; else it hung */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		out[got] = '\0';
		out[strcspn(out, "\n")] = '\0';
		ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && strlen(out) == NSPS_ID_LEN &&
		     cgroup_is_id_prefix(out);
		if (ok)
			memcpy(id, out, NSPS_ID_LEN + 1);
	}
	close(pipefd[0]);
	return ok;
}


/*
 * The absolute path that key in [section] of a podman configuration names,
 * as podman finds it: the file env names, else the first of files that
 * exists; else def. Returns false if the value is not an absolute path.
 */
static bool podman_path(const char *env, const char *const files[], const char *section,
			const char *key, const char *def, char *out, size_t len)
{
	static char text[65536];
	const char *file = getenv(env);
	ssize_t n = -1;

	if (file != NULL && file[0] != '\0')
		n = read_host_file(file, text, sizeof(text));
	for (size_t i = 0; file == NULL && files[i] != NULL && n < 0; i++)
		n = read_host_file(files[i], text, sizeof(text));
	if (n < 0 || !conf_toml_string(text, (size_t)n, section, key, out, len))
		snprintf(out, len, "%s", def);
	return out[0] == '/';
}

/* Whether dir holds an entry whose name ends with suffix. */
static bool has_entry_ending(const char *dir, const char *suffix)
{
	DIR *d = hostroot_opendir(dir);
	const struct dirent *e;
	bool found = false;
	size_t k = strlen(suffix);

	if (d == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		found = n > k && strcmp(e->d_name + n - k, suffix) == 0;
	}
	closedir(d);
	return found;
}

static bool is_kind(const char *path, mode_t kind)
{
	struct stat st;

	return hostroot_stat(path, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

/*
 * Whether podman, asked, would open a store that exists already and create
 * nothing on the host. Asked otherwise, it sets up its default store: the
 * graph root and run root (the overlay driver mounts one on the host) and
 * its tmp dir. So each must be there, as podman's own files: the graph
 * root's storage.lock and libpod database directory, a run root that podman
 * filled since boot (<driver>-containers), the tmp dir. A side directory
 * such as /run/libpod alone proves nothing: a podman run with --root of its
 * own makes it too.
 */
static const char *const storage_files[] = { "/etc/containers/storage.conf",
					     "/usr/share/containers/storage.conf", NULL };

bool containers_podman_graphroot(char *out, size_t len)
{
	return podman_path("CONTAINERS_STORAGE_CONF", storage_files, "storage", "graphroot",
			   "/var/lib/containers/storage", out, len);
}

static bool podman_store_exists(void)
{
	static const char *const engine_files[] = { "/etc/containers/containers.conf",
						    "/usr/share/containers/containers.conf", NULL };
	char graph[1024], run[1024], tmp[1024], path[1100];

	if (!containers_podman_graphroot(graph, sizeof(graph)) ||
	    !podman_path("CONTAINERS_STORAGE_CONF", storage_files, "storage", "runroot",
			 "/run/containers/storage", run, sizeof(run)) ||
	    !podman_path("CONTAINERS_CONF", engine_files, "engine", "tmp_dir", "/run/libpod", tmp,
			 sizeof(tmp)))
		return false;
	snprintf(path, sizeof(path), "%s/storage.lock", graph);
	if (!is_kind(path, S_IFREG))
		return false;
	snprintf(path, sizeof(path), "%s/libpod", graph);
	return is_kind(path, S_IFDIR) && is_kind(tmp, S_IFDIR) && has_entry_ending(run, "-containers");
}

/*
 * The engines asked for names. Asking must cost the host nothing: docker
 * and nerdctl only ask their daemons; podman opens a store itself, and
 * is asked only when that store exists (podman_store_exists()).
 */
static const struct {
	const char *name;
	bool (*in_use)(void);	/* NULL: always worth asking */
} engines_known[] = {
	{ "docker", NULL },
	{ "podman", podman_store_exists },
	{ "nerdctl", NULL },
};

static bool engine_in_use(size_t i)
{
	return engines_known[i].in_use == NULL || engines_known[i].in_use();
}

size_t containers_ask_engines(const char *name, char ids[][NSPS_ID_LEN + 1],
			      const char **engines, size_t max, char *asked, size_t asked_len)
{
	size_t found = 0;

	asked[0] = '\0';
	if (hostroot_elsewhere())
		return 0;	/* in a pod: they would answer for the pod */
	for (size_t i = 0; i < sizeof(engines_known) / sizeof(engines_known[0]) && found < max; i++) {
		const char *engine = engines_known[i].name;
		size_t used = strlen(asked);

		if (!on_path(engine) || !engine_in_use(i))
			continue;
		snprintf(asked + used, asked_len - used, "%s%s", used ? ", " : "", engine);
		if (engine_inspect(engine, name, ids[found])) {
			engines[found] = engine;
			found++;
		}
	}
	return found;
}

/* Copy len bytes into out (size outlen), escaped or with NULs as spaces. */
static void copy_text(const char *in, size_t len, bool escaped, char *out, size_t outlen)
{
	size_t i;

	if (escaped) {
		escape_safe(in, len, out, outlen);
		return;
	}
	for (i = 0; i < len && i + 1 < outlen; i++)
		out[i] = in[i] == '\0' ? ' ' : in[i];
	if (outlen > 0)
		out[i] = '\0';
}

void containers_cmdline(pid_t pid, bool escaped, char *out, size_t len)
{
	char buf[4096];
	ssize_t n = containers_read_proc(pid, "cmdline", buf, sizeof(buf));

	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n > 0) {
		copy_text(buf, (size_t)n, escaped, out, len);
		return;
	}
	/* Kernel threads and zombies have none: their name, as ps shows it. */
	n = containers_read_proc(pid, "comm", buf, sizeof(buf));
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n > 0 && len > 2) {
		size_t end;

		out[0] = '[';
		copy_text(buf, (size_t)n, escaped, out + 1, len - 2);
		end = strlen(out);
		out[end] = ']';
		out[end + 1] = '\0';
	} else if (len > 0) {
		out[0] = '\0';
	}
}
