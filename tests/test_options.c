// SPDX-License-Identifier: MIT
/* test_options.c - option and PID parsing. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"


/* What the last parse said was wrong. */
static struct nsps_error last_error;

static int parse(struct nsps_opts *o, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	memset(&last_error, 0, sizeof(last_error));
	return options_parse(o, argc, argv, &last_error);
}

static void test_pid_valid(void **state)
{
	pid_t pid = 0;

	(void)state;
	assert_int_equal(options_parse_pid("1", &pid), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(options_parse_pid("9164", &pid), 0);
	assert_int_equal(pid, 9164);
	assert_int_equal(options_parse_pid("4194304", &pid), 0);
	assert_int_equal(pid, 4194304);
	assert_int_equal(options_parse_pid("007", &pid), 0);
	assert_int_equal(pid, 7);
}

static void test_pid_invalid(void **state)
{
	static const char *const nan[] = { "", "abc", "12a", "a12", " 12", "12 ", "+12",
					   "1.5", "0x10", "--", "-", "1e3" };
	static const char *const range[] = { "0", "00", "-1", "-42", "4194305",
					     "99999999999999999999999999" };
	pid_t pid = 77;

	(void)state;
	assert_int_equal(options_parse_pid(NULL, &pid), -EINVAL);
	for (size_t i = 0; i < sizeof(nan) / sizeof(nan[0]); i++)
		assert_int_equal(options_parse_pid(nan[i], &pid), -EINVAL);
	for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++)
		assert_int_equal(options_parse_pid(range[i], &pid), -ERANGE);
	assert_int_equal(pid, 77);	/* untouched on failure */
}

static void test_basic(void **state)
{
	char *argv[] = { "nsps", "-t", "42", "--", "ps", "-ef", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, argv), 0);
	assert_int_equal(o.pid, 42);
	assert_int_equal(o.namespaces, CLONE_NEWNET);	/* net unless --host-net */
	assert_false(o.host_net);
	assert_false(o.all_namespaces);
	assert_false(o.set_uid);
	assert_false(o.set_gid);
	assert_null(o.user);
	assert_null(o.wd);
	assert_false(o.writable);
	assert_false(o.verbose);
	assert_non_null(o.command);
	assert_string_equal(o.command[0], "ps");
	assert_string_equal(o.command[1], "-ef");
	assert_null(o.command[2]);
}

static void test_stops_at_command(void **state)
{
	/* Parsing stops at the first non-option: -ef belongs to ps. */
	char *argv[] = { "nsps", "-t", "42", "ps", "-ef", "-n", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, argv), 0);
	assert_int_equal(o.namespaces, CLONE_NEWNET);
	assert_false(o.all_namespaces);
	assert_false(o.set_uid);
	assert_false(o.set_gid);
	assert_null(o.user);
	assert_null(o.wd);
	assert_string_equal(o.command[0], "ps");
	assert_string_equal(o.command[2], "-n");
}

static void test_long_and_flags(void **state)
{
	char *argv[] = { "nsps", "--net", "--writable", "-v", "--target=9164", "top", NULL };
	char *argv2[] = { "nsps", "-nvt9164", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, argv), 0);
	assert_int_equal(o.namespaces, CLONE_NEWNET);
	assert_true(o.writable);
	assert_true(o.verbose);
	assert_int_equal(o.pid, 9164);
	assert_int_equal(parse(&o, argv2), 0);
	assert_int_equal(o.namespaces, CLONE_NEWNET);
	assert_true(o.verbose);
	assert_int_equal(o.pid, 9164);
	assert_null(o.command);	/* no command: the caller runs the shell */
}

static void test_namespaces(void **state)
{
	char *shortv[] = { "nsps", "-uiCTU", "-t", "7", NULL };
	char *longv[] = { "nsps", "--uts", "--ipc", "--cgroup", "--time", "--userns", "--net",
			  "-t", "7", NULL };
	char *all[] = { "nsps", "-a", "-t", "7", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, shortv), 0);
	assert_int_equal(o.namespaces, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |
				       CLONE_NEWTIME | CLONE_NEWUSER | CLONE_NEWNET);
	assert_false(o.all_namespaces);
	assert_int_equal(parse(&o, longv), 0);
	assert_int_equal(o.namespaces, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |
				       CLONE_NEWTIME | CLONE_NEWUSER | CLONE_NEWNET);
	assert_int_equal(parse(&o, all), 0);
	assert_true(o.all_namespaces);
	assert_int_equal(o.namespaces, CLONE_NEWNET);
}

static void test_many_options(void **state)
{
	/* More options than any list of them would hold: -t after 70 -A is
	 * still -t with -A (found by fuzz_options) */
	char *argv[80] = { "nsps" };
	int i;
	struct nsps_opts o;

	(void)state;
	for (i = 1; i <= 70; i++)
		argv[i] = "-A";
	argv[i++] = "-t";
	argv[i++] = "42";
	argv[i] = NULL;
	assert_int_equal(parse(&o, argv), -EINVAL);
	assert_string_equal(last_error.text, "-A runs in every container: give no -t with it");
}

static void test_host_net(void **state)
{
	char *host[] = { "nsps", "--host-net", "-u", "-t", "7", NULL };
	char *all[] = { "nsps", "-a", "--host-net", "-t", "7", NULL };
	char *both[] = { "nsps", "-n", "--host-net", "-t", "7", NULL };
	char *list[] = { "nsps", "-l", "--host-net", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, host), 0);
	assert_true(o.host_net);
	assert_int_equal(o.namespaces, CLONE_NEWUTS);
	assert_int_equal(parse(&o, all), 0);
	assert_true(o.all_namespaces);
	assert_true(o.host_net);
	assert_int_equal(o.namespaces, 0);
	assert_int_equal(parse(&o, both), -EINVAL);
	assert_string_equal(last_error.text, "-n joins the target's network, --host-net keeps the host's: give one of them");
	assert_int_equal(parse(&o, list), -EINVAL);
	assert_string_equal(last_error.text, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
}

static void test_identity(void **state)
{
	char *ids[] = { "nsps", "-S", "65534", "-G", "100", "-w", "/tmp", "-t", "7", "id", NULL };
	char *user[] = { "nsps", "--user", "daemon", "--wd=/", "-t", "7", NULL };
	char *gid_only[] = { "nsps", "--setgid=0", "-t", "7", NULL };
	char *max[] = { "nsps", "-S", "2147483646", "-t", "7", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, ids), 0);
	assert_true(o.set_uid);
	assert_true(o.set_gid);
	assert_int_equal(o.uid, 65534);
	assert_int_equal(o.gid, 100);
	assert_string_equal(o.wd, "/tmp");
	assert_string_equal(o.command[0], "id");
	assert_int_equal(parse(&o, user), 0);
	assert_string_equal(o.user, "daemon");
	assert_false(o.set_uid);	/* resolved later, on the host */
	assert_string_equal(o.wd, "/");
	assert_int_equal(parse(&o, gid_only), 0);
	assert_false(o.set_uid);
	assert_true(o.set_gid);
	assert_int_equal(o.gid, 0);
	assert_int_equal(parse(&o, max), 0);
	assert_int_equal(o.uid, 2147483646);
}

static void test_id_parsing(void **state)
{
	unsigned int id = 9;

	(void)state;
	assert_int_equal(options_parse_id("0", &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(options_parse_id("2147483646", &id), 0);
	assert_int_equal(id, 2147483646U);
	assert_int_equal(options_parse_id("2147483647", &id), -ERANGE);
	assert_int_equal(options_parse_id("4294967295", &id), -ERANGE);
	assert_int_equal(options_parse_id("-1", &id), -ERANGE);
	assert_int_equal(options_parse_id("", &id), -EINVAL);
	assert_int_equal(options_parse_id("nobody", &id), -EINVAL);
	assert_int_equal(options_parse_id("1 ", &id), -EINVAL);
	assert_int_equal(id, 2147483646U);	/* untouched on failure */
}

static void expect_error(char **argv, const char *message)
{
	struct nsps_opts o;

	assert_int_equal(parse(&o, argv), -EINVAL);
	assert_string_equal(last_error.text, message);
}

/* nsenter's habits: -p accepted, -m and --root explained, follow. */
static void test_nsenter_habits(void **state)
{
	char *p[] = { "nsps", "-p", "--pid", "-t", "7", NULL };
	char *follow[] = { "nsps", "-S", "follow", "--setgid=follow", "-t", "7", NULL };
	char *m[] = { "nsps", "-pm", "-t", "7", NULL };
	char *mount[] = { "nsps", "--mount=/proc/1/ns/mnt", "-t", "7", NULL };
	char *root[] = { "nsps", "--root", "-t", "7", NULL };
	char *p_list[] = { "nsps", "-l", "-p", NULL };
	/* the last -S counts: follow, then 0, is -S 0 (found by the fuzzer) */
	char *follow_then_0[] = { "nsps", "-S", "follow", "-S", "0", "-t", "7", NULL };
	char *n_then_follow[] = { "nsps", "-S", "5", "-S", "follow", "-t", "7", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, p), 0);
	assert_int_equal(o.pid, 7);
	assert_int_equal(parse(&o, follow), 0);
	assert_true(o.set_uid && o.uid_follow && o.set_gid && o.gid_follow);
	assert_int_equal(o.uid, 0);	/* settled once the target is pinned */
	expect_error(m, "nsenter's -m is not needed: the view keeps the host's filesystem, so that the host's tools run; the container's files are at /proc/1/root in it");
	expect_error(mount, "nsenter's --mount is not needed: the view keeps the host's filesystem, so that the host's tools run; the container's files are at /proc/1/root in it");
	expect_error(root, "nsenter's --root is not needed: the view keeps the host's filesystem, so that the host's tools run; the container's files are at /proc/1/root in it (-r is --raw here, as in lsns)");
	expect_error(p_list, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	expect_error(follow_then_0, "refusing -S 0: uid 0 without capabilities exposes the host to the container; leave -S out to run as root");
	assert_int_equal(parse(&o, n_then_follow), 0);
	assert_true(o.uid_follow);
}

#define ID "3f2a9c1b7e4d5f6071829a4b5c6d7e8f90112233445566778899aabbccddeeff"

static void expect_target(const char *arg, enum nsps_ref_kind ref, const char *id,
			  const char *runtime)
{
	struct nsps_opts o;

	memset(&o, 0, sizeof(o));
	assert_int_equal(options_parse_target(&o, arg, &last_error), 0);
	assert_int_equal(o.ref, ref);
	if (id)
		assert_string_equal(o.id, id);
	if (runtime)
		assert_string_equal(o.runtime, runtime);
	else
		assert_null(o.runtime);
}

/* The parts of a pod path, as options_parse_target() cuts them. */
static void expect_pod(const char *arg, const char *ns, const char *pod, const char *container)
{
	struct nsps_opts o;

	memset(&o, 0, sizeof(o));
	assert_int_equal(options_parse_target(&o, arg, &last_error), 0);
	assert_int_equal(o.ref, NSPS_REF_POD);
	assert_string_equal(o.pod.ns, ns);
	assert_string_equal(o.pod.name, pod);
	assert_string_equal(o.pod.container, container);
}

static void expect_bad_target(const char *arg, const char *message)
{
	struct nsps_opts o;

	memset(&o, 0, sizeof(o));
	assert_int_equal(options_parse_target(&o, arg, &last_error), -EINVAL);
	assert_string_equal(last_error.text, message);
}

static void test_targets(void **state)
{
	(void)state;
	expect_target("9164", NSPS_REF_PID, NULL, NULL);
	expect_target("4194304", NSPS_REF_PID, NULL, NULL);
	expect_target("docker://" ID, NSPS_REF_ID, ID, "docker");
	expect_target("containerd://" ID, NSPS_REF_ID, ID, "containerd");
	expect_target("cri-o://" ID, NSPS_REF_ID, ID, "cri-o");
	expect_target("podman://3f2a", NSPS_REF_ID, "3f2a", "podman");
	expect_target("3f2a9c1b7e4d", NSPS_REF_ID_OR_NAME, "3f2a9c1b7e4d", NULL);
	expect_target(ID, NSPS_REF_ID_OR_NAME, ID, NULL);
	expect_target("12345678", NSPS_REF_ID_OR_NAME, "12345678", NULL);	/* 8 digits: no PID */
	/* no PID is written with a leading zero: an ID prefix, as written */
	expect_target("0472", NSPS_REF_ID_OR_NAME, "0472", NULL);
	expect_target("00", NSPS_REF_ID_OR_NAME, "00", NULL);
	expect_target("abc", NSPS_REF_ID_OR_NAME, "abc", NULL);
	expect_target("web", NSPS_REF_NAME, NULL, NULL);
	expect_target("my_app.v2-1", NSPS_REF_NAME, NULL, NULL);
	expect_target("3F2A", NSPS_REF_NAME, NULL, NULL);
	expect_target("12x", NSPS_REF_NAME, NULL, NULL);
	expect_target("runc://nsps-test_1+a.b", NSPS_REF_ID, "nsps-test_1+a.b", "runc");
	expect_target("crun://web", NSPS_REF_ID, "web", "crun");
	expect_target("systemd-nspawn://debian-12", NSPS_REF_ID, "debian-12", "systemd-nspawn");
	expect_target("lxc://c1", NSPS_REF_ID, "c1", "lxc");
	expect_target("prod/web-7d9f-abcde", NSPS_REF_POD, NULL, NULL);
	expect_target("prod/web.v1/nginx", NSPS_REF_POD, NULL, NULL);
	expect_target("kube-system/coredns-5d78c9869d-abcde/coredns", NSPS_REF_POD, NULL, NULL);
	expect_pod("prod/web.v1/nginx", "prod", "web.v1", "nginx");
	expect_pod("prod/web-7d9f-abcde", "prod", "web-7d9f-abcde", "");
	expect_bad_target("0", "invalid target PID '0': out of range (1 to 4194304)");
	expect_bad_target("4194305", "invalid target PID '4194305': out of range (1 to 4194304)");
	expect_bad_target("-1", "invalid target PID '-1': out of range (1 to 4194304)");
	expect_bad_target("", "invalid target '': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target(" 1", "invalid target ' 1': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("-web", "invalid target '-web': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("A/b", "invalid target 'A/b': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("a/b/c/d", "invalid target 'a/b/c/d': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("a//c", "invalid target 'a//c': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("a.b/c", "invalid target 'a.b/c': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("a/b/c.d", "invalid target 'a/b/c.d': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_bad_target("k8s://" ID, "invalid target 'k8s://" ID "': unknown runtime 'k8s' (docker, containerd, cri-o, podman, runc, crun, lxc, systemd-nspawn)");
	expect_bad_target("runc://", "invalid target 'runc://': a runc container ID is 1 to 64 of A-Z a-z 0-9 _ + . -");
	expect_bad_target("crun://.x", "invalid target 'crun://.x': a crun container ID is 1 to 64 of A-Z a-z 0-9 _ + . -");
	expect_bad_target("runc://a/b", "invalid target 'runc://a/b': a runc container ID is 1 to 64 of A-Z a-z 0-9 _ + . -");
	expect_bad_target("docker://", "invalid target 'docker://': a container ID is 1 to 64 hex digits");
	expect_bad_target("docker://web", "invalid target 'docker://web': a container ID is 1 to 64 hex digits");
	expect_bad_target("docker://" ID "0", "invalid target 'docker://" ID "0': a container ID is 1 to 64 hex digits");
}

static void test_list_options(void **state)
{
	char *list[] = { "nsps", "-l", "-o", "PID,ID", "-J", NULL };
	char *list_n[] = { "nsps", "-ln", NULL };
	char *all[] = { "nsps", "-A", "-n", "--", "ps", "-e", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, list), 0);
	assert_true(o.list);
	assert_true(o.json);
	assert_string_equal(o.columns, "PID,ID");
	assert_int_equal(parse(&o, list_n), 0);
	assert_true(o.noheadings);
	assert_int_equal(o.namespaces, 0);
	assert_int_equal(parse(&o, all), 0);
	assert_true(o.all_containers);
	assert_int_equal(o.namespaces, CLONE_NEWNET);
	assert_string_equal(o.command[0], "ps");
}

static void test_list_errors(void **state)
{
	char *t[] = { "nsps", "-l", "-t", "1", NULL };
	char *cmd[] = { "nsps", "-l", "ps", NULL };
	char *fmt[] = { "nsps", "-l", "-J", "-r", NULL };
	char *net[] = { "nsps", "-l", "--net", "-u", NULL };
	char *o_alone[] = { "nsps", "-o", "PID", "-t", "1", NULL };
	char *a_t[] = { "nsps", "-A", "-t", "1", NULL };

	(void)state;
	expect_error(t, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	expect_error(cmd, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	expect_error(fmt, "-J and -r are two formats: give one of them");
	expect_error(net, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	expect_error(o_alone, "-o, -J, -r and --noheadings go with --list");
	expect_error(a_t, "-A runs in every container: give no -t with it");
}

static void test_help_version(void **state)
{
	char *h[] = { "nsps", "--help", NULL };
	char *v[] = { "nsps", "-V", NULL };
	struct nsps_opts o;

	(void)state;
	assert_int_equal(parse(&o, h), 0);
	assert_true(o.help);
	assert_int_equal(parse(&o, v), 0);
	assert_true(o.version);
}

static void test_errors(void **state)
{
	char *a1[] = { "nsps", NULL };
	char *a2[] = { "nsps", "-t", NULL };
	char *a3[] = { "nsps", "--target", NULL };
	char *a4[] = { "nsps", "-x", "-t", "1", NULL };
	char *a5[] = { "nsps", "--frobnicate", NULL };
	char *a6[] = { "nsps", "--net=yes", "-t", "1", NULL };
	char *a7[] = { "nsps", "--writable=1", "-t", "1", NULL };
	char *a8[] = { "nsps", "-t", "ab c", NULL };
	char *a9[] = { "nsps", "-t", "0", NULL };
	char *a10[] = { "nsps", "-t", "-5", NULL };
	char *a11[] = { "nsps", "-nq", "-t", "1", NULL };
	char *a12[] = { "nsps", "--ver", NULL };
	char *a13[] = { "nsps", "ps", NULL };

	(void)state;
	expect_error(a1, "no target given: use -t PID, -t ID or NAME, or -A");
	expect_error(a2, "option '-t' requires an argument");
	expect_error(a3, "option '--target' requires an argument");
	expect_error(a4, "unknown option '-x'");
	expect_error(a5, "unknown or ambiguous option '--frobnicate'");
	expect_error(a6, "option '--net' does not take an argument");
	expect_error(a7, "option '--writable' does not take an argument");
	expect_error(a8, "invalid target 'ab c': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]");
	expect_error(a9, "invalid target PID '0': out of range (1 to 4194304)");
	expect_error(a10, "invalid target PID '-5': out of range (1 to 4194304)");
	expect_error(a11, "unknown option '-q'");
	expect_error(a12, "unknown or ambiguous option '--ver'");
	expect_error(a13, "no target given: use -t PID, -t ID or NAME, or -A");
}

static void test_identity_errors(void **state)
{
	char *s0[] = { "nsps", "-S", "0", "-t", "1", NULL };
	char *both[] = { "nsps", "--user", "daemon", "-S", "5", "-t", "1", NULL };
	char *habit[] = { "nsps", "--user", "-t", "1", "ps", NULL };
	char *empty_user[] = { "nsps", "--user=", "-t", "1", NULL };
	char *nan[] = { "nsps", "-S", "nobody", "-t", "1", NULL };
	char *big[] = { "nsps", "-G", "4294967295", "-t", "1", NULL };
	char *neg[] = { "nsps", "--setgid", "-1", "-t", "1", NULL };
	char *nowd[] = { "nsps", "-w", "", "-t", "1", NULL };
	char *noarg[] = { "nsps", "-t", "1", "-S", NULL };

	(void)state;
	expect_error(s0, "refusing -S 0: uid 0 without capabilities exposes the host to the container; leave -S out to run as root");
	expect_error(both, "--user and -S both set the uid: give one of them");
	expect_error(habit, "option '--user' takes a user name, not '-t' (the user namespace is -U, --userns)");
	expect_error(empty_user, "option '--user' takes a user name, not '' (the user namespace is -U, --userns)");
	expect_error(nan, "invalid uid 'nobody' for -S: not a number");
	expect_error(big, "invalid gid '4294967295' for -G: out of range (0 to 2147483646)");
	expect_error(neg, "invalid gid '-1' for -G: out of range (0 to 2147483646)");
	expect_error(nowd, "option '-w' needs a directory");
	expect_error(noarg, "option '-S' requires an argument");
}

static void test_long_target_is_truncated(void **state)
{
	char big[2048];
	char *argv[] = { "nsps", "-t", big, NULL };
	struct nsps_opts o;

	(void)state;
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(parse(&o, argv), -EINVAL);
	assert_true(strlen(last_error.text) < sizeof(last_error.text));
	assert_non_null(strstr(last_error.text, "not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pid_valid),
		cmocka_unit_test(test_pid_invalid),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_stops_at_command),
		cmocka_unit_test(test_long_and_flags),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_many_options),
		cmocka_unit_test(test_host_net),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_list_options),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_nsenter_habits),
		cmocka_unit_test(test_id_parsing),
		cmocka_unit_test(test_identity_errors),
		cmocka_unit_test(test_long_target_is_truncated),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
