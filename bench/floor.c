// SPDX-License-Identifier: MIT
/* floor.c - the physical floor for make bench: only the syscalls the job
 * needs, no checks, no libraries. Not a tool: it trusts its input.
 *
 * The job, as nsps does it: a mount namespace that is a slave of the
 * host's; a view of the host's tools built over /tmp (the root filesystem
 * alone, the tool trees whole, read-only, a scratch tmpfs with /tmp and
 * /var/tmp and overlays over /run and $HOME), pivoted into, the host's
 * tree let go of; the target's PID and network namespaces joined, a fresh
 * sysfs; a child that mounts a procfs, puts copies of the container's
 * resolv.conf and hosts read-only over the view's, and executes the
 * command.
 *
 * "floor unsafe" (argv[1] == "unsafe") is the floor of the job as it was
 * before: a private copy of the whole host tree, procfs on it, nothing
 * else. It pins every filesystem the host unmounts meanwhile and shows
 * every host mount to the container: a reference for the price of safety,
 * not a contender.
 *
 * Usage: floor [unsafe] PID command [arg...] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void view(void)
{
	static const char *const whole[] = { "/usr", "/etc", "/opt", "/snap", "/nix", "/home",
					     "/root", "/var/log", "/dev", "/sys" };
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	const char *home = getenv("HOME");
	char to[4096];

	mount("/", "/tmp", NULL, MS_BIND, NULL);
	mount(NULL, "/tmp", NULL, MS_PRIVATE, NULL);
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		snprintf(to, sizeof(to), "/tmp%s", whole[i]);
		mount(whole[i], to, NULL, MS_BIND | MS_REC, NULL);
	}
	syscall(SYS_mount_setattr, AT_FDCWD, "/tmp", AT_RECURSIVE, &ro, sizeof(ro));
	mount("scratch", "/tmp/proc", "tmpfs", MS_NOSUID | MS_NODEV, NULL);
	mkdir("/tmp/proc/t", 01777);
	mkdir("/tmp/proc/v", 01777);
	mkdir("/tmp/proc/r", 0755);
	mkdir("/tmp/proc/rw", 0700);
	mkdir("/tmp/proc/h", 0700);
	mkdir("/tmp/proc/hw", 0700);
	mount("/tmp/proc/t", "/tmp/tmp", NULL, MS_BIND, NULL);
	mount("/tmp/proc/v", "/tmp/var/tmp", NULL, MS_BIND, NULL);
	mount("scratch", "/tmp/run", "overlay", MS_NOSUID | MS_NODEV,
	      "lowerdir=/run,upperdir=/tmp/proc/r,workdir=/tmp/proc/rw");
	if (home != NULL) {
		char opts[4200];

		snprintf(to, sizeof(to), "/tmp%s", home);
		snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=/tmp/proc/h,workdir=/tmp/proc/hw",
			 home);
		mount("scratch", to, "overlay", MS_NOSUID | MS_NODEV, opts);
	}
	chdir("/tmp");
	syscall(SYS_pivot_root, ".", "proc");
	chdir("/");
	umount2("/proc", MNT_DETACH);
	umount2("/proc", MNT_DETACH);
}

/* The container's resolv.conf and hosts, copied into a tmpfs and bound
 * read-only over the view's (its PID 1 is the target, in this procfs). */
static void names(void)
{
	static const char *const files[] = { "resolv.conf", "hosts" };
	char from[64], to[64], copy[64];

	mount("names", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int in, out;

		snprintf(from, sizeof(from), "/proc/1/root/etc/%s", files[i]);
		snprintf(copy, sizeof(copy), "/tmp/%s", files[i]);
		snprintf(to, sizeof(to), "/etc/%s", files[i]);
		in = open(from, O_RDONLY | O_CLOEXEC);
		out = open(copy, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		while (sendfile(out, in, NULL, 1 << 20) > 0)
			;
		close(in);
		close(out);
		mount(copy, to, NULL, MS_BIND, NULL);
		mount(NULL, to, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
	}
	umount2("/tmp", MNT_DETACH);
}

int main(int argc, char *argv[])
{
	bool unsafe = argc > 1 && strcmp(argv[1], "unsafe") == 0;
	int pidfd, status;
	pid_t child;

	if (unsafe) {
		argv++;
		argc--;
	}
	if (argc < 3)
		return 125;
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	unshare(CLONE_NEWNS);
	mount(NULL, "/", NULL, MS_REC | (unsafe ? MS_PRIVATE : MS_SLAVE), NULL);
	if (!unsafe)
		view();
	setns(pidfd, CLONE_NEWPID | (unsafe ? 0 : CLONE_NEWNET));
	if (!unsafe) {
		umount2("/sys", MNT_DETACH);
		mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	}
	child = fork();
	if (child == 0) {
		mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		if (!unsafe)
			names();
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
