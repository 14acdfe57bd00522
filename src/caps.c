// SPDX-License-Identifier: MIT
/* caps.c - privilege checks (libcap-ng). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <cap-ng.h>
#include <linux/capability.h>
#include <sys/syscall.h>
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

/*
 * The effective set of pid, in one capget(2). This is the hot path: on
 * every run, libcap-ng's full view (two capget()s, two parses of
 * /proc/PID/status for each process) cost about as much as the rest of
 * the checks together. libcap-ng is asked only when something is missing.
 */
static int effective_set(pid_t pid, uint64_t *eff)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = pid };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	*eff = data[0].effective | (uint64_t)data[1].effective << 32;
	return 0;
}

static bool has(uint64_t set, unsigned int cap)
{
	return (set >> cap) & 1;
}

int caps_check_caller(const char **missing)
{
	uint64_t eff = 0, want = 0;

	*missing = NULL;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		want |= UINT64_C(1) << needed[i].cap;
	if (effective_set(0, &eff) == 0 && (eff & want) == want)
		return 0;
	/* Something is missing, or capget() failed: libcap-ng says which. */
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
	uint64_t eff = 0;

	return effective_set(pid, &eff) == 0 && has(eff, CAP_SYS_PTRACE);
}
