// SPDX-License-Identifier: MIT
/* dns.c - the container's name resolution in the view: its resolv.conf and hosts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "dns.h"
#include "fsguard.h"
#include "report.h"

/* The files, as the container names them below its root. */
static const char *const files[DNS_FILES] = { "etc/resolv.conf", "etc/hosts", "etc/hostname" };

static const char *kind_of(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return "is a directory";
	case S_IFIFO:
		return "is a FIFO";
	case S_IFCHR:
	case S_IFBLK:
		return "is a device";
	case S_IFSOCK:
		return "is a socket";
	default:
		return "is no regular file";
	}
}

#define MAX_COPY (1 << 20)	/* a resolv.conf, a hosts file: a few KiB */
#define SCRATCH "/tmp"		/* where the copies are made, then let go of */

void dns_open(struct dns_files *d, const struct nsps_target *t, bool hostname)
{
	char path[32];

	*d = (struct dns_files){ .root = -1, .t = t,
				 .n = hostname ? DNS_FILES : DNS_FILES - 1 };
	for (unsigned int i = 0; i < DNS_FILES; i++) {
		d->file[i] = -1;
		d->why[i] = "cannot be reached: no trip into the container's mount namespace";
	}
	snprintf(path, sizeof(path), "%d/root", (int)t->pid);
	d->root = target_open_proc(t, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* the pinned target alive after the open: that root is its own */
	if (d->root >= 0 && !target_alive(t)) {
		close(d->root);
		d->root = -1;
	}
	if (d->root < 0)
		for (unsigned int i = 0; i < DNS_FILES; i++)
			d->why[i] = "cannot be reached: the target's root cannot be opened";
}

/* In the target's mount namespace: each file below its root, as a path:
 * opening a device, even to look, may do what the device does. Found
 * without entering a filesystem a process of the container may serve
 * (fsguard.h): a FUSE server could hold a lookup or a read for ever. */
void dns_visit(void *ctx)
{
	struct dns_files *d = ctx;
	struct fsguard g;

	if (d->root < 0)
		return;
	fsguard_init(&g, d->t->proc, d->root);
	for (unsigned int i = 0; i < d->n && i < DNS_FILES; i++) {
		struct fsguard_mount m;
		cleanup_fd int fd = fsguard_open(&g, files[i], &m, d->reason[i], sizeof(d->reason[i]));
		struct stat st;

		if (fd < 0) {
			d->why[i] = fd == -EREMOTE ? d->reason[i] :
				    fd == -ENOENT ? "is missing" :
				    fd == -ELOOP ? "is a link the kernel does not follow there" :
				    strerror(-fd);
		} else if (fstat(fd, &st) < 0) {
			d->why[i] = strerror(errno);
		} else if (!S_ISREG(st.st_mode)) {
			d->why[i] = kind_of(st.st_mode);
		} else if (st.st_size > MAX_COPY) {
			d->why[i] = "is over 1 MiB";
		} else {
			d->file[i] = steal_fd(&fd);
		}
	}
}

/* The file found (an O_PATH fd) reopened for reading, through our own
 * /proc/self/fd: the same inode, whatever its path has become. */
static int reopen(const struct dns_files *d, int fd)
{
	char path[32];
	struct stat a, b;
	int rd;

	snprintf(path, sizeof(path), "self/fd/%d", fd);
	rd = target_open_proc(d->t, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (rd >= 0 && (fstat(fd, &a) < 0 || fstat(rd, &b) < 0 || a.st_ino != b.st_ino ||
			a.st_dev != b.st_dev || !S_ISREG(b.st_mode))) {
		close(rd);
		errno = EINVAL;
		return -1;
	}
	return rd;
}

/* A copy of the file at fd as SCRATCH/name, made by the kernel. */
static int copy_in(const struct dns_files *d, int fd, const char *name)
{
	char path[64];
	cleanup_fd int in = reopen(d, fd), out = -1;
	ssize_t n;
	size_t total = 0;

	if (in < 0)
		return -errno;
	snprintf(path, sizeof(path), SCRATCH "/%s", name);
	if ((out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		return -errno;
	while (total < MAX_COPY && (n = sendfile(out, in, NULL, MAX_COPY - total)) > 0)
		total += (size_t)n;
	return n < 0 ? -errno : 0;
}

/* SCRATCH/name, read-only and alone, over path of the view (through its
 * links: the host's resolv.conf may be systemd-resolved's). */
static int put_over(const char *name, const char *path)
{
	char from[64];
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			    MOUNT_ATTR_NOEXEC,
		.propagation = MS_PRIVATE,
	};
	cleanup_fd int tree = -1;

	snprintf(from, sizeof(from), SCRATCH "/%s", name);
	tree = open_tree(AT_FDCWD, from, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0 || mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    move_mount(tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_SYMLINKS) < 0)
		return -errno;
	return 0;
}

/* A tmpfs of our own over the view's SCRATCH, for the copies: let go of
 * once they are in place, where they keep it alive alone. Returns 0 or
 * -errno. */
static int scratch_up(bool *up)
{
	if (!*up && mount("nsps-names", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "size=4m,mode=0755") < 0)
		return -errno;
	*up = true;
	return 0;
}

void dns_attach(struct dns_files *d)
{
	char path[32];
	struct stat st;
	bool up = false;
	int ret;

	if (d->root >= 0)
		close(d->root);
	d->root = -1;
	for (unsigned int i = 0; i < d->n && i < DNS_FILES; i++) {
		const char *name = strrchr(files[i], '/') + 1;

		snprintf(path, sizeof(path), "/%s", files[i]);
		if (d->file[i] < 0)
			report_step("%s: the host's (the container's %s)", path, d->why[i]);
		else if (stat(path, &st) < 0)
			report_step("%s: the host's has none, the container's is not shown", path);
		else if ((ret = scratch_up(&up)) < 0 || (ret = copy_in(d, d->file[i], name)) < 0 ||
			 (ret = put_over(name, path)) < 0)
			report_step("%s: the host's (cannot copy the container's: %s)", path,
				    strerror(-ret));
		else
			report_step("%s: the container's, read-only", path);
		if (d->file[i] >= 0)
			close(d->file[i]);
		d->file[i] = -1;
	}
	if (up && umount2(SCRATCH, MNT_DETACH) < 0)
		report_step("the copies' tmpfs stays on " SCRATCH ": %s", strerror(errno));
}
