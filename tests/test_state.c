// SPDX-License-Identifier: MIT
/* test_state.c - runc, crun, OCI, docker and podman files as the runtimes write them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "state.h"

static struct nsps_error err;

static int runc(const char *t, struct nsps_state *st)
{
	memset(st, 0, sizeof(*st));
	return state_runc(t, strlen(t), st, &err);
}

static void test_runc_containerd_cri(void **unused)
{
	/* containerd's shim running runc for the CRI plugin (shortened) */
	const char *t =
		"{\"id\":\"4f1c9d2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d\","
		"\"init_process_pid\":9164,\"init_process_start\":21467,"
		"\"created\":\"2026-12-02T00:45:14.264716897Z\","
		"\"config\":{\"no_pivot_root\":false,\"rootfs\":\"/run/x/rootfs\","
		"\"labels\":[\"io.kubernetes.cri.container-type=container\","
		"\"io.kubernetes.cri.sandbox-namespace=prod\","
		"\"io.kubernetes.cri.sandbox-name=web-7d9f-abcde\","
		"\"io.kubernetes.cri.sandbox-uid=0d6e1e6a\","
		"\"io.kubernetes.cri.container-name=nginx\","
		"\"io.kubernetes.cri.image-name=docker.io/library/nginx:1.25\","
		"\"bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/4f1c\"]},"
		"\"rootless\":false,\"cgroup_paths\":{\"pids\":\"/sys/fs/cgroup/pids/kubepods\"}}";
	struct nsps_state st;

	(void)unused;
	assert_int_equal(runc(t, &st), 0);
	assert_string_equal(st.id, "4f1c9d2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d");
	assert_int_equal(st.pid, 9164);
	assert_int_equal(st.start, 21467);
	assert_string_equal(st.ns, "prod");
	assert_string_equal(st.pod, "web-7d9f-abcde");
	assert_string_equal(st.container, "nginx");
	assert_string_equal(st.image, "docker.io/library/nginx:1.25");
	assert_false(st.sandbox);
	assert_false(st.crio);
}

static void test_runc_sandbox_and_crio(void **unused)
{
	struct nsps_state st;

	(void)unused;
	assert_int_equal(runc("{\"id\":\"p\",\"init_process_pid\":5,\"config\":{\"labels\":["
			      "\"io.kubernetes.cri.container-type=sandbox\","
			      "\"io.kubernetes.cri.sandbox-name=web\"]}}", &st), 0);
	assert_true(st.sandbox);
	assert_string_equal(st.pod, "web");
	assert_string_equal(st.container, "");
	assert_int_equal(runc("{\"id\":\"c1\",\"init_process_pid\":6,\"config\":{\"labels\":["
			      "\"io.kubernetes.cri-o.ContainerType=container\","
			      "\"io.kubernetes.pod.namespace=kube-system\","
			      "\"io.kubernetes.pod.name=coredns-1\","
			      "\"io.kubernetes.container.name=coredns\"]}}", &st), 0);
	assert_true(st.crio);
	assert_false(st.sandbox);
	assert_string_equal(st.ns, "kube-system");
	assert_string_equal(st.pod, "coredns-1");
	assert_string_equal(st.container, "coredns");
}

static void test_runc_hostile(void **unused)
{
	struct nsps_state st;
	char *big;
	size_t n = 1 << 20;

	(void)unused;
	/* not JSON, truncated, not an object, a NUL, duplicate keys */
	assert_int_equal(runc("", &st), -EINVAL);
	assert_int_equal(runc("{\"id\":\"a\",\"init_process_pid\":5", &st), -EINVAL);
	assert_int_equal(runc("[1,2]", &st), -EINVAL);
	assert_int_equal(runc("{\"id\":\"a\\u0000b\"}", &st), -EINVAL);
	assert_int_equal(runc("{\"id\":\"a\",\"id\":\"b\"}", &st), -EINVAL);
	/* wrong types, out of range, an ID runc would not make, a long label */
	assert_int_equal(runc("{\"id\":\"../etc\",\"init_process_pid\":\"5\",\"init_process_start\":-1,"
			      "\"config\":{\"labels\":\"x\"}}", &st), 0);
	assert_string_equal(st.id, "");
	assert_int_equal(st.pid, 0);
	assert_int_equal(st.start, 0);
	assert_int_equal(runc("{\"id\":\"a/b\",\"init_process_pid\":99999999999}", &st), 0);
	assert_string_equal(st.id, "");
	assert_int_equal(st.pid, 0);
	/* escape sequences are kept as text (printing escapes them) */
	assert_int_equal(runc("{\"id\":\"a\",\"config\":{\"labels\":["
			      "\"io.kubernetes.cri.sandbox-name=\\u001b]2;x\\u0007\","
			      "\"noequals\",\"=v\",7]}}", &st), 0);
	assert_string_equal(st.pod, "\033]2;x\007");
	/* a pod name longer than a pod name can be is none */
	big = malloc(n + 200);
	assert_non_null(big);
	snprintf(big, n + 200, "%s", "{\"id\":\"a\",\"config\":{\"labels\":[\"io.kubernetes.cri.sandbox-name=");
	memset(big + strlen(big), 'a', n);
	snprintf(big + strlen(big) - 1, 8, "%s", "\"]}}");
	assert_int_equal(runc(big, &st), 0);
	assert_string_equal(st.pod, "");
	/* deep nesting: refused by the parser's depth limit, no crash */
	memset(big, '[', n);
	big[n - 1] = '\0';
	assert_int_equal(state_runc(big, n - 1, &st, &err), -EINVAL);
	free(big);
}

static void test_crun_and_config(void **unused)
{
	/* crun 1.8's status and its copy of config.json */
	const char *status = "{\n    \"pid\": 3160,\n    \"process-start-time\": 21894,\n"
			     "    \"cgroup-path\": \"/nsps-st-2\",\n    \"scope\": \"\",\n"
			     "    \"rootfs\": \"rootfs\",\n    \"systemd-cgroup\": false,\n"
			     "    \"bundle\": \"/tmp/st/b\",\n    \"owner\": \"root\",\n"
			     "    \"detached\": true,\n    \"external_descriptors\": \"[]\"\n}\n";
	const char *config = "{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[\"sh\"]},"
			     "\"annotations\":{\"nerdctl/name\":\"web\",\"other\":\"x\","
			     "\"io.kubernetes.cri.sandbox-name\":7}}";
	struct nsps_state st = { 0 };

	(void)unused;
	assert_int_equal(state_crun(status, strlen(status), &st, &err), 0);
	assert_int_equal(st.pid, 3160);
	assert_int_equal(st.start, 21894);
	assert_int_equal(state_oci_config(config, strlen(config), &st, &err), 0);
	assert_string_equal(st.name, "web");
	assert_string_equal(st.pod, "");
	assert_int_equal(state_oci_config("{\"annotations\":[]}", 18, &st, &err), 0);
}

static void test_docker(void **unused)
{
	/* docker 20.10's config.v2.json (shortened) */
	const char *t =
		"{\"StreamConfig\":{},\"State\":{\"Running\":true,\"Paused\":false,\"Pid\":4242,"
		"\"ExitCode\":0,\"StartedAt\":\"2026-12-02T00:00:00Z\"},"
		"\"ID\":\"3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a\","
		"\"Path\":\"sh\",\"Config\":{\"Hostname\":\"3f2a\",\"Image\":\"nsps-busybox:test\"},"
		"\"Image\":\"sha256:ab\",\"Name\":\"/web\",\"Driver\":\"vfs\"}";
	struct nsps_state st = { 0 };

	(void)unused;
	assert_int_equal(state_docker(t, strlen(t), &st, &err), 0);
	assert_string_equal(st.name, "web");
	assert_string_equal(st.image, "nsps-busybox:test");
	assert_int_equal(st.pid, 4242);
	assert_string_equal(st.id, "3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a9c1b7e4d3f2a");
	memset(&st, 0, sizeof(st));
	t = "{\"State\":{\"Running\":false,\"Pid\":0},\"ID\":\"ab\",\"Name\":\"noslash\"}";
	assert_int_equal(state_docker(t, strlen(t), &st, &err), 0);
	assert_string_equal(st.name, "");
	assert_int_equal(st.pid, 0);
}

struct seen {
	int n;
	char names[4][NSPS_NAME_LEN + 1];
	char images[4][NSPS_NAME_LEN + 1];
};

static void collect(const struct nsps_state *st, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", st->name);
		snprintf(s->images[s->n], sizeof(s->images[0]), "%s", st->image);
	}
	s->n++;
}

static void test_podman(void **unused)
{
	const char *t =
		"[{\"id\":\"aa11\",\"names\":[\"web\",\"alias\"],\"image\":\"ff\",\"layer\":\"ee\","
		"\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/busybox:latest\\\","
		"\\\"name\\\":\\\"web\\\"}\",\"created\":\"2026-12-02T00:00:00Z\"},"
		"{\"id\":\"bb22\",\"names\":[],\"metadata\":\"not json\"},"
		"{\"names\":[\"noid\"]},7]";
	struct seen s = { 0 };

	(void)unused;
	assert_int_equal(state_podman(t, strlen(t), collect, &s, &err), 4);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "web");
	assert_string_equal(s.images[0], "docker.io/library/busybox:latest");
	assert_string_equal(s.names[1], "");
	assert_int_equal(state_podman("{}", 2, collect, &s, &err), -EINVAL);
}

/* dockerd's data root, as state_cmdline_option() finds it. */
static const char *data_root(const char *cmdline, size_t len)
{
	static char out[64];

	strcpy(out, "(default)");
	if (!state_cmdline_option(cmdline, len, "dockerd", "--data-root", out, sizeof(out)))
		return "(not dockerd)";
	return out;
}

/* A literal's bytes, without the NUL the compiler adds. */
#define DR(s) data_root(s, sizeof(s) - 1)

static void test_cmdline_option(void **unused)
{
	static const char a[] = "/usr/sbin/dockerd\0--iptables=false\0--data-root\0/d/data\0"
				"--exec-root=/d/exec\0-H\0unix:///d/sock";
	static const char shim[] = "/usr/bin/containerd-shim-runc-v2\0-namespace\0moby\0-id\0"
				   "3f2a\0-address\0/run/docker/containerd/containerd.sock\0";
	char out[64] = "";

	(void)unused;
	assert_string_equal(data_root(a, sizeof(a)), "/d/data");
	assert_true(state_cmdline_option(a, sizeof(a), "dockerd", "--exec-root", out, sizeof(out)));
	assert_string_equal(out, "/d/exec");
	assert_true(state_cmdline_option(shim, sizeof(shim) - 1, "containerd-shim-runc-v2",
					 "-address", out, sizeof(out)));
	assert_string_equal(out, "/run/docker/containerd/containerd.sock");
	assert_string_equal(DR("containerd\0"), "(not dockerd)");
	assert_string_equal(DR("dockerd"), "(not dockerd)");
	/* an option cut off, an empty value, a longer option, too long a value */
	assert_string_equal(DR("dockerd\0--data-root"), "(default)");
	assert_string_equal(DR("dockerd\0--data-root\0"), "(default)");
	assert_string_equal(DR("dockerd\0--data-root=\0"), "(default)");
	assert_string_equal(DR("dockerd\0--data-rooted=/x\0"), "(default)");
	assert_string_equal(DR("dockerd\0--data-root=/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0"),
			    "(default)");
	/* the last one counts, as for dockerd's own flag parser */
	assert_string_equal(DR("dockerd\0--data-root=/a\0--data-root\0/b\0"), "/b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runc_containerd_cri), cmocka_unit_test(test_runc_sandbox_and_crio),
		cmocka_unit_test(test_runc_hostile),	    cmocka_unit_test(test_crun_and_config),
		cmocka_unit_test(test_docker),		    cmocka_unit_test(test_podman),
		cmocka_unit_test(test_cmdline_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
