/* SPDX-License-Identifier: MIT */
/* escape.h - container-controlled text made safe for a terminal: pure. */
#ifndef NSPS_ESCAPE_H
#define NSPS_ESCAPE_H

#include <stddef.h>

/*
 * Copy len bytes of in to out (size outlen, always NUL-terminated) so that
 * no byte can drive a terminal: control characters (C0, DEL, C1), bytes
 * that are not valid UTF-8 become \xNN; NUL (the argument
 * separator of /proc/PID/cmdline) becomes a space. Valid printable UTF-8
 * is kept. Stops early, at a character boundary, when out is full.
 * Returns the length of out.
 */
size_t escape_safe(const char *in, size_t len, char *out, size_t outlen);

#endif
