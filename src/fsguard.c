// SPDX-License-Identifier: MIT
/* fsguard.c - a container's files, reached without entering a filesystem a process serves. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "fsguard.h"
#include "mountinfo.h"
#include "mounttable.h"

#define MAX_DEPTH 64	/* directories held open on the way down */
#define MAX_LINKS 40	/* as the kernel's path walk (ELOOP) */

/* The mount ID of fd and its file type, from the inode as cached: a FUSE
 * file's attributes are not asked of its server (AT_STATX_DONT_SYNC).
 * Kernels before 5.8 give no mount ID by statx(): fdinfo says it. */
static int mount_of(int proc, int fd, unsigned long long *id, mode_t *mode)
{
	struct statx stx = { 0 };
	char path[48], buf[512];
	ssize_t n;
	const char *at;
	int info;

	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
		  STATX_TYPE | STATX_MNT_ID, &stx) < 0)
		return -errno;
	*mode = stx.stx_mode;
	if (stx.stx_mask & STATX_MNT_ID) {
		*id = stx.stx_mnt_id;
		return 0;
	}
	snprintf(path, sizeof(path), "self/fdinfo/%d", fd);
	if ((info = openat(proc, path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = read(info, buf, sizeof(buf) - 1);
	close(info);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	if ((at = strstr(buf, "mnt_id:")) == NULL || sscanf(at + 7, "%llu", id) != 1)
		return -EIO;
	return 0;
}

static void fill(struct fsguard_mount *m, const struct mountinfo_entry *e)
{
	size_t n = strlen(e->point);

	m->id = e->id;
	snprintf(m->fstype, sizeof(m->fstype), "%s", e->fstype);
	if (n < sizeof(m->point))
		memcpy(m->point, e->point, n + 1);
	else
		snprintf(m->point, sizeof(m->point), "%.*s...", (int)sizeof(m->point) - 4, e->point);
	m->proc_hides = strcmp(e->fstype, "proc") == 0 && mountinfo_proc_hides(e->super);
}

struct wanted {
	unsigned long long id;
	struct fsguard_mount *m;
};

static int is_wanted(const struct mountinfo_entry *e, void *ctx)
{
	const struct wanted *w = ctx;

	if (e->id != w->id)
		return 0;
	fill(w->m, e);
	return 1;
}

/* Mount id as our mount table lists it now, into *m. Returns 0, -ENOENT
 * when the table does not list it (outside our root, or gone), -errno. */
static int table_find(int proc, unsigned long long id, struct fsguard_mount *m)
{
	struct wanted w = { id, m };
	int ret = mounttable_each(proc, "self/mountinfo", is_wanted, &w);

	return ret == 1 ? 0 : ret == 0 ? -ENOENT : ret;
}

/* Whether the kernel alone answers for mount id: -EREMOTE, why said, if not. */
static int check_mount(int proc, unsigned long long id, struct fsguard_mount *m, char *why,
		       size_t len)
{
	int ret = table_find(proc, id, m);

	if (ret == -ENOENT) {
		snprintf(why, len, "lies on a mount the kernel's table does not list: not entered");
		return -EREMOTE;
	}
	if (ret < 0)
		return ret;
	switch (mountinfo_trust(m->fstype)) {
	case MOUNTINFO_KERNEL:
		return 0;
	case MOUNTINFO_SERVED:
		snprintf(why, len, "lies on a %s filesystem on %s, which a process serves: not entered",
			 m->fstype, m->point);
		return -EREMOTE;
	default:
		snprintf(why, len, "lies on a %s filesystem on %s, which nsps does not know the kernel to answer for alone: not entered",
			 m->fstype, m->point);
		return -EREMOTE;
	}
}

/* The walk's state: the directories held from root down, each with its
 * mount, checked while held. */
struct walk {
	int proc;
	int fd[MAX_DEPTH];
	struct fsguard_mount at[MAX_DEPTH];
	int depth;
};

static void pop_to(struct walk *w, int depth)
{
	while (w->depth > depth)
		close(w->fd[w->depth--]);
}

/* The next name of *rest, NUL-terminated in place, or NULL. */
static char *next_name(char **rest)
{
	char *s = *rest, *slash;

	while (*s == '/')
		s++;
	if (*s == '\0')
		return NULL;
	slash = strchr(s, '/');
	if (slash != NULL) {
		*slash = '\0';
		*rest = slash + 1;
	} else {
		*rest = s + strlen(s);
	}
	return s;
}

/* Whether only slashes are left. */
static bool at_end(const char *rest)
{
	return rest[strspn(rest, "/")] == '\0';
}

/* fd, found in w's deepest directory: its mount checked, unless it is
 * that directory's (which we hold, checked). */
static int check_found(struct walk *w, int fd, struct fsguard_mount *m, mode_t *mode,
		       char *why, size_t len)
{
	unsigned long long id = 0;
	int ret = mount_of(w->proc, fd, &id, mode);

	if (ret < 0)
		return ret;
	if (id == w->at[w->depth].id) {
		*m = w->at[w->depth];
		return 0;
	}
	return check_mount(w->proc, id, m, why, len);
}

void fsguard_init(struct fsguard *g, int proc, int root)
{
	*g = (struct fsguard){ .proc = proc, .root = root, .checked = false };
}

int fsguard_open(struct fsguard *g, const char *path, struct fsguard_mount *m, char *why,
		 size_t len)
{
	struct walk w = { .proc = g->proc, .depth = 0 };
	char todo[2 * PATH_MAX], next[2 * PATH_MAX], link[PATH_MAX];
	char *rest = todo, *name;
	int links = 0, ret, fd;
	mode_t mode = 0;

	if (snprintf(todo, sizeof(todo), "%s", path) >= (int)sizeof(todo))
		return -ENAMETOOLONG;
	/* root itself: the lookups start on its filesystem */
	w.fd[0] = g->root;
	w.at[0].id = (unsigned long long)-1;
	if (!g->checked && (ret = check_found(&w, g->root, &g->at, &mode, why, len)) < 0)
		return ret;
	g->checked = true;
	w.at[0] = g->at;
	while ((name = next_name(&rest)) != NULL) {
		struct fsguard_mount found;

		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {	/* never above root */
			pop_to(&w, w.depth > 0 ? w.depth - 1 : 0);
			continue;
		}
		if ((fd = openat(w.fd[w.depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			ret = -errno;
			break;
		}
		if ((ret = check_found(&w, fd, &found, &mode, why, len)) < 0) {
			close(fd);
			break;
		}
		if (S_ISLNK(mode)) {
			ssize_t n;

			/* a procfs's links are the kernel's magic ones (root, cwd,
			 * fd/N): jumps, not paths */
			if (strcmp(found.fstype, "proc") == 0 || ++links > MAX_LINKS) {
				close(fd);
				ret = -ELOOP;
				break;
			}
			n = readlinkat(fd, "", link, sizeof(link) - 1);
			ret = n < 0 ? -errno : n == 0 ? -ENOENT : 0;
			close(fd);
			if (ret < 0)
				break;
			link[n] = '\0';
			/* the link's text, then what was left after it */
			if (snprintf(next, sizeof(next), "%s/%s", link, rest) >= (int)sizeof(next)) {
				ret = -ENAMETOOLONG;
				break;
			}
			memcpy(todo, next, sizeof(todo));
			rest = todo;
			if (link[0] == '/')
				pop_to(&w, 0);
			continue;
		}
		if (at_end(rest)) {
			pop_to(&w, 0);
			*m = found;
			return fd;
		}
		if (!S_ISDIR(mode) || w.depth + 1 >= MAX_DEPTH) {
			close(fd);
			ret = S_ISDIR(mode) ? -ENAMETOOLONG : -ENOTDIR;
			break;
		}
		w.fd[++w.depth] = fd;
		w.at[w.depth] = found;
	}
	if (name == NULL) {	/* the path ended on a directory held */
		*m = w.at[w.depth];
		fd = w.depth > 0 ? w.fd[w.depth--] : fcntl(g->root, F_DUPFD_CLOEXEC, 3);
		ret = fd < 0 ? -errno : fd;
	}
	pop_to(&w, 0);
	return ret;
}
