/* SPDX-License-Identifier: MIT */
/* dl.h - libraries loaded when they are needed, not at every start. */
#ifndef NSPS_DL_H
#define NSPS_DL_H

#include <stddef.h>

#include "error.h"

/*
 * A library and the functions nsps takes from it. A module lists them once
 * in an X-macro, for a struct of typed pointers and for its symbol table:
 *
 *	#define FOO_FUNCS X(foo_open) X(foo_close)
 *	static struct { FOO_FUNCS, X(f) as "__typeof__(f) *f;" } foo;
 *	static const struct dl_sym foo_syms[] = { FOO_FUNCS, X(f) as DL_SYM(foo, f) };
 *	static struct dl_lib foo_lib = DL_LIB("libfoo.so.1", "libfoo", foo_syms);
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

#define DL_SYM(fns, f) { #f, (void **)&(fns).f },
#define DL_LIB(soname, what, syms) \
	{ (soname), (what), (syms), sizeof(syms) / sizeof((syms)[0]), NULL }

/* Load lib and resolve all its symbols, once. Returns 0, or -EIO with e
 * saying why ("cannot load libmount: ..."). */
int dl_load(struct dl_lib *lib, struct nsps_error *e);

#endif
