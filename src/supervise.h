/* SPDX-License-Identifier: MIT */
/* supervise.h - fork the command, forward signals to it, end as it ended. */
#ifndef NSPS_SUPERVISE_H
#define NSPS_SUPERVISE_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct supervisor {
	pid_t child;
	int tty;			/* our terminal if we are its foreground job, else -1 */
	int alive[2];			/* a pipe: the child sees we died before it armed PDEATHSIG */
	sigset_t saved_mask;		/* the caller's, restored in the child */
	struct sigaction saved_chld;	/* the caller's SIGCHLD disposition, likewise */
};

/* Block the signals the parent waits for, before forking. Returns 0 or -errno. */
int supervise_prepare(struct supervisor *s);

/*
 * Start the child, which runs child(arg) and must end in an exec or an
 * exit (report_die() and _exit(), never exit(): see report_in_child). The
 * child dies with us, even if we are SIGKILLed; it keeps our blocked
 * signals until supervise_before_exec(). With share_memory the child
 * borrows our memory until it execs, on a stack of its own, while we sleep
 * (clone(CLONE_VM | CLONE_VFORK), as posix_spawn() does): no copy of our
 * page tables, no copy-on-write faults (make bench); we would only have
 * waited anyway. Such a child must change nothing we use afterwards. One
 * that must enter a user namespace cannot share memory (setns() refuses).
 * Returns the child's PID, or -errno.
 */
pid_t supervise_spawn(struct supervisor *s, bool share_memory, void (*child)(const void *),
		      const void *arg);

/* In the child, just before the exec: the caller's signal mask and SIGCHLD
 * disposition back. Signals that came meanwhile (Ctrl-C, Ctrl-Z) are
 * delivered to the command then. */
void supervise_before_exec(const struct supervisor *s);

/*
 * Wait for the child to end, forwarding signals sent to us and following
 * it through job control (Ctrl-Z, fg). Returns 0 and the child's end as
 * waitid() reports it, or -errno.
 */
int supervise_wait(struct supervisor *s, int *how, int *value);

/* Mark every fd from first on close-on-exec. Returns 0 or -1 with errno. */
int supervise_cloexec_from(int first);

/* End the way the child ended: re-raise its fatal signal, else exit with its status. */
__attribute__((noreturn)) void supervise_exit_like(int how, int value);

#endif
