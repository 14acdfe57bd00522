/* SPDX-License-Identifier: MIT */
/* status.h - how the command's end becomes nsps's exit status (pure). */
#ifndef NSPS_STATUS_H
#define NSPS_STATUS_H

#include <stdbool.h>

/*
 * Exit status for a child that ended as waitid() reported it (how is its
 * si_code, value its si_status): its own status when it exited, 128+N when signal N killed it,
 * as a shell would show it. Returns -1 for a code that is not an end
 * (stopped, continued, trapped).
 */
int status_exit_code(int how, int value);

/* The same for a waitpid() status (-A's runs, nsps processes of their
 * own): the run's exit status, or 128+N when signal N ended it. */
int status_of_wait(int wstatus);

/* Whether how (an si_code) says the child died of a signal (to be re-raised). */
bool status_killed(int how);

/* The exit status for a failed execve(): 127 when not found, else 126. */
int status_exec_failure(int err);

#endif
