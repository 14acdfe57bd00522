// SPDX-License-Identifier: MIT
/* test_status.c - the command's end mapped to nsps's exit status. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/wait.h>

#include <cmocka.h>

#include "status.h"

static void test_exited(void **state)
{
	(void)state;
	assert_int_equal(status_exit_code(CLD_EXITED, 0), 0);
	assert_int_equal(status_exit_code(CLD_EXITED, 1), 1);
	assert_int_equal(status_exit_code(CLD_EXITED, 42), 42);
	assert_int_equal(status_exit_code(CLD_EXITED, 255), 255);
	assert_false(status_killed(CLD_EXITED));
}

static void test_killed(void **state)
{
	(void)state;
	assert_int_equal(status_exit_code(CLD_KILLED, SIGTERM), 143);
	assert_int_equal(status_exit_code(CLD_KILLED, SIGKILL), 137);
	assert_int_equal(status_exit_code(CLD_KILLED, SIGINT), 130);
	assert_int_equal(status_exit_code(CLD_DUMPED, SIGSEGV), 139);
	assert_int_equal(status_exit_code(CLD_DUMPED, SIGABRT), 134);
	assert_true(status_killed(CLD_KILLED));
	assert_true(status_killed(CLD_DUMPED));
}

static void test_not_an_end(void **state)
{
	(void)state;
	assert_int_equal(status_exit_code(CLD_STOPPED, SIGTSTP), -1);
	assert_int_equal(status_exit_code(CLD_CONTINUED, SIGCONT), -1);
	assert_int_equal(status_exit_code(CLD_TRAPPED, SIGTRAP), -1);
	assert_false(status_killed(CLD_STOPPED));
	assert_false(status_killed(CLD_CONTINUED));
}

static void test_of_wait(void **state)
{
	(void)state;
	/* waitpid() statuses as the kernel builds them */
	assert_int_equal(status_of_wait(0), 0);
	assert_int_equal(status_of_wait(3 << 8), 3);
	assert_int_equal(status_of_wait(255 << 8), 255);
	assert_int_equal(status_of_wait(SIGTERM), 143);
	assert_int_equal(status_of_wait(SIGINT), 130);
	assert_int_equal(status_of_wait(SIGSEGV | 0x80), 139);	/* with a core */
	assert_int_equal(status_of_wait(0x7f | (SIGTSTP << 8)), -1);	/* stopped */
	assert_int_equal(status_of_wait(0xffff), -1);			/* continued */
}

static void test_exec_failure(void **state)
{
	(void)state;
	assert_int_equal(status_exec_failure(ENOENT), 127);
	assert_int_equal(status_exec_failure(ENOTDIR), 127);
	assert_int_equal(status_exec_failure(EACCES), 126);
	assert_int_equal(status_exec_failure(ENOEXEC), 126);
	assert_int_equal(status_exec_failure(EPERM), 126);
	assert_int_equal(status_exec_failure(E2BIG), 126);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exited),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_not_an_end),
		cmocka_unit_test(test_of_wait),
		cmocka_unit_test(test_exec_failure),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
