// SPDX-License-Identifier: MIT
/* options.c - command-line parsing for nsps: pure, no I/O besides usage(). */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

enum { OPT_WRITABLE = 0x100 };

/* "+" stops at the first non-option, so "nsps -t 42 ps -ef" works;
 * ":" makes getopt report a missing argument as ':' instead of printing. */
static const char shortopts[] = "+:t:nvhV";

static const struct option longopts[] = {
	{ "target",   required_argument, NULL, 't' },
	{ "net",      no_argument,       NULL, 'n' },
	{ "writable", no_argument,       NULL, OPT_WRITABLE },
	{ "verbose",  no_argument,       NULL, 'v' },
	{ "help",     no_argument,       NULL, 'h' },
	{ "version",  no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(void)
{
	fputs("Usage: nsps [options] -t PID [--] [command [arg...]]\n"
	      "\n"
	      "Run a host command with the process view of another PID namespace:\n"
	      "a private mount namespace gets a fresh /proc of the target's PID\n"
	      "namespace; the host's mount table is never touched.\n"
	      "\n"
	      "Options:\n"
	      " -t, --target PID   the target process (a container's init or any process in it)\n"
	      " -n, --net          also join its network namespace, with a fresh /sys\n"
	      "     --writable     let the command write to the host filesystem\n"
	      " -v, --verbose      say each step on stderr\n"
	      " -h, --help         show this help and exit\n"
	      " -V, --version      show the version and exit\n"
	      "\n"
	      "With no command, run $SHELL (else /bin/sh).\n"
	      "Exit status: the command's; 125 if nsps fails, 126 if the command cannot\n"
	      "be executed, 127 if it is not found; 128+N if it was killed by signal N.\n"
	      "See nsps(1).\n",
	      stdout);
}

int options_parse_pid(const char *s, pid_t *pid)
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
		if (v <= NSPS_PID_MAX)
			v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > NSPS_PID_MAX)
		return -ERANGE;
	*pid = (pid_t)v;
	return 0;
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

int options_parse(struct nsps_opts *opts, int argc, char *const argv[])
{
	char buf[3];
	int c;

	memset(opts, 0, sizeof(*opts));
	optind = 0;	/* glibc: 0 re-initialises getopt, so parsing can run twice */
	opterr = 0;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			opts->target = optarg;
			break;
		case 'n':
			opts->net = true;
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

	if (opts->target == NULL)
		return fail(opts, "no target given: use -t PID (see nsps --help)");
	switch (options_parse_pid(opts->target, &opts->pid)) {
	case 0:
		break;
	case -ERANGE:
		return fail(opts, "invalid target PID '%.64s': out of range (1 to %d)",
			    opts->target, NSPS_PID_MAX);
	default:
		return fail(opts, "invalid target PID '%.64s': not a number", opts->target);
	}

	if (optind < argc)
		opts->command = &argv[optind];
	return 0;
}
