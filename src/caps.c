// SPDX-License-Identifier: MIT
/* caps.c - privilege checks (capget), and libcap-ng loaded for identity changes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "dl.h"

static struct capng_fns cn;

static const struct dl_sym cn_syms[] = {
#define X(f) DL_SYM(cn, f)
	CAPNG_FUNCS
#undef X
};
static struct dl_lib cn_lib = DL_LIB("libcap-ng.so.0", "libcap-ng", cn_syms);

const struct capng_fns *caps_libcap_ng(struct nsps_error *e)
{
	return dl_load(&cn_lib, e) < 0 ? NULL : &cn;
}

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
 * the checks together, and loading it more still.
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

int caps_check_caller(bool *without_root, struct nsps_error *e)
{
	uint64_t eff = 0;
	int ret = effective_set(0, &eff);

	*without_root = false;
	if (ret < 0)
		return error_set(e, -ret, "cannot read our own capabilities");
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!has(eff, needed[i].cap)) {
			/* A user may enter the user namespaces it owns (its
			 * rootless containers): the kernel decides there. Root
			 * without them was denied them by someone. */
			if (geteuid() != 0) {
				*without_root = true;
				return 0;
			}
			error_set(e, 0, "missing capability %s: run nsps as root", needed[i].name);
			return -EPERM;
		}
	return 0;
}

bool caps_target_can_ptrace(pid_t pid)
{
	uint64_t eff = 0;

	return effective_set(pid, &eff) == 0 && has(eff, CAP_SYS_PTRACE);
}
