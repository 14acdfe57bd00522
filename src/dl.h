/* SPDX-License-Identifier: MIT */
/* dl.h - libraries loaded when they are needed, not at every start. */
#ifndef NSPS_DL_H
#define NSPS_DL_H

#include <stddef.h>

/*
 * A library and the functions nsps takes from it. A module lists them once
 * in an X-macro, for a struct of typed pointers and for this table:
 *
 *	#define FOO_FUNCS X(foo_open) X(foo_close)
 *	static struct { FOO_FUNCS as "__typeof__(f) *f;" } foo;
 *	static struct dl_lib foo_lib = DL_LIB("libfoo.so.1", "libfoo", FOO_FUNCS as
 *		"{ #f, (void **)&foo.f },");
 */
struct dl_sym {
	const char *name;
	void **slot;	/* where the address goes: POSIX's dlsym() idiom */
};

struct dl_lib {
	const char *soname;	/* "libmount.so.1" */
	const char *what;	/* "libmount", for messages */
	const struct dl_sym *syms;
	size_t n;
	void *handle;		/* once loaded: kept for good */
};

/* Load lib and resolve all its symbols, once. Returns 0, or -1 with the
 * reason in why ("cannot load libmount: ..."). */
int dl_load(struct dl_lib *lib, char *why, size_t len);

#endif
