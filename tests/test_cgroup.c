// SPDX-License-Identifier: MIT
/* test_cgroup.c - container IDs from real-format /proc/PID/cgroup lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup.h"

#define A "3f2a9c1b7e4d5f6071829a4b5c6d7e8f90112233445566778899aabbccddeeff"
#define B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void expect(const char *line, const char *id, const char *runtime, bool monitor)
{
	struct nsps_cgref ref = { .runtime = "unset" };

	if (!cgroup_line_container(line, strlen(line), &ref))
		fail_msg("no container found in: %s", line);
	assert_string_equal(ref.id, id);
	if (runtime == NULL)
		assert_null(ref.runtime);
	else
		assert_string_equal(ref.runtime, runtime);
	assert_int_equal(ref.monitor, monitor);
}

static void expect_none(const char *line)
{
	struct nsps_cgref ref;

	if (cgroup_line_container(line, strlen(line), &ref))
		fail_msg("found '%s' in: %s", ref.id, line);
}

static void test_docker(void **state)
{
	(void)state;
	expect("12:memory:/docker/" A, A, "docker", false);
	expect("0::/docker/" A, A, "docker", false);
	expect("0::/system.slice/docker-" A ".scope", A, "docker", false);
	expect("1:name=systemd:/system.slice/docker-" A ".scope", A, "docker", false);
}

static void test_kubernetes(void **state)
{
	(void)state;
	/* cgroupfs driver: the runtime is not in the path. */
	expect("4:memory:/kubepods/besteffort/pod0d3a3b8e-6c8e-4a57-9f0b-8a9d1c2e3f40/" A, A, NULL,
	       false);
	expect("0::/kubepods/burstable/podabc/" A, A, NULL, false);
	/* systemd driver, containerd, cri-o, docker (dockershim) */
	expect("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0d3a3b8e_6c8e.slice/cri-containerd-" A ".scope",
	       A, "containerd", false);
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podx.slice/crio-" A ".scope",
	       A, "cri-o", false);
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podx.slice/crio-" A ".scope/container",
	       A, "cri-o", false);
	expect("0::/kubepods.slice/kubepods-pod1.slice/docker-" A ".scope", A, "docker", false);
	/* the "slice:runtime:id" form */
	expect("0::/kubepods-besteffort-pod1.slice:cri-containerd:" A, A, "containerd", false);
	expect("0::/system.slice/containerd.service/kubepods-burstable-pod2.slice:cri-containerd:" A,
	       A, "containerd", false);
	expect("0::/kubepods-pod3.slice:crio:" A, A, "cri-o", false);
}

static void test_podman(void **state)
{
	(void)state;
	expect("0::/machine.slice/libpod-" A ".scope", A, "podman", false);
	expect("0::/machine.slice/libpod-" A ".scope/container", A, "podman", false);
	expect("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" A ".scope/container",
	       A, "podman", false);
	expect("13:pids:/libpod_parent/libpod-" A, A, "podman", false);
}

static void test_monitors(void **state)
{
	(void)state;
	expect("0::/machine.slice/libpod-conmon-" A ".scope", A, "podman", true);
	expect("0::/kubepods.slice/kubepods-podx.slice/crio-conmon-" A ".scope", A, "cri-o", true);
}

static void test_nested_takes_innermost(void **state)
{
	(void)state;
	/* kind: a node container (docker) running kubelet's pods */
	expect("0::/system.slice/docker-" A ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod1.slice/cri-containerd-" B ".scope",
	       B, "containerd", false);
	/* docker in docker */
	expect("7:cpu:/docker/" A "/docker/" B, B, "docker", false);
	/* a node container's own processes */
	expect("0::/system.slice/docker-" A ".scope/init.scope", A, "docker", false);
}

static void test_named_machines(void **state)
{
	(void)state;
	expect("0::/lxc.payload.web1", "web1", "lxc", false);
	expect("5:cpuset:/lxc/web2", "web2", "lxc", false);
	expect("0::/machine.slice/machine-fedora.scope", "fedora", "systemd-nspawn", false);
}

static void test_not_containers(void **state)
{
	(void)state;
	expect_none("0::/");
	expect_none("0::/init.scope");
	expect_none("1:name=systemd:/user.slice/user-0.slice/session-1.scope");
	expect_none("0::/system.slice/containerd.service");
	expect_none("4:memory:/process_api/331746d9e7984a6407fbfc6bb1cc254f");	/* 32 hex */
	expect_none("0::/nsps-test-42");
	/* malformed */
	expect_none("");
	expect_none("garbage");
	expect_none("0:");
	expect_none("0::");
	expect_none("0::docker/" A);			/* not absolute */
	expect_none("0::/docker/" A "0");		/* 65 hex */
	expect_none("0::/docker/3F2A9C1B7E4D5F6071829A4B5C6D7E8F90112233445566778899AABBCCDDEEFF");
	expect_none("0::/system.slice/docker-" A ".scopex");
	expect_none("0::/system.slice/docker-.scope");
	expect_none("0::/kubepods.slice:cri-containerd:");
	expect_none("0::/machine.slice/machine-.scope");
	expect_none("0::/lxc.payload.");
	/* names a container could give its own cgroups: no terminal escapes,
	 * no bytes past a NUL, nothing cut short */
	expect_none("0::/lxc.payload.\x1b]0;pwned\x07");
	expect_none("5:cpuset:/lxc/web\tx");
	expect_none("0::/machine.slice/machine-\xc2\x9b" "31m.scope");
	expect_none("0::/lxc.payload." A "0");
}

/* From a private cgroup namespace (a node-debug pod, docker's or
 * Kubernetes' default on cgroup v2): paths are relative to the pod's own
 * cgroup, reaching its siblings through "..". */
static void test_private_cgroupns(void **state)
{
	(void)state;
	expect("0::/../../kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" A ".scope",
	       A, "containerd", false);
	expect("0::/../../../kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2.slice/crio-" A ".scope/container",
	       A, "cri-o", false);
	expect("0::/../../../system.slice/docker-" A ".scope", A, "docker", false);
	expect("0::/../../kubepods/burstable/pod0d3a3b8e/" A, A, NULL, false);
	expect("0::/../../kubepods-besteffort-pod1.slice:cri-containerd:" A, A, "containerd", false);
	/* docker's cgroupfs driver, a sibling: ".." hides the "docker" parent */
	expect("0::/../" B, B, NULL, false);
	expect("12:pids:/../" B, B, NULL, false);
	/* the host's own processes, and the pod's */
	expect_none("0::/../../..");
	expect_none("0::/../../../init.scope");
	expect_none("0::/../../../user.slice/user-0.slice/session-1.scope");
	expect_none("0::/../../../system.slice/containerd.service");
	expect_none("0::/");
	expect_none("0::/..");
	expect_none("0::/../..docker-" A ".scope");
}

static void test_whole_file(void **state)
{
	struct nsps_cgref ref;
	const char *hybrid = "9:name=systemd:/\n8:pids:/docker/" A "\n0::/\n";
	const char *v2_first = "4:memory:/docker/" A "\n0::/system.slice/docker-" B ".scope\n";
	const char *none = "9:name=systemd:/\n0::/\n";
	const char *no_newline = "0::/docker/" B;

	(void)state;
	assert_true(cgroup_text_container(hybrid, &ref));
	assert_string_equal(ref.id, A);
	assert_true(cgroup_text_container(v2_first, &ref));
	assert_string_equal(ref.id, B);
	assert_false(cgroup_text_container(none, &ref));
	assert_false(cgroup_text_container("", &ref));
	assert_true(cgroup_text_container(no_newline, &ref));
	assert_string_equal(ref.id, B);
}

static void test_leaf(void **state)
{
	char leaf[64];

	(void)state;
	assert_true(cgroup_text_leaf("9:name=systemd:/nsps-runc\n0::/\n", leaf, sizeof(leaf)));
	assert_string_equal(leaf, "nsps-runc");
	assert_true(cgroup_text_leaf("9:pids:/a/b\n0::/c/d\n", leaf, sizeof(leaf)));
	assert_string_equal(leaf, "d");
	assert_false(cgroup_text_leaf("9:pids:/\n0::/\n", leaf, sizeof(leaf)));
	assert_false(cgroup_text_leaf("junk", leaf, sizeof(leaf)));
	assert_false(cgroup_text_leaf("0::/x", leaf, 1));
	/* from a private cgroup namespace: a sibling's name, or none */
	assert_true(cgroup_text_leaf("0::/../nsps-runc\n", leaf, sizeof(leaf)));
	assert_string_equal(leaf, "nsps-runc");
	assert_false(cgroup_text_leaf("0::/../..\n", leaf, sizeof(leaf)));
	assert_false(cgroup_text_leaf("9:pids:/..\n0::/.\n", leaf, sizeof(leaf)));
}

static void test_id_prefix(void **state)
{
	(void)state;
	assert_true(cgroup_is_id_prefix("3f2a9c1b7e4d"));
	assert_true(cgroup_is_id_prefix("3"));
	assert_true(cgroup_is_id_prefix(A));
	assert_false(cgroup_is_id_prefix(A "0"));
	assert_false(cgroup_is_id_prefix(""));
	assert_false(cgroup_is_id_prefix("3F2A"));
	assert_false(cgroup_is_id_prefix("web"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_kubernetes),
		cmocka_unit_test(test_podman),
		cmocka_unit_test(test_monitors),
		cmocka_unit_test(test_nested_takes_innermost),
		cmocka_unit_test(test_named_machines),
		cmocka_unit_test(test_not_containers),
		cmocka_unit_test(test_private_cgroupns),
		cmocka_unit_test(test_whole_file),
		cmocka_unit_test(test_leaf),
		cmocka_unit_test(test_id_prefix),
	};

	return cmocka_run_group_tests_name("cgroup", tests, NULL, NULL);
}
