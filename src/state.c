// SPDX-License-Identifier: MIT
/* state.c - what the runtimes write down of their containers: parsers (jansson). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <jansson.h>

#include "dl.h"
#include "state.h"

/*
 * jansson, Debian's libjansson4, for JSON: strict RFC 8259 by default (no
 * comments, no trailing commas, UTF-8 checked, \u0000 refused, so that no
 * string it hands over hides a NUL), a parse of a buffer with its length,
 * and a bounded nesting depth. json-c, the other candidate, accepts a
 * looser grammar and strings with NULs in them. Loaded (dl.c) only when a
 * runtime's files are read: -t PID never pays for it.
 */
#define JS_FUNCS \
	X(json_loadb) X(json_delete) X(json_object_get) X(json_array_size) X(json_array_get) \
	X(json_string_value) X(json_integer_value) X(json_object_iter) \
	X(json_object_iter_next) X(json_object_iter_key) X(json_object_iter_value)

static struct {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): f names a member here */
#define X(f) __typeof__(f) *f;
	JS_FUNCS
#undef X
} js;

static const struct dl_sym js_syms[] = {
#define X(f) DL_SYM(js, f)
	JS_FUNCS
#undef X
};
static struct dl_lib js_lib = DL_LIB("libjansson.so.4", "jansson", js_syms);

/* The JSON text as a tree to json_delete(), an object (or with array, an
 * array), or NULL (*ret says why). */
static json_t *parse(const char *text, size_t len, const char *what, bool array, int *ret,
		     struct nsps_error *e)
{
	json_t *root;
	json_error_t err;

	if (dl_load(&js_lib, e) < 0) {
		*ret = -ENOSYS;
		return NULL;
	}
	root = js.json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL || (array ? !json_is_array(root) : !json_is_object(root))) {
		if (root != NULL)
			js.json_delete(root);
		*ret = error_set(e, EINVAL, "%s: %s", what,
				 root == NULL ? err.text : array ? "not a JSON array" : "not a JSON object");
		return NULL;
	}
	*ret = 0;
	return root;
}

/* value into out (size len) when it is not empty and fits, else out left. */
static void copy_field(char *out, size_t len, const char *value)
{
	size_t n = strlen(value);

	if (n > 0 && n < len)
		memcpy(out, value, n + 1);
}

/* The string at key of object o into out when it fits, else out left. */
static void take(const json_t *o, const char *key, char *out, size_t len)
{
	const char *s = js.json_string_value(js.json_object_get(o, key));

	if (s != NULL)
		copy_field(out, len, s);
}

/* The integer at key of object o, when it is one in [0, max]; else 0. */
static unsigned long long number(const json_t *o, const char *key, unsigned long long max)
{
	const json_t *v = js.json_object_get(o, key);
	json_int_t n;

	if (v == NULL || !json_is_integer(v))
		return 0;
	n = js.json_integer_value(v);
	return n > 0 && (unsigned long long)n <= max ? (unsigned long long)n : 0;
}

/* A container ID as the runtimes allow them (runc's rule: a hex ID is
 * one too), that fits: else none. */
static void take_id(const json_t *o, const char *key, struct nsps_state *st)
{
	char id[NSPS_ID_LEN + 1] = "";

	take(o, key, id, sizeof(id));
	if (cgroup_is_name_id(id))
		memcpy(st->id, id, sizeof(id));
}

#define PID_MAX 4194304ULL

void state_annotation(struct nsps_state *st, const char *key, const char *value)
{
	static const struct {
		const char *key;
		size_t field;	/* offsetof the string it fills */
		size_t len;
		bool crio;
	} known[] = {
#define F(key, member, crio) { key, offsetof(struct nsps_state, member), \
			       sizeof(((struct nsps_state *)0)->member), crio }
		F("io.kubernetes.cri.sandbox-namespace", ns, false),
		F("io.kubernetes.cri.sandbox-name", pod, false),
		F("io.kubernetes.cri.container-name", container, false),
		F("io.kubernetes.cri.image-name", image, false),
		F("io.kubernetes.pod.namespace", ns, true),
		F("io.kubernetes.pod.name", pod, true),
		F("io.kubernetes.container.name", container, true),
		F("io.kubernetes.cri-o.ImageName", image, true),
		F("nerdctl/name", name, false),
#undef F
	};

	if (strcmp(key, "io.kubernetes.cri.container-type") == 0) {
		st->sandbox = strcmp(value, "sandbox") == 0;
		return;
	}
	if (strcmp(key, "io.kubernetes.cri-o.ContainerType") == 0) {
		st->sandbox = strcmp(value, "sandbox") == 0;
		st->crio = true;
		return;
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(key, known[i].key) != 0)
			continue;
		copy_field((char *)st + known[i].field, known[i].len, value);
		st->crio |= known[i].crio;
		return;
	}
}

int state_runc(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "runc state", false, &ret, e);
	const json_t *labels;

	if (root == NULL)
		return ret;
	take_id(root, "id", st);
	st->pid = (pid_t)number(root, "init_process_pid", PID_MAX);
	st->start = number(root, "init_process_start", ~0ULL >> 1);
	labels = js.json_object_get(js.json_object_get(root, "config"), "labels");
	for (size_t i = 0; labels != NULL && i < js.json_array_size(labels) && i < 4096; i++) {
		const char *kv = js.json_string_value(js.json_array_get(labels, i));
		const char *eq = kv != NULL ? strchr(kv, '=') : NULL;
		char key[128];

		if (eq == NULL || (size_t)(eq - kv) >= sizeof(key))
			continue;
		memcpy(key, kv, (size_t)(eq - kv));
		key[eq - kv] = '\0';
		state_annotation(st, key, eq + 1);
	}
	js.json_delete(root);
	return 0;
}

int state_crun(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "crun status", false, &ret, e);

	if (root == NULL)
		return ret;
	st->pid = (pid_t)number(root, "pid", PID_MAX);
	st->start = number(root, "process-start-time", ~0ULL >> 1);
	js.json_delete(root);
	return 0;
}

int state_oci_config(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "OCI config", false, &ret, e);
	json_t *notes;
	size_t n = 0;

	if (root == NULL)
		return ret;
	notes = js.json_object_get(root, "annotations");
	for (void *it = notes ? js.json_object_iter(notes) : NULL; it != NULL && n < 4096;
	     it = js.json_object_iter_next(notes, it), n++) {
		const char *value = js.json_string_value(js.json_object_iter_value(it));

		if (value != NULL)
			state_annotation(st, js.json_object_iter_key(it), value);
	}
	js.json_delete(root);
	return 0;
}

int state_docker(const char *text, size_t len, struct nsps_state *st, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "docker container config", false, &ret, e);
	const json_t *state, *running;
	char name[NSPS_NAME_LEN + 2] = "";

	if (root == NULL)
		return ret;
	take_id(root, "ID", st);
	take(root, "Name", name, sizeof(name));
	if (name[0] == '/')
		copy_field(st->name, sizeof(st->name), name + 1);
	take(js.json_object_get(root, "Config"), "Image", st->image, sizeof(st->image));
	state = js.json_object_get(root, "State");
	running = js.json_object_get(state, "Running");
	if (running != NULL && json_is_true(running))
		st->pid = (pid_t)number(state, "Pid", PID_MAX);
	js.json_delete(root);
	return 0;
}

int state_daemon_json(const char *text, size_t len, char *data, size_t dlen, char *exec,
		      size_t elen, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "docker daemon.json", false, &ret, e);
	char d[256] = "", x[256] = "";

	if (root == NULL)
		return ret;
	take(root, "data-root", d, sizeof(d));
	take(root, "exec-root", x, sizeof(x));
	if (d[0] == '/' && strlen(d) < dlen)
		memcpy(data, d, strlen(d) + 1);
	if (x[0] == '/' && strlen(x) < elen)
		memcpy(exec, x, strlen(x) + 1);
	js.json_delete(root);
	return 0;
}

int state_podman(const char *text, size_t len, void (*fn)(const struct nsps_state *, void *),
		 void *arg, struct nsps_error *e)
{
	int ret;
	json_t *root = parse(text, len, "podman containers", true, &ret, e);
	json_error_t err;
	size_t n;

	if (root == NULL)
		return ret;
	n = js.json_array_size(root);
	for (size_t i = 0; i < n; i++) {
		const json_t *c = js.json_array_get(root, i);
		const json_t *names = js.json_object_get(c, "names");
		const char *meta = js.json_string_value(js.json_object_get(c, "metadata"));
		struct nsps_state st = { .runtime = "podman" };
		const char *first = js.json_string_value(js.json_array_get(names, 0));

		take_id(c, "id", &st);
		if (st.id[0] == '\0')
			continue;
		if (first != NULL)
			copy_field(st.name, sizeof(st.name), first);
		/* metadata is JSON in a string: {"image-name": "...", ...} */
		if (meta != NULL) {
			json_t *m = js.json_loadb(meta, strlen(meta), 0, &err);

			if (m != NULL) {
				take(m, "image-name", st.image, sizeof(st.image));
				js.json_delete(m);
			}
		}
		fn(&st, arg);
	}
	js.json_delete(root);
	return (int)n;
}

bool state_cmdline_option(const char *cmdline, size_t len, const char *prog, const char *opt,
			  char *out, size_t outlen)
{
	const char *end = cmdline + len, *a = cmdline, *base;
	size_t alen = strnlen(a, len), k = strlen(opt);

	if (len == 0 || alen == len)
		return false;
	base = memrchr(a, '/', alen);
	base = base ? base + 1 : a;
	if (strcmp(base, prog) != 0)
		return false;
	for (a += alen + 1; a < end;) {
		size_t n = strnlen(a, (size_t)(end - a));
		const char *next = a + n + 1, *v = NULL;

		if (n == (size_t)(end - a))
			break;	/* the last argument lacks its NUL: cut off */
		if (strncmp(a, opt, k) == 0 && a[k] == '=')
			v = a + k + 1;
		else if (strncmp(a, opt, k) == 0 && a[k] == '\0' && next < end &&
			 strnlen(next, (size_t)(end - next)) < (size_t)(end - next))
			v = next;
		if (v != NULL && strlen(v) > 0 && strlen(v) < outlen)
			memcpy(out, v, strlen(v) + 1);
		a = next;
	}
	return true;
}
