// SPDX-License-Identifier: MIT
/* fuzz_state.c - libFuzzer target: the runtimes' state files.
 *
 * The files are the host's runtimes', but what is in them comes from their
 * users: names, annotations, labels. The same bytes go to each parser at
 * their exact length, so that AddressSanitizer sees any read past the end.
 * Whatever is kept is NUL-terminated within its field; an ID is one runc
 * would make. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void checked(const struct nsps_state *st, void *arg)
{
	(void)arg;
	check(strnlen(st->id, sizeof(st->id)) < sizeof(st->id));
	check(strnlen(st->name, sizeof(st->name)) < sizeof(st->name));
	check(strnlen(st->pod, sizeof(st->pod)) < sizeof(st->pod));
	check(strnlen(st->ns, sizeof(st->ns)) < sizeof(st->ns));
	check(strnlen(st->container, sizeof(st->container)) < sizeof(st->container));
	check(strnlen(st->image, sizeof(st->image)) < sizeof(st->image));
	check(strchr(st->id, '/') == NULL && st->id[0] != '.');
	check(st->pid >= 0 && st->pid <= 4194304);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int (*const parsers[])(const char *, size_t, struct nsps_state *, struct nsps_error *) = {
		state_runc, state_crun, state_oci_config, state_docker,
	};
	char *text = malloc(size ? size : 1);
	struct nsps_error e;
	char d[32] = "/x", x[32] = "/y";

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		struct nsps_state st = { 0 };

		if (parsers[i](text, size, &st, &e) == 0)
			checked(&st, NULL);
	}
	state_podman(text, size, checked, NULL, &e);
	state_cmdline_option(text, size, "dockerd", "--data-root", d, sizeof(d));
	state_cmdline_option(text, size, "containerd-shim-runc-v2", "-address", x, sizeof(x));
	check(strnlen(d, sizeof(d)) < sizeof(d) && d[0] != '\0');
	check(strnlen(x, sizeof(x)) < sizeof(x) && x[0] != '\0');
	free(text);
	return 0;
}
