/* SPDX-License-Identifier: MIT */
/* identity.h - who the command runs as: -S, -G, --user (libcap-ng). */
#ifndef NSPS_IDENTITY_H
#define NSPS_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

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
