// SPDX-License-Identifier: MIT
/* dl.c - libraries loaded when they are needed, not at every start.
 *
 * Linked the usual way, a library costs every run its loading before
 * main(): libmount about 0.7 ms (it pulls in libblkid, libselinux,
 * libpcre2), libcap-ng about 0.04 ms (its constructor reads /proc), of
 * a run of about 2 ms (make bench). nsps needs them only off its hot path.
 */
#include <dlfcn.h>

#include "dl.h"

int dl_load(struct dl_lib *lib, struct nsps_error *e)
{
	void *handle;

	if (lib->handle != NULL)
		return 0;
	/* RTLD_NODELETE: loaded for good, like a linked library. */
	handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (handle == NULL) {
		const char *err = dlerror();

		return error_set(e, 0, "cannot load %s: %s", lib->what, err ? err : "unknown error");
	}
	for (size_t i = 0; i < lib->n; i++) {
		*lib->syms[i].slot = dlsym(handle, lib->syms[i].name);
		if (*lib->syms[i].slot == NULL) {
			dlclose(handle);
			return error_set(e, 0, "cannot load %s: no %s", lib->what, lib->syms[i].name);
		}
	}
	lib->handle = handle;
	return 0;
}
