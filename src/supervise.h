/* SPDX-License-Identifier: MIT */
/* supervise.h - fork the command, forward signals to it, end as it ended. */
#ifndef NSPS_SUPERVISE_H
#define NSPS_SUPERVISE_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* A tie between a parent and its child: a pipe whose write end only the
 * parent holds, so that it closes when the parent dies. */
struct supervise_tie {
	int fd[2];
};

/* Make a tie, before forking. Returns 0 or -errno (e says so). */
int supervise_tie(struct supervise_tie *tie, struct nsps_error *e);

/* In the child: die with the parent (PDEATHSIG SIGKILL), even if it died
 * between the fork and now; what for names the child in a failure
 * ("the command", "the run in docker://3f2a9c1b7e4d"). Reports and
 * ends the child on failure. */
void supervise_tied_child(const struct supervise_tie *tie, const char *what);

struct supervisor {
	pid_t child;
	int tty;			/* our terminal if we are its foreground job, else -1 */
	struct supervise_tie tie;	/* the child dies with us */
	sigset_t saved_mask;		/* the caller's, restored in the child */
	struct sigaction saved_chld;	/* the caller's SIGCHLD disposition, likewise */
	int gate;			/* a forked child's end of the pipe we wait on, or -1 */
	bool reached_exec;		/* the child got as far as its exec */
	bool stopped;			/* the child stopped, as waitid() last said */
};

/* Block the signals the parent waits for, before forking. Returns 0 or -errno. */
int supervise_prepare(struct supervisor *s, struct nsps_error *e);

/*
 * Start the child, which runs child(arg) and must end in an exec or an
 * exit (report_die() ends it with _exit(): see report_init()). The child
 * dies with us, even if we are SIGKILLed; it keeps our blocked signals
 * until supervise_before_exec(). Returns the child's PID, or -errno.
 *
 * With share_memory the child borrows our memory until it execs, on a
 * stack of its own, while we sleep (clone(CLONE_VM | CLONE_VFORK), as
 * posix_spawn() does): no copy of our page tables, no copy-on-write faults
 * (make bench); we would only have waited anyway. The contract of such a
 * child, all of it here: it reads arg and s, which it must not change; it
 * writes only its own stack, errno (our thread's, which we do not read
 * after the clone succeeds) and the kernel's state of itself (namespaces,
 * mounts, credentials, fds it opens close-on-exec); it never calls exit()
 * or returns, and never touches stdio (whose buffers are ours). A child
 * that must enter a user namespace cannot share memory (setns() refuses):
 * it is a plain fork(), which we also wait out until its exec or end.
 * s->reached_exec says whether the child got as far as its exec (always
 * so with share_memory, where we cannot tell).
 */
pid_t supervise_spawn(struct supervisor *s, bool share_memory, void (*child)(const void *),
		      const void *arg, struct nsps_error *e);

/* In the child, just before the exec: the caller's signal mask and SIGCHLD
 * disposition back. Signals that came meanwhile (Ctrl-C, Ctrl-Z) are
 * delivered to the command then. Returns 0 or -errno (e says so). */
int supervise_before_exec(const struct supervisor *s, struct nsps_error *e);

/*
 * Wait for the child to end, forwarding signals sent to us and following
 * it through job control (Ctrl-Z, fg). Returns 0 and the child's end as
 * waitid() reports it, or -errno.
 */
int supervise_wait(struct supervisor *s, int *how, int *value, struct nsps_error *e);

/* Mark every fd from first on close-on-exec. Returns 0 or -errno. */
int supervise_cloexec_from(int first, struct nsps_error *e);

/* End the way the child ended: re-raise its fatal signal, else exit with its status. */
__attribute__((noreturn)) void supervise_exit_like(int how, int value);

#endif
