/* SPDX-License-Identifier: MIT */
/* conf.h - string values from the TOML files of podman and containers/storage: pure. */
#ifndef NSPS_CONF_H
#define NSPS_CONF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The value of key in [section] of a TOML text of len bytes (storage.conf,
 * containers.conf), into out (size outlen): a basic string ("...", with
 * \" and \\) or a literal one ('...') on one line, as these files write
 * them. Returns false, out empty, when the key is absent, not a string,
 * malformed, or longer than out: then the caller takes the default.
 */
bool conf_toml_string(const char *text, size_t len, const char *section, const char *key,
		      char *out, size_t outlen);

#endif
