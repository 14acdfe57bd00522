// SPDX-License-Identifier: MIT
/* mounts.c - a private mount namespace with a fresh /proc (and /sys). */
#define _GNU_SOURCE
#include <dlfcn.h>
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

/*
 * libmount, loaded only when it is needed: to explain a failed mount in its
 * words, and to walk the mount table on kernels without mount_setattr().
 * Linked the usual way it costs every run about 0.7 ms before main() (it
 * pulls in libblkid, libselinux and libpcre2; see make bench), a third of
 * nsps's whole run. The mounts that succeed are plain mount(2) calls.
 */
#define LM_FUNCS \
	X(mnt_new_context) X(mnt_free_context) X(mnt_context_disable_mtab) \
	X(mnt_context_disable_helpers) X(mnt_context_disable_canonicalize) \
	X(mnt_context_set_source) X(mnt_context_set_target) X(mnt_context_set_fstype) \
	X(mnt_context_set_options) X(mnt_context_mount) X(mnt_context_get_syscall_errno) \
	X(mnt_context_get_excode) X(mnt_new_table_from_file) X(mnt_unref_table) \
	X(mnt_new_iter) X(mnt_free_iter) X(mnt_table_next_fs) X(mnt_fs_get_target) \
	X(mnt_fs_get_vfs_options) X(mnt_optstr_get_flags) X(mnt_get_builtin_optmap)

static struct {
#define X(f) __typeof__(f) *f;
	LM_FUNCS
#undef X
} lm;

/* Load libmount once. Returns 0, or -1 with the reason in why. */
static int lm_load(char *why, size_t len)
{
	static void *handle;

	if (handle != NULL)
		return 0;
	/* RTLD_NODELETE: loaded for good, like a linked library. */
	handle = dlopen("libmount.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (handle == NULL) {
		const char *err = dlerror();

		snprintf(why, len, "cannot load libmount: %s", err ? err : "unknown error");
		return -1;
	}
#define X(f) \
	if ((lm.f = (__typeof__(f) *)dlsym(handle, #f)) == NULL) { \
		snprintf(why, len, "cannot load libmount: no %s", #f); \
		dlclose(handle); \
		handle = NULL; \
		return -1; \
	}
	LM_FUNCS
#undef X
	return 0;
}

/* Mount through a libmount context, which turns "bind,ro" into the bind and
 * the read-only remount the kernel needs, and explains failures in words. */
static int lm_mount(const char *source, const char *target, const char *fstype,
		    const char *options, char *why, size_t len)
{
	struct libmnt_context *cxt;
	int rc, ret = 0;

	if (lm_load(why, len) < 0)
		return -ENOSYS;
	if ((cxt = lm.mnt_new_context()) == NULL) {
		snprintf(why, len, "%s: out of memory", target);
		return -ENOMEM;
	}
	/* Write nothing under /run/mount (utab): the host would see it. */
	lm.mnt_context_disable_mtab(cxt, 1);
	/* No /sbin/mount.<type> helpers, and no path guessing through fstab. */
	lm.mnt_context_disable_helpers(cxt, 1);
	lm.mnt_context_disable_canonicalize(cxt, 1);
	lm.mnt_context_set_source(cxt, source);
	lm.mnt_context_set_target(cxt, target);
	if (fstype)
		lm.mnt_context_set_fstype(cxt, fstype);
	lm.mnt_context_set_options(cxt, options);

	rc = lm.mnt_context_mount(cxt);
	if (rc != 0) {
		char msg[256] = "";
		int err = lm.mnt_context_get_syscall_errno(cxt);

		lm.mnt_context_get_excode(cxt, rc, msg, sizeof(msg));
		if (err != 0 && msg[0] == '\0')
			snprintf(msg, sizeof(msg), "%s", strerror(err));
		snprintf(why, len, "cannot mount %s on %s: %s", source, target,
			 msg[0] ? msg : "unknown libmount error");
		ret = err ? -err : -EIO;
	}
	lm.mnt_free_context(cxt);
	if (ret == 0)
		report_step("mounted %s on %s (%s) through libmount", source, target, options);
	return ret;
}

/*
 * One mount, the fast way: mount(2), and for a bind a read-only remount
 * with the given flags. Should the kernel refuse, ask libmount to do the
 * same from the options text: it tells why in words (or, with luck, finds
 * a way). flags and options must say the same.
 */
static int fresh_mount(const char *source, const char *target, const char *fstype,
		       unsigned long flags, const char *options, char *why, size_t len)
{
	int ok;

	if (flags & MS_BIND)
		ok = mount(source, target, NULL, MS_BIND, NULL) == 0 &&
		     mount(NULL, target, NULL, MS_REMOUNT | flags, NULL) == 0;
	else
		ok = mount(source, target, fstype, flags, NULL) == 0;
	if (!ok)
		return lm_mount(source, target, fstype, options, why, len);
	report_step("mounted %s on %s (%s)", source, target, options);
	return 0;
}

/* Kernels before 5.12 lack mount_setattr(): remount each mount in the
 * table read-only, keeping its other per-mount flags. A mount hidden under
 * another on the same mount point cannot be named by path and stays as it
 * was; nothing can reach it by path either. */
static int readonly_walk(char *why, size_t len)
{
	const unsigned long keep = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME |
				   MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;
	struct libmnt_table *tb;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	int ret = 0;

	if (lm_load(why, len) < 0)
		return -ENOSYS;
	tb = lm.mnt_new_table_from_file("/proc/self/mountinfo");
	itr = lm.mnt_new_iter(MNT_ITER_FORWARD);
	if (tb == NULL || itr == NULL) {
		snprintf(why, len, "cannot read /proc/self/mountinfo");
		ret = -EIO;
	}
	while (ret == 0 && lm.mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *target = lm.mnt_fs_get_target(fs);
		unsigned long flags = 0;

		lm.mnt_optstr_get_flags(lm.mnt_fs_get_vfs_options(fs), &flags,
					lm.mnt_get_builtin_optmap(MNT_LINUX_MAP));
		if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & keep),
			  NULL) == 0 || errno == ENOENT)
			continue;	/* ENOENT: a mount point deleted under us */
		ret = -errno;
		snprintf(why, len, "cannot make %s read-only: %s", target, strerror(errno));
	}
	if (itr)
		lm.mnt_free_iter(itr);
	lm.mnt_unref_table(tb);
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
	const unsigned long nsx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int ret = fresh_mount("proc", "/proc", "proc", nsx, "nosuid,nodev,noexec", why, len);

	if (ret != 0 || !readonly)
		return ret;
	/* The fresh procfs writes to the kernel's knobs as the host's: keep
	 * sysctls and the SysRq trigger read-only, as bubblewrap does. */
	ret = fresh_mount("/proc/sys", "/proc/sys", NULL, MS_BIND | MS_RDONLY | nsx,
			  "bind,ro,nosuid,nodev,noexec", why, len);
	if (ret != 0)
		return ret;
	/* Not every kernel has the SysRq trigger (this one may lack it). */
	if (access("/proc/sysrq-trigger", F_OK) < 0)
		return 0;
	return fresh_mount("/proc/sysrq-trigger", "/proc/sysrq-trigger", NULL,
			   MS_BIND | MS_RDONLY | nsx, "bind,ro,nosuid,nodev,noexec", why, len);
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
	return fresh_mount("sysfs", "/sys", "sysfs",
			   (readonly ? MS_RDONLY : 0) | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			   readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", why, len);
}
