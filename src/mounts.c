// SPDX-License-Identifier: MIT
/* mounts.c - the view: a slave mount namespace, the host's tools read-only, /proc and /sys. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <libmount.h>

#include "cleanup.h"
#include "dl.h"
#include "fsguard.h"
#include "mountinfo.h"
#include "mounttable.h"
#include "mounts.h"
#include "report.h"
#include "rootview.h"

int mounts_unshare(struct nsps_error *e)
{
	if (unshare(CLONE_NEWNS) < 0)
		return error_set(e, errno, "cannot create a private mount namespace");
	return 0;
}

int mounts_make_slave(struct nsps_error *e)
{
	/* The copy made by unshare() keeps the host's propagation: a shared
	 * mount here is still a peer of the host's, and what we mounted on it
	 * would be mounted on the host as well. A slave receives the host's
	 * mounts and unmounts and sends nothing back: cut that way before the
	 * first mount. EINVAL: our root is a directory, not a mount. Its mount
	 * cannot be named from here, and whatever we mounted to make one
	 * would reach the host before the cut. */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == 0)
		return 0;
	if (errno == EINVAL)
		return error_set(e, 0, "cannot cut the new mount namespace's propagation to the host: nsps's root is no mount point (a chroot?): run nsps outside it, or make it one (mount --bind DIR DIR)");
	return error_set(e, errno, "cannot cut the new mount namespace's propagation to the host");
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
	X(mnt_context_get_excode) X(mnt_new_table) X(mnt_table_parse_stream) X(mnt_unref_table) \
	X(mnt_new_iter) X(mnt_reset_iter) X(mnt_free_iter) X(mnt_table_next_fs) X(mnt_fs_get_target) \
	X(mnt_fs_get_id) X(mnt_fs_get_parent_id) X(mnt_fs_get_fstype) \
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

/* Set up a libmount context for one mount, writing nothing under
 * /run/mount (utab: the host would see it), with no /sbin/mount.<type>
 * helpers and no path guessing through fstab. */
static int lm_prepare(struct libmnt_context *cxt, const char *source, const char *target,
		      const char *fstype, const char *options)
{
	if (lm.mnt_context_disable_mtab(cxt, 1) != 0 || lm.mnt_context_disable_helpers(cxt, 1) != 0 ||
	    lm.mnt_context_disable_canonicalize(cxt, 1) != 0 ||
	    lm.mnt_context_set_source(cxt, source) != 0 || lm.mnt_context_set_target(cxt, target) != 0 ||
	    (fstype != NULL && lm.mnt_context_set_fstype(cxt, fstype) != 0) ||
	    lm.mnt_context_set_options(cxt, options) != 0)
		return -ENOMEM;
	return 0;
}

/* Mount through a libmount context, which turns "bind,ro" into the bind and
 * the read-only remount the kernel needs, and explains failures in words.
 * -ENOSYS: libmount cannot be had. */
static int lm_mount(const char *source, const char *target, const char *fstype,
		    const char *options, struct nsps_error *e)
{
	struct libmnt_context *cxt;
	char msg[256] = "";
	int rc, err;

	if (dl_load(&lm_lib, e) < 0)
		return -ENOSYS;
	if ((cxt = lm.mnt_new_context()) == NULL)
		return error_set(e, ENOMEM, "cannot mount %s on %s", source, target);
	if (lm_prepare(cxt, source, target, fstype, options) < 0) {
		lm.mnt_free_context(cxt);
		return error_set(e, ENOMEM, "cannot mount %s on %s", source, target);
	}
	rc = lm.mnt_context_mount(cxt);
	if (rc == 0) {
		lm.mnt_free_context(cxt);
		report_step("mounted %s on %s (%s) through libmount", source, target, options);
		return 0;
	}
	err = lm.mnt_context_get_syscall_errno(cxt);
	lm.mnt_context_get_excode(cxt, rc, msg, sizeof(msg));
	lm.mnt_free_context(cxt);
	if (msg[0] == '\0')
		return error_set(e, err ? err : EIO, "cannot mount %s on %s", source, target);
	error_set(e, 0, "cannot mount %s on %s: %s", source, target, msg);
	return err ? -err : -EIO;
}

/*
 * One mount, the fast way: mount(2), and for a bind a read-only remount
 * with the given flags. Should the kernel refuse, ask libmount to do the
 * same from the options text: it tells why in words (or, with luck, finds
 * a way); without libmount, the kernel's errno says why. flags and options
 * must say the same.
 */
static int mount_or_explain(const char *source, const char *target, const char *fstype,
			    unsigned long flags, const char *options, struct nsps_error *e)
{
	int ok, err, ret;

	if (flags & MS_BIND)
		ok = mount(source, target, NULL, MS_BIND, NULL) == 0 &&
		     mount(NULL, target, NULL, MS_REMOUNT | flags, NULL) == 0;
	else
		ok = mount(source, target, fstype, flags, NULL) == 0;
	if (ok) {
		report_step("mounted %s on %s (%s)", source, target, options);
		return 0;
	}
	err = errno;
	ret = lm_mount(source, target, fstype, options, e);
	if (ret == -ENOSYS) {
		report_step("%s: no explanation in words", e->text);
		return error_set(e, err, "cannot mount %s on %s", source, target);
	}
	return ret;
}

/*
 * Where the view is put together before nsps moves into it (pivot_root):
 * over /tmp, which every host has, and from which the host's /tmp itself
 * is reached by an fd taken before (bind_tmp_into_view()). The view's own
 * /proc directory holds the scratch space until then, and the host's tree
 * once nsps has moved: both are let go of there.
 */
#define STAGE "/tmp"
#define SCRATCH STAGE "/proc"

/* Whether mnt_id is among the n ids of ids. */
static bool has_id(const int *ids, size_t n, int mnt_id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == mnt_id)
			return true;
	return false;
}

/* The mount IDs of the view being built, parents first, in a new array
 * of *n (to free), from the mount table tb: the staging root (the last
 * mount on STAGE that is not a procfs; the table also lists the host's
 * tree it was copied from) and every mount below it. Parents come before
 * their children in the table: the view's mounts are all new. */
static int *view_ids(struct libmnt_table *tb, struct libmnt_iter *itr, size_t *n)
{
	struct libmnt_fs *fs;
	size_t cap = 64;
	int root = -1;
	int *ids;

	while (lm.mnt_table_next_fs(tb, itr, &fs) == 0)
		if (strcmp(lm.mnt_fs_get_target(fs), STAGE) == 0 &&
		    strcmp(lm.mnt_fs_get_fstype(fs), "proc") != 0)
			root = lm.mnt_fs_get_id(fs);
	if (root < 0 || (ids = malloc(sizeof(*ids) * cap)) == NULL)
		return NULL;
	ids[0] = root;
	*n = 1;
	lm.mnt_reset_iter(itr, MNT_ITER_FORWARD);
	while (lm.mnt_table_next_fs(tb, itr, &fs) == 0) {
		if (!has_id(ids, *n, lm.mnt_fs_get_parent_id(fs)))
			continue;
		if (*n == cap) {
			int *more = realloc(ids, sizeof(*ids) * (cap *= 2));

			if (more == NULL) {
				free(ids);
				return NULL;
			}
			ids = more;
		}
		ids[(*n)++] = lm.mnt_fs_get_id(fs);
	}
	return ids;
}

/* Remount mount fs read-only by its path, keeping its other per-mount
 * flags. ENOENT: a mount point deleted under us, not an error. */
static int remount_readonly(struct libmnt_fs *fs, struct nsps_error *e)
{
	const unsigned long keep = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME |
				   MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;
	const char *target = lm.mnt_fs_get_target(fs);
	unsigned long flags = 0;

	if (lm.mnt_optstr_get_flags(lm.mnt_fs_get_vfs_options(fs), &flags,
				    lm.mnt_get_builtin_optmap(MNT_LINUX_MAP)) != 0)
		flags = 0;
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & keep), NULL) == 0 ||
	    errno == ENOENT)
		return 0;
	return error_set(e, errno, "cannot make %s read-only", target);
}

/*
 * Kernels before 5.12 lack mount_setattr(): remount each mount of the view
 * being built read-only (view_ids()). A mount hidden under another on the
 * same mount point cannot be named by path and stays as it was; nothing
 * can reach it by path either.
 */
static int readonly_walk(const struct nsps_target *t, struct nsps_error *e)
{
	struct libmnt_table *tb;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	cleanup_file FILE *f = NULL;
	int *ids = NULL;
	size_t n = 0;
	int fd, ret = 0;

	if (dl_load(&lm_lib, e) < 0)
		return -ENOSYS;
	if ((fd = target_open_proc(t, "self/mountinfo", O_RDONLY)) < 0)
		return error_set(e, errno, "cannot read our mount table");
	if ((f = fdopen(fd, "re")) == NULL) {
		close(fd);
		return error_set(e, errno, "cannot read our mount table");
	}
	tb = lm.mnt_new_table();
	itr = lm.mnt_new_iter(MNT_ITER_FORWARD);
	if (tb == NULL || itr == NULL || lm.mnt_table_parse_stream(tb, f, "mountinfo") != 0)
		ret = error_set(e, 0, "cannot read our mount table");
	else if ((ids = view_ids(tb, itr, &n)) == NULL)
		ret = error_set(e, 0, "cannot find the view in our mount table");
	if (ret == 0)
		lm.mnt_reset_iter(itr, MNT_ITER_FORWARD);
	while (ret == 0 && lm.mnt_table_next_fs(tb, itr, &fs) == 0)
		if (has_id(ids, n, lm.mnt_fs_get_id(fs)))
			ret = remount_readonly(fs, e);
	free(ids);
	if (itr != NULL)
		lm.mnt_free_iter(itr);
	if (tb != NULL)
		lm.mnt_unref_table(tb);
	return ret;
}

/* Make every mount of the view being built read-only, recursively. */
static int make_readonly(const struct nsps_target *t, struct nsps_error *e)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

	if (mount_setattr(AT_FDCWD, STAGE, AT_RECURSIVE, &attr, sizeof(attr)) == 0) {
		report_step("made the host view read-only");
		return 0;
	}
	if (errno != ENOSYS)
		return error_set(e, errno, "cannot make the host view read-only");
	report_step("no mount_setattr(): making mounts read-only one by one");
	return readonly_walk(t, e);
}

/* The mount ID of path, or 0 when the kernel cannot say (before 5.8). */
static unsigned long long mount_id(const char *path)
{
	struct statx stx = { 0 };

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

/* Whether path is a mount of its own, not a directory of the root's
 * (root: the root's mount ID, 0 when the kernel cannot say). */
static bool is_mount_point(const char *path, unsigned long long root)
{
	unsigned long long id = mount_id(path);
	struct stat a, b;

	if (id != 0 && root != 0)
		return id != root;
	/* Before 5.8: at least another filesystem. */
	return stat(path, &a) == 0 && stat("/", &b) == 0 && a.st_dev != b.st_dev;
}

/*
 * Bind path of the host into the view at the same place: whole, with what
 * is mounted below it, as a slave that receives the host's unmounts; or
 * alone, private, so that nothing mounted later under it reaches the view.
 * A path this host lacks, or that the view has no directory for, is left
 * out.
 */
static int bind_into_view(const char *path, bool whole, struct nsps_error *e)
{
	char to[PATH_MAX];

	snprintf(to, sizeof(to), "%s%s", STAGE, strcmp(path, "/") == 0 ? "" : path);
	if (mount(path, to, NULL, MS_BIND | (whole ? MS_REC : 0), NULL) == 0 &&
	    (whole || mount(NULL, to, NULL, MS_PRIVATE, NULL) == 0))
		return 0;
	if (errno == ENOENT || errno == ENOTDIR)
		return 0;
	return error_set(e, errno, "cannot bind %s into the view", path);
}

/* The writable view's /tmp, where the host's is a filesystem of its own:
 * the staging root covers its path, so it is bound from an fd taken
 * before, through the host's procfs. */
static int bind_tmp_into_view(int tmp, struct nsps_error *e)
{
	char from[64];

	snprintf(from, sizeof(from), "/proc/self/fd/%d", tmp);
	if (mount(from, STAGE "/tmp", NULL, MS_BIND, NULL) == 0 &&
	    mount(NULL, STAGE "/tmp", NULL, MS_PRIVATE, NULL) == 0)
		return 0;
	return error_set(e, errno, "cannot bind /tmp into the view");
}

/*
 * What the view keeps of the host. Trees host tools live in (programs,
 * libraries, configuration with NSS, terminfo and locales, devices, sysfs
 * with the cgroup tree, logs), whole, in this order (/var before
 * /var/log); what is mounted below them that the kernel does not answer
 * for alone (NFS, FUSE) goes again once the view stands (prune_view()).
 * Homes, runtimes', kubelet's and volumes' mounts live elsewhere (/home,
 * /var/lib, /run, /mnt, /data, ...): of those filesystems the view keeps
 * only the filesystem itself, not what is mounted below it, so that the
 * view neither shows them (/proc/PID/mountinfo is readable from the
 * container) nor keeps them alive once the host lets go.
 */
static const struct {
	const char *path;
	bool whole;		/* with what is mounted below it (slave) */
	bool scratch;		/* in the read-only view, scratch instead */
	bool private;		/* left out without root: the container's root is the caller */
} kept[] = {
	{ "/var", false, false, false },
	{ "/usr", true, false, false },
	{ "/etc", true, false, false },
	{ "/opt", true, false, false },
	{ "/snap", true, false, false },
	{ "/nix", true, false, false },
	{ "/home", false, false, true },
	{ "/root", false, false, true },
	{ "/var/log", true, false, false },
	{ "/dev", true, false, false },
	{ "/sys", true, false, false },
	{ "/run", false, true, false },
	{ "/tmp", false, true, false },
	{ "/var/tmp", false, true, false },
};

#define N_KEPT (sizeof(kept) / sizeof(kept[0]))

/*
 * Without root, what the view's root (rootview.c) makes at each host path:
 * the trees kept whole and the scratch places get an empty directory
 * (bound or mounted next), and so do the homes, left out, and /proc; /var
 * is its filesystem alone, wherever it lies; anything else is the host's
 * if it is of its parent's filesystem.
 */
static enum rootview_kind own_rule(const char *path)
{
	for (size_t i = 0; i < N_KEPT; i++)
		if (strcmp(path, kept[i].path) == 0)
			return kept[i].whole || kept[i].scratch || kept[i].private ? ROOTVIEW_DIR :
											  ROOTVIEW_FS;
	return strcmp(path, "/proc") == 0 ? ROOTVIEW_DIR : ROOTVIEW_SAME;
}

/*
 * Without root, in the target's user namespace: the root a tmpfs with the
 * host root's entries (rootview.c), the trees kept whole bound whole but
 * the homes; /run, /tmp, /var/tmp are always scratch (make_scratch()).
 */
static int bind_kept_own(struct nsps_error *e)
{
	int ret;

	if ((ret = rootview_build(STAGE, own_rule, e)) < 0)
		return ret;
	for (size_t i = 0; i < N_KEPT; i++)
		if (kept[i].whole && !kept[i].private && (ret = bind_into_view(kept[i].path, true, e)) < 0)
			return ret;
	report_step("without root: /home and /root left out of the view, /run, /tmp, /var/tmp and /dev/shm its own");
	return 0;
}

/* Bind what the view keeps (kept[]) into it, on the root filesystem
 * alone; and the operator's home, where it is a filesystem of its own. */
static int bind_kept(bool writable, const char *home, struct nsps_error *e)
{
	const unsigned long long root = mount_id("/");
	cleanup_fd int tmp = -1;
	int ret;

	if (writable && is_mount_point(STAGE, root) &&
	    (tmp = open(STAGE, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return error_set(e, errno, "cannot open /tmp");
	if ((ret = bind_into_view("/", false, e)) < 0)
		return ret;
	for (size_t i = 0; i < N_KEPT; i++) {
		if (kept[i].scratch && !writable)
			continue;
		if (strcmp(kept[i].path, STAGE) == 0)
			ret = tmp >= 0 ? bind_tmp_into_view(tmp, e) : 0;
		else if (kept[i].whole || is_mount_point(kept[i].path, root))
			ret = bind_into_view(kept[i].path, kept[i].whole, e);
		/* else: a directory of the root filesystem, there already */
		if (ret < 0)
			return ret;
	}
	if (home != NULL && home[0] == '/' && strcmp(home, "/") != 0 && is_mount_point(home, root))
		return bind_into_view(home, false, e);
	return 0;
}

/* dir under the scratch space with mode, owner and group (make_scratch()
 * clears the umask meanwhile); made 0700 first when it is to be someone
 * else's, so that nobody else has it in between. */
static int scratch_dir(const char *name, mode_t mode, uid_t uid, gid_t gid, char *path,
		       size_t len)
{
	bool ours = uid == geteuid() && gid == getegid();

	snprintf(path, len, "%s/%s", SCRATCH, name);
	if (mkdir(path, ours ? mode : 0700) < 0 ||
	    (!ours && (chown(path, uid, gid) < 0 || chmod(path, mode) < 0)))
		return -errno;
	return 0;
}

/* Whether an overlay option can name path as it is: absolute, and none of
 * the characters the option string uses itself. */
static bool overlay_path_ok(const char *path)
{
	return path[0] == '/' && path[1] != '\0' && strpbrk(path, ",:\\= \t\n") == NULL &&
	       strlen(path) < 1024;
}

/*
 * dir of the view, writable: the host's directory under an overlay whose
 * upper layer is in the scratch space, so that the command sees the
 * host's files there and what it writes stays in the view. Where that
 * cannot be had (no overlayfs, a directory overlayfs cannot take as its
 * lower layer), dir stays read-only: a lesser view, not a failed run.
 */
static bool writable_layer(const char *dir, const char *name)
{
	char upper[64], work[72], to[PATH_MAX], opts[1200];
	struct stat st;

	/* The layer's root shows its upper directory's owner and mode: the
	 * host directory's, or a 0700 home would open to everyone. */
	snprintf(to, sizeof(to), "%s%s", STAGE, dir);
	snprintf(work, sizeof(work), "%s/%s.work", SCRATCH, name);
	if (stat(dir, &st) < 0 ||
	    scratch_dir(name, st.st_mode & 07777, st.st_uid, st.st_gid, upper, sizeof(upper)) < 0 ||
	    mkdir(work, 0700) < 0) {
		report_step("%s stays read-only: no room for its writable layer", dir);
		return false;
	}
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s", dir, upper, work);
	if (mount("nsps-scratch", to, "overlay", MS_NOSUID | MS_NODEV, opts) < 0) {
		report_step("%s stays read-only: cannot lay a writable layer over it: %s", dir,
			    strerror(errno));
		return false;
	}
	report_step("%s: the host's, writable into the view's scratch space", dir);
	return true;
}

/* A fresh, empty dir of the view (/tmp, /var/tmp), from the scratch space. */
static void fresh_dir(const char *dir, const char *name)
{
	char from[64], to[PATH_MAX];
	struct stat st;

	snprintf(to, sizeof(to), "%s%s", STAGE, dir);
	if (stat(to, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	if (scratch_dir(name, 01777, geteuid(), getegid(), from, sizeof(from)) < 0 ||
	    mount(from, to, NULL, MS_BIND, NULL) < 0)
		report_step("%s stays read-only: %s", dir, strerror(errno));
}

/* Whether home can get a writable layer: an absolute path an overlay
 * option can hold, not under the other scratch places, a directory of
 * the view. */
static bool home_layer_ok(const char *home)
{
	char to[PATH_MAX];
	struct stat st;

	snprintf(to, sizeof(to), "%s%s", STAGE, home);
	return overlay_path_ok(home) && strncmp(home, "/run/", 5) != 0 &&
	       strncmp(home, "/tmp/", 5) != 0 && stat(to, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether an empty directory may go over home: a directory of the view,
 * and no tree the view keeps at or below it ($HOME=/ or /usr, say). */
static bool home_coverable(const char *home)
{
	if (!home_layer_ok(home))
		return false;
	for (size_t i = 0; i < N_KEPT; i++)
		if (mountinfo_is_under(kept[i].path, home))
			return false;
	return true;
}

/*
 * The read-only view's scratch space, for the tools that keep lock files,
 * history or settings: a fresh /tmp and /var/tmp, and writable layers over
 * /run and $HOME, all on one tmpfs that ends with the view; made says
 * which layers it got. Returns whether the scratch space was made (it is
 * not worth failing a run for).
 */
static bool make_scratch(const char *home, bool own, struct mounts_made *made)
{
	mode_t mask;

	if (mount("nsps-scratch", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=25%") < 0) {
		report_step("no scratch space: %s; the view is read-only throughout", strerror(errno));
		return false;
	}
	mask = umask(0);
	fresh_dir("/tmp", "tmp");
	fresh_dir("/var/tmp", "var-tmp");
	if (own) {
		/* Without root, the container's root is the caller and can reach
		 * the command: none of the caller's sockets and shared memory
		 * in /run and /dev/shm, nor the home, wherever it is (/home and
		 * /root are left out already): an empty one. No writable
		 * layer shows the caller's files there. */
		fresh_dir("/run", "run");
		fresh_dir("/dev/shm", "dev-shm");
		if (home != NULL && home_coverable(home))
			fresh_dir(home, "home");
	} else {
		if (writable_layer("/run", "run"))
			made->layer[made->layers++] = "/run";
		if (home != NULL && !home_layer_ok(home))
			report_step("$HOME (%s) gets no writable layer", home);
		else if (home != NULL && writable_layer(home, "home"))
			made->layer[made->layers++] = home;
	}
	umask(mask);
	report_step("scratch space on /tmp, /var/tmp, /run%s%s%s: gone when the view ends",
		    own ? ", /dev/shm" : "", home ? ", " : "", home ? home : "");
	return true;
}

/*
 * Move into the view: pivot_root(2) puts the host's tree on the view's
 * /proc, and it is let go of there (with the scratch space's own mount
 * point, whose mounts in the view keep it alive). Where the root has no
 * mount below it to pivot from (the kernel's rootfs as the root, where
 * pivot_root says EINVAL), the view is moved over the root instead and the
 * host's tree stays below it, out of reach and out of the command's mount
 * table but kept alive.
 */
static int enter_view(bool scratch, struct nsps_error *e)
{
	if (chdir(STAGE) < 0)
		return error_set(e, errno, "cannot enter the view");
	if (syscall(SYS_pivot_root, ".", "proc") == 0) {
		if (chdir("/") < 0 || umount2("/proc", MNT_DETACH) < 0)
			return error_set(e, errno, "cannot let go of the host's mount tree");
	} else if (errno == EINVAL && mount(".", "/", NULL, MS_MOVE, NULL) == 0 &&
		   chroot(".") == 0 && chdir("/") == 0) {
		report_step("no pivot_root() from this root (the kernel's rootfs?): the host's other mounts stay below the view, out of reach");
	} else {
		return error_set(e, errno, "cannot move into the view");
	}
	if (scratch && umount2("/proc", MNT_DETACH) < 0)
		return error_set(e, errno, "cannot hide the view's scratch space");
	return 0;
}

/* The view's root: its one mount that prune_view() never takes away. */
struct prune {
	unsigned long long root;
	int err;
	char path[PATH_MAX];
};

/* A mount of the view that a process or a server answers for (NFS, CIFS,
 * FUSE, autofs), or of a type nsps does not know: detached, with what is
 * mounted below it, so that the command neither waits on it nor shows the
 * container where it comes from (its source, in mountinfo). By path, once
 * the path is seen to lead to that very mount (not one stacked on it). */
static int prune_one(const struct mountinfo_entry *m, void *ctx)
{
	struct prune *p = ctx;

	if (m->id == p->root || strcmp(m->point, "/") == 0 ||
	    mountinfo_trust(m->fstype) == MOUNTINFO_KERNEL)
		return 0;
	if (mount_id(m->point) != m->id) {
		report_step("%s (%s) stays below another mount in the view", m->point, m->fstype);
		return 0;
	}
	if (umount2(m->point, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
		p->err = errno;
		snprintf(p->path, sizeof(p->path), "%s", m->point);
		return 1;
	}
	report_step("left out of the view: the %s filesystem on %s, which the kernel does not answer for alone",
		    m->fstype, m->point);
	return 0;
}

/*
 * The view stands, the host's tree gone from it: its mount table, a few
 * dozen lines whatever the host has, is read to leave out what the trees
 * kept whole brought that tools do not need (prune_one()).
 */
static int prune_view(const struct nsps_target *t, struct nsps_error *e)
{
	struct prune p = { .root = mount_id("/") };
	int ret = mounttable_each(t->proc, "self/mountinfo", prune_one, &p);

	if (ret < 0)
		return error_set(e, -ret, "cannot read the view's mount table");
	if (p.err != 0)
		return error_set(e, p.err, "cannot leave %s out of the view", p.path);
	return 0;
}

int mounts_build_view(const struct nsps_target *t, const struct mounts_view *v,
		      struct mounts_made *made, struct nsps_error *e)
{
	bool scratch = false;
	int ret;

	made->layers = 0;
	if ((ret = v->own ? bind_kept_own(e) : bind_kept(v->writable, v->home, e)) < 0)
		return ret;
	if (!v->writable && (ret = make_readonly(t, e)) < 0)
		return ret;
	/* without root, the scratch places are never the host's */
	if (!v->writable || v->own)
		scratch = make_scratch(v->home, v->own, made);
	if ((ret = enter_view(scratch, e)) < 0)
		return ret;
	/* without root the kernel locks the mounts a tree brought together */
	if (!v->own && (ret = prune_view(t, e)) < 0)
		return ret;
	report_step("in the view: the host's tools, nothing mounted for its containers or volumes");
	return 0;
}

bool mounts_has_layer(const struct mounts_made *made, const char *path)
{
	for (int i = 0; i < made->layers; i++)
		if (mountinfo_is_under(path, made->layer[i]))
			return true;
	return false;
}

int mounts_in_target(const struct nsps_target *t, void (*visit)(void *ctx), void *ctx,
		     struct nsps_error *e)
{
	/* Opened here, used there: our way back, our root and cwd. */
	cleanup_fd int self_ns = target_open_proc(t, "self/ns/mnt", O_RDONLY);
	cleanup_fd int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	cleanup_fd int cwd = open(".", O_PATH | O_CLOEXEC);
	/* a pidfd, or the namespace file under the pinned /proc/PID */
	cleanup_fd int ns_file = t->pidfd >= 0 ? -1 : target_open_ns(t, "mnt");
	int mnt = t->pidfd >= 0 ? t->pidfd : ns_file;

	if (self_ns < 0 || root < 0 || cwd < 0) {
		error_set(e, errno, "cannot open our own mount namespace");
		return 0;
	}
	if (mnt < 0 || setns(mnt, CLONE_NEWNS) < 0) {
		error_set(e, mnt < 0 ? -mnt : errno, "cannot enter the target's mount namespace");
		return 0;
	}
	visit(ctx);
	/* Back at once. setns() moved our root and cwd to the namespace's
	 * root, which is not ours in a chroot: put both back. */
	if (setns(self_ns, CLONE_NEWNS) < 0 || fchdir(root) < 0 || chroot(".") < 0 ||
	    fchdir(cwd) < 0)
		return error_set(e, errno, "cannot return from the target's mount namespace");
	return 1;
}

/* What the visit to the target's mount namespace takes from its /proc. */
struct proc_visit {
	int proc;			/* the host's procfs, opened before */
	const struct mounts_errand *also;	/* and then this, or NULL */
	int tree, err;
	bool hides;			/* its procfs hides processes */
	char why[200];			/* with err EREMOTE, why it was not entered */
};

/* The mount on the target's /proc, found without entering a filesystem a
 * process of the container may serve (fsguard.h), cloned alone into
 * v->tree (not what the container mounted inside it) if the kernel's table
 * says procfs; else v->err, and with EREMOTE v->why. */
static void clone_proc_mount(struct proc_visit *v, int root)
{
	struct fsguard_mount m;
	struct fsguard g;
	cleanup_fd int fd = -1;

	fsguard_init(&g, v->proc, root);
	fd = fsguard_open(&g, "proc", &m, v->why, sizeof(v->why));
	if (fd < 0) {
		v->err = -fd;
	} else if (strcmp(m.fstype, "proc") != 0) {
		snprintf(v->why, sizeof(v->why), "is not a procfs of its PID namespace: a %s filesystem",
			 m.fstype);
		v->err = EREMOTE;
	} else {
		v->hides = m.proc_hides;
		v->tree = open_tree(fd, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (v->tree < 0)
			v->err = errno;
	}
}

/* There: the procfs, then the errand. */
static void visit_proc(void *ctx)
{
	struct proc_visit *v = ctx;
	cleanup_fd int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (root < 0)
		v->err = errno;
	else
		clone_proc_mount(v, root);
	if (v->also != NULL)
		v->also->visit(v->also->ctx);
}

/*
 * The target's /proc mount, cloned: a trip into its mount namespace and
 * back. Returns 0 with *tree the clone, or 0 with *tree -1 and e saying
 * why none could be had (then mount a fresh procfs); -errno when we could
 * not come back to our own namespace, root and cwd (then give up).
 */
static int clone_target_proc(const struct nsps_target *t, const struct mounts_errand *also,
			     int *tree, bool *hides, struct nsps_error *e)
{
	struct proc_visit v = { .proc = t->proc, .also = also, .tree = -1 };
	int ret;

	*tree = -1;
	if ((ret = mounts_in_target(t, visit_proc, &v, e)) <= 0) {
		if (v.tree >= 0)
			close(v.tree);
		return ret;
	}
	if (v.err == EREMOTE) {
		error_set(e, 0, "the target's /proc %s", v.why);
		return 0;
	}
	if (v.err != 0) {
		error_set(e, v.err, "cannot clone the target's /proc");
		return 0;
	}
	*tree = v.tree;
	*hides = v.hides;
	return 0;
}

/* Whether the procfs at dirfd is one of our PID namespace, proven by the
 * kernel: it is a procfs, its "self" is our PID here, and its PID 1 is in
 * our namespace. */
static bool is_our_procfs(const struct nsps_target *t, int dirfd)
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
	/* The host's procfs: its self/ns/pid is our PID namespace. */
	return strcmp(self, want) == 0 && fstatat(t->proc, "self/ns/pid", &ours, 0) == 0 &&
	       fstatat(dirfd, "1/ns/pid", &theirs, 0) == 0 &&
	       ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev;
}

/* Put the cloned procfs at tree on /proc: private (a clone of a shared
 * mount is a peer of it: what we mounted on it would reach the container,
 * and the container's mounts the view), nosuid, nodev, noexec. */
static int attach_proc(int tree, struct nsps_error *e)
{
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
		.attr_clr = MOUNT_ATTR_RDONLY,
		.propagation = MS_PRIVATE,
	};

	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    move_mount(tree, "", AT_FDCWD, "/proc", MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return error_set(e, errno, "cannot put the target's procfs on /proc");
	return 0;
}

/*
 * Borrow the target's own procfs instead of mounting a fresh one: its
 * dentries are warm, and a fresh procfs makes ps over 1000 processes a
 * quarter slower (make bench). Borrowed, never trusted: used only if the
 * kernel says it is a procfs of our PID namespace that hides nothing.
 * Returns 1 when it is on /proc; 0 when it is not (e says why: mount a
 * fresh one); -errno when we could not come back from the target's mount
 * namespace (e says so: give up).
 */
static int borrow_target_proc(const struct nsps_target *t, const struct mounts_errand *also,
			      struct nsps_error *e)
{
	cleanup_fd int tree = -1;
	bool hides = false;
	int ret;

	if ((ret = clone_target_proc(t, also, &tree, &hides, e)) < 0)
		return ret;
	if (tree < 0)
		return 0;
	if (!is_our_procfs(t, tree)) {
		error_set(e, 0, "the target's /proc is not a procfs of its PID namespace");
		return 0;
	}
	if (hides) {
		error_set(e, 0, "the target's procfs hides processes (hidepid, subset)");
		return 0;
	}
	if (attach_proc(tree, e) < 0)
		return 0;
	report_step("borrowed the target's procfs for /proc (nosuid,nodev,noexec)");
	return 1;
}

int mounts_target_proc(const struct nsps_target *t, bool readonly,
		       const struct mounts_errand *also, struct nsps_error *e)
{
	const unsigned long nsx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int ret = borrow_target_proc(t, also, e);

	if (ret < 0)
		return ret;
	if (ret == 0) {
		char why[768];

		error_message(e, why, sizeof(why));
		report_step("mounting a fresh procfs: %s", why);
		if ((ret = mount_or_explain("proc", "/proc", "proc", nsx, "nosuid,nodev,noexec", e)) < 0)
			return ret;
	}
	if (!readonly)
		return 0;
	/* The procfs writes to the kernel's knobs as the host's: keep
	 * sysctls and the SysRq trigger read-only, as bubblewrap does. */
	if ((ret = mount_or_explain("/proc/sys", "/proc/sys", NULL, MS_BIND | MS_RDONLY | nsx,
				    "bind,ro,nosuid,nodev,noexec", e)) < 0)
		return ret;
	/* Not every kernel has the SysRq trigger (this one may lack it). */
	if (access("/proc/sysrq-trigger", F_OK) < 0)
		return 0;
	return mount_or_explain("/proc/sysrq-trigger", "/proc/sysrq-trigger", NULL,
				MS_BIND | MS_RDONLY | nsx, "bind,ro,nosuid,nodev,noexec", e);
}

int mounts_fresh_sys(bool readonly, bool own, struct nsps_error *e)
{
	/* The cgroup tree is no part of sysfs but mounted on it: keep the
	 * host's, which cgroup tools and systemd-cgls read, for the fresh one.
	 * Without open_tree() (before 5.2) the fresh /sys goes without. */
	cleanup_fd int cgroups = open_tree(AT_FDCWD, "/sys/fs/cgroup",
					   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	int ret;

	if (cgroups < 0 && errno != ENOENT)
		report_step("the fresh /sys gets no cgroup tree: %s", strerror(errno));
	/* sysfs shows the network devices of the namespace of whoever mounts
	 * it: ours, once we joined the target's network namespace. Detach the
	 * host's /sys first, as ip-netns(8) does: a target in the host's own
	 * network namespace would give the very superblock already on /sys,
	 * which the kernel refuses to stack (EBUSY). The view's /sys is a
	 * slave: the host keeps its own. */
	/* Without root the kernel mounts a sysfs only where one is fully
	 * visible already: the host's stays below the fresh one, out of
	 * reach (a target of one's own is never in the host's network). */
	if (!own && umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		return error_set(e, errno, "cannot detach the host's /sys");
	ret = mount_or_explain("sysfs", "/sys", "sysfs",
			       (readonly ? MS_RDONLY : 0) | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			       readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", e);
	if (ret < 0)
		return ret;
	if (cgroups >= 0 &&
	    move_mount(cgroups, "", AT_FDCWD, "/sys/fs/cgroup", MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return error_set(e, errno, "cannot put the host's cgroup tree on the fresh /sys");
	return 0;
}

int mounts_fresh_mqueue(bool readonly, struct nsps_error *e)
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
				readonly ? "ro,nosuid,nodev,noexec" : "nosuid,nodev,noexec", e);
}
