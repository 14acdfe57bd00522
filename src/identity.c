// SPDX-License-Identifier: MIT
/* identity.c - who the command runs as: -S, -G, --user (libcap-ng). */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "containers.h"
#include "identity.h"
#include "procstat.h"

/* One id of the target's, "Uid:" or "Gid:", as its namespace names it
 * with userns: read while /proc is still the host's, the target pinned
 * and confirmed. */
static int follow_one(const struct nsps_target *t, bool uid, bool userns, unsigned long *out,
		      struct nsps_error *e)
{
	char text[4096];
	const char *opt = uid ? "-S follow" : "-G follow", *what = uid ? "uid" : "gid";
	ssize_t n = containers_read_proc(t->pid, "status", text, sizeof(text));
	unsigned long id;

	if (n < 0 || !procstat_status_id(text, (size_t)n, uid ? "Uid:" : "Gid:", &id))
		return error_set(e, n < 0 ? errno : 0, "%s: cannot read the %s of target %d", opt, what,
				 (int)t->pid);
	if (!userns) {
		*out = id;
		return 0;
	}
	n = containers_read_proc(t->pid, uid ? "uid_map" : "gid_map", text, sizeof(text));
	if (n < 0 || !procstat_map_inside(text, (size_t)n, id, out))
		return error_set(e, 0, "%s: the %s %lu of target %d is not mapped in its user namespace",
				 opt, what, id, (int)t->pid);
	return 0;
}

int identity_follow(struct nsps_identity *id, const struct nsps_target *t, bool uid, bool gid,
		    bool userns, struct nsps_error *e)
{
	unsigned long v = 0;
	int ret;

	if (uid) {
		if ((ret = follow_one(t, true, userns, &v, e)) < 0)
			return ret;
		/* as -S 0 is: root without capabilities, which the container can reach */
		if (v == 0)
			return error_set(e, 0, "-S follow: target %d runs as uid 0: refusing root without capabilities, which exposes the host to the container; leave -S out to run as root",
					 (int)t->pid);
		id->uid = (uid_t)v;
	}
	if (gid) {
		if ((ret = follow_one(t, false, userns, &v, e)) < 0)
			return ret;
		id->gid = (gid_t)v;
	}
	return 0;
}

int identity_resolve(struct nsps_identity *id, const char *name, bool host_ids,
		     struct nsps_error *e)
{
	struct passwd *pw;

	if (name != NULL) {
		errno = 0;
		pw = getpwnam(name);
		if (pw == NULL && errno != 0)
			return error_set(e, errno, "user '%.64s'", name);
		if (pw == NULL)
			return error_set(e, 0, "user '%.64s': no such user on the host", name);
		if (pw->pw_uid == 0)
			return error_set(e, 0, "user '%.64s' is uid 0: refusing root without capabilities, which exposes the host to the container; leave --user out to run as root",
					 name);
		if (pw->pw_uid > INT_MAX || pw->pw_gid > INT_MAX)
			return error_set(e, 0, "user '%.64s': uid %u is out of range", name,
					 (unsigned int)pw->pw_uid);
		id->set_uid = true;
		id->uid = pw->pw_uid;
		if (!id->set_gid) {
			id->set_gid = true;
			id->gid = pw->pw_gid;
		}
	}
	/* Never leave a new uid with root's group: the primary group from the
	 * host's database, or (unknown there, or counted in the container's
	 * user namespace) the same number. */
	if (id->set_uid && !id->set_gid) {
		pw = host_ids ? getpwuid(id->uid) : NULL;
		id->set_gid = true;
		id->gid = (pw != NULL && pw->pw_gid <= INT_MAX) ? pw->pw_gid : (gid_t)id->uid;
	}
	return 0;
}

/* Whether the "Uid:" line of a status file (real, effective, saved, fs) holds uid. */
static bool status_has_uid(int fd, uid_t uid)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	const char *line;
	unsigned int ids[4];

	if (n <= 0)
		return false;
	buf[n] = '\0';
	line = strstr(buf, "\nUid:");
	if (line == NULL || sscanf(line + 5, "%u %u %u %u", &ids[0], &ids[1], &ids[2], &ids[3]) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (ids[i] == uid)
			return true;
	return false;
}

bool identity_uid_in_use(uid_t uid)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	bool found = false;
	pid_t self = getpid();

	if (proc == NULL)
		return false;
	while (!found && (d = readdir(proc)) != NULL) {
		char path[300];
		int fd;

		if (!isdigit((unsigned char)d->d_name[0]) || atoi(d->d_name) == self)
			continue;
		snprintf(path, sizeof(path), "%s/status", d->d_name);
		fd = openat(dirfd(proc), path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;	/* gone meanwhile */
		found = status_has_uid(fd, uid);
		close(fd);
	}
	closedir(proc);
	return found;
}

/* What each failure of capng_change_id() means (its man page). */
static const char *change_id_step(int rc)
{
	static const char *const steps[] = {
		[1] = "libcap-ng is not initialised",
		[2] = "cannot keep capabilities across the change",
		[3] = "cannot apply intermediate capabilities",
		[4] = "cannot change the gid",
		[5] = "cannot drop supplementary groups",
		[6] = "cannot change the uid",
		[7] = "cannot stop keeping capabilities",
		[8] = "cannot clear the bounding set",
		[9] = "cannot drop CAP_SETPCAP or the ambient set",
		[10] = "cannot set supplementary groups",
	};

	rc = -rc;
	if (rc > 0 && rc < (int)(sizeof(steps) / sizeof(steps[0])) && steps[rc])
		return steps[rc];
	return "cannot change identity";
}

int identity_apply(const struct nsps_identity *id, struct nsps_error *e)
{
	int flags = CAPNG_NO_FLAG, rc;
	const struct capng_fns *cng;

	if (!id->set_uid && !id->set_gid)
		return 0;
	if ((cng = caps_libcap_ng(e)) == NULL)
		return -ENOSYS;
	/* Groups may already be gone (cleared before joining a user namespace
	 * whose setgroups is denied): drop them only if there are any. */
	if (getgroups(0, NULL) != 0)
		flags |= CAPNG_DROP_SUPP_GRP;
	if (id->set_uid) {
		/* An empty state: the new uid keeps no capability at all. */
		cng->capng_clear(CAPNG_SELECT_ALL);
		flags |= CAPNG_CLEAR_BOUNDING | CAPNG_CLEAR_AMBIENT;
	} else if (cng->capng_get_caps_process() < 0) {
		/* A gid alone: uid 0 keeps the capabilities it has. */
		return error_set(e, errno, "cannot read our own capabilities");
	}
	errno = 0;
	rc = cng->capng_change_id(id->set_uid ? (int)id->uid : -1, id->set_gid ? (int)id->gid : -1,
			     (capng_flags_t)flags);
	if (rc < 0) {
		int err = errno;

		/* setresuid()/setresgid() in a user namespace that maps no such id */
		if (err == EINVAL && (rc == -4 || rc == -6))
			return error_set(e, 0, "cannot run as %s %u: not mapped in the user namespace",
					 rc == -4 ? "gid" : "uid",
					 rc == -4 ? (unsigned int)id->gid : (unsigned int)id->uid);
		if (id->set_uid)
			return error_set(e, err, "cannot run as uid %u gid %u: %s", (unsigned int)id->uid,
					 (unsigned int)id->gid, change_id_step(rc));
		return error_set(e, err, "cannot run with gid %u: %s", (unsigned int)id->gid,
				 change_id_step(rc));
	}
	return 0;
}
