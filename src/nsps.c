// SPDX-License-Identifier: MIT
/* nsps.c - run a host command with a container's view: the story of the steps. */
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
#include "cleanup.h"
#include "containers.h"
#include "dns.h"
#include "hostroot.h"
#include "identity.h"
#include "list.h"
#include "mounts.h"
#include "namespaces.h"
#include "options.h"
#include "report.h"
#include "resolve.h"
#include "status.h"
#include "supervise.h"
#include "target.h"

#define FAIL NSPS_EXIT_FAILURE

/* A step that failed: its one nsps: line, and 125. */
static void or_die(int ret, const struct nsps_error *e)
{
	if (ret < 0)
		report_failure(FAIL, e);
}

/* What a write to stdout left undone: fail, as util-linux's tools do,
 * rather than exit 0 with the output lost (a full disk, a closed pipe). */
static void flush_stdout_or_die(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		report_die(FAIL, "cannot write to standard output: %s", strerror(errno ? errno : EIO));
}

/* What one run does, settled before the first privileged step. */
struct plan {
	const struct nsps_opts *opts;
	bool own;			/* without root: the caller's own user namespace only */
	struct resolved chosen;		/* the target as chosen (-t, or a container of -A) */
	struct nsps_target target;	/* ... and pinned */
	int namespaces;			/* kinds joined besides pid */
	struct nsps_identity id;	/* -S, -G, --user */
	char *const *command;
	struct supervisor sv;		/* the command's start, signals and end */
};

static void parse_or_die(struct nsps_opts *opts, int argc, char *argv[])
{
	struct nsps_error e = { 0 };

	if (options_parse(opts, argc, argv, &e) < 0)
		report_usage_failure(FAIL, &e);
	if (opts->help) {
		options_usage();
		flush_stdout_or_die();
		exit(0);
	}
	if (opts->version) {
		puts("nsps " NSPS_VERSION);
		flush_stdout_or_die();
		exit(0);
	}
	report_verbose = opts->verbose;
}

/* Like nsenter(1): no command means the user's shell. */
static char *const *command_or_shell(const struct nsps_opts *opts)
{
	static char default_shell[] = "/bin/sh";
	static char *shell[2] = { NULL, NULL };

	if (opts->command != NULL)
		return opts->command;
	shell[0] = getenv("SHELL");
	if (shell[0] == NULL || shell[0][0] == '\0')
		shell[0] = default_shell;
	return shell;
}

#define NOT_YOURS "no containers of yours: without root, nsps lists and enters only your own rootless containers"

/* The host's containers, for --list and -A; without root (own), only
 * those the caller may enter. Returns how many, *cs to free(). */
static int inventory_or_die(struct nsps_container **cs, bool own)
{
	struct nsps_error e = { 0 };
	int n = resolve_inventory(cs, false, &e), k = 0;

	or_die(n, &e);
	if (!own)
		return n;
	for (int i = 0; i < n; i++)
		if (namespaces_user_is_own((*cs)[i].pid))
			(*cs)[k++] = (*cs)[i];
	return k;
}

/* --list: the table, and nothing run. */
static int list_containers(const struct nsps_opts *opts, bool own)
{
	cleanup_free struct nsps_container *cs = NULL;
	struct nsps_error e = { 0 };
	int n = inventory_or_die(&cs, own);

	or_die(list_print(cs, (size_t)n, opts, &e), &e);
	if (n == 0 && own)
		report_error(NOT_YOURS);
	flush_stdout_or_die();
	return 0;
}

static void open_target_or_die(struct plan *p)
{
	struct nsps_target *t = &p->target;
	struct nsps_error e = { 0 };

	or_die(target_open(t, p->chosen.pid, &e), &e);
	if (t->pidfd >= 0)
		report_step("target %d: pidfd %d", (int)t->pid, t->pidfd);
	else
		report_step("target %d: no pidfd_open() here, pinned by /proc/%d (fd %d)", (int)t->pid,
			    (int)t->pid, t->procfd);
	or_die(resolve_confirm(t, &p->chosen, &e), &e);
}

/*
 * Which namespaces to join besides pid: those asked for (net unless
 * --host-net), and with -a every kind the target does not share with us.
 * A target in our network namespace needs no join and no fresh /sys.
 * setns() refuses to re-enter our own user namespace; as nsenter -a does,
 * that kind is left out (with a warning when -U asked for it by name).
 */
static int choose_namespaces_or_die(const struct plan *p)
{
	const struct nsps_opts *opts = p->opts;
	const struct nsps_target *t = &p->target;
	int kinds = opts->namespaces, unshared = 0;
	/* Compared only when it matters, kind by kind: two stat()s each. */
	int compare = opts->all_namespaces ? NSPS_NS_OPTIONAL : (kinds & (CLONE_NEWUSER | CLONE_NEWNET));
	struct nsps_error e = { 0 };

	if (compare == 0)
		return kinds;	/* no -U, no net: nothing to strip */
	or_die(namespaces_unshared(t, compare, &unshared, &e), &e);
	if (opts->all_namespaces)
		kinds |= unshared;
	if (opts->host_net || !(unshared & CLONE_NEWNET))
		kinds &= ~CLONE_NEWNET;
	if ((kinds & CLONE_NEWUSER) && !(unshared & CLONE_NEWUSER)) {
		if (opts->namespaces & CLONE_NEWUSER)
			report_warning("target %d shares nsps's user namespace: -U has nothing to join",
				       (int)t->pid);
		kinds &= ~CLONE_NEWUSER;
	}
	/* without root the user namespace is joined first, whatever was asked */
	if (p->own)
		kinds &= ~CLONE_NEWUSER;
	return kinds;
}

/* Whether the command runs in the target's user namespace: with -U, and
 * always without root (joined first). Its ids are then the container's. */
static bool in_target_userns(const struct plan *p)
{
	return (p->namespaces & CLONE_NEWUSER) || p->own;
}

/*
 * Container processes with CAP_SYS_PTRACE in the command's user namespace
 * can reach the command whatever we do (ptrace, /proc/PID/root, mem): say
 * so, the operator decides. Capabilities held in a child user namespace
 * (rootless containers) count only if the command joins it (-U).
 */
static void warn_if_target_can_ptrace(const struct plan *p)
{
	const struct nsps_target *t = &p->target;
	struct nsps_error e = { 0 };
	int unshared = 0;

	if (!caps_target_can_ptrace(t->pid))
		return;
	if (!in_target_userns(p) && namespaces_unshared(t, CLONE_NEWUSER, &unshared, &e) == 0 &&
	    (unshared & CLONE_NEWUSER))
		return;
	report_warning("target %d has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it",
		       (int)t->pid);
}

/* -S, -G, --user: settled on the host before anything changes. */
static void resolve_identity_or_die(struct plan *p)
{
	const struct nsps_opts *opts = p->opts;
	/* ids as the command's user namespace names them */
	bool userns = in_target_userns(p);
	struct nsps_error e = { 0 };

	p->id = (struct nsps_identity){
		.set_uid = opts->set_uid, .set_gid = opts->set_gid,
		.uid = opts->uid, .gid = opts->gid,
	};
	/* nsenter's -S follow, -G follow: the target's own */
	if (opts->uid_follow || opts->gid_follow)
		or_die(identity_follow(&p->id, &p->target, opts->uid_follow, opts->gid_follow, userns,
				       &e), &e);
	or_die(identity_resolve(&p->id, opts->user, !userns, &e), &e);
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
static void return_to_cwd(const struct origin *o, const struct mounts_made *made, const char *wd)
{
	bool there = o->cwd != NULL && chdir(o->cwd) == 0;
	struct stat now;

	/* The view's / stands for the host's, even where it is not the same
	 * directory (without root, a tmpfs holding the host root's entries). */
	if (there && strcmp(o->cwd, "/") == 0)
		return;
	if (there && ((stat(".", &now) == 0 && now.st_dev == o->st.st_dev &&
		       now.st_ino == o->st.st_ino) || mounts_has_layer(made, o->cwd)))
		return;
	if (!there && chdir("/") < 0)
		report_die(FAIL, "cannot change to the view's /: %s", strerror(errno));
	if (wd == NULL || wd[0] != '/')
		report_warning("the working directory %s is not in the view: the command starts in %s of the view",
			       o->cwd ? o->cwd : "(unknown)", there ? o->cwd : "/");
}

/*
 * Mounts first, in a namespace of our own whose ties to the host are cut
 * (slave: the host's unmounts still reach us) before anything is mounted;
 * then the view is built there and entered.
 */
static void isolate_mounts_or_die(const struct plan *p)
{
	const struct nsps_opts *opts = p->opts;
	const char *home = getenv("HOME");
	const struct mounts_view view = { .writable = opts->writable, .home = home, .own = p->own };
	struct nsps_error e = { 0 };
	struct mounts_made made;
	struct origin origin;

	remember_cwd(&origin);
	or_die(mounts_unshare(&e), &e);
	or_die(mounts_make_slave(&e), &e);
	report_step("private mount namespace mnt:[%lu], propagation to the host cut",
		    namespaces_inode(&p->target, "mnt"));
	or_die(mounts_build_view(&p->target, &view, &made, &e), &e);
	return_to_cwd(&origin, &made, opts->wd);
	free(origin.cwd);
}

/* setns(CLONE_NEWPID) changes only the namespace of our future children,
 * hence the fork that follows. The user namespace waits for the child,
 * after its mounts. */
static void join_namespaces_or_die(const struct plan *p)
{
	const struct nsps_target *t = &p->target;
	int flags = CLONE_NEWPID | (p->namespaces & ~CLONE_NEWUSER);
	struct nsps_error e = { 0 };

	or_die(namespaces_join(t, flags, &e), &e);
	for (unsigned int kind = 1; kind != 0; kind <<= 1) {
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

/* In the parent, now inside the target's network and IPC namespaces: a
 * sysfs and an mqueue of each, which show the mounter's. */
static void mount_namespace_views_or_die(const struct plan *p)
{
	bool ro = !p->opts->writable;
	struct nsps_error e = { 0 };

	if (p->namespaces & CLONE_NEWNET)
		or_die(mounts_fresh_sys(ro, p->own, &e), &e);
	if (p->namespaces & CLONE_NEWIPC)
		or_die(mounts_fresh_mqueue(ro, &e), &e);
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
	struct nsps_error e = { 0 };

	if (setgroups(0, NULL) < 0)
		report_die(FAIL, "cannot drop supplementary groups: %s", strerror(errno));
	or_die(namespaces_join(&p->target, CLONE_NEWUSER, &e), &e);
	report_step("joined user namespace user:[%lu]", namespaces_inode(&p->target, "user"));
}

/* Without root: a user may enter only the user namespaces it owns (its
 * rootless containers). Nothing is gained the user did not have: the
 * kernel checks each step as it would podman unshare's. */
static void check_own_target_or_die(const struct plan *p)
{
	struct nsps_error e = { 0 };

	or_die(namespaces_check_own_user(&p->target, &e), &e);
}

/* ... and joins it first, since there alone it holds the capabilities the
 * view needs: the mount namespace made next is that user namespace's.
 * Supplementary groups are dropped where the namespace lets them be
 * (setgroups), as with root. */
static void enter_own_user_namespace_or_die(const struct plan *p)
{
	struct nsps_error e = { 0 };

	or_die(namespaces_join(&p->target, CLONE_NEWUSER, &e), &e);
	report_step("without root: target %d is in your user namespace user:[%lu], joined first",
		    (int)p->target.pid, namespaces_inode(&p->target, "user"));
	if (setgroups(0, NULL) < 0)
		report_step("supplementary groups kept: the target's user namespace denies setgroups()");
}

/* -S, -G, --user: after the mounts (which need root), before the exec. */
static void become_identity_or_die(const struct plan *p)
{
	struct nsps_error e = { 0 };

	if (!p->id.set_uid && !p->id.set_gid)
		return;
	/* Processes running as that uid can reach the command: /proc/PID/root
	 * shows them the host's files that uid may read. */
	if (p->id.set_uid && identity_uid_in_use(p->id.uid))
		report_warning("uid %u is in use inside target %d: its processes there can read through the command the host files uid %u may read",
			       (unsigned int)p->id.uid, (int)p->target.pid, (unsigned int)p->id.uid);
	or_die(identity_apply(&p->id, &e), &e);
	report_step("running as uid %u gid %u", (unsigned int)getuid(), (unsigned int)getgid());
}

/* In the child, now inside the target's PID namespace: its procfs (which
 * shows the PID namespace of whoever mounts it; the parent is not inside),
 * then become the command. It may share nsps's memory (supervise.h says
 * what it may touch): the plan is read-only to it. */
__attribute__((noreturn)) static void run_command(const void *arg)
{
	const struct plan *p = arg;
	char *const *command = p->command;
	struct nsps_error e = { 0 };

	/* its network, its names: the container's resolv.conf and hosts, on
	 * the trip into its mount namespace that borrows its /proc */
	struct dns_files dns;
	const struct mounts_errand errand = { dns_visit, &dns };
	bool names = (p->namespaces & CLONE_NEWNET) && !p->opts->host_dns;

	if (names)
		dns_open(&dns, &p->target, p->namespaces & CLONE_NEWUTS);
	or_die(mounts_target_proc(&p->target, !p->opts->writable, names ? &errand : NULL, &e), &e);
	if (names)
		dns_attach(&dns);
	if (p->namespaces & CLONE_NEWUSER)
		enter_user_namespace_or_die(p);
	become_identity_or_die(p);
	if (p->opts->wd != NULL && chdir(p->opts->wd) < 0)
		report_die(FAIL, "cannot change to directory '%s': %s", p->opts->wd, strerror(errno));
	/* Only 0, 1 and 2 reach the command. Everything we open is
	 * close-on-exec already; this also covers fds we inherited. */
	or_die(supervise_cloexec_from(3, &e), &e);
	report_step("executing %s", command[0]);
	or_die(supervise_before_exec(&p->sv, &e), &e);
	execvp(command[0], command);
	report_die(status_exec_failure(errno), "cannot run '%s': %s", command[0], strerror(errno));
}

/* Start the command in the target's namespaces and end as it ended. */
__attribute__((noreturn)) static void spawn_and_wait(struct plan *p)
{
	struct nsps_error e = { 0 };
	int how, value;
	pid_t pid;

	or_die(supervise_prepare(&p->sv, &e), &e);
	/* The child borrows our memory until its exec (vfork), except when it
	 * must join a user namespace, which a shared memory forbids. */
	pid = supervise_spawn(&p->sv, !(p->namespaces & CLONE_NEWUSER), run_command, p, &e);
	if (pid == -ENOMEM)
		report_die(FAIL, "cannot start a process in the PID namespace of target %d: its init has exited",
			   (int)p->target.pid);
	or_die(pid, &e);
	if (p->sv.reached_exec)
		report_step("command runs as PID %d on the host", (int)pid);
	or_die(supervise_wait(&p->sv, &how, &value, &e), &e);
	/* When a PID namespace's init dies, the kernel SIGKILLs the rest of the
	 * namespace and lets init finish exiting only once they are reaped:
	 * give it a moment before telling this apart from a plain kill -9. */
	if (how == CLD_KILLED && value == SIGKILL && target_ends_within(&p->target, 200))
		report_error("target %d exited and its PID namespace ended: the kernel killed the command",
			     (int)p->target.pid);
	supervise_exit_like(how, value);
}

/* One run against the target p->chosen: pin it, settle what to join and
 * whom to be, build the view, join, start the command, end as it ended. */
__attribute__((noreturn)) static void run_target(struct plan *p)
{
	open_target_or_die(p);
	if (p->own)
		check_own_target_or_die(p);
	p->namespaces = choose_namespaces_or_die(p);
	resolve_identity_or_die(p);
	warn_if_target_can_ptrace(p);
	if (p->own)
		enter_own_user_namespace_or_die(p);
	isolate_mounts_or_die(p);
	join_namespaces_or_die(p);
	mount_namespace_views_or_die(p);
	spawn_and_wait(p);
}

/* One run in container c, in a process of its own (a run changes its
 * process's namespaces for good), tied to the audit. Returns its exit
 * status as a shell would show it. */
static int run_in(struct plan *p, const struct nsps_container *c, const char *label)
{
	struct supervise_tie tie;
	struct nsps_error e = { 0 };
	int status;
	pid_t child;

	or_die(supervise_tie(&tie, &e), &e);
	if ((child = fork()) < 0)
		report_die(FAIL, "cannot fork: %s", strerror(errno));
	if (child == 0) {
		char what[128];

		snprintf(what, sizeof(what), "the run in %s", label);
		supervise_tied_child(&tie, what);
		resolve_container(c, &p->chosen);
		run_target(p);
	}
	close(tie.fd[0]);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			report_die(FAIL, "cannot wait for the run in %s: %s", label, strerror(errno));
	close(tie.fd[1]);
	return status_of_wait(status);
}

/* Whether container c, chosen for -A, has ended since: its init gone, a
 * zombie, or its PID another process's. */
static bool container_ended(const struct nsps_container *c)
{
	unsigned long long now = containers_start_time(c->pid);

	return now == 0 || (c->start != 0 && now != c->start) || !containers_alive(c->pid);
}

/* -A: one run per container, one after another, each under a header line;
 * the worst status wins, and an interrupted run (Ctrl-C) ends the audit.
 * A container that ends before or during its run is no failure of the
 * audit (nsps's 125, or the 137 of a command the kernel killed with its
 * PID namespace): said so, and not counted. */
static int audit_all_containers(struct plan *p)
{
	cleanup_free struct nsps_container *cs = NULL;
	int n = inventory_or_die(&cs, p->own), worst = 0;

	hostroot_done();
	if (n == 0 && p->own)
		report_die(FAIL, NOT_YOURS);
	if (n == 0)
		report_error("no containers: no process runs in a PID namespace of its own");
	for (int i = 0; i < n; i++) {
		char label[96], name[400];
		bool seen = cs[i].st.sandbox;	/* a pod's pause container runs nothing */
		int code;

		/* containers sharing a PID namespace share a view: one run */
		for (int j = 0; j < i && !seen; j++)
			seen = cs[j].pidns == cs[i].pidns && !cs[j].st.sandbox;
		if (seen)
			continue;
		list_label(&cs[i], label, sizeof(label));
		name[0] = ' ';
		if (!list_reference(&cs[i], name + 1, sizeof(name) - 1))
			name[0] = '\0';
		printf("== %s%s pid %d ==\n", label, name, (int)cs[i].pid);
		flush_stdout_or_die();
		code = run_in(p, &cs[i], label);
		if ((code == FAIL || code == 128 + SIGKILL) && container_ended(&cs[i])) {
			report_error("%s (pid %d) ended during the audit: its run does not count in the status",
				     label, (int)cs[i].pid);
			code = 0;
		}
		if (code > worst)
			worst = code;
		if (code == 128 + SIGINT)
			break;
	}
	return worst;
}

int main(int argc, char *argv[])
{
	static struct nsps_opts opts;	/* static: the plan points to it */
	static struct plan plan;
	struct nsps_error e = { 0 };

	/* Before anything else, the environment included: run setuid, setgid
	 * or with file capabilities (the kernel's secure-exec), nsps would
	 * hand whoever runs it the host's root: -- id, --writable, -G 0. It
	 * is a root tool run by root, never a privilege broker. */
	if (getauxval(AT_SECURE) != 0)
		report_die(FAIL, "refusing to run setuid, setgid or with file capabilities: run nsps as root, e.g. through sudo");
	report_init();

	/* Then: nothing in the container may ptrace us or read our /proc
	 * files while we hold the host's root and the target's pidfd. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		report_die(FAIL, "cannot make nsps non-dumpable: %s", strerror(errno));

	parse_or_die(&opts, argc, argv);
	/* root, or a user entering its own rootless containers */
	or_die(caps_check_caller(&plan.own, &e), &e);
	/* where the runtimes' state is: the host's root, or in a pod /host */
	or_die(hostroot_choose(opts.host_root, &e), &e);
	if (opts.list)
		return list_containers(&opts, plan.own);

	plan.opts = &opts;
	plan.command = command_or_shell(&opts);
	if (opts.all_containers)
		return audit_all_containers(&plan);
	or_die(resolve_target(&opts, &plan.chosen, &e), &e);
	hostroot_done();
	run_target(&plan);
}
