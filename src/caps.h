/* SPDX-License-Identifier: MIT */
/* caps.h - privilege checks (capget), and libcap-ng loaded for identity changes. */
#ifndef NSPS_CAPS_H
#define NSPS_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cap-ng.h>

#include "error.h"

/* The libcap-ng functions nsps uses. */
#define CAPNG_FUNCS X(capng_get_caps_process) X(capng_clear) X(capng_change_id)

struct capng_fns {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): f names a member here */
#define X(f) __typeof__(f) *f;
	CAPNG_FUNCS
#undef X
};

/*
 * libcap-ng, loaded on first use (dl.c), for what it does best: changing
 * identity with every capability set, bounding and ambient included, in
 * order (identity.c). Off the hot path, where one capget() does. Returns
 * its functions, or NULL with e saying why.
 */
const struct capng_fns *caps_libcap_ng(struct nsps_error *e);

/*
 * Check that we hold every capability nsps needs. Returns 0, with
 * *without_root set when the caller is a user other than root who lacks
 * them (it may then enter only its own user namespaces); -EPERM for root
 * without them, with e naming the first capability missing
 * ("CAP_SYS_ADMIN"); another -errno when they could not be read.
 */
int caps_check_caller(bool *without_root, struct nsps_error *e);

/* Whether process pid has CAP_SYS_PTRACE in its effective set (0 if unknown). */
bool caps_target_can_ptrace(pid_t pid);

#endif
