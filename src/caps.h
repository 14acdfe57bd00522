/* SPDX-License-Identifier: MIT */
/* caps.h - privilege checks (capget, and libcap-ng to explain). */
#ifndef NSPS_CAPS_H
#define NSPS_CAPS_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Check that we hold every capability nsps needs. Returns 0, or -EPERM
 * with *missing naming the first capability missing ("CAP_SYS_ADMIN"), or
 * another -errno when the capabilities could not be read.
 */
int caps_check_caller(const char **missing);

/* Whether process pid has CAP_SYS_PTRACE in its effective set (0 if unknown). */
bool caps_target_can_ptrace(pid_t pid);

#endif
