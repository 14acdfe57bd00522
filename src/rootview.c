// SPDX-License-Identifier: MIT
/* rootview.c - the view's root without root: a tmpfs holding the host root's entries. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "report.h"
#include "rootview.h"

/* How deep below the root the walk goes to find the mounts it must leave
 * out (a kubelet volume lies 7 deep in /var/lib/kubelet/pods), and how
 * many entries it makes in all: what lies further is an empty directory. */
#define MAX_DEPTH 10
#define MAX_ENTRIES 50000

struct walk {
	rootview_rule rule;
	size_t entries;		/* made so far */
	unsigned int bound;	/* directories and files bound alone */
	unsigned int left;	/* mounts of their own, left out */
	char path[PATH_MAX];	/* the host path at hand */
};

/*
 * Bind name of the host directory src alone onto name in stub: a clone of
 * that one mount, made private so that the host's mounts below it do not
 * follow. -EINVAL: locked mounts lie below it (make it again entry by
 * entry).
 */
static int bind_alone(int src, const char *name, int stub)
{
	struct mount_attr attr = { .propagation = MS_PRIVATE };
	cleanup_fd int tree = open_tree(src, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
					AT_SYMLINK_NOFOLLOW);

	if (tree < 0)
		return -errno;
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    move_mount(tree, "", stub, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* The link name of src, made again in stub. */
static void copy_link(int src, const char *name, int stub)
{
	char to[PATH_MAX];
	ssize_t n = readlinkat(src, name, to, sizeof(to) - 1);

	if (n < 0)
		return;
	to[n] = '\0';
	if (symlinkat(to, stub, name) < 0)
		report_step("%s: link left out: %s", name, strerror(errno));
}

/* A regular file, bound alone over an empty one (removed if it fails). */
static int bind_file(int src, const char *name, int stub)
{
	int fd = openat(stub, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int ret;

	if (fd < 0)
		return -errno;
	close(fd);
	if ((ret = bind_alone(src, name, stub)) < 0)
		unlinkat(stub, name, 0);
	return ret;
}

static int fill(struct walk *w, int src, int stub, int depth, struct nsps_error *e);

/* A directory the kernel will not bind alone: made again in stub. */
static int split(struct walk *w, int src, const char *name, int stub, int depth,
		 struct nsps_error *e)
{
	cleanup_fd int from = -1;
	cleanup_fd int to = -1;

	if (depth >= MAX_DEPTH) {
		report_step("%s: mounts lie too deep below it: left empty", w->path);
		return 0;
	}
	from = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	to = openat(stub, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (from < 0 || to < 0) {
		report_step("%s: left empty: %s", w->path, strerror(errno));
		return 0;
	}
	return fill(w, from, to, depth + 1, e);
}

/* One directory entry of src, made in stub as the rule says. */
static int entry(struct walk *w, int src, const char *name, int stub,
		 unsigned long long parent_mnt, int depth, struct nsps_error *e)
{
	struct statx stx = { 0 };
	int ret;

	if (statx(src, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_TYPE | STATX_MNT_ID,
		  &stx) < 0)
		return 0;	/* gone meanwhile, or not ours to see */
	if (S_ISLNK(stx.stx_mode)) {
		copy_link(src, name, stub);
		return 0;
	}
	if (S_ISREG(stx.stx_mode)) {
		ret = bind_file(src, name, stub);
	} else {
		if (!S_ISDIR(stx.stx_mode) || mkdirat(stub, name, 0755) < 0)
			return 0;	/* sockets, FIFOs and devices stay the host's */
		enum rootview_kind kind = w->rule(w->path);

		if (kind == ROOTVIEW_DIR)
			return 0;
		if (kind == ROOTVIEW_SAME && (stx.stx_mask & STATX_MNT_ID) &&
		    stx.stx_mnt_id != parent_mnt) {
			w->left++;
			return 0;
		}
		ret = bind_alone(src, name, stub);
		if (ret == -EINVAL)
			return split(w, src, name, stub, depth, e);
	}
	if (ret == 0) {
		w->bound++;
		return 0;
	}
	if (ret == -ENOSYS) {
		error_set(e, 0, "without root, nsps needs open_tree() and mount_setattr() (Linux 5.12), which this kernel lacks");
		return -ENOSYS;
	}
	report_step("%s: %s: %s", w->path, S_ISREG(stx.stx_mode) ? "left out" : "left empty",
		    strerror(-ret));
	return 0;
}

static int fill(struct walk *w, int src, int stub, int depth, struct nsps_error *e)
{
	size_t len = strlen(w->path);
	struct statx here = { 0 };
	cleanup_dir DIR *d = NULL;
	struct dirent *de;
	int fd, ret = 0;

	if (statx(src, "", AT_EMPTY_PATH, STATX_MNT_ID, &here) < 0 ||
	    (fd = fcntl(src, F_DUPFD_CLOEXEC, 3)) < 0)
		return error_set(e, errno, "cannot read the host's %s", len ? w->path : "/");
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return error_set(e, errno, "cannot read the host's %s", len ? w->path : "/");
	}
	while (ret == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (++w->entries > MAX_ENTRIES) {
			report_step("%s: too many entries to make again: the rest left out",
				    len ? w->path : "/");
			break;
		}
		if (len + 1 + strlen(de->d_name) >= sizeof(w->path))
			continue;
		snprintf(w->path + len, sizeof(w->path) - len, "/%s", de->d_name);
		ret = entry(w, src, de->d_name, stub, here.stx_mnt_id, depth, e);
		w->path[len] = '\0';
	}
	return ret;
}

int rootview_build(const char *stage, rootview_rule rule, struct nsps_error *e)
{
	struct walk w = { .rule = rule };
	cleanup_fd int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cleanup_fd int stub = -1;
	int ret;

	if (root < 0)
		return error_set(e, errno, "cannot open the host's /");
	if (mount("nsps-root", stage, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return error_set(e, errno, "cannot mount the view's root on %s", stage);
	if ((stub = open(stage, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return error_set(e, errno, "cannot open the view's root");
	if ((ret = fill(&w, root, stub, 0, e)) < 0)
		return ret;
	report_step("the view's root: a tmpfs with the host root's entries, %u bound alone, %u mounts of their own left out",
		    w.bound, w.left);
	return 0;
}
