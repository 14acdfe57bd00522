// SPDX-License-Identifier: MIT
/* test_mountinfo.c - mountinfo lines, names a container chose included; which filesystems the kernel answers alone. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mountinfo.h"

static int parse(const char *text, struct mountinfo_entry *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s", text);
	return mountinfo_parse_line(buf, m);
}

static void test_real_lines(void **state)
{
	struct mountinfo_entry m;
	char buf[512];

	(void)state;
	/* this machine's, and a container's FUSE over its /etc */
	assert_int_equal(parse("27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw", &m, buf,
			       sizeof(buf)), 0);
	assert_int_equal(m.id, 27);
	assert_int_equal(m.parent, 1);
	assert_int_equal(m.major, 254);
	assert_int_equal(m.minor, 1);
	assert_string_equal(m.point, "/");
	assert_string_equal(m.fstype, "ext4");
	assert_string_equal(m.source, "/dev/vda1");
	assert_string_equal(m.super, "rw");
	assert_int_equal(parse("812 799 0:94 / /etc rw,nosuid,nodev,relatime - fuse nsps-fuse rw,user_id=0,group_id=0",
			       &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.point, "/etc");
	assert_string_equal(m.fstype, "fuse");
	/* no optional fields, several, and master: with propagate_from: */
	assert_int_equal(parse("30 27 0:5 / /dev rw master:2 propagate_from:1 shared:9 - devtmpfs udev rw,mode=755",
			       &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.fstype, "devtmpfs");
	assert_string_equal(m.source, "udev");
}

static void test_names_a_container_chose(void **state)
{
	struct mountinfo_entry m;
	char buf[512];

	(void)state;
	/* the kernel escapes space, tab, newline and backslash */
	assert_int_equal(parse("40 27 0:50 /a\\040b /mnt/x\\040-\\040y\\011z\\012\\134 rw - tmpfs my\\040src rw",
			       &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.root, "/a b");
	assert_string_equal(m.point, "/mnt/x - y\tz\n\\");
	assert_string_equal(m.source, "my src");
	/* a " - " the kernel escaped is no separator */
	assert_int_equal(parse("41 27 0:50 / /a\\040-\\040b rw - tmpfs x rw", &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.point, "/a - b");
	assert_string_equal(m.fstype, "tmpfs");
	/* an escape cut short, or out of range, stays as it was */
	assert_int_equal(parse("42 27 0:50 / /a\\04 rw - tmpfs x\\777 rw", &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.point, "/a\\04");
	assert_string_equal(m.source, "x\\777");
}

static void test_lines_of_another_shape(void **state)
{
	static const char *const bad[] = {
		"", "27", "27 1 254:1 / / rw - ext4", "x 1 254:1 / / rw - ext4 s rw",
		"27 1 2541 / / rw - ext4 s rw", "27 1 254: / / rw - ext4 s rw",
		"27 1 254:1 / / rw shared:1 ext4 s rw", "27 1 254:1 / relative rw - ext4 s rw",
		"27 1 99999999999:1 / / rw - ext4 s rw", "-1 1 1:1 / / rw - ext4 s rw",
		"27 1 254:1 / / rw -", "27 1 254:1 / / rw - ext4",
	};
	struct mountinfo_entry m;
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], &m, buf, sizeof(buf)), -EINVAL);
	/* no super options at all is still a line */
	assert_int_equal(parse("27 1 254:1 / / rw - ext4 /dev/vda1", &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.super, "");
}

static void test_trust(void **state)
{
	(void)state;
	assert_int_equal(mountinfo_trust("ext4"), MOUNTINFO_KERNEL);
	assert_int_equal(mountinfo_trust("proc"), MOUNTINFO_KERNEL);
	assert_int_equal(mountinfo_trust("overlay"), MOUNTINFO_KERNEL);
	assert_int_equal(mountinfo_trust("tmpfs"), MOUNTINFO_KERNEL);
	assert_int_equal(mountinfo_trust("fuse"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("fuse.sshfs"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("fuse.fuse-overlayfs"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("fuseblk"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("nfs4"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("autofs"), MOUNTINFO_SERVED);
	assert_int_equal(mountinfo_trust("fusectl"), MOUNTINFO_KERNEL);
	assert_int_equal(mountinfo_trust("ext4x"), MOUNTINFO_UNKNOWN);
	assert_int_equal(mountinfo_trust(""), MOUNTINFO_UNKNOWN);
}

static void test_proc_hides(void **state)
{
	(void)state;
	assert_false(mountinfo_proc_hides("rw"));
	assert_false(mountinfo_proc_hides(""));
	assert_false(mountinfo_proc_hides("rw,hidepid=0"));
	assert_false(mountinfo_proc_hides("rw,hidepid=off,gid=5"));
	assert_true(mountinfo_proc_hides("rw,hidepid=2"));
	assert_true(mountinfo_proc_hides("rw,hidepid=invisible"));
	assert_true(mountinfo_proc_hides("rw,hidepid=offx"));
	assert_true(mountinfo_proc_hides("rw,hidepid=00"));
	assert_true(mountinfo_proc_hides("rw,subset=pid"));
	assert_true(mountinfo_proc_hides("subset=pid"));
}

static void test_is_under(void **state)
{
	(void)state;
	assert_true(mountinfo_is_under("/etc/hosts", "/etc"));
	assert_true(mountinfo_is_under("/etc", "/etc"));
	assert_false(mountinfo_is_under("/etcetera", "/etc"));
	assert_true(mountinfo_is_under("/anything", "/"));
	assert_false(mountinfo_is_under("/", "/etc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_lines),
		cmocka_unit_test(test_names_a_container_chose),
		cmocka_unit_test(test_lines_of_another_shape),
		cmocka_unit_test(test_trust),
		cmocka_unit_test(test_proc_hides),
		cmocka_unit_test(test_is_under),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
