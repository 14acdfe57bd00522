// SPDX-License-Identifier: MIT
/* supervise.c - fork the command, forward signals to it, end as it ended. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "options.h"
#include "report.h"
#include "status.h"
#include "supervise.h"

/* Signals the parent takes synchronously with sigwaitinfo(). The terminal's
 * job-control signals are among them so that the parent never stops before
 * the child has (see stop_with_child()). */
static const int waited[] = {
	SIGCHLD, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU,
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM,
};

static void waited_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(waited) / sizeof(waited[0]); i++)
		sigaddset(set, waited[i]);
}

/* The terminal on fds 0-2 of which we are the foreground job, or -1. */
static int foreground_tty(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (tcgetpgrp(fd) == getpgrp())
			return fd;
	return -1;
}

int supervise_tie(struct supervise_tie *tie, struct nsps_error *e)
{
	/* Only the parent holds the write end (the child closes its copy): it
	 * closes when the parent dies. */
	if (pipe2(tie->fd, O_CLOEXEC) < 0)
		return error_set(e, errno, "cannot set up signal handling");
	return 0;
}

/* PDEATHSIG covers the parent's death from now on; the pipe's write end,
 * closing when the parent dies, covers a death between fork() and prctl().
 * getppid() cannot tell: it is 0 here when the parent is outside our PID
 * namespace. */
void supervise_tied_child(const struct supervise_tie *tie, const char *what)
{
	struct pollfd p = { .fd = tie->fd[0], .events = POLLIN };

	close(tie->fd[1]);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		report_die(NSPS_EXIT_FAILURE, "cannot tie %s to nsps: %s", what, strerror(errno));
	/* the parent is gone already: nobody waits for us, say nothing */
	if (poll(&p, 1, 0) != 0)
		_exit(NSPS_EXIT_FAILURE);
}

int supervise_prepare(struct supervisor *s, struct nsps_error *e)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	/* An inherited SIG_IGN for SIGCHLD would have the kernel reap the
	 * child behind our back, and its exit status with it. */
	waited_set(&set);
	if (sigaction(SIGCHLD, &dfl, &s->saved_chld) < 0 ||
	    sigprocmask(SIG_BLOCK, &set, &s->saved_mask) < 0)
		return error_set(e, errno, "cannot set up signal handling");
	s->tty = foreground_tty();
	return supervise_tie(&s->tie, e);
}

/*
 * In the child, when we run in the foreground of a terminal: lead a process
 * group of our own and take the terminal. Our group's ID is a host PID,
 * invisible in the target's PID namespace: there tcgetpgrp() says 0, and an
 * interactive shell that restores the terminal to its "original" group on
 * exit fails (dash: "Cannot set tty process group", exit 2). A group led by
 * the child itself is visible. SIGTTOU is still blocked, so tcsetpgrp() from
 * the background group is allowed. Should it fail, the child only runs as a
 * background job would.
 */
static void lead_foreground_group(const struct supervisor *s)
{
	if (s->tty < 0 || setpgid(0, 0) < 0)
		return;
	(void)tcsetpgrp(s->tty, getpgrp());
}

/* What the child runs, and with what: on our stack, read-only to it. */
struct child_start {
	const struct supervisor *s;
	void (*fn)(const void *);
	const void *arg;
};

__attribute__((noreturn)) static void child_start(const struct child_start *start)
{
	supervise_tied_child(&start->s->tie, "the command's life");
	lead_foreground_group(start->s);
	start->fn(start->arg);
	_exit(NSPS_EXIT_FAILURE);	/* fn does not return */
}

static int child_on_own_stack(void *start)
{
	child_start(start);
}

/* The shared-memory child's stack: its own, as posix_spawn() gives its
 * child, so that it never writes over our frames; a guard page below. */
#define CHILD_STACK ((size_t)1 << 20)	/* 1 MiB */

/* AddressSanitizer cannot follow a child onto a stack it did not see made
 * (it warns, and may report falsely): the sanitized build always forks,
 * as runs with -U do. */
#if defined(__SANITIZE_ADDRESS__)
#define CAN_SHARE_MEMORY false
#else
#define CAN_SHARE_MEMORY true
#endif

/* Start the child: supervise_spawn() without the signals. Returns its
 * PID or -errno. */
static pid_t spawn(struct supervisor *s, bool share_memory, struct child_start *start)
{
	pid_t pid;

	if (!share_memory || !CAN_SHARE_MEMORY) {
		/* As with CLONE_VFORK, we go on once the child has exec'd or
		 * ended (its end of a close-on-exec pipe closes): its steps
		 * come before ours, and -v reads in the order they happen. */
		int gate[2];
		char c;
		ssize_t n;

		if (pipe2(gate, O_CLOEXEC) < 0)
			return -errno;
		s->gate = gate[1];	/* the child writes a byte just before its exec */
		pid = fork();
		if (pid == 0) {
			close(gate[0]);
			child_start(start);
		}
		close(gate[1]);
		s->gate = -1;
		s->reached_exec = false;
		while (pid > 0 && ((n = read(gate[0], &c, 1)) > 0 || (n < 0 && errno == EINTR)))
			if (n > 0)
				s->reached_exec = true;
		close(gate[0]);
	} else {
		long page = sysconf(_SC_PAGESIZE);
		char *stack = mmap(NULL, CHILD_STACK + (size_t)page, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);

		if (stack == MAP_FAILED || mprotect(stack, (size_t)page, PROT_NONE) < 0)
			return -errno;
		/* We sleep until the child has exec'd or ended: CLONE_VFORK.
		 * The stack is not unmapped: ours for the few milliseconds we
		 * have left. */
		s->gate = -1;
		s->reached_exec = true;
		pid = clone(child_on_own_stack, stack + (size_t)page + CHILD_STACK,
			    CLONE_VM | CLONE_VFORK | SIGCHLD, start);
	}
	return pid < 0 ? -errno : pid;
}

/*
 * While the child makes its way to its exec, there is no command yet to
 * pass a signal on to, and we sleep where no handler runs (in the kernel
 * for CLONE_VFORK, on the gate otherwise): whatever the child still waits
 * on, the hangup, Ctrl-C and SIGTERM end us at once, at their default
 * action (one the caller set to ignore stays ignored), and the child with
 * us (PDEATHSIG). The child inherits them unblocked too, until
 * supervise_before_exec(): Ctrl-C in its terminal group ends it.
 */
static void entry_signals(int how)
{
	sigset_t ending;

	sigemptyset(&ending);
	sigaddset(&ending, SIGHUP);
	sigaddset(&ending, SIGINT);
	sigaddset(&ending, SIGTERM);
	(void)sigprocmask(how, &ending, NULL);
}

pid_t supervise_spawn(struct supervisor *s, bool share_memory, void (*child)(const void *),
		      const void *arg, struct nsps_error *e)
{
	struct child_start start = { .s = s, .fn = child, .arg = arg };
	pid_t pid;

	entry_signals(SIG_UNBLOCK);
	pid = spawn(s, share_memory, &start);
	entry_signals(SIG_BLOCK);
	if (pid < 0)
		return error_set(e, -pid, "cannot fork");
	s->child = pid;
	return pid;
}

int supervise_before_exec(const struct supervisor *s, struct nsps_error *e)
{
	if (sigaction(SIGCHLD, &s->saved_chld, NULL) < 0 ||
	    sigprocmask(SIG_SETMASK, &s->saved_mask, NULL) < 0)
		return error_set(e, errno, "cannot restore the signal mask for the command");
	if (s->gate >= 0 && write(s->gate, "x", 1) != 1)
		return error_set(e, errno, "cannot tell nsps the command starts");
	return 0;
}

/*
 * Whether the child is still stopped once a SIGCONT has reached us: if
 * not, it was continued with us (a shell's fg or bg, kill -CONT -PGID:
 * one signal to our whole group, which it shares when there is no
 * terminal) and must not get a second SIGCONT from us, which would run its
 * handler twice. The kernel marks the child continued as the signal
 * reaches it (waitid() WCONTINUED, looked at without taking it); the
 * group's signal may reach us first, so the child is given a few
 * milliseconds. A child in a group of its own (the terminal's case) is
 * continued by nobody else: no wait.
 */
static bool child_still_stopped(const struct supervisor *s)
{
	const struct timespec ms = { 0, 1000000 };
	int tries = s->tty >= 0 ? 1 : 10;

	if (!s->stopped)
		return false;
	for (int i = 0; i < tries; i++) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)s->child, &si, WCONTINUED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid != 0)
			return false;
		if (i + 1 < tries)
			nanosleep(&ms, NULL);
	}
	return true;
}

/* Continue the child: its whole group when it leads one (the terminal
 * case), else itself. */
static void continue_child(const struct supervisor *s)
{
	if (s->tty >= 0)
		killpg(s->child, SIGCONT);
	else
		kill(s->child, SIGCONT);
}

/*
 * The child stopped (Ctrl-Z, SIGSTOP): stop ourselves too, so that the shell
 * sees the job stopped. Only now, not when SIGTSTP arrived: had we stopped
 * first, the shell would take the terminal back while the child was still
 * restoring it, and a program such as top would fail on resume.
 *
 * Once continued: if the shell made us its foreground job again (fg, not
 * bg), pass the terminal on to the child's group before waking it, so that
 * it can redraw at once. Then continue the child unless someone already did
 * (child_still_stopped()).
 */
static void stop_with_child(const struct supervisor *s)
{
	const struct timespec now = { 0 };
	sigset_t cont;

	kill(getpid(), SIGSTOP);
	/* Resumed: the SIGCONT that did it is pending (it is blocked); take
	 * it now, or supervise_wait() would pass it on as a new one. */
	sigemptyset(&cont);
	sigaddset(&cont, SIGCONT);
	(void)sigtimedwait(&cont, NULL, &now);
	if (s->tty >= 0 && tcgetpgrp(s->tty) == getpgrp())
		(void)tcsetpgrp(s->tty, s->child);
	if (child_still_stopped(s))
		continue_child(s);
}

/*
 * Whether a signal that reached us reached the child as well, so that
 * forwarding it would deliver it twice. Only the kernel's can have
 * (SI_KERNEL): the terminal's Ctrl-C, Ctrl-\ and Ctrl-Z go to its
 * foreground group, a hangup of an orphaned group to that group, and the
 * child has them when it shares our group. Not so the hangup of a closing
 * terminal and the SIGCONT after it: the kernel sends them to the session
 * leader alone, which is us whenever nsps is the first process of a
 * session (a tmux or screen window, ssh -t, xterm -e, setsid). Run
 * directly, the command would have led that session and had them.
 */
static bool child_has_it(const struct supervisor *s, const siginfo_t *si)
{
	if (si->si_code != SI_KERNEL)
		return false;
	if ((si->si_signo == SIGHUP || si->si_signo == SIGCONT) && getsid(0) == getpid())
		return false;
	return getpgid(s->child) == getpgrp();
}

/* The child ended: take the terminal back if its group still has it, so
 * that a script that ran us reads from it as before. */
static void reclaim_tty(const struct supervisor *s)
{
	if (s->tty >= 0 && tcgetpgrp(s->tty) == s->child)
		(void)tcsetpgrp(s->tty, getpgrp());
}

/* Collect what the child did. Returns 1 when it ended, 0 if not, -errno. */
static int reap(struct supervisor *s, int *how, int *value)
{
	pid_t child = s->child;

	for (;;) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)child, &si, WEXITED | WSTOPPED | WCONTINUED | WNOHANG) < 0)
			return errno == EINTR ? 0 : -errno;
		if (si.si_pid == 0)
			return 0;
		switch (si.si_code) {
		case CLD_STOPPED:
			s->stopped = true;
			stop_with_child(s);
			break;
		case CLD_CONTINUED:
			s->stopped = false;
			break;
		default:
			*how = si.si_code;
			*value = si.si_status;
			reclaim_tty(s);
			return 1;
		}
	}
}

int supervise_wait(struct supervisor *s, int *how, int *value, struct nsps_error *e)
{
	sigset_t set;

	waited_set(&set);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		int ret;

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return error_set(e, errno, "cannot wait for the command");
		}
		switch (sig) {
		case SIGCHLD:
			ret = reap(s, how, value);
			if (ret < 0)
				return error_set(e, -ret, "cannot wait for the command");
			if (ret > 0)
				return 0;
			break;
		case SIGCONT:
			/* Our own resumption is taken in stop_with_child(); any
			 * other goes on to a child still stopped: one that was
			 * continued with us has had it. */
			if (child_still_stopped(s))
				continue_child(s);
			break;
		default:
			if (!child_has_it(s, &si))
				kill(s->child, sig);
			break;
		}
	}
}

int supervise_cloexec_from(int first, struct nsps_error *e)
{
	cleanup_dir DIR *d = NULL;
	const struct dirent *de;

	/* Marked, not closed: stderr must stay usable to report a failed exec,
	 * and the kernel closes the rest at execve(). */
	if (close_range((unsigned int)first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return error_set(e, errno, "cannot close inherited file descriptors");
	/* Before Linux 5.11: walk our fds (this /proc is already ours). */
	if ((d = opendir("/proc/self/fd")) == NULL)
		return error_set(e, errno, "cannot close inherited file descriptors");
	while ((de = readdir(d)) != NULL) {
		int fd = atoi(de->d_name);

		if (fd >= first && fd != dirfd(d) && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
			return error_set(e, errno, "cannot close inherited file descriptors");
	}
	return 0;
}

void supervise_exit_like(int how, int value)
{
	if (status_killed(how)) {
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigset_t one;

		/* Die of the same signal, so that our caller sees what its
		 * command died of (a shell prints 128+N, "Killed", ...).
		 * We are not dumpable: no core file is written for it. Should
		 * the signal not be ours to take, the exit below says 128+N. */
		sigemptyset(&one);
		sigaddset(&one, value);
		if (sigaction(value, &dfl, NULL) == 0 && sigprocmask(SIG_UNBLOCK, &one, NULL) == 0)
			raise(value);
	}
	exit(status_exit_code(how, value) & 0xff);
}
