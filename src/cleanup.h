/* SPDX-License-Identifier: MIT */
/* cleanup.h - fds, buffers and streams that close and free themselves. */
#ifndef NSPS_CLEANUP_H
#define NSPS_CLEANUP_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Declared with one of these, a variable is closed or freed when it goes
 * out of scope, on every return path: no goto chains. Hand ownership on
 * with steal_fd() or steal_pointer(), which leave nothing to clean.
 * The cleanups keep errno, so that a function may return -errno after.
 *
 *	cleanup_fd int fd = open(...);
 *	...
 *	return steal_fd(&fd);
 */
#define cleanup_fd __attribute__((cleanup(cleanup_fd_)))
#define cleanup_free __attribute__((cleanup(cleanup_free_)))
#define cleanup_file __attribute__((cleanup(cleanup_file_)))
#define cleanup_dir __attribute__((cleanup(cleanup_dir_)))

static inline void cleanup_fd_(const int *fd)
{
	int err = errno;

	if (*fd >= 0)
		close(*fd);
	errno = err;
}

static inline void cleanup_free_(void *p)
{
	int err = errno;

	free(*(void **)p);
	errno = err;
}

static inline void cleanup_file_(FILE **f)
{
	int err = errno;

	if (*f != NULL)
		fclose(*f);
	errno = err;
}

static inline void cleanup_dir_(DIR **d)
{
	int err = errno;

	if (*d != NULL)
		closedir(*d);
	errno = err;
}

static inline int steal_fd(int *fd)
{
	int taken = *fd;

	*fd = -1;
	return taken;
}

static inline void *steal_pointer_(void *pp)
{
	void **p = pp, *taken = *p;

	*p = NULL;
	return taken;
}
#define steal_pointer(pp) steal_pointer_(pp)

#endif
