// SPDX-License-Identifier: MIT
/* ptrace_probe.c - for bats/hostile.bats: try to PTRACE_ATTACH to a PID
 * from inside a container. Built static, copied into the container's
 * rootfs. Exits 0 if attached (then detaches), 1 if refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
	pid_t pid;

	if (argc != 2)
		return 2;
	pid = (pid_t)atoi(argv[1]);
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0) {
		printf("refused: %s\n", strerror(errno));
		return 1;
	}
	waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	printf("attached\n");
	return 0;
}
