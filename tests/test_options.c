// SPDX-License-Identifier: MIT
/* test_options.c - option and PID parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"


static int parse(struct nsps_opts *o, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return options_parse(o, argc, argv);
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
	assert_false(o.net);
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
	assert_false(o.net);
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
	assert_true(o.net);
	assert_true(o.writable);
	assert_true(o.verbose);
	assert_int_equal(o.pid, 9164);
	assert_int_equal(parse(&o, argv2), 0);
	assert_true(o.net);
	assert_true(o.verbose);
	assert_int_equal(o.pid, 9164);
	assert_null(o.command);	/* no command: the caller runs the shell */
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

static void expect_error(char **argv, const char *message)
{
	struct nsps_opts o;

	assert_int_equal(parse(&o, argv), -1);
	assert_string_equal(o.error, message);
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
	char *a8[] = { "nsps", "-t", "abc", NULL };
	char *a9[] = { "nsps", "-t", "0", NULL };
	char *a10[] = { "nsps", "-t", "-5", NULL };
	char *a11[] = { "nsps", "-nq", "-t", "1", NULL };
	char *a12[] = { "nsps", "--ver", NULL };
	char *a13[] = { "nsps", "ps", NULL };

	(void)state;
	expect_error(a1, "no target given: use -t PID (see nsps --help)");
	expect_error(a2, "option '-t' requires an argument");
	expect_error(a3, "option '--target' requires an argument");
	expect_error(a4, "unknown option '-x'");
	expect_error(a5, "unknown or ambiguous option '--frobnicate'");
	expect_error(a6, "option '--net' does not take an argument");
	expect_error(a7, "option '--writable' does not take an argument");
	expect_error(a8, "invalid target PID 'abc': not a number");
	expect_error(a9, "invalid target PID '0': out of range (1 to 4194304)");
	expect_error(a10, "invalid target PID '-5': out of range (1 to 4194304)");
	expect_error(a11, "unknown option '-q'");
	expect_error(a12, "unknown or ambiguous option '--ver'");
	expect_error(a13, "no target given: use -t PID (see nsps --help)");
}

static void test_long_target_is_truncated(void **state)
{
	char big[2048];
	char *argv[] = { "nsps", "-t", big, NULL };
	struct nsps_opts o;

	(void)state;
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(parse(&o, argv), -1);
	assert_true(strlen(o.error) < sizeof(o.error));
	assert_non_null(strstr(o.error, "out of range"));
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
		cmocka_unit_test(test_long_target_is_truncated),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
