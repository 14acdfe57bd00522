// SPDX-License-Identifier: MIT
/* fuzz_options.c - libFuzzer target: the command line and the -t grammar.
 *
 * The bytes are split at NUL into the arguments after "nsps" (at most 32).
 * options_parse() must never crash, read past an argument or print; a
 * failure must leave one line of text, a success a consistent result. The
 * last argument is also given alone to the target, PID and id parsers. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "options.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)
#define MAX_ARGS 32

static void check_target(const struct nsps_opts *o, const char *s)
{
	switch (o->ref) {
	case NSPS_REF_PID:
		check(o->pid >= 1 && o->pid <= NSPS_PID_MAX);
		check(strspn(s, "0123456789") == strlen(s));
		break;
	case NSPS_REF_ID:
		check(o->runtime != NULL);
		/* runc's and crun's IDs are names: never a path */
		if (strcmp(o->runtime, "runc") == 0 || strcmp(o->runtime, "crun") == 0 ||
		    strcmp(o->runtime, "lxc") == 0 || strcmp(o->runtime, "systemd-nspawn") == 0)
			check(o->id[0] != '\0' && o->id[0] != '.' && strchr(o->id, '/') == NULL &&
			      strlen(o->id) <= 64);
		else
			check(cgroup_is_id_prefix(o->id));
		break;
	case NSPS_REF_ID_OR_NAME:
		check(cgroup_is_id_prefix(o->id));
		break;
	case NSPS_REF_NAME:
		check(s[0] != '\0');
		break;
	case NSPS_REF_POD:
		/* NAMESPACE/POD[/CONTAINER], cut into its parts, none empty */
		check(o->pod.ns[0] != '\0' && o->pod.name[0] != '\0');
		check(strnlen(o->pod.name, sizeof(o->pod.name)) < sizeof(o->pod.name));
		check(strchr(o->pod.name, '/') == NULL && strchr(o->pod.container, '/') == NULL);
		break;
	default:
		abort();
	}
}

static void check_error(const struct nsps_error *e)
{
	size_t n = strnlen(e->text, sizeof(e->text));

	check(n > 0 && n < sizeof(e->text));
	check(e->code == 0);	/* usage errors say why in words */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	static char prog[] = "nsps";
	struct nsps_opts o;
	struct nsps_error e = { 0 };
	int argc = 1;
	unsigned int id;
	pid_t pid;

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = prog;
	for (char *p = buf; argc <= MAX_ARGS && p <= buf + size; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	if (options_parse(&o, argc, argv, &e) < 0) {
		check_error(&e);
	} else if (!o.help && !o.version && !o.list) {
		check(o.all_containers != (o.target != NULL));
		if (o.target != NULL)
			check_target(&o, o.target);
		if (o.command != NULL)
			check(o.command >= argv + 1 && o.command < argv + argc);
		check((o.namespaces & ~(CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |
					CLONE_NEWTIME | CLONE_NEWUSER)) == 0);
		/* -S 0 never passes, nor follow with a number left behind */
		check(!o.set_uid || o.user != NULL || (o.uid_follow && o.uid == 0) ||
		      (!o.uid_follow && o.uid >= 1 && o.uid <= NSPS_ID_MAX));
	}

	/* the last argument alone, through each of the smaller parsers */
	memset(&e, 0, sizeof(e));
	if (options_parse_target(&o, argv[argc - 1], &e) == 0)
		check_target(&o, argv[argc - 1]);
	else
		check_error(&e);
	if (options_parse_pid(argv[argc - 1], &pid) == 0)
		check(pid >= 1 && pid <= NSPS_PID_MAX);
	if (options_parse_id(argv[argc - 1], &id) == 0)
		check(id <= NSPS_ID_MAX);
	free(buf);
	return 0;
}
