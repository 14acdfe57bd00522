/* SPDX-License-Identifier: MIT */
/* identity.h - who the command runs as: -S, -G, --user (libcap-ng). */
#ifndef NSPS_IDENTITY_H
#define NSPS_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "target.h"

struct nsps_identity {
	bool set_uid;	/* change uid (and drop every capability) */
	bool set_gid;	/* change gid */
	uid_t uid;
	gid_t gid;
};

/*
 * Settle the identity from the options: NAME (--user) is looked up in the
 * host's user database and brings its group; a uid without a gid takes its
 * primary group from the host's database when host_ids (no -U) and it is
 * there, else the same number. Refuses uid 0 (root without capabilities).
 * Returns 0, or -errno with e saying why.
 */
int identity_resolve(struct nsps_identity *id, const char *name, bool host_ids,
		     struct nsps_error *e);

/*
 * nsenter's -S follow and -G follow: the target's effective uid (with uid)
 * and gid (with gid) into id, as the namespace the command runs in names
 * them: the host's, or with userns the container's, through the target's
 * uid_map and gid_map. Refuses a uid of 0 (root without capabilities, as
 * -S 0). Returns 0, or -errno with e saying why.
 */
int identity_follow(struct nsps_identity *id, const struct nsps_target *t, bool uid, bool gid,
		    bool userns, struct nsps_error *e);

/* Whether a process in /proc, other than us, runs with uid as its real,
 * effective, saved or filesystem uid. */
bool identity_uid_in_use(uid_t uid);

/*
 * Become the identity, through libcap-ng: supplementary groups cleared, and
 * with a new uid every capability dropped (bounding and ambient sets too).
 * A gid alone keeps uid 0 and its capabilities. Returns 0, or -errno with
 * e saying why.
 */
int identity_apply(const struct nsps_identity *id, struct nsps_error *e);

#endif
