// SPDX-License-Identifier: MIT
/* status.c - how the command's end becomes nsps's exit status (pure). */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "options.h"
#include "status.h"

int status_exit_code(int how, int value)
{
	switch (how) {
	case CLD_EXITED:
		return value & 0xff;
	case CLD_KILLED:
	case CLD_DUMPED:
		return 128 + value;
	default:
		return -1;
	}
}

bool status_killed(int how)
{
	return how == CLD_KILLED || how == CLD_DUMPED;
}

int status_exec_failure(int err)
{
	/* As the shells, env(1) and nsenter(1) do: ENOTDIR covers a PATH entry
	 * that is a file, ELOOP and ENAMETOOLONG a name that cannot resolve. */
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return NSPS_EXIT_NOT_FOUND;
	default:
		return NSPS_EXIT_CANNOT_EXEC;
	}
}

int status_of_wait(int wstatus)
{
	if (WIFEXITED(wstatus))
		return status_exit_code(CLD_EXITED, WEXITSTATUS(wstatus));
	if (WIFSIGNALED(wstatus))
		return status_exit_code(WCOREDUMP(wstatus) ? CLD_DUMPED : CLD_KILLED, WTERMSIG(wstatus));
	return -1;
}
