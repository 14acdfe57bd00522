// SPDX-License-Identifier: MIT
/* mountinfo.c - lines of /proc/PID/mountinfo, and which filesystems the kernel answers alone: pure. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/* The next field of *s, up to a space, NUL-terminated in place; NULL at
 * the line's end. */
static char *field(char **s)
{
	char *start = *s, *end;

	if (start == NULL || *start == '\0')
		return NULL;
	end = strchr(start, ' ');
	if (end != NULL) {
		*end = '\0';
		*s = end + 1;
	} else {
		*s = NULL;
	}
	return start;
}

/* The kernel's escapes undone in place: \ and three octal digits. */
static void unescape(char *s)
{
	char *out = s;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

static int number(const char *s, unsigned long long *v)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' ? -EINVAL : 0;
}

static int device(char *s, unsigned int *major, unsigned int *minor)
{
	char *colon = s ? strchr(s, ':') : NULL;
	unsigned long long a, b;

	if (colon == NULL)
		return -EINVAL;
	*colon = '\0';
	if (number(s, &a) < 0 || number(colon + 1, &b) < 0 || a > 0xffffffffULL || b > 0xffffffffULL)
		return -EINVAL;
	*major = (unsigned int)a;
	*minor = (unsigned int)b;
	return 0;
}

int mountinfo_parse_line(char *line, struct mountinfo_entry *m)
{
	char *s = line, *opt, *root, *point, *source;

	if (number(field(&s), &m->id) < 0 || number(field(&s), &m->parent) < 0 ||
	    device(field(&s), &m->major, &m->minor) < 0 || (root = field(&s)) == NULL ||
	    (point = field(&s)) == NULL || field(&s) == NULL)
		return -EINVAL;
	/* optional fields (shared:N, master:N...) up to a lone "-" */
	while ((opt = field(&s)) != NULL && strcmp(opt, "-") != 0)
		;
	if (opt == NULL || (m->fstype = field(&s)) == NULL || (source = field(&s)) == NULL)
		return -EINVAL;
	m->super = s != NULL ? s : "";
	unescape(root);
	unescape(point);
	unescape(source);
	m->root = root;
	m->point = point;
	m->source = source;
	return point[0] == '/' ? 0 : -EINVAL;
}

static bool listed(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* Filesystems the kernel answers from memory or a local block device. An
 * overlay's layers are other mounts of this list in every container
 * runtime's use; see nsps(1), CAVEATS, for one made over a served one. */
static const char *const kernel_fs[] = {
	"proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
	"securityfs", "debugfs", "tracefs", "bpf", "pstore", "efivarfs", "configfs", "fusectl",
	"binfmt_misc", "hugetlbfs", "ramfs", "nsfs", "selinuxfs", "smackfs", "rootfs", "rpc_pipefs",
	"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs",
	"squashfs", "erofs", "iso9660", "udf", "vfat", "msdos", "exfat", "ntfs", "ntfs3", "hfsplus",
	"nilfs2", "overlay", NULL,
};

/* Filesystems whose answers come from a process or over a network. */
static const char *const served_fs[] = {
	"fuse", "fuseblk", "virtiofs", "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph",
	"afs", "coda", "lustre", "gfs2", "ocfs2", "glusterfs", "orangefs", "autofs", NULL,
};

enum mountinfo_trust mountinfo_trust(const char *fstype)
{
	if (listed(fstype, kernel_fs))
		return MOUNTINFO_KERNEL;
	/* fuse.sshfs, fuse.lxcfs, fuseblk.ntfs-3g: FUSE with a subtype */
	if (strncmp(fstype, "fuse.", 5) == 0 || strncmp(fstype, "fuseblk.", 8) == 0 ||
	    listed(fstype, served_fs))
		return MOUNTINFO_SERVED;
	return MOUNTINFO_UNKNOWN;
}

bool mountinfo_proc_hides(const char *opts)
{
	const char *p = opts;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");

		if (strncmp(p, "subset=", 7) == 0 && n > 7)
			return true;
		if (strncmp(p, "hidepid=", 8) == 0 &&
		    !((n == 9 && p[8] == '0') || (n == 11 && strncmp(p + 8, "off", 3) == 0)))
			return true;
		p = p[n] == ',' ? p + n + 1 : NULL;
	}
	return false;
}

bool mountinfo_is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
