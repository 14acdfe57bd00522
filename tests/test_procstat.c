// SPDX-License-Identifier: MIT
/* test_procstat.c - the start time of a /proc/PID/stat line, whatever its name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "procstat.h"

#define TAIL " S 1 9 9 0 -1 4194560 110 0 0 0 0 0 0 0 20 0 1 0 83247 2285568 204 " \
	     "18446744073709551615 1 1 0 0 0 0 0 4 0 0 0 17 1 0 0 0 0 0\n"

static unsigned long long start_of(const char *text, size_t len)
{
	unsigned long long v = 0;

	return procstat_start_time(text, len, &v) ? v : 0;
}

#define START(lit) start_of(lit, sizeof(lit) - 1)

static void test_real_lines(void **state)
{
	(void)state;
	/* this machine's: a sleep in a runc container */
	assert_int_equal(START("4321 (sleep)" TAIL), 83247);
	assert_int_equal(START("1 (sh) S 0 1 1 0 -1 4194560 500 0 0 0 1 2 0 0 20 0 1 0 12 2 3 4\n"), 12);
}

static void test_names_a_process_chose(void **state)
{
	(void)state;
	/* spaces, parentheses and numbers in the name do not move the count */
	assert_int_equal(START("4321 (a) b) 1 2 3)" TAIL), 83247);
	assert_int_equal(START("4321 (x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)" TAIL), 83247);
	assert_int_equal(START("4321 ()" TAIL), 83247);
}

static void test_malformed(void **state)
{
	(void)state;
	assert_int_equal(START(""), 0);
	assert_int_equal(START("4321 sleep" TAIL), 0);			/* no ')' */
	assert_int_equal(START("4321 (sleep) S 1 9 9\n"), 0);		/* cut short */
	assert_int_equal(START("4321 (sleep) S 1 9 9 0 -1 4 1 0 0 0 0 0 0 0 20 0 1 0 x1 2\n"), 0);
	assert_int_equal(START("4321 (s) S 1 9 9 0 -1 4 1 0 0 0 0 0 0 0 20 0 1 0 99999999999999999999999 2\n"), 0);
	/* the text ends where len says: a start time cut is none */
	assert_int_equal(start_of("4321 (s) S 1 9 9 0 -1 4 1 0 0 0 0 0 0 0 20 0 1 0 83247 2", 52), 0);
	assert_int_equal(start_of("4321 (s) S 1 9 9 0 -1 4 1 0 0 0 0 0 0 0 20 0 1 0 83247 2", 55), 83247);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_lines),
		cmocka_unit_test(test_names_a_process_chose),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
