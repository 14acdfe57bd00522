// SPDX-License-Identifier: MIT
/* hostroot.c - the host's root, where the runtimes keep their state. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "hostroot.h"
#include "report.h"

#define POD_HOST_ROOT "/host"	/* kubectl debug node/...'s hostPath of / */

static int root_fd = -1;	/* the host's root when it is not ours */
static bool elsewhere;		/* ... which stays so once root_fd is let go of */

bool hostroot_elsewhere(void)
{
	return elsewhere;
}

void hostroot_done(void)
{
	if (root_fd >= 0)
		close(root_fd);
	root_fd = -1;
}

int hostroot_open(const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned)flags | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	int fd;

	if (elsewhere && root_fd < 0) {
		errno = EBADF;	/* let go of: nothing is read there any more */
		return -1;
	}
	if (root_fd < 0)
		fd = open(path, flags | O_CLOEXEC);
	else
		fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
	if (fd < 0)
		error_note(errno, path);
	return fd;
}

DIR *hostroot_opendir(const char *path)
{
	int fd = hostroot_open(path, O_RDONLY | O_DIRECTORY);
	DIR *d;

	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		error_note(errno, path);
		close(fd);
	}
	return d;
}

int hostroot_stat(const char *path, struct stat *st)
{
	cleanup_fd int fd = -1;

	if (!elsewhere)
		return stat(path, st);
	fd = hostroot_open(path, O_PATH);
	return fd < 0 ? -1 : fstat(fd, st);
}

/* The mount ID on the first line of a mountinfo file, or -1. */
static long first_mount_id(const char *path)
{
	char buf[32];
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * Whether nsps runs in the mount namespace of PID 1 of its PID namespace
 * (the host's init, when that is the host's). Its namespace file needs
 * ptrace access to PID 1, which a VM's own init may refuse; its mount
 * table does not, and no mount is in two namespaces: the same first mount
 * ID means the same namespace. Unknown counts as the same: "/" stays.
 */
static bool in_init_mount_ns(void)
{
	struct stat ours, init;
	long a, b;

	if (stat("/proc/self/ns/mnt", &ours) == 0 && stat("/proc/1/ns/mnt", &init) == 0)
		return ours.st_ino == init.st_ino && ours.st_dev == init.st_dev;
	a = first_mount_id("/proc/self/mountinfo");
	b = first_mount_id("/proc/1/mountinfo");
	return a < 0 || b < 0 || a == b;
}

/* Whether path is the root of a mount (statx's word where the kernel
 * has it, 5.8; else a device of its own). */
static bool is_mount_root(const char *path)
{
	struct statx stx, up;

	if (statx(AT_FDCWD, path, AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &stx) < 0 ||
	    !S_ISDIR(stx.stx_mode))
		return false;
	if (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
		return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
	return statx(AT_FDCWD, "/", AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &up) == 0 &&
	       (stx.stx_dev_major != up.stx_dev_major || stx.stx_dev_minor != up.stx_dev_minor);
}

/* Whether openat2() runs here (Linux 5.6): below another root, nsps
 * resolves the host's paths with nothing else. */
static bool has_openat2(int fd)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int probe = (int)syscall(SYS_openat2, fd, ".", &how, sizeof(how));

	if (probe < 0)
		return errno != ENOSYS;
	close(probe);
	return true;
}

/* Take dir (open as fd) for the host's root; "/" itself is no elsewhere. */
static int take(const char *dir, int fd, struct nsps_error *e)
{
	struct stat st, self;

	if (fstat(fd, &st) < 0 || stat("/", &self) < 0) {
		close(fd);
		return error_set(e, errno, "cannot read the host's root '%s'", dir);
	}
	if (st.st_dev == self.st_dev && st.st_ino == self.st_ino) {
		close(fd);
		return 0;
	}
	if (!has_openat2(fd)) {
		close(fd);
		return error_set(e, ENOSYS, "cannot read the host's root '%s': no openat2() (Linux 5.6)", dir);
	}
	root_fd = fd;
	elsewhere = true;
	return 0;
}

int hostroot_choose(const char *dir, struct nsps_error *e)
{
	struct stat st;
	int fd;

	if (dir != NULL) {
		if ((fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			return error_set(e, errno, "--host-root '%s'", dir);
		return take(dir, fd, e);
	}
	/* on a host, one stat() of a path that is not there */
	if (stat(POD_HOST_ROOT, &st) < 0 || !S_ISDIR(st.st_mode) || !is_mount_root(POD_HOST_ROOT) ||
	    in_init_mount_ns())
		return 0;
	if ((fd = open(POD_HOST_ROOT, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	if (fstatat(fd, "run", &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (take(POD_HOST_ROOT, fd, e) < 0) {
		char why[600];

		error_message(e, why, sizeof(why));
		report_warning("%s: the runtimes' state read is the pod's own", why);
	} else if (hostroot_elsewhere()) {
		report_step("the host's root: %s (nsps runs in a mount namespace of its own, in the host's PID namespace)",
			    POD_HOST_ROOT);
	}
	return 0;
}
