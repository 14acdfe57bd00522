// SPDX-License-Identifier: MIT
/* test_conf.c - graphroot, runroot and tmp_dir as podman's files write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"

/* The value of key in section, or "(none)". */
static const char *value(const char *text, const char *section, const char *key)
{
	static char out[64];

	if (!conf_toml_string(text, strlen(text), section, key, out, sizeof(out)))
		return "(none)";
	return out;
}

static void test_storage_conf(void **state)
{
	/* Debian's /usr/share/containers/storage.conf, shortened */
	const char *t = "# This file is the configuration file for all tools\n"
			"[storage]\n"
			"\n"
			"# Default Storage Driver, Must be set for proper operation.\n"
			"driver = \"overlay\"\n"
			"\n"
			"# Temporary storage location\n"
			"runroot = \"/run/containers/storage\"\n"
			"\n"
			"graphroot = \"/var/lib/containers/storage\"\n"
			"#rootless_storage_path = \"$HOME/.local/share/containers/storage\"\n"
			"[storage.options]\n"
			"additionalimagestores = [\n"
			"]\n"
			"graphroot = \"/not/this/one\"\n";

	(void)state;
	assert_string_equal(value(t, "storage", "graphroot"), "/var/lib/containers/storage");
	assert_string_equal(value(t, "storage", "runroot"), "/run/containers/storage");
	assert_string_equal(value(t, "storage", "driver"), "overlay");
	assert_string_equal(value(t, "storage", "rootless_storage_path"), "(none)");
	assert_string_equal(value(t, "storage.options", "graphroot"), "/not/this/one");
	assert_string_equal(value(t, "engine", "graphroot"), "(none)");
}

static void test_spellings(void **state)
{
	(void)state;
	/* spaces, tabs, literal strings, escapes, a comment after the value */
	assert_string_equal(value("[engine]\n\ttmp_dir\t=\t'/run/x'  # here\n", "engine", "tmp_dir"),
			    "/run/x");
	assert_string_equal(value("[ engine ]\ntmp_dir=\"/a\\\"b\\\\c\"\n", "engine", "tmp_dir"),
			    "/a\"b\\c");
	assert_string_equal(value("[engine]\ntmp_dir = \"/x\"", "engine", "tmp_dir"), "/x");
	/* a key that only starts like ours, another section, no section */
	assert_string_equal(value("[engine]\ntmp_dirs = \"/x\"\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("[engines]\ntmp_dir = \"/x\"\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("tmp_dir = \"/x\"\n", "engine", "tmp_dir"), "(none)");
	/* a section ends where the next begins, a subsection of it included:
	 * containers-storage.conf(5)'s pull_options may hold any key */
	assert_string_equal(value("[storage]\ndriver = \"vfs\"\n[storage.options.pull_options]\n"
				  "graphroot = \"/wrong\"\n", "storage", "graphroot"), "(none)");
	assert_string_equal(value("[storage]\n[engine]\ngraphroot = \"/wrong\"\n[storage]\n",
				  "storage", "graphroot"), "(none)");
	/* the first occurrence wins */
	assert_string_equal(value("[engine]\ntmp_dir = \"/1\"\ntmp_dir = \"/2\"\n", "engine", "tmp_dir"),
			    "/1");
}

static void test_malformed(void **state)
{
	char small[4];

	(void)state;
	assert_string_equal(value("[engine]\ntmp_dir = /x\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("[engine]\ntmp_dir = \"/x\n\"\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("[engine]\ntmp_dir = \"\\u0041\"\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("[engine]\ntmp_dir =\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("[engine\ntmp_dir = \"/x\"\n", "engine", "tmp_dir"), "(none)");
	assert_string_equal(value("", "engine", "tmp_dir"), "(none)");
	/* too long for out: no value rather than a cut one */
	assert_false(conf_toml_string("[e]\nk = \"/abcd\"\n", 15, "e", "k", small, sizeof(small)));
	assert_string_equal(small, "");
	/* a NUL inside the value ends nothing early: no value */
	assert_false(conf_toml_string("[e]\nk = \"/a\0b\"\n", 16, "e", "k", small, sizeof(small)));
	/* a section header cut at the end of the text (found by fuzz_conf) */
	assert_false(conf_toml_string("[e", 2, "e", "k", small, sizeof(small)));
	assert_false(conf_toml_string("[e ", 3, "e", "k", small, sizeof(small)));
	/* the text stops where len says, not at a NUL */
	assert_true(conf_toml_string("[e]\nk = \"/a\"XXXX", 12, "e", "k", small, sizeof(small)));
	assert_string_equal(small, "/a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_storage_conf),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
