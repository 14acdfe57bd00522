// SPDX-License-Identifier: MIT
/* test_escape.c - container strings never reach the terminal raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"

static void expect(const char *in, size_t len, const char *want)
{
	char out[256];

	assert_int_equal(escape_safe(in, len, out, sizeof(out)), strlen(want));
	assert_string_equal(out, want);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, want)

static void test_plain_and_cmdline(void **state)
{
	(void)state;
	EXPECT("nginx: master process", "nginx: master process");
	EXPECT("sh\0-c\0sleep 1\0", "sh -c sleep 1 ");
	EXPECT("", "");
}

static void test_terminal_controls(void **state)
{
	(void)state;
	EXPECT("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");	/* set the title */
	EXPECT("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H");		/* clear the screen */
	EXPECT("a\rb\nc\td\x7f", "a\\x0db\\x0ac\\x09d\\x7f");
	EXPECT("\xc2\x9b" "31m", "\\xc2\\x9b31m");		/* C1 CSI in UTF-8 */
	EXPECT("\x9b" "31m", "\\x9b31m");			/* C1 CSI raw */
	EXPECT("back\\slash", "back\\slash");	/* harmless to a terminal */
}

static void test_utf8(void **state)
{
	(void)state;
	EXPECT("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3");
	EXPECT("\xc3", "\\xc3");				/* truncated */
	EXPECT("\xc0\xaf", "\\xc0\\xaf");			/* overlong '/' */
	EXPECT("\xe0\x80\xaf", "\\xe0\\x80\\xaf");		/* overlong, 3 bytes */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");		/* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");	/* past U+10FFFF */
	EXPECT("\xff\xfe", "\\xff\\xfe");
}

static void test_bounded(void **state)
{
	char out[8];
	size_t big = (size_t)100 * 1024;
	char *in = malloc(big);

	(void)state;
	assert_non_null(in);
	memset(in, '\x1b', big);
	assert_int_equal(escape_safe(in, big, out, sizeof(out)), 4);	/* one \xNN fits */
	assert_string_equal(out, "\\x1b");
	memset(in, 'a', big);
	assert_int_equal(escape_safe(in, big, out, sizeof(out)), 7);
	assert_int_equal(escape_safe("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9, out, sizeof(out)), 6);
	assert_int_equal(escape_safe("abc", 3, out, 0), 0);
	assert_int_equal(escape_safe("abc", 3, out, 1), 0);
	assert_string_equal(out, "");
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_cmdline),
		cmocka_unit_test(test_terminal_controls),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
