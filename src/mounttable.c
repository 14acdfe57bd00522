// SPDX-License-Identifier: MIT
/* mounttable.c - a mount table as the kernel writes it, read line by line on the stack. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "mounttable.h"

#define TABLE_BUF 65536

int mounttable_each(int dirfd, const char *path,
		    int (*fn)(const struct mountinfo_entry *m, void *ctx), void *ctx)
{
	char buf[TABLE_BUF];
	cleanup_fd int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	bool skipping = false, eof = false;

	if (fd < 0)
		return -errno;
	while (!eof) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *line = buf, *nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		eof = n == 0;
		have += (size_t)n;
		if (eof && have > 0 && buf[have - 1] != '\n')
			buf[have++] = '\n';	/* the last line, unended */
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf))) != NULL) {
			struct mountinfo_entry m;
			int ret;

			*nl = '\0';
			if (!skipping && mountinfo_parse_line(line, &m) == 0 && (ret = fn(&m, ctx)) != 0)
				return ret;
			skipping = false;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof(buf) - 1) {	/* a line longer than the buffer */
			skipping = true;
			have = 0;
		}
	}
	return 0;
}
