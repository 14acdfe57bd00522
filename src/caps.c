// SPDX-License-Identifier: MIT
/* caps.c - privilege checks (libcap-ng). */
#include <errno.h>
#include <cap-ng.h>
#include <linux/capability.h>
#include <unistd.h>

#include "caps.h"

/*
 * What nsps needs, and why: CAP_SYS_ADMIN for unshare(CLONE_NEWNS), setns()
 * and mount(); CAP_SYS_PTRACE to open the namespaces of a process that runs
 * under another uid or holds capabilities we lack.
 */
static const struct {
	unsigned int cap;
	const char *name;
} needed[] = {
	{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
	{ CAP_SYS_PTRACE, "CAP_SYS_PTRACE" },
};

int caps_check_caller(const char **missing)
{
	*missing = NULL;
	capng_setpid(getpid());
	if (capng_get_caps_process() < 0)
		return -EIO;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (!capng_have_capability(CAPNG_EFFECTIVE, needed[i].cap)) {
			*missing = needed[i].name;
			return -EPERM;
		}
	}
	return 0;
}

bool caps_target_can_ptrace(pid_t pid)
{
	bool can;

	capng_setpid(pid);
	can = capng_get_caps_process() == 0 &&
	      capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_PTRACE);
	capng_setpid(getpid());
	return can;
}
