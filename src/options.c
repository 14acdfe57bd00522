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

enum { OPT_WRITABLE = 0x100, OPT_USER, OPT_NOHEADINGS, OPT_HOST_NET, OPT_HOST_ROOT, OPT_ROOT, OPT_HOST_DNS,
       OPT_END };

/* "+" stops at the first non-option, so "nsps -t 42 ps -ef" works;
 * ":" makes getopt report a missing argument as ':' instead of printing. */
static const char shortopts[] = "+:t:lAo:JrnuiCTUaS:G:w:vhVpm::";

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
	{ "host-dns",       no_argument,       NULL, OPT_HOST_DNS },
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
	{ "host-root",      required_argument, NULL, OPT_HOST_ROOT },
	/* nsenter's habits: -p is always so; -m and --root are explained */
	{ "pid",            no_argument,       NULL, 'p' },
	{ "mount",          optional_argument, NULL, 'm' },
	{ "root",           optional_argument, NULL, OPT_ROOT },
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
	      "                        runc://ID, crun://ID, lxc://NAME, systemd-nspawn://NAME,\n"
	      "                        a container ID or unique prefix,\n"
	      "                        a container name, a Kubernetes pod as NAMESPACE/POD,\n"
	      "                        NAMESPACE/POD/CONTAINER, or POD when unique\n"
	      " -A, --all-containers   run the command in every container --list shows\n"
	      " -l, --list             list the containers and exit\n"
	      " -o, --output LIST      --list columns (+LIST: added to the default ones):\n"
	      "                        RUNTIME,NAME,PID,PROCS,COMMAND (the default), ID,\n"
	      "                        FULLID, NS, POD, NAMESPACE, CONTAINER, IMAGE, SHARES\n"
	      " -J, --json             --list as JSON\n"
	      " -r, --raw              --list unaligned, for scripts\n"
	      "     --noheadings       --list without the header line (-n with -l)\n"
	      "\n"
	      "Namespaces to join besides the PID and network namespaces:\n"
	      " -n, --net              network, with a fresh /sys and the container's\n"
	      "                        resolv.conf and hosts (the default)\n"
	      "     --host-dns         with the network, keep the host's resolv.conf and hosts\n"
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
	      " -S, --setuid UID       run as UID, without capabilities; follow: the target's\n"
	      " -G, --setgid GID       run with group GID (default with -S: UID's own group);\n"
	      "                        follow: the target's\n"
	      "     --user NAME        run as NAME from the host's user database, with its group\n"
	      " -w, --wd DIR           working directory (default: unchanged)\n"
	      "\n"
	      "Other options:\n"
	      "     --writable         let the command write to the host filesystem\n"
	      "     --host-root DIR    where the host's root is, for the runtimes' state\n"
	      "                        (default: /; /host in a node-debug pod)\n"
	      " -p, --pid              nsenter's; accepted: the PID namespace is always joined\n"
	      " -m, --mount, --root    nsenter's; not needed: the view keeps the host's tools,\n"
	      "                        the container's files are at /proc/1/root in it\n"
	      " -v, --verbose          say each step on stderr\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n"
	      "\n"
	      "With no command, run $SHELL (else /bin/sh). Run as root; without root, nsps\n"
	      "enters only your own rootless containers.\n"
	      "Exit status: the command's; 125 if nsps fails, 126 if the command cannot\n"
	      "be executed, 127 if it is not found; 128+N if it was killed by signal N.\n"
	      "With -A the worst run's; a container that ends meanwhile counts 0.\n"
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

/* A usage error: e says what, the option or argument named. */
__attribute__((format(printf, 2, 3)))
static int fail(struct nsps_error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	e->code = 0;
	return -EINVAL;
}

/* How much of "--name=value" names the option. */
static int name_len(const char *arg)
{
	return (int)strcspn(arg, "=");
}

/* The schemes of Kubernetes' containerID (and podman's, likewise), then
 * the OCI runtimes', whose IDs are names. */
static const char *const schemes[] = { "docker", "containerd", "cri-o", "podman", "runc", "crun",
					"lxc", "systemd-nspawn" };

/* The schemes whose IDs are names: the OCI runtimes' and the machines'. */
static bool names_ids(const char *scheme)
{
	return strcmp(scheme, "runc") == 0 || strcmp(scheme, "crun") == 0 ||
	       strcmp(scheme, "lxc") == 0 || strcmp(scheme, "systemd-nspawn") == 0;
}

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

/* A Kubernetes name: a DNS label (a namespace, a container: 1 to 63 of
 * a-z 0-9 -) or, dots allowed, a DNS subdomain (a pod: up to 253), of
 * len bytes at s. */
static bool is_dns(const char *s, size_t len, bool dots)
{
	if (len == 0 || len > (dots ? 253u : 63u) || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
		      (dots && s[i] == '.')))
			return false;
	return true;
}

/* NAMESPACE/POD or NAMESPACE/POD/CONTAINER, cut into opts->pod. */
static bool parse_pod_path(struct nsps_opts *opts, const char *s)
{
	const char *a = strchr(s, '/'), *b = a ? strchr(a + 1, '/') : NULL;
	size_t pod = b ? (size_t)(b - a - 1) : (a ? strlen(a + 1) : 0);

	if (a == NULL || !is_dns(s, (size_t)(a - s), false) || !is_dns(a + 1, pod, true) ||
	    (b != NULL && !is_dns(b + 1, strlen(b + 1), false)))
		return false;
	/* the lengths is_dns() allows fit */
	memcpy(opts->pod.ns, s, (size_t)(a - s));
	opts->pod.ns[a - s] = '\0';
	memcpy(opts->pod.name, a + 1, pod);
	opts->pod.name[pod] = '\0';
	snprintf(opts->pod.container, sizeof(opts->pod.container), "%s", b ? b + 1 : "");
	return true;
}

int options_parse_target(struct nsps_opts *opts, const char *s, struct nsps_error *e)
{
	const char *sep = strstr(s, "://");
	size_t digits = strspn(s, "0123456789");

	/* Up to 7 digits (PID_MAX_LIMIT has 7) is a PID, unless it starts with
	 * a 0 that is not all of it (no PID is written so: "0472" is an ID
	 * prefix, and said as written); so is anything signed. */
	if ((s[0] != '\0' && digits == strlen(s) && digits <= 7 && (s[0] != '0' || s[1] == '\0')) ||
	    (s[0] == '-' && isdigit((unsigned char)s[1]))) {
		opts->ref = NSPS_REF_PID;
		switch (options_parse_pid(s, &opts->pid)) {
		case 0:
			return 0;
		case -ERANGE:
			return fail(e, "invalid target PID '%.64s': out of range (1 to %d)", s,
				    NSPS_PID_MAX);
		default:
			return fail(e, "invalid target PID '%.64s': not a number", s);
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
			return fail(e, "invalid target '%.80s': unknown runtime '%.*s' (docker, containerd, cri-o, podman, runc, crun, lxc, systemd-nspawn)",
				    s, (int)(n > 32 ? 32 : n), s);
		if (names_ids(opts->runtime)) {
			if (!cgroup_is_name_id(opts->id))
				return fail(e, "invalid target '%.80s': a %s container ID is 1 to 64 of A-Z a-z 0-9 _ + . -",
					    s, opts->runtime);
			return 0;
		}
		if (!cgroup_is_id_prefix(opts->id))
			return fail(e, "invalid target '%.80s': a container ID is 1 to 64 hex digits",
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
	if (parse_pod_path(opts, s)) {
		opts->ref = NSPS_REF_POD;
		return 0;
	}
	return fail(e, "invalid target '%.64s': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]", s);
}

/* -S/-G values: a uid or gid in decimal. */
static int parse_id(struct nsps_error *e, const char *what, const char *opt, const char *arg,
		    unsigned int *id)
{
	switch (options_parse_id(arg, id)) {
	case 0:
		return 0;
	case -ERANGE:
		return fail(e, "invalid %s '%.64s' for %s: out of range (0 to %d)", what, arg, opt,
			    NSPS_ID_MAX);
	default:
		return fail(e, "invalid %s '%.64s' for %s: not a number", what, arg, opt);
	}
}

/* The modes of nsps: a run (-t), an audit of every container (-A), a list. */
enum { RUN = 1, AUDIT = 2, LIST = 4, ANY = RUN | AUDIT | LIST };

/*
 * Which modes each option goes with; an option not in the table goes with
 * every mode. A new option that only a run takes goes here, as RUN | AUDIT.
 */
static const struct {
	int opt;
	unsigned int modes;
} mode_of[] = {
	{ 't', RUN }, { 'A', AUDIT }, { 'l', LIST },
	{ 'o', LIST }, { 'J', LIST }, { 'r', LIST }, { OPT_NOHEADINGS, LIST },
	{ OPT_HOST_NET, RUN | AUDIT }, { OPT_HOST_DNS, RUN | AUDIT }, { 'u', RUN | AUDIT }, { 'i', RUN | AUDIT },
	{ 'C', RUN | AUDIT }, { 'T', RUN | AUDIT }, { 'U', RUN | AUDIT }, { 'a', RUN | AUDIT },
	{ 'S', RUN | AUDIT }, { 'G', RUN | AUDIT }, { OPT_USER, RUN | AUDIT }, { 'w', RUN | AUDIT },
	{ OPT_WRITABLE, RUN | AUDIT }, { OPT_HOST_ROOT, ANY }, { 'p', RUN | AUDIT },
	/* -n: --net in a run, --noheadings with --list (lsns's habit) */
	{ 'n', ANY },
};

/* Options that cannot go together (in the modes given), and why. */
static const struct {
	int a, b;
	unsigned int modes;
	const char *why;
} exclusive[] = {
	{ OPT_USER, 'S', ANY, "--user and -S both set the uid: give one of them" },
	{ 'J', 'r', ANY, "-J and -r are two formats: give one of them" },
	{ 't', 'A', ANY, "-A runs in every container: give no -t with it" },
	{ 'n', OPT_HOST_NET, RUN | AUDIT,
	  "-n joins the target's network, --host-net keeps the host's: give one of them" },
};

/* What a mode says of an option that does not go with it. */
static int wrong_mode(struct nsps_error *e, unsigned int mode)
{
	if (mode == LIST)
		return fail(e, "--list lists and runs nothing: it takes only -o, -J, -r, --noheadings");
	return fail(e, "-o, -J, -r and --noheadings go with --list");
}

static unsigned int modes_of(int opt)
{
	for (size_t i = 0; i < sizeof(mode_of) / sizeof(mode_of[0]); i++)
		if (mode_of[i].opt == opt)
			return mode_of[i].modes;
	return ANY;
}

/* The options given: a set, by option code, however many were given. */
struct given {
	bool opt[OPT_END];
};

/* The one check of which options go together: those given, in the mode
 * they make. */
static int check_options(const struct given *g, unsigned int mode, int operands,
			 struct nsps_error *e)
{
	for (size_t i = 0; i < sizeof(exclusive) / sizeof(exclusive[0]); i++)
		if ((exclusive[i].modes & mode) && g->opt[exclusive[i].a] && g->opt[exclusive[i].b])
			return fail(e, "%s", exclusive[i].why);
	for (int opt = 0; opt < OPT_END; opt++)
		if (g->opt[opt] && !(modes_of(opt) & mode))
			return wrong_mode(e, mode);
	if (mode == LIST && operands > 0)
		return wrong_mode(e, mode);
	return 0;
}

/* The namespace kind an option joins. */
static int namespace_of(int opt)
{
	static const struct {
		int opt, kind;
	} kinds[] = {
		{ 'u', CLONE_NEWUTS }, { 'i', CLONE_NEWIPC }, { 'C', CLONE_NEWCGROUP },
		{ 'T', CLONE_NEWTIME }, { 'U', CLONE_NEWUSER },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].opt == opt)
			return kinds[i].kind;
	return 0;
}

/* One option's effect on opts; its argument in optarg. */
/* -S, -G: a number, or nsenter's "follow" (2.39): the target's own, settled
 * once it is pinned (the id stays 0 until then). The last one given counts. */
static int take_id(struct nsps_error *e, const char *what, const char *opt, const char *arg,
		   unsigned int *id, bool *follow)
{
	*follow = strcmp(arg, "follow") == 0;
	*id = 0;
	return *follow ? 0 : parse_id(e, what, opt, arg, id);
}

static int take_option(struct nsps_opts *opts, int c, struct nsps_error *e)
{
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
	case OPT_HOST_DNS:
		opts->host_dns = true;
		break;
	case OPT_HOST_NET:
		opts->host_net = true;
		break;
	case 'n':
		break;	/* its meaning waits for the mode (options_parse()) */
	case 'u':
	case 'i':
	case 'C':
	case 'T':
	case 'U':
		opts->namespaces |= namespace_of(c);
		break;
	case 'a':
		opts->all_namespaces = true;
		break;
	case 'S':
		opts->set_uid = true;
		return take_id(e, "uid", "-S", optarg, &opts->uid, &opts->uid_follow);
	case 'G':
		opts->set_gid = true;
		return take_id(e, "gid", "-G", optarg, &opts->gid, &opts->gid_follow);
	case OPT_USER:
		/* "--user -t 42": nsenter's --user habit, not a name. */
		if (optarg[0] == '-' || optarg[0] == '\0')
			return fail(e, "option '--user' takes a user name, not '%.64s' (the user namespace is -U, --userns)",
				    optarg);
		opts->user = optarg;
		break;
	case 'w':
		if (optarg[0] == '\0')
			return fail(e, "option '-w' needs a directory");
		opts->wd = optarg;
		break;
	case OPT_WRITABLE:
		opts->writable = true;
		break;
	case OPT_HOST_ROOT:
		if (optarg[0] == '\0')
			return fail(e, "option '--host-root' needs a directory");
		opts->host_root = optarg;
		break;
	case 'v':
		opts->verbose = true;
		break;
	default:
		break;
	}
	return 0;
}

/* What getopt could not take: an unknown option, a missing argument. */
static int bad_option(int argc, char *const argv[], int c, struct nsps_error *e)
{
	char buf[3];
	const char *what = offending(argc, argv, optopt, buf);
	bool is_long = strncmp(what, "--", 2) == 0;

	if (c == ':')
		return fail(e, "option '%.*s' requires an argument", name_len(what), what);
	if (optopt != 0 && is_long && strchr(what, '='))
		return fail(e, "option '%.*s' does not take an argument", name_len(what), what);
	if (is_long)
		return fail(e, "unknown or ambiguous option '%.*s'", name_len(what), what);
	return fail(e, "unknown option '%s'", what);
}

/* nsenter's -m, --mount and --root: why nsps has no use for them. */
static int not_needed(int argc, char *const argv[], int c, struct nsps_error *e)
{
	char buf[3];
	const char *what = offending(argc, argv, c == OPT_ROOT ? 0 : c, buf);

	return fail(e, "nsenter's %.*s is not needed: the view keeps the host's filesystem, so that the host's tools run; the container's files are at /proc/1/root in it%s",
		    name_len(what), what, c == OPT_ROOT ? " (-r is --raw here, as in lsns)" : "");
}

int options_parse(struct nsps_opts *opts, int argc, char *const argv[], struct nsps_error *e)
{
	struct given given = { { false } };
	unsigned int mode;
	int c, ret;

	memset(opts, 0, sizeof(*opts));
	optind = 0;	/* glibc: 0 re-initialises getopt, so parsing can run twice */
	opterr = 0;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'h' || c == 'V') {
			opts->help = c == 'h';
			opts->version = c == 'V';
			return 0;
		}
		if (c == ':' || c == '?')
			return bad_option(argc, argv, c, e);
		if (c == 'm' || c == OPT_ROOT)
			return not_needed(argc, argv, c, e);
		if (c >= 0 && c < OPT_END)
			given.opt[c] = true;
		if ((ret = take_option(opts, c, e)) < 0)
			return ret;
	}

	mode = opts->list ? LIST : opts->all_containers ? AUDIT : RUN;
	if ((ret = check_options(&given, mode, argc - optind, e)) < 0)
		return ret;
	/* Root without capabilities is what a container's root can reach the
	 * host through (nsps(1), SECURITY); root with them is the default. */
	if (opts->set_uid && !opts->uid_follow && opts->uid == 0)
		return fail(e, "refusing -S 0: uid 0 without capabilities exposes the host to the container; leave -S out to run as root");
	if (mode == LIST) {
		opts->noheadings |= given.opt['n'];
		return 0;
	}
	if (mode == RUN && opts->target == NULL)
		return fail(e, "no target given: use -t PID, -t ID or NAME, or -A");
	if (mode == RUN && (ret = options_parse_target(opts, opts->target, e)) < 0)
		return ret;
	/* The network namespace is joined unless --host-net: the command's
	 * /proc/PID/net is open to every process of the container. */
	if (!opts->host_net)
		opts->namespaces |= CLONE_NEWNET;
	if (optind < argc)
		opts->command = &argv[optind];
	return 0;
}
