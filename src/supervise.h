/* SPDX-License-Identifier: MIT */
/* supervise.h - fork the command, forward signals to it, end as it ended. */
#ifndef NSPS_SUPERVISE_H
#define NSPS_SUPERVISE_H

#include <signal.h>
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
 * Fork. In the child (return 0) the caller's signal mask is back and the
 * child dies with us, even if we are SIGKILLed. In the parent returns the
 * child's PID; -errno on failure.
 */
pid_t supervise_fork(struct supervisor *s);

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
