// SPDX-License-Identifier: MIT
/* mounts.c - a private mount namespace, a read-only host view, /proc and /sys. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <libmount.h>

#include "dl.h"
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
 * libmount, loaded only when it is needed (dl.c): to explain a failed
 * mount in its words, and to walk the mount table on kernels without
 * mount_setattr(). The mounts that succeed are plain mount(2) calls.
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
/* NOLINTNEXTLINE(bugprone-macro-parentheses): f names a member here */
#define X(f) __typeof__(f) *f;
	LM_FUNCS
#undef X
} lm;

static const struct dl_sym lm_syms[] = {
#define X(f) DL_SYM(lm, f)
	LM_FUNCS
#undef X
};
static struct dl_lib lm_lib = DL_LIB("libmount.so.1", "libmount", lm_syms);

/* Mount through a libmount context, which turns "bind,ro" into the bind and
 * the read-only remount the kernel needs, and explains failures in words. */
static int lm_mount(const char *source, const char *target, const char *fstype,
		    const char *options, char *why, size_t len)
{
	struct libmnt_context *cxt;
	int rc, ret = 0;

	if (dl_load(&lm_lib, why, len) < 0)
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
static int mount_or_explain(const char *source, const char *target, const char *fstype,
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

	if (dl_load(&lm_lib, why, len) < 0)
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

/* Whether the procfs at dirfd is one of our PID namespace, proven by the
 * kernel: its "self" is our PID here, and its PID 1 is in our namespace. */
static bool is_our_procfs(int dirfd)
{
	struct statfs sfs;
	struct stat ours, theirs;
	char self[32], want[32];
	ssize_t n;

	if (fstatfs(dirfd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return false;
	n = readlinkat(dirfd, "self", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	/* /proc is still the host's copy here: self/ns/pid is our PID namespace. */
	return strcmp(self, want) == 0 && stat("/proc/self/ns/pid", &ours) == 0 &&
	       fstatat(dirfd, "1/ns/pid", &theirs, 0) == 0 &&
	       ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev;
}

/* Whether mount mnt_id, as the mount table at fd shows it, hides
 * processes (hidepid=, subset=): the container chose that for itself, not
 * for us. Read from the target's table, a few lines long, not from ours,
 * which holds every host mount (5000 lines cost milliseconds). */
static bool proc_hides_processes(int fd, unsigned long long mnt_id)
{
	char line[4096];
	bool hides = true;
	FILE *f = fdopen(fd, "r");

	if (f == NULL) {
		close(fd);
		return true;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *super = strstr(line, " - ");
		unsigned long long id;

		if (super == NULL || sscanf(line, "%llu", &id) != 1 || id != mnt_id)
			continue;
		hides = strstr(super, "subset=") != NULL ||
			(strstr(super, "hidepid=") != NULL && strstr(super, "hidepid=0") == NULL &&
			 strstr(super, "hidepid=off") == NULL);
		break;
	}
	fclose(f);
	return hides;
}

/* borrow_target_proc() could not come back to our own mount namespace: no
 * fresh procfs can help then. */
#define BORROW_STRANDED (-2)

/*
 * Borrow the target's own procfs instead of mounting a fresh one: its
 * dentries are warm, and a fresh procfs makes ps over 1000 processes a
 * quarter slower (make bench). Borrowed, never trusted: enter the target's
 * mount namespace only to clone its /proc mount (the mount alone, not what
 * the container mounted inside it), come back at once, and use the clone
 * only if the kernel says it is a procfs of our PID namespace that hides
 * nothing. Returns 0; -1 with the reason in why (then mount a fresh one);
 * BORROW_STRANDED with the reason in why (then give up).
 */
static int borrow_target_proc(const struct nsps_target *t, char *why, size_t len)
{
	/* Opened here, used there: our way back, our cwd, our procfs. */
	int self_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	int cwd = open(".", O_PATH | O_CLOEXEC);
	int self = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int mnt = -1, tree = -1, table = -1, ret = -1, err = 0;
	bool hides;
	struct statx stx = { 0 };
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
		.attr_clr = MOUNT_ATTR_RDONLY,
	};

	if (self_ns < 0 || cwd < 0 || self < 0) {
		snprintf(why, len, "cannot open our own mount namespace: %s", strerror(errno));
		goto out;
	}
	/* a pidfd, or the namespace file under the pinned /proc/PID */
	mnt = t->pidfd >= 0 ? t->pidfd : target_open_ns(t, "mnt");
	if (mnt < 0 || setns(mnt, CLONE_NEWNS) < 0) {
		snprintf(why, len, "cannot enter the target's mount namespace: %s",
			 strerror(mnt < 0 ? -mnt : errno));
		goto out;
	}
	/* In there: which mount is on /proc, a clone of it, and the target's
	 * mount table (a table shows the namespace it was opened in). */
	if (statx(AT_FDCWD, "/proc", AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) == 0 &&
	    (stx.stx_mask & STATX_MNT_ID))
		tree = open_tree(AT_FDCWD, "/proc",
				 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
	if (tree >= 0)
		table = openat(self, "mountinfo", O_RDONLY | O_CLOEXEC);
	if (tree < 0 || table < 0)
		err = errno;
	/* Back at once; setns() moved our root and cwd, put them back too. */
	if (setns(self_ns, CLONE_NEWNS) < 0 || fchdir(cwd) < 0) {
		snprintf(why, len, "cannot return from the target's mount namespace: %s",
			 strerror(errno));
		ret = BORROW_STRANDED;
		goto out;
	}
	if (tree < 0 || table < 0) {
		snprintf(why, len, "cannot clone the target's /proc: %s", strerror(err));
		goto out;
	}
	if (!is_our_procfs(tree)) {
		snprintf(why, len, "the target's /proc is not a procfs of its PID namespace");
		goto out;
	}
	hides = proc_hides_processes(table, stx.stx_mnt_id);
	table = -1;	/* closed by proc_hides_processes() */
	if (hides) {
		snprintf(why, len, "the target's procfs hides processes (hidepid, subset)");
		goto out;
	}
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    move_mount(tree, "", AT_FDCWD, "/proc", MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		snprintf(why, len, "cannot put the target's procfs on /proc: %s", strerror(errno));
		goto out;
	}
	report_step("borrowed the target's procfs for /proc (nosuid,nodev,noexec)");
	ret = 0;
out:
	if (mnt >= 0 && mnt != t->pidfd)
		close(mnt);
	if (table >= 0)
		close(table);
	if (tree >= 0)
		close(tree);
	if (self >= 0)
		close(self);
	if (cwd >= 0)
		close(cwd);
	if (self_ns >= 0)
		close(self_ns);
	return ret;
}

int mounts_target_proc(const struct nsps_target *t, bool readonly, char *why, size_t len)
{
	const unsigned long nsx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int ret = borrow_target_proc(t, why, len);

	if (ret == BORROW_STRANDED)
		return -EIO;
	if (ret < 0) {
		report_step("mounting a fresh procfs: %s", why);
		ret = mount_or_explain("proc", "/proc", "proc", nsx, "nosuid,nodev,noexec", why, len);
	}
	if (ret != 0 || !readonly)
		return ret;
	/* The procfs writes to the kernel's knobs as the host's: keep
	 * sysctls and the SysRq trigger read-only, as bubblewrap does. */
	ret = mount_or_explain("/proc/sys", "/proc/sys", NULL, MS_BIND | MS_RDONLY | nsx,
			  "bind,ro,nosuid,nodev,noexec", why, len);
	if (ret != 0)
		return ret;
	/* Not every kernel has the SysRq trigger (this one may lack it). */
	if (access("/proc/sysrq-trigger", F_OK) < 0)
		return 0;
	return mount_or_explain("/proc/sysrq-trigger", "/proc/sysrq-trigger", NULL,
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
	return mount_or_explain("sysfs", "/sys", "sysfs",
			   (readonly ? MS_RDONLY : 0) | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			   readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", why, len);
}

int mounts_fresh_mqueue(bool readonly, char *why, size_t len)
{
	/* An mqueue filesystem shows the queues of the IPC namespace of whoever
	 * mounts it: the target's, once joined. Only where the host has the
	 * usual mount point: making one would change the host's /dev. */
	struct stat st;

	if (stat("/dev/mqueue", &st) < 0 || !S_ISDIR(st.st_mode)) {
		report_step("no /dev/mqueue on the host: POSIX message queues are not shown");
		return 0;
	}
	return mount_or_explain("mqueue", "/dev/mqueue", "mqueue",
			   (readonly ? MS_RDONLY : 0) | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			   readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", why, len);
}
