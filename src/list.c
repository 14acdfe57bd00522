// SPDX-License-Identifier: MIT
/* list.c - the --list table of containers (libsmartcols). */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libsmartcols.h>

#include "cgroup.h"
#include "dl.h"
#include "escape.h"
#include "list.h"

/*
 * libsmartcols, the table library of lsns and findmnt, loaded only for
 * --list (dl.c): linked, every run of nsps would pay for loading it.
 */
#define SC_FUNCS \
	X(scols_new_table) X(scols_unref_table) X(scols_table_new_column) \
	X(scols_table_new_line) X(scols_line_set_data) X(scols_table_enable_json) \
	X(scols_table_enable_raw) X(scols_table_enable_noheadings) X(scols_table_set_name) \
	X(scols_column_set_json_type) X(scols_print_table)

static struct {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): f names a member here */
#define X(f) __typeof__(f) *f;
	SC_FUNCS
#undef X
} sc;

static const struct dl_sym sc_syms[] = {
#define X(f) DL_SYM(sc, f)
	SC_FUNCS
#undef X
};
static struct dl_lib sc_lib = DL_LIB("libsmartcols.so.1", "libsmartcols", sc_syms);

enum col {
	COL_NS, COL_PID, COL_PROCS, COL_RUNTIME, COL_ID, COL_FULLID, COL_COMMAND,
	COL_NAME, COL_POD, COL_NAMESPACE, COL_CONTAINER, COL_IMAGE, COL_SHARES, N_COLS
};

static const struct {
	const char *name;
	double width;
	int flags;
	int json;
} cols[N_COLS] = {
	[COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PROCS] = { "PROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_RUNTIME] = { "RUNTIME", 10, 0, SCOLS_JSON_STRING },
	[COL_ID] = { "ID", 12, 0, SCOLS_JSON_STRING },
	[COL_FULLID] = { "FULLID", 64, 0, SCOLS_JSON_STRING },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING },
	[COL_NAME] = { "NAME", 16, 0, SCOLS_JSON_STRING },
	[COL_POD] = { "POD", 16, 0, SCOLS_JSON_STRING },
	[COL_NAMESPACE] = { "NAMESPACE", 10, 0, SCOLS_JSON_STRING },
	[COL_CONTAINER] = { "CONTAINER", 10, 0, SCOLS_JSON_STRING },
	[COL_IMAGE] = { "IMAGE", 16, 0, SCOLS_JSON_STRING },
	[COL_SHARES] = { "SHARES", 10, 0, SCOLS_JSON_STRING },
};

/* What an operator wants first: which runtime, which container (as -t
 * takes it), its init, how many processes, what runs. */
static const enum col default_cols[] = { COL_RUNTIME, COL_NAME, COL_PID, COL_PROCS, COL_COMMAND };
#define N_DEFAULT (sizeof(default_cols) / sizeof(default_cols[0]))

/* -J without -o: the default columns first, then the others. */
static const enum col json_order[N_COLS] = {
	COL_RUNTIME, COL_NAME, COL_PID, COL_PROCS, COL_COMMAND, COL_ID, COL_FULLID, COL_NS,
	COL_POD, COL_NAMESPACE, COL_CONTAINER, COL_IMAGE, COL_SHARES,
};

/* -o LIST into want[] (+LIST: after the default columns, as in
 * util-linux); returns the count, or -EINVAL with e saying why. */
static int parse_columns(const char *list, bool json, enum col *want, struct nsps_error *e)
{
	int n = 0;

	if (list == NULL && json) {	/* JSON, for programs: every column */
		for (int c = 0; c < N_COLS; c++)
			want[n++] = json_order[c];
		return n;
	}
	if (list == NULL || list[0] == '+') {
		memcpy(want, default_cols, sizeof(default_cols));
		n = (int)N_DEFAULT;
		if (list == NULL)
			return n;
		list++;
	}
	while (*list) {
		size_t k = strcspn(list, ",");
		int c;

		for (c = 0; c < N_COLS; c++)
			if (strlen(cols[c].name) == k && strncasecmp(list, cols[c].name, k) == 0)
				break;
		if (c == N_COLS) {
			error_set(e, 0, "unknown column '%.*s' for -o (RUNTIME, NAME, PID, PROCS, COMMAND, ID, FULLID, NS, POD, NAMESPACE, CONTAINER, IMAGE, SHARES)",
				  (int)(k > 32 ? 32 : k), list);
			return -EINVAL;
		}
		if (n == 32)
			return error_set(e, 0, "-o names too many columns: 32 at most");
		want[n++] = (enum col)c;
		list += k;
		if (*list == ',')
			list++;
	}
	if (n == 0 || (n == (int)N_DEFAULT && list[-1] == '+')) {
		error_set(e, 0, "-o names no column");
		return -EINVAL;
	}
	return n;
}

void list_label(const struct nsps_container *c, char *out, size_t len)
{
	bool hex = cgroup_is_id_prefix(c->ref.id);

	if (c->ref.id[0] == '\0')
		snprintf(out, len, "pid:[%lu]", c->pidns);
	else if (c->ref.runtime != NULL)
		snprintf(out, len, "%s://%.*s", c->ref.runtime, hex ? 12 : NSPS_ID_LEN, c->ref.id);
	else
		snprintf(out, len, "%.*s", hex ? 12 : NSPS_ID_LEN, c->ref.id);
}

bool list_reference(const struct nsps_container *c, char *out, size_t len)
{
	const struct nsps_state *st = &c->st;
	char raw[NSPS_NAME_LEN * 2 + 160];
	bool kube = st->id[0] != '\0' && st->pod[0] != '\0' && st->ns[0] != '\0';

	if (kube && st->sandbox)
		snprintf(raw, sizeof(raw), "%s/%s (sandbox)", st->ns, st->pod);
	else if (kube && st->container[0] != '\0')
		snprintf(raw, sizeof(raw), "%s/%s/%s", st->ns, st->pod, st->container);
	else if (st->id[0] != '\0' && st->name[0] != '\0')
		snprintf(raw, sizeof(raw), "%s", st->name);
	else {
		list_label(c, out, len);
		return false;
	}
	/* names and annotations are their users' text: made safe to print */
	escape_safe(raw, strlen(raw), out, len);
	return true;
}

/* Text a container's user chose, for a cell: as is for a table (which
 * libsmartcols encodes safely), escaped for JSON (which it only quotes). */
static void user_text(const char *in, bool json, char *out, size_t len)
{
	if (json)
		escape_safe(in, strlen(in), out, len);
	else
		snprintf(out, len, "%s", in);
}

/* One cell's text. Container-controlled text (COMMAND) goes to
 * libsmartcols as it is for tables, which it encodes safely itself (as
 * lsns shows names), and pre-escaped for JSON, which it only quotes. */
static void cell(const struct nsps_container *c, enum col col, bool json, char *out, size_t len)
{
	switch (col) {
	case COL_NS:
		snprintf(out, len, "%lu", c->pidns);
		break;
	case COL_PID:
		snprintf(out, len, "%d", (int)c->pid);
		break;
	case COL_PROCS:
		snprintf(out, len, "%d", c->nprocs);
		break;
	case COL_RUNTIME:
		snprintf(out, len, "%s", c->ref.runtime ? c->ref.runtime : "unknown");
		break;
	case COL_ID:
		snprintf(out, len, "%.*s", cgroup_is_id_prefix(c->ref.id) ? 12 : NSPS_ID_LEN,
			 c->ref.id);
		break;
	case COL_FULLID:
		snprintf(out, len, "%s", c->ref.id);
		break;
	case COL_NAME:
		/* a name (escaped already), else the ID: runc's and crun's are
		 * names, a hex one is shortened */
		if (!list_reference(c, out, len))
			snprintf(out, len, "%.*s", cgroup_is_id_prefix(c->ref.id) ? 12 : NSPS_ID_LEN,
				 c->ref.id);
		break;
	case COL_POD:
		user_text(c->st.pod, json, out, len);
		break;
	case COL_NAMESPACE:
		user_text(c->st.ns, json, out, len);
		break;
	case COL_CONTAINER:
		user_text(c->st.sandbox ? "(sandbox)" : c->st.container, json, out, len);
		break;
	case COL_IMAGE:
		user_text(c->st.image, json, out, len);
		break;
	case COL_SHARES:
		user_text(c->shares, json, out, len);
		break;
	case COL_COMMAND:
	default:
		containers_cmdline(c->pid, json, out, len);
		break;
	}
}

int list_print(const struct nsps_container *cs, size_t n, const struct nsps_opts *opts,
	       struct nsps_error *e)
{
	enum col want[32];
	struct libscols_table *tb;
	int ncols = parse_columns(opts->columns, opts->json, want, e), ret = 0;

	if (ncols < 0)
		return ncols;
	if (dl_load(&sc_lib, e) < 0)
		return -ENOSYS;
	/* Printable UTF-8 shown as such, not as \x escapes. */
	setlocale(LC_CTYPE, "");
	if ((tb = sc.scols_new_table()) == NULL)
		return error_set(e, ENOMEM, "cannot make the container table");
	if (sc.scols_table_set_name(tb, "containers") != 0 ||
	    sc.scols_table_enable_json(tb, opts->json) != 0 ||
	    sc.scols_table_enable_raw(tb, opts->raw) != 0 ||
	    sc.scols_table_enable_noheadings(tb, opts->noheadings) != 0)
		ret = -1;
	for (int i = 0; i < ncols && ret == 0; i++) {
		struct libscols_column *cl = sc.scols_table_new_column(tb, cols[want[i]].name,
								      cols[want[i]].width,
								      cols[want[i]].flags);
		if (cl == NULL || sc.scols_column_set_json_type(cl, cols[want[i]].json) != 0)
			ret = -1;
	}
	for (size_t r = 0; r < n && ret == 0; r++) {
		struct libscols_line *ln = sc.scols_table_new_line(tb, NULL);

		for (int i = 0; i < ncols && ln != NULL; i++) {
			char text[4096];

			cell(&cs[r], want[i], opts->json, text, sizeof(text));
			if (sc.scols_line_set_data(ln, (size_t)i, text) != 0)
				ln = NULL;
		}
		if (ln == NULL)
			ret = -1;
	}
	if (ret == 0 && sc.scols_print_table(tb) != 0)
		ret = -1;
	/* libsmartcols prints no header over no rows: the columns still
	 * tell a script what it got, and a reader that nothing is there */
	for (int i = 0; i < ncols && ret == 0 && n == 0 && !opts->json && !opts->noheadings; i++)
		if (printf("%s%s", cols[want[i]].name, i + 1 < ncols ? " " : "\n") < 0)
			ret = -1;
	sc.scols_unref_table(tb);
	if (ret != 0)
		return error_set(e, errno ? errno : EIO, "cannot print the container table");
	return 0;
}
