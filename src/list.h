/* SPDX-License-Identifier: MIT */
/* list.h - the --list table of containers (libsmartcols). */
#ifndef NSPS_LIST_H
#define NSPS_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "containers.h"
#include "options.h"

/*
 * Print the containers as a table on stdout, in the format the options ask
 * for (-o, -J, -r, --noheadings). Returns 0, or -errno with e saying why.
 */
int list_print(const struct nsps_container *cs, size_t n, const struct nsps_opts *opts,
	       struct nsps_error *e);

/* How a container is named in -A's headers and in messages: runtime://ID
 * (12 digits of a hex ID), or pid:[inode] when it has no ID. */
void list_label(const struct nsps_container *c, char *out, size_t len);

/* The reference -t takes that a person would type: NAMESPACE/POD/CONTAINER
 * for a Kubernetes container, its engine's name (escaped: its users'
 * text); else list_label(). Returns whether it is a name, not the label. */
bool list_reference(const struct nsps_container *c, char *out, size_t len);

#endif
