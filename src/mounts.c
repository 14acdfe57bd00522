// SPDX-License-Identifier: MIT
/* mounts.c - a private mount namespace with a fresh /proc (and /sys). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <libmount.h>

#include "mounts.h"
#include "report.h"

int mounts_unshare(void)
{
	return unshare(CLONE_NEWNS) < 0 ? -errno : 0;
}

int mounts_make_private(void)
{
	/* The copy made by unshare() keeps the host's propagation: a shared
	 * mount here is still a peer of the host's. Cut every tie before the
	 * first mount, or /proc would be mounted on the host as well. */
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ? -errno : 0;
}

/* Mount through a libmount context: it turns "bind,ro" into the bind and
 * the read-only remount the kernel needs, and explains failures in words. */
static int lm_mount(const char *source, const char *target, const char *fstype,
		    const char *options, char *why, size_t len)
{
	struct libmnt_context *cxt = mnt_new_context();
	int rc, ret = 0;

	if (cxt == NULL) {
		snprintf(why, len, "%s: out of memory", target);
		return -ENOMEM;
	}
	/* Write nothing under /run/mount (utab): the host would see it. */
	mnt_context_disable_mtab(cxt, 1);
	/* No /sbin/mount.<type> helpers, and no path guessing through fstab. */
	mnt_context_disable_helpers(cxt, 1);
	mnt_context_disable_canonicalize(cxt, 1);
	mnt_context_set_source(cxt, source);
	mnt_context_set_target(cxt, target);
	if (fstype)
		mnt_context_set_fstype(cxt, fstype);
	mnt_context_set_options(cxt, options);

	rc = mnt_context_mount(cxt);
	if (rc != 0) {
		char msg[256] = "";
		int err = mnt_context_get_syscall_errno(cxt);

		mnt_context_get_excode(cxt, rc, msg, sizeof(msg));
		if (err != 0 && msg[0] == '\0')
			snprintf(msg, sizeof(msg), "%s", strerror(err));
		snprintf(why, len, "cannot mount %s on %s: %s", source, target,
			 msg[0] ? msg : "unknown libmount error");
		ret = err ? -err : -EIO;
	}
	mnt_free_context(cxt);
	if (ret == 0)
		report_step("mounted %s on %s (%s)", source, target, options);
	return ret;
}

/* Kernels before 5.12 lack mount_setattr(): remount each mount in the
 * table read-only, keeping its other per-mount flags. A mount hidden under
 * another on the same mount point cannot be named by path and stays as it
 * was; nothing can reach it by path either. */
static int readonly_walk(char *why, size_t len)
{
	const unsigned long keep = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME |
				   MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;
	struct libmnt_table *tb = mnt_new_table_from_file("/proc/self/mountinfo");
	struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	int ret = 0;

	if (tb == NULL || itr == NULL) {
		snprintf(why, len, "cannot read /proc/self/mountinfo");
		ret = -EIO;
	}
	while (ret == 0 && mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *target = mnt_fs_get_target(fs);
		unsigned long flags = 0;

		mnt_optstr_get_flags(mnt_fs_get_vfs_options(fs), &flags,
				     mnt_get_builtin_optmap(MNT_LINUX_MAP));
		if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & keep),
			  NULL) == 0 || errno == ENOENT)
			continue;	/* ENOENT: a mount point deleted under us */
		ret = -errno;
		snprintf(why, len, "cannot make %s read-only: %s", target, strerror(errno));
	}
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	return ret;
}

int mounts_make_readonly(char *why, size_t len)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &attr, sizeof(attr)) == 0) {
		report_step("made the host view read-only");
		return 0;
	}
	if (errno != ENOSYS) {
		int err = errno;

		snprintf(why, len, "cannot make the host view read-only: %s", strerror(err));
		return -err;
	}
	report_step("no mount_setattr(): making mounts read-only one by one");
	return readonly_walk(why, len);
}

int mounts_fresh_proc(bool readonly, char *why, size_t len)
{
	int ret = lm_mount("proc", "/proc", "proc", "nosuid,nodev,noexec", why, len);

	if (ret != 0 || !readonly)
		return ret;
	/* The fresh procfs writes to the kernel's knobs as the host's: keep
	 * sysctls and the SysRq trigger read-only, as bubblewrap does. */
	ret = lm_mount("/proc/sys", "/proc/sys", NULL, "bind,ro,nosuid,nodev,noexec", why, len);
	if (ret != 0)
		return ret;
	/* Not every kernel has the SysRq trigger (this one may lack it). */
	if (access("/proc/sysrq-trigger", F_OK) < 0)
		return 0;
	return lm_mount("/proc/sysrq-trigger", "/proc/sysrq-trigger", NULL,
			"bind,ro,nosuid,nodev,noexec", why, len);
}

int mounts_fresh_sys(bool readonly, char *why, size_t len)
{
	/* sysfs shows the network devices of the namespace of whoever mounts
	 * it: ours, once we joined the target's network namespace. Detach the
	 * host's /sys first, as ip-netns(8) does: a target in the host's own
	 * network namespace would give the very superblock already on /sys,
	 * which the kernel refuses to stack (EBUSY). Our namespace is private,
	 * so the host keeps its /sys. */
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL) {
		int err = errno;

		snprintf(why, len, "cannot detach the host's /sys: %s", strerror(err));
		return -err;
	}
	return lm_mount("sysfs", "/sys", "sysfs",
			readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", why, len);
}
