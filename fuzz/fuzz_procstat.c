// SPDX-License-Identifier: MIT
/* fuzz_procstat.c - libFuzzer target: /proc/PID/stat lines, and status and
 * uid_map texts.
 *
 * The command name in the line is the process's own to choose (a
 * container's). The line is handed over at its exact length, so that
 * AddressSanitizer sees any read past its end; a start time found must be
 * the digits of field 22, counted from the last ')'. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procstat.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	unsigned long long start = 0;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	if (procstat_start_time(text, size, &start)) {
		const char *paren = memrchr(text, ')', size);

		check(paren != NULL);
		check(memchr(paren, ' ', size - (size_t)(paren - text)) != NULL);
	}
	{
		unsigned long id = 0, in = 0;

		/* a status text's ids and a map's answer: 32-bit ids only */
		if (procstat_status_id(text, size, "Uid:", &id))
			check(id <= 0xffffffffUL);
		if (procstat_map_inside(text, size, 100000, &in))
			check(in <= 0xffffffffUL);
	}
	free(text);
	return 0;
}
