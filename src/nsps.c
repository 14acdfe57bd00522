// SPDX-License-Identifier: MIT
/* nsps.c - run a host command with a container's process view. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "containers.h"
#include "identity.h"
#include "list.h"
#include "mounts.h"
#include "namespaces.h"
#include "options.h"
#include "report.h"
#include "status.h"
#include "supervise.h"
#include "target.h"

#define FAIL NSPS_EXIT_FAILURE

static void parse_or_die(struct nsps_opts *opts, int argc, char *argv[])
{
	if (options_parse(opts, argc, argv) < 0)
		report_die(FAIL, "%s", opts->error);
	if (opts->help) {
		options_usage();
		exit(0);
	}
	if (opts->version) {
		puts("nsps " NSPS_VERSION);
		exit(0);
	}
	report_verbose = opts->verbose;
}

static void check_privileges_or_die(void)
{
	const char *missing;
	int ret = caps_check_caller(&missing);

	if (ret == -EPERM)
		report_die(FAIL, "missing capability %s: run nsps as root", missing);
	if (ret < 0)
		report_die(FAIL, "cannot read our own capabilities: %s", strerror(-ret));
}

/* The containers on this host, or die. */
static size_t scan_or_die(struct nsps_container **cs)
{
	int n = containers_scan(cs);

	if (n < 0)
		report_die(FAIL, "cannot list the host's PID namespaces: %s", strerror(-n));
	return (size_t)n;
}

/* "a, b, c": the labels of up to max containers, for a message. */
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

/*
 * -t runtime://ID, an ID prefix or a name: the container's init, found by
 * the container ID in the cgroups of the host's processes; a name is first
 * turned into an ID by the engines that know it. id gets the full ID, for
 * a check once the process is pinned.
 */
static pid_t resolve_container_or_die(const struct nsps_opts *opts, char id[NSPS_ID_LEN + 1])
{
	struct nsps_container *cs;
	const struct nsps_container *m[8];
	size_t n = scan_or_die(&cs), k = 0;
	char asked[64] = "";
	pid_t pid;

	if (opts->ref != NSPS_REF_NAME)
		k = containers_match(cs, n, opts->id, m, 8);
	if (k == 0 && opts->ref != NSPS_REF_ID) {
		char ids[3][NSPS_ID_LEN + 1];
		const char *engines[3];
		size_t e = containers_ask_engines(opts->target, ids, engines, 3, asked, sizeof(asked));

		if (e > 1)
			report_die(FAIL, "container name '%s' is known to %s (%.12s) and %s (%.12s): give its ID",
				   opts->target, engines[0], ids[0], engines[1], ids[1]);
		if (e == 1 && (k = containers_match(cs, n, ids[0], m, 8)) == 0)
			report_die(FAIL, "container '%s' (%s %.12s) has no running process", opts->target,
				   engines[0], ids[0]);
	}
	if (k == 0 && opts->ref == NSPS_REF_ID)
		report_die(FAIL, "target '%s': no running container has this ID", opts->target);
	if (k == 0)
		report_die(FAIL, "target '%s': no running container has this ID or name (asked: the cgroups%s%s)",
			   opts->target, asked[0] ? ", " : "", asked);
	if (k > 1) {
		char which[1024];

		labels(m, k < 8 ? k : 8, which, sizeof(which));
		report_die(FAIL, "target '%s' is ambiguous: %s%s", opts->target, which,
			   k > 8 ? ", ..." : "");
	}
	pid = m[0]->pid;
	memcpy(id, m[0]->ref.id, NSPS_ID_LEN + 1);
	free(cs);
	report_step("target '%s': container %s, pid %d", opts->target, id, (int)pid);
	return pid;
}

static void open_target_or_die(struct nsps_target *t, pid_t pid)
{
	int ret = target_open(t, pid);

	if (ret == -ESRCH)
		report_die(FAIL, "target %d: no such process", (int)pid);
	if (ret < 0)
		report_die(FAIL, "target %d: cannot open a pidfd: %s", (int)pid, strerror(-ret));
	if (t->pidfd >= 0)
		report_step("target %d: pidfd %d", (int)pid, t->pidfd);
	else
		report_step("target %d: no pidfd_open() here, pinned by /proc/%d (fd %d)", (int)pid,
			    (int)pid, t->procfd);
}

/*
 * Once pinned by its pidfd, the process must still be the container we
 * chose by ID or by PID namespace: its PID may have been recycled between
 * the scan and pidfd_open(). Read afresh, then checked alive, so that what
 * was read was the pinned process's.
 */
static void confirm_target_or_die(const struct nsps_target *t, const char *id,
				  unsigned long pidns)
{
	bool same = true;

	if (id[0] == '\0' && pidns == 0)
		return;	/* -t PID: the pidfd is the check */
	if (id[0] != '\0')
		same = containers_pid_has_id(t->pid, id);
	if (same && pidns != 0) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)t->pid);
		same = stat(path, &st) == 0 && (unsigned long)st.st_ino == pidns;
	}
	if (!same || !target_alive(t))
		report_die(FAIL, "target %d: the container's process exited before it could be entered",
			   (int)t->pid);
}

/* --list: the table, and nothing run. */
__attribute__((noreturn)) static void list_or_die(const struct nsps_opts *opts)
{
	struct nsps_container *cs;
	size_t n = scan_or_die(&cs);
	char why[512];

	if (list_print(cs, n, opts, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
	free(cs);
	exit(0);
}

/*
 * -A: one run per container, one after another, each under a header line;
 * the worst status wins, and an interrupted run (Ctrl-C) ends the audit.
 * Returns only in a child, which carries on as an ordinary run against its
 * container (expected ID and PID namespace in id and pidns).
 */
static pid_t audit_all_containers(char id[NSPS_ID_LEN + 1], unsigned long *pidns)
{
	struct nsps_container *cs;
	size_t n = scan_or_die(&cs);
	pid_t parent = getpid();
	int worst = 0;

	if (n == 0)
		report_error("no containers: every process is in nsps's PID namespace");
	for (size_t i = 0; i < n; i++) {
		char label[96];
		int status, code;
		pid_t child;

		list_label(&cs[i], label, sizeof(label));
		printf("== %s pid %d ==\n", label, (int)cs[i].pid);
		fflush(stdout);
		child = fork();
		if (child < 0)
			report_die(FAIL, "cannot fork: %s", strerror(errno));
		if (child == 0) {
			/* Die with the audit, even if it is SIGKILLed. */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
				report_die(FAIL, "cannot tie the run in %s to the audit: %s", label,
					   strerror(errno));
			if (getppid() != parent)
				_exit(FAIL);	/* the audit is gone: nobody to tell */
			memcpy(id, cs[i].ref.id, NSPS_ID_LEN + 1);
			if (!cgroup_is_id_prefix(id))
				id[0] = '\0';	/* a runc name: the namespace check suffices */
			*pidns = cs[i].pidns;
			child = cs[i].pid;
			free(cs);
			return child;
		}
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR)
				report_die(FAIL, "cannot wait for the run in %s: %s", label, strerror(errno));
		code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (code > worst)
			worst = code;
		if (code == 128 + SIGINT)
			break;
	}
	free(cs);
	exit(worst);
}

/*
 * Which namespaces to join besides pid: those asked for, and with -a every
 * kind the target does not share with us. setns() refuses to re-enter our
 * own user namespace; as nsenter -a does, that kind is left out (with a
 * warning when -U asked for it by name).
 */
static int choose_namespaces_or_die(const struct nsps_opts *opts, const struct nsps_target *t)
{
	int kinds = opts->namespaces, unshared = 0;

	/* Compared only when it matters, kind by kind: two stat()s each. Net
	 * always: a target in our network namespace needs no fresh /sys. */
	int compare = opts->all_namespaces ? NSPS_NS_OPTIONAL : (kinds & (CLONE_NEWUSER | CLONE_NEWNET));

	if (compare == 0)
		return kinds;
	if (namespaces_unshared(t, compare, &unshared) < 0)
		report_die(FAIL, "target %d exited before its namespaces could be read", (int)t->pid);
	if (opts->all_namespaces)
		kinds |= unshared;
	/* --host-net; or a target in the host's network namespace already */
	if (opts->host_net || !(unshared & CLONE_NEWNET))
		kinds &= ~CLONE_NEWNET;
	if ((kinds & CLONE_NEWUSER) && !(unshared & CLONE_NEWUSER)) {
		if (opts->namespaces & CLONE_NEWUSER)
			report_warning("target %d shares nsps's user namespace: -U has nothing to join",
				       (int)t->pid);
		kinds &= ~CLONE_NEWUSER;
	}
	return kinds;
}

/*
 * Container processes with CAP_SYS_PTRACE in the command's user namespace
 * can reach the command whatever we do (ptrace, /proc/PID/root, mem): say
 * so, the operator decides. Capabilities held in a child user namespace
 * (rootless containers) count only if the command joins it (-U).
 */
static void warn_if_target_can_ptrace(const struct nsps_target *t, int kinds)
{
	int unshared = 0;

	if (!caps_target_can_ptrace(t->pid))
		return;
	if (!(kinds & CLONE_NEWUSER) && namespaces_unshared(t, CLONE_NEWUSER, &unshared) == 0 &&
	    (unshared & CLONE_NEWUSER))
		return;
	report_warning("target %d has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it",
		       (int)t->pid);
}

/* -S, -G, --user: settled on the host before anything changes. */
static void resolve_identity_or_die(const struct nsps_opts *opts, int kinds,
				    struct nsps_identity *id)
{
	char why[512];

	*id = (struct nsps_identity){
		.set_uid = opts->set_uid, .set_gid = opts->set_gid,
		.uid = opts->uid, .gid = opts->gid,
	};
	if (identity_resolve(id, opts->user, !(kinds & CLONE_NEWUSER), why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
}

/* Where nsps was started, to start the command there in the view. */
struct origin {
	char *cwd;		/* getcwd(), or NULL */
	struct stat st;		/* what it was */
};

static void remember_cwd(struct origin *o)
{
	o->cwd = getcwd(NULL, 0);
	if (o->cwd != NULL && stat(".", &o->st) < 0) {
		free(o->cwd);
		o->cwd = NULL;
	}
}

/*
 * The command starts in the directory nsps was started in, if the view
 * has it: the same directory, or the host's under a writable layer. Else
 * it starts at the same path (a directory of the view that a mount of
 * the host covered) or at /, and unless -w says where to go, a warning
 * tells so: the view leaves out the host's other mounts.
 */
static void return_to_cwd(const struct origin *o, const char *home, const char *wd)
{
	struct stat now;
	const char *where = "/";

	if (o->cwd != NULL && chdir(o->cwd) == 0) {
		where = o->cwd;
		if (stat(".", &now) == 0 && now.st_dev == o->st.st_dev && now.st_ino == o->st.st_ino)
			return;
		if (mounts_has_layer(o->cwd, home))
			return;
	}
	if (where[0] == '/' && where[1] == '\0' && chdir("/") < 0)
		report_die(FAIL, "cannot change to the view's /: %s", strerror(errno));
	if (wd == NULL || wd[0] != '/')
		report_warning("the working directory %s is not in the view (a mount of the host's it leaves out): the command starts in %s of the view",
			       o->cwd ? o->cwd : "(unknown)", where);
}

/*
 * Mounts first, in a namespace of our own whose ties to the host are cut
 * (slave: the host's unmounts still reach us) before anything is mounted;
 * then the view is built there and entered.
 */
static void isolate_mounts_or_die(const struct nsps_opts *opts, const struct nsps_target *t)
{
	const char *home = getenv("HOME");
	struct mounts_view view = { .writable = opts->writable, .home = home };
	struct origin origin;
	bool kept_host;
	char why[512];
	int ret;

	remember_cwd(&origin);
	if ((ret = mounts_unshare()) < 0)
		report_die(FAIL, "cannot create a private mount namespace: %s", strerror(-ret));
	/* EINVAL: our root is a directory, not a mount. Its mount cannot be
	 * named from here, and whatever we mounted to make one would reach
	 * the host before the cut. */
	if ((ret = mounts_make_slave()) == -EINVAL)
		report_die(FAIL, "cannot cut the new mount namespace's propagation to the host: nsps's root is no mount point (a chroot?): run nsps outside it, or make it one (mount --bind DIR DIR)");
	if (ret < 0)
		report_die(FAIL, "cannot cut the new mount namespace's propagation to the host: %s",
			   strerror(-ret));
	report_step("private mount namespace mnt:[%lu], propagation to the host cut",
		    namespaces_inode(t, "mnt"));
	if (mounts_build_view(t, &view, &kept_host, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
	if (kept_host)
		report_step("no pivot_root() from this root (the kernel's rootfs?): the host's other mounts stay below the view, out of reach");
	return_to_cwd(&origin, opts->writable ? NULL : home, opts->wd);
	free(origin.cwd);
}

static void join_namespaces_or_die(const struct nsps_target *t, int flags)
{
	unsigned int kind;

	const char *failed;
	int ret = namespaces_join(t, flags, &failed);

	if (ret == -ESRCH)
		report_die(FAIL, "target %d exited before its namespaces could be joined", (int)t->pid);
	if (ret < 0 && failed)
		report_die(FAIL, "cannot join the %s namespace of target %d: %s", failed, (int)t->pid,
			   strerror(-ret));
	if (ret < 0)
		report_die(FAIL, "cannot join the namespaces of target %d: %s", (int)t->pid,
			   strerror(-ret));
	for (kind = 1; kind != 0; kind <<= 1) {
		const char *name;

		if (!((unsigned int)flags & kind))
			continue;
		name = namespaces_name((int)kind);
		if (kind == CLONE_NEWPID)
			report_step("joined pid namespace pid:[%lu] of target %d",
				    namespaces_inode(t, "pid_for_children"), (int)t->pid);
		else
			report_step("joined %s namespace %s:[%lu]", name, name, namespaces_inode(t, name));
	}
}

/* What one run does, settled before the first privileged step. */
struct plan {
	struct nsps_opts opts;
	struct nsps_target target;
	int namespaces;			/* kinds joined besides pid */
	struct nsps_identity id;	/* -S, -G, --user */
	char expect_id[NSPS_ID_LEN + 1];	/* the target's container ID, if chosen by one */
	unsigned long expect_pidns;	/* its PID namespace, if chosen by one (-A) */
	char *const *command;
	struct supervisor sv;		/* the command's start, signals and end */
};

/* In the parent, now inside the target's network and IPC namespaces: a
 * sysfs and an mqueue of each, which show the mounter's. */
static void mount_namespace_views_or_die(const struct nsps_opts *opts, int namespaces)
{
	bool ro = !opts->writable;
	char why[512];

	if ((namespaces & CLONE_NEWNET) && mounts_fresh_sys(ro, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
	if ((namespaces & CLONE_NEWIPC) && mounts_fresh_mqueue(ro, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
}

/* In the child, inside the target's PID namespace: its procfs, which shows
 * the PID namespace of whoever mounts it (the parent is not inside). */
static void build_view_or_die(const struct plan *p)
{
	char why[512];

	if (mounts_target_proc(&p->target, !p->opts.writable, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
}

/* The user namespace, last: after it, root has no power over our mount
 * namespace, which the host's user namespace owns. Supplementary groups go
 * first, while we may still drop them (a container's setgroups may be
 * denied). Our uid stays the host's 0, which the container does not map:
 * the command keeps a full set of capabilities within the container's user
 * namespace only, and a container process without CAP_SYS_PTRACE there
 * cannot trace it (nsps(1), SECURITY). */
static void enter_user_namespace_or_die(const struct plan *p)
{
	const char *failed;
	int ret;

	if (setgroups(0, NULL) < 0)
		report_die(FAIL, "cannot drop supplementary groups: %s", strerror(errno));
	if ((ret = namespaces_join(&p->target, CLONE_NEWUSER, &failed)) < 0)
		report_die(FAIL, "cannot join the user namespace of target %d: %s",
			   (int)p->target.pid, strerror(-ret));
	report_step("joined user namespace user:[%lu]", namespaces_inode(&p->target, "user"));
}

/* -S, -G, --user: after the mounts (which need root), before the exec. */
static void become_identity_or_die(const struct plan *p)
{
	char why[512];

	if (!p->id.set_uid && !p->id.set_gid)
		return;
	/* Processes running as that uid can reach the command: /proc/PID/root
	 * shows them the host's files that uid may read. */
	if (p->id.set_uid && identity_uid_in_use(p->id.uid))
		report_warning("uid %u is in use inside target %d: its processes there can read through the command the host files uid %u may read",
			       (unsigned int)p->id.uid, (int)p->target.pid, (unsigned int)p->id.uid);
	if (identity_apply(&p->id, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
	report_step("running as uid %u gid %u", (unsigned int)getuid(), (unsigned int)getgid());
}

/* In the child, now inside the target's PID namespace: build the view,
 * then become the command. Errors are the child's to report. It may share
 * nsps's memory (vfork): it changes nothing of the plan. */
__attribute__((noreturn)) static void run_command(const void *arg)
{
	const struct plan *p = arg;
	char *const *command = p->command;

	build_view_or_die(p);
	if (p->namespaces & CLONE_NEWUSER)
		enter_user_namespace_or_die(p);
	become_identity_or_die(p);
	if (p->opts.wd != NULL && chdir(p->opts.wd) < 0)
		report_die(FAIL, "cannot change to directory '%s': %s", p->opts.wd, strerror(errno));

	/* Only 0, 1 and 2 reach the command. Everything we open is
	 * close-on-exec already; this also covers fds we inherited. */
	if (supervise_cloexec_from(3) < 0)
		report_die(FAIL, "cannot close inherited file descriptors: %s", strerror(errno));
	report_step("executing %s", command[0]);
	supervise_before_exec(&p->sv);
	execvp(command[0], command);
	report_die(status_exec_failure(errno), "cannot run '%s': %s", command[0], strerror(errno));
}

int main(int argc, char *argv[])
{
	static struct plan plan;
	struct nsps_opts *opts = &plan.opts;
	struct nsps_target *target = &plan.target;
	struct supervisor *sv = &plan.sv;
	static char default_shell[] = "/bin/sh";
	static char *shell[2] = { NULL, NULL };
	int code, status, ret;
	pid_t pid;

	/* Before anything else, the environment included: run setuid, setgid
	 * or with file capabilities (the kernel's secure-exec), nsps would
	 * hand whoever runs it the host's root: -- id, --writable, -G 0. It
	 * is a root tool run by root, never a privilege broker. */
	if (getauxval(AT_SECURE) != 0)
		report_die(FAIL, "refusing to run setuid, setgid or with file capabilities: run nsps as root, e.g. through sudo");

	/* Then: nothing in the container may ptrace us or read our
	 * /proc files while we hold the host's root and the target's pidfd. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		report_die(FAIL, "cannot make nsps non-dumpable: %s", strerror(errno));

	parse_or_die(opts, argc, argv);
	plan.command = opts->command;
	if (plan.command == NULL) {
		/* Like nsenter(1): no command means the user's shell. */
		shell[0] = getenv("SHELL");
		if (shell[0] == NULL || shell[0][0] == '\0')
			shell[0] = default_shell;
		plan.command = shell;
	}

	check_privileges_or_die();
	if (opts->list)
		list_or_die(opts);
	if (opts->all_containers)
		opts->pid = audit_all_containers(plan.expect_id, &plan.expect_pidns);
	else if (opts->ref != NSPS_REF_PID)
		opts->pid = resolve_container_or_die(opts, plan.expect_id);
	open_target_or_die(target, opts->pid);
	confirm_target_or_die(target, plan.expect_id, plan.expect_pidns);
	plan.namespaces = choose_namespaces_or_die(opts, target);
	resolve_identity_or_die(opts, plan.namespaces, &plan.id);
	warn_if_target_can_ptrace(target, plan.namespaces);

	isolate_mounts_or_die(opts, target);

	/* setns(CLONE_NEWPID) changes only the namespace of our future
	 * children, hence the fork that follows. The user namespace waits for
	 * the child, after its mounts. */
	join_namespaces_or_die(target, CLONE_NEWPID | (plan.namespaces & ~CLONE_NEWUSER));
	mount_namespace_views_or_die(opts, plan.namespaces);

	if ((ret = supervise_prepare(sv)) < 0)
		report_die(FAIL, "cannot set up signal handling: %s", strerror(-ret));
	/* The child borrows our memory until its exec (vfork), except when it
	 * must join a user namespace, which a shared memory forbids. */
	pid = supervise_spawn(sv, !(plan.namespaces & CLONE_NEWUSER), run_command, &plan);
	if (pid == -ENOMEM)
		report_die(FAIL, "cannot start a process in the PID namespace of target %d: its init has exited",
			   (int)target->pid);
	if (pid < 0)
		report_die(FAIL, "cannot fork: %s", strerror((int)-pid));

	report_step("command runs as PID %d on the host", (int)pid);
	if ((ret = supervise_wait(sv, &code, &status)) < 0)
		report_die(FAIL, "cannot wait for the command: %s", strerror(-ret));
	/* When a PID namespace's init dies, the kernel SIGKILLs the rest of the
	 * namespace and lets init finish exiting only once they are reaped:
	 * give it a moment before telling this apart from a plain kill -9. */
	if (code == CLD_KILLED && status == SIGKILL && target_ends_within(target, 200))
		report_error("target %d exited and its PID namespace ended: the kernel killed the command",
			     (int)target->pid);
	supervise_exit_like(code, status);
}
