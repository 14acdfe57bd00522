/* SPDX-License-Identifier: MIT */
/* error.h - what failed and why: the one error convention of nsps. */
#ifndef NSPS_ERROR_H
#define NSPS_ERROR_H

#include <stddef.h>

/*
 * Every function that can fail returns 0 (or a count) on success and
 * -errno on failure, and says in a struct nsps_error the caller owns what
 * failed, naming the object ("cannot bind /usr into the view"), with the
 * errno behind it: the function that fails knows the object, so it says
 * it. Only report_failure() turns it into the "nsps: " line. Modules
 * report no error themselves (-v's steps aside).
 */
struct nsps_error {
	int code;		/* the errno behind it, or 0 when text says why */
	char text[512];		/* what failed; with code 0, why too */
};

#define NSPS_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Say what failed (printf-style) and the errno behind it (0: none, the
 * text says why). Returns -code, or -EIO when code is 0, so that a
 * function can end with "return error_set(e, errno, ...)". */
int error_set(struct nsps_error *e, int code, const char *fmt, ...) NSPS_PRINTF(3, 4);

/* The whole message: text, then ": " and strerror(code) if code is set. */
void error_message(const struct nsps_error *e, char *out, size_t len);

/*
 * Lookups that pass over what they cannot read (a runtime's state
 * directory, a /proc file) would conclude "no such container" when the
 * cause was theirs: out of file descriptors or memory, an I/O error, a
 * directory root's alone may read. Each such failure is noted here, the
 * first one kept with what failed, absences (ENOENT, ESRCH, ENOTDIR,
 * ELOOP) aside; whoever concludes "not found" asks first. errno is kept.
 */
void error_note(int code, const char *what);

/* The failure noted since error_note_clear() (one that is no refusal,
 * EACCES or EPERM, first), or 0; what failed into *what. */
int error_noted(const char **what);
void error_note_clear(void);

#endif
