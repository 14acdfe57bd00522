// SPDX-License-Identifier: MIT
/* cgroup.c - container IDs and runtimes from /proc/PID/cgroup text: pure. */
#define _GNU_SOURCE
#include <string.h>

#include "cgroup.h"

static bool is_hex_run(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_id(const char *s, size_t len)
{
	return len == NSPS_ID_LEN && is_hex_run(s, len);
}

bool cgroup_is_id_prefix(const char *s)
{
	size_t len = strlen(s);

	return len >= 1 && len <= NSPS_ID_LEN && is_hex_run(s, len);
}

bool cgroup_is_name_id(const char *s)
{
	size_t len = strlen(s);

	return len >= 1 && len <= NSPS_ID_LEN && s[0] != '.' &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+.-") == len;
}

/* A machine's name (lxc, systemd-nspawn), shown in --list and -A headers:
 * printable ASCII only, and whole. A container may name its own cgroups. */
static bool is_machine_name(const char *s, size_t len)
{
	if (len == 0 || len > NSPS_ID_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool ends(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static void set_ref(struct nsps_cgref *ref, const char *id, size_t len, const char *runtime,
		    bool monitor)
{
	if (len > NSPS_ID_LEN)
		len = NSPS_ID_LEN;
	memcpy(ref->id, id, len);
	ref->id[len] = '\0';
	ref->runtime = runtime;
	ref->monitor = monitor;
}

/* The systemd scope units runtimes create, "<prefix><id>.scope". */
static const struct {
	const char *prefix;
	const char *runtime;
	bool monitor;
} scopes[] = {
	{ "crio-conmon-", "cri-o", true },
	{ "libpod-conmon-", "podman", true },
	{ "docker-", "docker", false },
	{ "cri-containerd-", "containerd", false },
	{ "crio-", "cri-o", false },
	{ "libpod-", "podman", false },
};

/* The runtime a "<slice>:<runtime>:<id>" segment names in its middle part. */
static const char *colon_runtime(const char *s, size_t len)
{
	if (memmem(s, len, "cri-containerd", 14) || memmem(s, len, ":containerd", 11))
		return "containerd";
	if (memmem(s, len, "crio", 4))
		return "cri-o";
	if (memmem(s, len, "docker", 6))
		return "docker";
	if (memmem(s, len, "libpod", 6))
		return "podman";
	return NULL;
}

/* One path segment; prev is the one before it (or empty). */
static bool segment_container(const char *s, size_t len, const char *prev, size_t prev_len,
			      struct nsps_cgref *ref)
{
	const char *colon = memrchr(s, ':', len);
	size_t base = len;

	if (colon != NULL) {
		size_t idlen = len - (size_t)(colon + 1 - s);

		if (!is_id(colon + 1, idlen))
			return false;
		set_ref(ref, colon + 1, idlen, colon_runtime(s, (size_t)(colon - s)), false);
		return true;
	}
	if (is_id(s, len)) {
		const char *rt = NULL;

		if (prev_len == 6 && memcmp(prev, "docker", 6) == 0)
			rt = "docker";
		set_ref(ref, s, len, rt, false);
		return true;
	}
	if (ends(s, len, ".scope"))
		base = len - 6;
	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		size_t n = strlen(scopes[i].prefix);

		if (starts(s, base, scopes[i].prefix) && is_id(s + n, base - n)) {
			set_ref(ref, s + n, base - n, scopes[i].runtime, scopes[i].monitor);
			return true;
		}
	}
	/* Machines named, not numbered: lxc and systemd-nspawn. */
	if (starts(s, len, "lxc.payload.") && is_machine_name(s + 12, len - 12)) {
		set_ref(ref, s + 12, len - 12, "lxc", false);
		return true;
	}
	if (prev_len == 3 && memcmp(prev, "lxc", 3) == 0 && is_machine_name(s, len)) {
		set_ref(ref, s, len, "lxc", false);
		return true;
	}
	if (starts(s, base, "machine-") && base < len && is_machine_name(s + 8, base - 8)) {
		set_ref(ref, s + 8, base - 8, "systemd-nspawn", false);
		return true;
	}
	return false;
}

/* The path of one "ID:controllers:path" line: all after the second colon
 * (it may hold colons itself), when it is absolute; NULL otherwise. */
static const char *line_path(const char *line, size_t len, size_t *path_len)
{
	const char *end = line + len, *path = memchr(line, ':', len);

	if (path != NULL)
		path = memchr(path + 1, ':', (size_t)(end - path - 1));
	if (path == NULL || path + 1 >= end || path[1] != '/')
		return NULL;
	*path_len = (size_t)(end - path - 1);
	return path + 1;
}

/*
 * Call visit on the lines of a /proc/PID/cgroup text until it returns
 * true: the unified (v2) line first, since on a hybrid host the v1 lines
 * may lag, then every line in order.
 */
static bool first_line(const char *text, bool (*visit)(const char *line, size_t len, void *ctx),
		       void *ctx)
{
	for (int pass = 0; pass < 2; pass++) {
		const char *line, *nl;

		for (line = text; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (nl == NULL)
				nl = line + strlen(line);
			if ((pass == 1 || strncmp(line, "0::", 3) == 0) &&
			    visit(line, (size_t)(nl - line), ctx))
				return true;
			if (*nl == '\0')
				break;
		}
	}
	return false;
}

bool cgroup_line_container(const char *line, size_t len, struct nsps_cgref *ref)
{
	size_t path_len;
	const char *path = line_path(line, len, &path_len), *end, *p, *prev = "";
	size_t prev_len = 0;
	bool found = false;

	if (path == NULL)
		return false;
	end = path + path_len;
	/* Innermost wins: nested containers (kind, docker in docker). */
	for (p = path; p < end;) {
		const char *seg = p + 1, *next = memchr(seg, '/', (size_t)(end - seg));
		size_t seg_len;

		if (next == NULL)
			next = end;
		seg_len = (size_t)(next - seg);
		if (seg_len > 0 && segment_container(seg, seg_len, prev, prev_len, ref))
			found = true;
		prev = seg;
		prev_len = seg_len;
		p = next;
	}
	return found;
}

static bool visit_container(const char *line, size_t len, void *ref)
{
	return cgroup_line_container(line, len, ref);
}

bool cgroup_text_container(const char *text, struct nsps_cgref *ref)
{
	return first_line(text, visit_container, ref);
}

struct leaf {
	char *out;
	size_t len;
};

/* The last segment of one line's path into the leaf buffer, if the path
 * is not "/" and does not end in "." or "..": from a private cgroup
 * namespace, "/../.." is an ancestor of ours, never a container. */
static bool visit_leaf(const char *line, size_t len, void *ctx)
{
	struct leaf *leaf = ctx;
	size_t path_len, n;
	const char *path = line_path(line, len, &path_len), *slash;

	if (path == NULL)
		return false;
	slash = memrchr(path, '/', path_len);
	n = path_len - (size_t)(slash + 1 - path);
	if (n == 0 || n >= leaf->len || (n <= 2 && strspn(slash + 1, ".") >= n))
		return false;
	memcpy(leaf->out, slash + 1, n);
	leaf->out[n] = '\0';
	return true;
}

bool cgroup_text_leaf(const char *text, char *out, size_t len)
{
	struct leaf leaf = { out, len };

	return first_line(text, visit_leaf, &leaf);
}
