// SPDX-License-Identifier: MIT
/* fuzz_conf.c - libFuzzer target: podman's and containers/storage's TOML.
 *
 * The file is the host's (root's), but CONTAINERS_CONF and
 * CONTAINERS_STORAGE_CONF may point anywhere. The text is handed over at
 * its exact length, so that AddressSanitizer sees any read past its end.
 * A value found is one line, NUL-terminated, and fits; none leaves out
 * empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[][2] = {
		{ "storage", "graphroot" }, { "storage", "runroot" }, { "engine", "tmp_dir" },
	};
	char *text = malloc(size ? size : 1);

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char out[32];
		bool found = conf_toml_string(text, size, keys[i][0], keys[i][1], out, sizeof(out));
		size_t n = strnlen(out, sizeof(out));

		check(n < sizeof(out));
		check(found || n == 0);
		check(memchr(out, '\n', n) == NULL);
	}
	free(text);
	return 0;
}
