// SPDX-License-Identifier: MIT
/* nsps.c - run a host command with a container's process view. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"
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

static void open_target_or_die(struct nsps_target *t, pid_t pid)
{
	int ret = target_open(t, pid);

	if (ret == -ESRCH)
		report_die(FAIL, "target %d: no such process", (int)pid);
	if (ret == -ENOSYS)
		report_die(FAIL, "target %d: this kernel lacks pidfd_open() (Linux 5.3 or later is needed)",
			   (int)pid);
	if (ret < 0)
		report_die(FAIL, "target %d: cannot open a pidfd: %s", (int)pid, strerror(-ret));
	report_step("target %d: pidfd %d", (int)pid, t->pidfd);
}

/* Container processes with CAP_SYS_PTRACE can reach the command whatever we
 * do (ptrace, /proc/PID/root, mem): say so, the operator decides. */
static void warn_if_target_can_ptrace(const struct nsps_target *t)
{
	if (caps_target_can_ptrace(t->pid))
		report_warning("target %d has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it",
			       (int)t->pid);
}

static void isolate_mounts_or_die(bool writable)
{
	char why[512];
	int ret;

	if ((ret = mounts_unshare()) < 0)
		report_die(FAIL, "cannot create a private mount namespace: %s", strerror(-ret));
	if ((ret = mounts_make_private()) < 0)
		report_die(FAIL, "cannot make / private in the new mount namespace: %s", strerror(-ret));
	report_step("private mount namespace mnt:[%lu], propagation to the host cut",
		    namespaces_inode("mnt"));
	if (!writable && mounts_make_readonly(why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
}

static void join_namespaces_or_die(const struct nsps_target *t, int flags)
{
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
	report_step("joined pid namespace pid:[%lu] of target %d", namespaces_inode("pid_for_children"),
		    (int)t->pid);
	if (flags & CLONE_NEWNET)
		report_step("joined net namespace net:[%lu]", namespaces_inode("net"));
}

/* In the child, now inside the target's PID namespace: build the view,
 * then become the command. Errors are the child's to report. */
__attribute__((noreturn)) static void run_command(const struct nsps_opts *opts,
						 const struct nsps_target *t, char *const *command)
{
	char why[512];

	if (mounts_target_proc(t->pidfd, !opts->writable, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);
	if (opts->net && mounts_fresh_sys(!opts->writable, why, sizeof(why)) < 0)
		report_die(FAIL, "%s", why);

	/* Only 0, 1 and 2 reach the command. Everything we open is
	 * close-on-exec already; this also covers fds we inherited. */
	if (supervise_cloexec_from(3) < 0)
		report_die(FAIL, "cannot close inherited file descriptors: %s", strerror(errno));
	report_step("executing %s", command[0]);
	execvp(command[0], command);
	report_die(status_exec_failure(errno), "cannot run '%s': %s", command[0], strerror(errno));
}

int main(int argc, char *argv[])
{
	struct nsps_opts opts;
	struct nsps_target target;
	struct supervisor sv;
	static char default_shell[] = "/bin/sh";
	char *shell[2] = { NULL, NULL };
	char *const *command;
	int code, status, ret;
	pid_t pid;

	/* First of all: nothing in the container may ptrace us or read our
	 * /proc files while we hold the host's root and the target's pidfd. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		report_die(FAIL, "cannot make nsps non-dumpable: %s", strerror(errno));

	parse_or_die(&opts, argc, argv);
	command = opts.command;
	if (command == NULL) {
		/* Like nsenter(1): no command means the user's shell. */
		shell[0] = getenv("SHELL");
		if (shell[0] == NULL || shell[0][0] == '\0')
			shell[0] = default_shell;
		command = shell;
	}

	check_privileges_or_die();
	open_target_or_die(&target, opts.pid);
	warn_if_target_can_ptrace(&target);

	/* Mounts first, in a namespace of our own whose ties to the host are
	 * cut before anything is mounted. */
	isolate_mounts_or_die(opts.writable);

	/* setns(CLONE_NEWPID) changes only the namespace of our future
	 * children, hence the fork that follows. */
	join_namespaces_or_die(&target, CLONE_NEWPID | (opts.net ? CLONE_NEWNET : 0));

	if ((ret = supervise_prepare(&sv)) < 0)
		report_die(FAIL, "cannot set up signal handling: %s", strerror(-ret));
	pid = supervise_fork(&sv);
	if (pid == -ENOMEM)
		report_die(FAIL, "cannot start a process in the PID namespace of target %d: its init has exited",
			   (int)target.pid);
	if (pid < 0)
		report_die(FAIL, "cannot fork: %s", strerror((int)-pid));
	if (pid == 0)
		run_command(&opts, &target, command);

	report_step("command runs as PID %d on the host", (int)pid);
	if ((ret = supervise_wait(&sv, &code, &status)) < 0)
		report_die(FAIL, "cannot wait for the command: %s", strerror(-ret));
	/* When a PID namespace's init dies, the kernel SIGKILLs the rest of the
	 * namespace and lets init finish exiting only once they are reaped:
	 * give it a moment before telling this apart from a plain kill -9. */
	if (code == CLD_KILLED && status == SIGKILL && target_ends_within(&target, 200))
		report_error("target %d exited and its PID namespace ended: the kernel killed the command",
			     (int)target.pid);
	supervise_exit_like(code, status);
}
