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

static void test_status_ids(void **state)
{
	static const char status[] = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\n"
				     "Uid:\t101000\t101002\t101000\t101000\n"
				     "Gid:\t101001\t101001\t101001\t101001\n";
	unsigned long id = 7;

	(void)state;
	assert_true(procstat_status_id(status, sizeof(status) - 1, "Uid:", &id));
	assert_int_equal(id, 101002);	/* the effective one */
	assert_true(procstat_status_id(status, sizeof(status) - 1, "Gid:", &id));
	assert_int_equal(id, 101001);
	assert_false(procstat_status_id(status, sizeof(status) - 1, "Groups:", &id));
	/* cut short, not numbers, too large: none */
	assert_false(procstat_status_id("Uid:\t0", 7, "Uid:", &id));
	assert_false(procstat_status_id("Uid:\tx\ty\n", 10, "Uid:", &id));
	assert_false(procstat_status_id("Uid:\t1\t99999999999\n", 20, "Uid:", &id));
	assert_false(procstat_status_id("Uid:", 4, "Uid:", &id));
	assert_false(procstat_status_id("", 0, "Uid:", &id));
}

static void test_map_inside(void **state)
{
	static const char runc[] = "         0     100000      65536\n";
	static const char two[] = "0 1000 1\n1 100000 65536\n";
	static const char host[] = "         0          0 4294967295\n";
	unsigned long in = 7;

	(void)state;
	assert_true(procstat_map_inside(runc, sizeof(runc) - 1, 101000, &in));
	assert_int_equal(in, 1000);
	assert_true(procstat_map_inside(runc, sizeof(runc) - 1, 100000, &in));
	assert_int_equal(in, 0);
	assert_false(procstat_map_inside(runc, sizeof(runc) - 1, 165536, &in));	/* past it */
	assert_false(procstat_map_inside(runc, sizeof(runc) - 1, 0, &in));	/* host root: unmapped */
	assert_true(procstat_map_inside(two, sizeof(two) - 1, 1000, &in));
	assert_int_equal(in, 0);
	assert_true(procstat_map_inside(two, sizeof(two) - 1, 100005, &in));
	assert_int_equal(in, 6);
	assert_true(procstat_map_inside(host, sizeof(host) - 1, 4242, &in));
	assert_int_equal(in, 4242);
	assert_false(procstat_map_inside("", 0, 1, &in));
	assert_false(procstat_map_inside("0 100000", 8, 100000, &in));	/* no count */
	assert_false(procstat_map_inside("4294967295 0 2\n", 15, 1, &in));	/* inside past 32 bits */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_ids),
		cmocka_unit_test(test_map_inside),
		cmocka_unit_test(test_real_lines),
		cmocka_unit_test(test_names_a_process_chose),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
