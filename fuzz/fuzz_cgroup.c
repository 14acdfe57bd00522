// SPDX-License-Identifier: MIT
/* fuzz_cgroup.c - libFuzzer target: /proc/PID/cgroup lines and texts.
 *
 * The bytes are container-controlled in the real world (a container can
 * name its own sub-cgroups). One line is handed over exactly as long as it
 * is, so that AddressSanitizer sees any read past its end; the whole text
 * and the leaf are tried too. What is found must be well formed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

static bool is_hex(const char *s)
{
	return strspn(s, "0123456789abcdef") == strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size ? size : 1), *text = malloc(size + 1);
	struct nsps_cgref ref;
	char leaf[65];

	if (line == NULL || text == NULL)
		abort();
	memcpy(line, data, size);
	if (cgroup_line_container(line, size, &ref)) {
		size_t n = strlen(ref.id);

		check(n >= 1 && n <= NSPS_ID_LEN);
		/* an ID without a runtime only comes from a bare 64-digit segment */
		check(ref.runtime != NULL || (n == NSPS_ID_LEN && is_hex(ref.id)));
		check(!ref.monitor || ref.runtime != NULL);
	}

	memcpy(text, data, size);
	text[size] = '\0';
	if (cgroup_text_container(text, &ref))
		check(strlen(ref.id) >= 1 && strlen(ref.id) <= NSPS_ID_LEN);
	/* every output size, the smallest ones included */
	for (size_t len = 1; len <= sizeof(leaf); len += (len < 4 ? 1 : 15)) {
		memset(leaf, 'x', sizeof(leaf));
		if (cgroup_text_leaf(text, leaf, len))
			check(strlen(leaf) >= 1 && strlen(leaf) < len && !strchr(leaf, '/'));
	}
	(void)cgroup_is_id_prefix(text);
	free(text);
	free(line);
	return 0;
}
