// SPDX-License-Identifier: MIT
/* floor.c - the physical floor for make bench: only the syscalls the job
 * needs (unshare, private propagation, setns, fork, mount proc, exec, wait),
 * no checks, no libraries. Not a tool: it trusts its input.
 * Usage: floor PID command [arg...] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int pidfd, status;
	pid_t child;

	if (argc < 3)
		return 125;
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	unshare(CLONE_NEWNS);
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	setns(pidfd, CLONE_NEWPID);
	child = fork();
	if (child == 0) {
		mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
