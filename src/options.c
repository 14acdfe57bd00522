// SPDX-License-Identifier: MIT
/* options.c - command-line parsing for nsps: pure, no I/O besides usage(). */
#define _GNU_SOURCE
#include <errno.h>
#include <ctype.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "options.h"

enum { OPT_WRITABLE = 0x100, OPT_USER, OPT_NOHEADINGS, OPT_HOST_NET };

/* "+" stops at the first non-option, so "nsps -t 42 ps -ef" works;
 * ":" makes getopt report a missing argument as ':' instead of printing. */
static const char shortopts[] = "+:t:lAo:JrnuiCTUaS:G:w:vhV";

/*
 * --user is the identity (a user NAME), as in docker exec and runuser;
 * nsenter(1) spells its user-namespace option --user too, so ours is
 * -U/--userns, and a --user whose argument looks like an option is
 * answered with that hint.
 */
static const struct option longopts[] = {
	{ "target",         required_argument, NULL, 't' },
	{ "list",           no_argument,       NULL, 'l' },
	{ "all-containers", no_argument,       NULL, 'A' },
	{ "output",         required_argument, NULL, 'o' },
	{ "json",           no_argument,       NULL, 'J' },
	{ "raw",            no_argument,       NULL, 'r' },
	{ "noheadings",     no_argument,       NULL, OPT_NOHEADINGS },
	{ "net",            no_argument,       NULL, 'n' },
	{ "host-net",       no_argument,       NULL, OPT_HOST_NET },
	{ "uts",            no_argument,       NULL, 'u' },
	{ "ipc",            no_argument,       NULL, 'i' },
	{ "cgroup",         no_argument,       NULL, 'C' },
	{ "time",           no_argument,       NULL, 'T' },
	{ "userns",         no_argument,       NULL, 'U' },
	{ "all-namespaces", no_argument,       NULL, 'a' },
	{ "setuid",         required_argument, NULL, 'S' },
	{ "setgid",         required_argument, NULL, 'G' },
	{ "user",           required_argument, NULL, OPT_USER },
	{ "wd",             required_argument, NULL, 'w' },
	{ "writable",       no_argument,       NULL, OPT_WRITABLE },
	{ "verbose",  no_argument,       NULL, 'v' },
	{ "help",     no_argument,       NULL, 'h' },
	{ "version",  no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(void)
{
	fputs("Usage: nsps [options] -t TARGET [--] [command [arg...]]\n"
	      "       nsps [options] -A [--] [command [arg...]]\n"
	      "       nsps -l [-o LIST] [-J|-r] [--noheadings]\n"
	      "\n"
	      "Run a host command with a container's view: its processes on /proc, its\n"
	      "network, and the host's tools, read-only, with a scratch space that ends\n"
	      "with the command. The host's mount table and files are never touched.\n"
	      "\n"
	      "Targets:\n"
	      " -t, --target TARGET    a PID (a container's init or any process in it),\n"
	      "                        docker://ID, containerd://ID, cri-o://ID, podman://ID,\n"
	      "                        a container ID or unique prefix, or a container name\n"
	      " -A, --all-containers   run the command in every container --list shows\n"
	      " -l, --list             list the containers (PID namespaces) and exit\n"
	      " -o, --output LIST      --list columns: NS,PID,PROCS,RUNTIME,ID,COMMAND\n"
	      " -J, --json             --list as JSON\n"
	      " -r, --raw              --list unaligned, for scripts\n"
	      "     --noheadings       --list without the header line (-n with -l)\n"
	      "\n"
	      "Namespaces to join besides the PID and network namespaces:\n"
	      " -n, --net              network, with a fresh /sys (the default)\n"
	      "     --host-net         keep the host's network: ss, ip and the command's\n"
	      "                        /proc/PID/net, which the container can read, show it\n"
	      " -u, --uts              hostname\n"
	      " -i, --ipc              System V IPC and POSIX queues, with a fresh /dev/mqueue\n"
	      " -C, --cgroup           cgroup (paths relative to the container's)\n"
	      " -T, --time             time (the container's boot and monotonic clocks)\n"
	      " -U, --userns           user, joined last (ids as the container sees them)\n"
	      " -a, --all-namespaces   every one of these the target does not share with nsps\n"
	      "\n"
	      "Identity and place of the command:\n"
	      " -S, --setuid UID       run as UID, without capabilities\n"
	      " -G, --setgid GID       run with group GID (default with -S: UID's own group)\n"
	      "     --user NAME        run as NAME from the host's user database, with its group\n"
	      " -w, --wd DIR           working directory (default: unchanged)\n"
	      "\n"
	      "Other options:\n"
	      "     --writable         let the command write to the host filesystem\n"
	      " -v, --verbose          say each step on stderr\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n"
	      "\n"
	      "With no command, run $SHELL (else /bin/sh).\n"
	      "Exit status: the command's; 125 if nsps fails, 126 if the command cannot\n"
	      "be executed, 127 if it is not found; 128+N if it was killed by signal N.\n"
	      "See nsps(1).\n",
	      stdout);
}

/* A decimal number from min to max: digits only, no sign, no spaces.
 * Returns 0, -EINVAL (not a number) or -ERANGE. */
static int parse_decimal(const char *s, long min, long max, long *out)
{
	long v = 0;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (*s == '-' && s[1] >= '0' && s[1] <= '9')
		return -ERANGE;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		/* Saturate instead of overflowing: any value past the limit is out of range. */
		if (v <= max)
			v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int options_parse_pid(const char *s, pid_t *pid)
{
	long v;
	int ret = parse_decimal(s, 1, NSPS_PID_MAX, &v);

	if (ret == 0)
		*pid = (pid_t)v;
	return ret;
}

int options_parse_id(const char *s, unsigned int *id)
{
	long v;
	int ret = parse_decimal(s, 0, NSPS_ID_MAX, &v);

	if (ret == 0)
		*id = (unsigned int)v;
	return ret;
}

/* The text of the option getopt just stopped at, for error messages. */
static const char *offending(int argc, char *const argv[], int opt, char buf[3])
{
	const char *arg = (optind > 0 && optind <= argc) ? argv[optind - 1] : "";

	if (strncmp(arg, "--", 2) == 0 || opt == 0)
		return arg;
	buf[0] = '-';
	buf[1] = (char)opt;
	buf[2] = '\0';
	return buf;
}

__attribute__((format(printf, 2, 3)))
static int fail(struct nsps_opts *opts, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(opts->error, sizeof(opts->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* How much of "--name=value" names the option. */
static int name_len(const char *arg)
{
	return (int)strcspn(arg, "=");
}

/* The schemes of Kubernetes' containerID (and podman's, likewise). */
static const char *const schemes[] = { "docker", "containerd", "cri-o", "podman" };

/* A container name as the engines allow them: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
static bool is_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 253 || !isalnum((unsigned char)s[0]))
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-')
			return false;
	return true;
}

int options_parse_target(struct nsps_opts *opts, const char *s)
{
	const char *sep = strstr(s, "://");
	size_t digits = strspn(s, "0123456789");

	/* Up to 7 digits (PID_MAX_LIMIT has 7) is a PID; so is anything signed. */
	if ((s[0] != '\0' && digits == strlen(s) && digits <= 7) ||
	    (s[0] == '-' && isdigit((unsigned char)s[1]))) {
		opts->ref = NSPS_REF_PID;
		switch (options_parse_pid(s, &opts->pid)) {
		case 0:
			return 0;
		case -ERANGE:
			return fail(opts, "invalid target PID '%.64s': out of range (1 to %d)", s,
				    NSPS_PID_MAX);
		default:
			return fail(opts, "invalid target PID '%.64s': not a number", s);
		}
	}
	if (sep != NULL) {
		size_t n = (size_t)(sep - s);

		opts->ref = NSPS_REF_ID;
		opts->id = sep + 3;
		for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			if (strlen(schemes[i]) == n && strncmp(s, schemes[i], n) == 0)
				opts->runtime = schemes[i];
		if (opts->runtime == NULL)
			return fail(opts, "invalid target '%.80s': unknown runtime '%.*s' (docker, containerd, cri-o, podman)",
				    s, (int)(n > 32 ? 32 : n), s);
		if (!cgroup_is_id_prefix(opts->id))
			return fail(opts, "invalid target '%.80s': a container ID is 1 to 64 hex digits",
				    s);
		return 0;
	}
	if (cgroup_is_id_prefix(s)) {
		opts->ref = NSPS_REF_ID_OR_NAME;
		opts->id = s;
		return 0;
	}
	if (is_name(s)) {
		opts->ref = NSPS_REF_NAME;
		return 0;
	}
	return fail(opts, "invalid target '%.64s': not a PID, container ID or container name", s);
}

/* -S/-G values: a uid or gid in decimal. */
static int parse_id(struct nsps_opts *opts, const char *what, const char *opt, const char *arg,
		    unsigned int *id)
{
	switch (options_parse_id(arg, id)) {
	case 0:
		return 0;
	case -ERANGE:
		return fail(opts, "invalid %s '%.64s' for %s: out of range (0 to %d)", what, arg, opt,
			    NSPS_ID_MAX);
	default:
		return fail(opts, "invalid %s '%.64s' for %s: not a number", what, arg, opt);
	}
}

/* --list runs nothing: the options of a run do not apply. */
static int check_list(struct nsps_opts *opts, bool short_n, int operands)
{
	if (short_n && opts->namespaces == CLONE_NEWNET) {
		opts->namespaces = 0;
		opts->noheadings = true;
	}
	if (opts->json && opts->raw)
		return fail(opts, "-J and -r are two formats: give one of them");
	if (opts->target || opts->all_containers || opts->namespaces || opts->all_namespaces ||
	    opts->host_net ||
	    opts->set_uid || opts->set_gid || opts->user || opts->wd || opts->writable ||
	    operands > 0)
		return fail(opts, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	return 0;
}

/* Options that cannot go together, once all are read. */
static int check_combinations(struct nsps_opts *opts)
{
	if (opts->user && opts->set_uid)
		return fail(opts, "--user and -S both set the uid: give one of them");
	/* Root without capabilities is what a container's root can reach the
	 * host through (nsps(1), SECURITY); root with them is the default. */
	if (opts->set_uid && opts->uid == 0)
		return fail(opts, "refusing -S 0: uid 0 without capabilities exposes the host to the container; leave -S out to run as root");
	if (opts->host_net && (opts->namespaces & CLONE_NEWNET) && !opts->list)
		return fail(opts, "-n joins the target's network, --host-net keeps the host's: give one of them");
	return 0;
}

int options_parse(struct nsps_opts *opts, int argc, char *const argv[])
{
	char buf[3];
	bool short_n = false;
	int c;

	memset(opts, 0, sizeof(*opts));
	optind = 0;	/* glibc: 0 re-initialises getopt, so parsing can run twice */
	opterr = 0;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			opts->target = optarg;
			break;
		case 'l':
			opts->list = true;
			break;
		case 'A':
			opts->all_containers = true;
			break;
		case 'o':
			opts->columns = optarg;
			break;
		case 'J':
			opts->json = true;
			break;
		case 'r':
			opts->raw = true;
			break;
		case OPT_NOHEADINGS:
			opts->noheadings = true;
			break;
		case OPT_HOST_NET:
			opts->host_net = true;
			break;
		case 'n':
			opts->namespaces |= CLONE_NEWNET;
			/* With --list, -n is --noheadings, as in lsns and findmnt. */
			short_n = true;
			break;
		case 'u':
			opts->namespaces |= CLONE_NEWUTS;
			break;
		case 'i':
			opts->namespaces |= CLONE_NEWIPC;
			break;
		case 'C':
			opts->namespaces |= CLONE_NEWCGROUP;
			break;
		case 'T':
			opts->namespaces |= CLONE_NEWTIME;
			break;
		case 'U':
			opts->namespaces |= CLONE_NEWUSER;
			break;
		case 'a':
			opts->all_namespaces = true;
			break;
		case 'S':
			if (parse_id(opts, "uid", "-S", optarg, &opts->uid) < 0)
				return -1;
			opts->set_uid = true;
			break;
		case 'G':
			if (parse_id(opts, "gid", "-G", optarg, &opts->gid) < 0)
				return -1;
			opts->set_gid = true;
			break;
		case OPT_USER:
			/* "--user -t 42": nsenter's --user habit, not a name. */
			if (optarg[0] == '-' || optarg[0] == '\0')
				return fail(opts, "option '--user' takes a user name, not '%.64s' (the user namespace is -U, --userns)",
					    optarg);
			opts->user = optarg;
			break;
		case 'w':
			if (optarg[0] == '\0')
				return fail(opts, "option '-w' needs a directory");
			opts->wd = optarg;
			break;
		case OPT_WRITABLE:
			opts->writable = true;
			break;
		case 'v':
			opts->verbose = true;
			break;
		case 'h':
			opts->help = true;
			return 0;
		case 'V':
			opts->version = true;
			return 0;
		case ':': {
			const char *what = offending(argc, argv, optopt, buf);

			return fail(opts, "option '%.*s' requires an argument", name_len(what), what);
		}
		case '?':
		default: {
			const char *what = offending(argc, argv, optopt, buf);
			bool is_long = strncmp(what, "--", 2) == 0;

			if (optopt != 0 && is_long && strchr(what, '='))
				return fail(opts, "option '%.*s' does not take an argument",
					    name_len(what), what);
			if (is_long)
				return fail(opts, "unknown or ambiguous option '%.*s'", name_len(what), what);
			return fail(opts, "unknown option '%s'", what);
		}
		}
	}

	if (check_combinations(opts) < 0)
		return -1;
	if (opts->list)
		return check_list(opts, short_n, argc - optind);
	if ((opts->columns || opts->json || opts->raw || opts->noheadings))
		return fail(opts, "-o, -J, -r and --noheadings go with --list");
	if (opts->all_containers) {
		if (opts->target != NULL)
			return fail(opts, "-A runs in every container: give no -t with it");
	} else if (opts->target == NULL) {
		return fail(opts, "no target given: use -t PID, -t ID or NAME, or -A (see nsps --help)");
	} else if (options_parse_target(opts, opts->target) < 0) {
		return -1;
	}

	/* The network namespace is joined unless --host-net: the command's
	 * /proc/PID/net is open to every process of the container. */
	if (!opts->host_net)
		opts->namespaces |= CLONE_NEWNET;
	if (optind < argc)
		opts->command = &argv[optind];
	return 0;
}
