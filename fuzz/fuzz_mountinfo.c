// SPDX-License-Identifier: MIT
/* fuzz_mountinfo.c - libFuzzer target: lines of /proc/PID/mountinfo.
 *
 * Mount points and sources in a container's mount table are the
 * container's to choose. A line parsed must give a mount point that is
 * absolute, and strings that lie within the line; the type must have a
 * trust; a procfs's options a yes or no. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool within(const char *s, const char *buf, size_t size)
{
	return s >= buf && s <= buf + size && s + strlen(s) <= buf + size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct mountinfo_entry m;

	if (line == NULL)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	if (mountinfo_parse_line(line, &m) == 0) {
		check(m.point[0] == '/');
		check(within(m.root, line, size) && within(m.point, line, size));
		check(within(m.fstype, line, size) && within(m.source, line, size));
		check(within(m.super, line, size) || m.super[0] == '\0');
		check(mountinfo_trust(m.fstype) <= MOUNTINFO_UNKNOWN);
		(void)mountinfo_proc_hides(m.super);
		(void)mountinfo_is_under(m.point, m.root[0] == '/' ? m.root : "/");
	}
	free(line);
	return 0;
}
