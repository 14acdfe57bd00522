# SPDX-License-Identifier: MIT
# helpers.bash - shared fixtures for the nsps bats suites: real targets
# (util-linux unshare, runc), host mount-table snapshots, waiting helpers.
# shellcheck shell=bash
# bats sets output, lines and stderr; the suites read what the helpers set.
# shellcheck disable=SC2154,SC2034

set -u
bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

NSPS=${NSPS:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)/nsps}
export NSPS
BUSYBOX=${BUSYBOX:-/bin/busybox}

# requires WHAT...: skip on a developer's machine that lacks WHAT, but fail
# under CI, where everything is installed and nothing may be skipped.
requires() {
	local need
	for need in "$@"; do
		case $need in
		root) [[ $(id -u) == 0 ]] && continue ;;
		*) command -v "$need" >/dev/null && continue ;;
		esac
		if [[ -n ${CI:-} ]]; then
			fail "this test needs '$need', which CI must install"
		fi
		skip "needs $need"
	done
}

# wait_for CMD...: retry CMD until it succeeds, for up to ~10 s. Not a timed
# test: the limit only keeps a broken run from hanging.
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	echo "wait_for: gave up on: $*" >&2
	return 1
}

# is_gone PID: the process no longer runs (a zombie counts as gone: the
# orphan reaper here collects them only every second or so).
is_gone() {
	local state
	state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 0
	[[ -z $state || $state == Z ]]
}

# child_of PID: the first child of PID; fails while it has none (so that
# wait_for child_of waits).
child_of() {
	local c
	c=$(pgrep -P "$1" | head -n 1)
	[[ -n $c ]] && echo "$c"
}

# ns_pid HOSTPID: the PID of HOSTPID in its innermost PID namespace.
ns_pid() {
	awk '/^NSpid:/ { print $NF }' "/proc/$1/status"
}

# assert_lines N: the last run printed N lines (shows them if not).
assert_lines() {
	((${#lines[@]} == $1)) && return 0
	batslib_print_kv_single_or_multi 8 expected "$1 lines" actual "${#lines[@]} lines" \
		output "$output" | batslib_decorate 'wrong number of lines' | fail
}

# A path on the host's root filesystem, outside the view's scratch space
# (/tmp, /var/tmp, /run, $HOME): a write there in the read-only view must
# fail. A test that makes it (a file, or a directory of its own) removes
# it in its teardown (remove_host_probe), also when it fails.
HOST_PROBE=/var/lib/nsps-probe-$BATS_ROOT_PID
remove_host_probe() {
	rm -rf "$HOST_PROBE"
}

# The host's mount table as this test sees it; bats runs in the host's
# mount namespace. Mount IDs included: a remount or re-create would show.
host_mounts() {
	cat /proc/self/mountinfo
}

# --- a target made with util-linux unshare -----------------------------------
# PID 1 is sh; it runs two sleeps and a busybox httpd on 127.0.0.1:8080 in
# its own network namespace. start_unshare_target [UNSHARE-OPTION...]: more
# namespaces (--time --boottime N, --cgroup); with UNSHARE_CGROUP set, the
# target starts in that cgroup directory.
start_unshare_target() {
	# shellcheck disable=SC2016 # the inner bash expands them
	bash -c '[[ -z $1 ]] || echo $$ >"$1/cgroup.procs" || exit 1; shift; exec "$@"' _ \
		"${UNSHARE_CGROUP:-}" \
		unshare --pid --fork --kill-child --mount --net --uts --ipc --mount-proc "$@" \
		sh -c "ip link set lo up; hostname nsps-unshare; $BUSYBOX httpd -p 127.0.0.1:8080; sleep 100000 & sleep 100001 & wait" \
		</dev/null >/dev/null 2>&1 3>&- &
	UNSHARE_PID=$!
	wait_for child_of "$UNSHARE_PID" >/dev/null
	UNSHARE_TARGET=$(child_of "$UNSHARE_PID")
	# Ready once its listener is up (it is the last thing started).
	wait_for bash -c "[[ -n \$(nsenter -t $UNSHARE_TARGET -n ss -Htln 'sport = :8080') ]]"
	export UNSHARE_PID UNSHARE_TARGET
}

stop_unshare_target() {
	# SIGKILL to a namespace's init kills every process in it.
	if [[ -n ${UNSHARE_TARGET:-} ]]; then
		kill -KILL "$UNSHARE_TARGET" 2>/dev/null || true
	fi
	if [[ -n ${UNSHARE_PID:-} ]]; then
		kill -KILL "$UNSHARE_PID" 2>/dev/null || true
		wait_for is_gone "$UNSHARE_PID"
	fi
	# Safe to call twice: never signal a PID that may have been reused.
	unset UNSHARE_PID UNSHARE_TARGET
}

# --- a rootless target: an unprivileged user's own user namespace -----------
# As uid 65534, unshare --user --map-root-user: its root is the host's 65534.
start_rootless_target() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare --user --map-root-user --pid --fork --kill-child --mount --uts --ipc --mount-proc \
		sh -c "hostname nsps-rootless; sleep 100000 & sleep 100001 & wait" \
		</dev/null >/dev/null 2>&1 3>&- &
	ROOTLESS_PID=$!
	wait_for child_of "$ROOTLESS_PID" >/dev/null
	ROOTLESS_TARGET=$(child_of "$ROOTLESS_PID")
	wait_for bash -c "[[ \$(pgrep -c -P $ROOTLESS_TARGET) == 2 ]]"
	export ROOTLESS_PID ROOTLESS_TARGET
}

stop_rootless_target() {
	if [[ -n ${ROOTLESS_TARGET:-} ]]; then
		kill -KILL "$ROOTLESS_TARGET" 2>/dev/null || true
	fi
	if [[ -n ${ROOTLESS_PID:-} ]]; then
		kill -KILL "$ROOTLESS_PID" 2>/dev/null || true
		wait_for is_gone "$ROOTLESS_PID"
	fi
	unset ROOTLESS_PID ROOTLESS_TARGET
}

# --- a real OCI container run by runc ----------------------------------------
# make_rootfs DIR: a busybox root filesystem.
make_rootfs() {
	"$BATS_TEST_DIRNAME/../scripts/mkrootfs.sh" "$1" "$BUSYBOX"
}

# start_runc_target [JQ]: RUNC_NAME runs sh as PID 1 with two sleeps and
# httpd, from the bundle RUNC_BUNDLE; JQ is an extra edit of config.json.
start_runc_target() {
	RUNC_NAME=nsps-test-$BATS_ROOT_PID-$RANDOM
	# RUNC_BUNDLE_ROOT: a directory other users can traverse (user namespaces)
	RUNC_BUNDLE=${RUNC_BUNDLE_ROOT:-$BATS_FILE_TMPDIR}/bundle-$RUNC_NAME
	local bundle=$RUNC_BUNDLE
	make_rootfs "$bundle/rootfs"
	(cd "$bundle" && runc spec)
	jq '.process.terminal = false
	    | .process.args = ["sh", "-c", "httpd -p 127.0.0.1:8080; sleep 100000 & sleep 100001 & wait"]
	    | .hostname = "nsps-runc" | '"${1:-.}" "$bundle/config.json" >"$bundle/config.new"
	mv "$bundle/config.new" "$bundle/config.json"
	runc run -d --bundle "$bundle" "$RUNC_NAME" </dev/null >"$bundle/log" 2>&1 3>&-
	RUNC_TARGET=$(runc state "$RUNC_NAME" | jq -r .pid)
	wait_for bash -c "[[ -n \$(nsenter -t $RUNC_TARGET -n ss -Htln 'sport = :8080') ]]"
	export RUNC_NAME RUNC_TARGET RUNC_BUNDLE
}

stop_runc_target() {
	if [[ -n ${RUNC_NAME:-} ]]; then
		runc delete -f "$RUNC_NAME" >/dev/null 2>&1 || true
	fi
}

# start_crun_target: CRUN_NAME runs sh as PID 1 with a sleep. crun refuses
# this machine's hybrid cgroup layout unless the v2 controller list is
# hidden from it, in a throwaway mount namespace (RUNTIMES.md).
start_crun_target() {
	CRUN_NAME=nsps-crun-$BATS_ROOT_PID-$RANDOM
	local bundle=$BATS_FILE_TMPDIR/bundle-$CRUN_NAME
	local ctl=/sys/fs/cgroup/unified/cgroup.controllers
	make_rootfs "$bundle/rootfs"
	(cd "$bundle" && crun spec)
	jq '.process.terminal = false | .process.args = ["sh", "-c", "sleep 100000 & wait"]
	    | .hostname = "nsps-crun"' "$bundle/config.json" >"$bundle/config.new"
	mv "$bundle/config.new" "$bundle/config.json"
	: >"$bundle/empty"
	if [[ -e $ctl ]]; then
		# shellcheck disable=SC2016 # the inner sh expands them
		unshare -m --propagation private sh -c 'mount --bind "$1" "$2" && exec crun run -d --bundle "$3" "$4"' \
			_ "$bundle/empty" "$ctl" "$bundle" "$CRUN_NAME" </dev/null >"$bundle/log" 2>&1 3>&-
	else
		crun run -d --bundle "$bundle" "$CRUN_NAME" </dev/null >"$bundle/log" 2>&1 3>&-
	fi
	CRUN_TARGET=$(crun state "$CRUN_NAME" | jq -r .pid)
	export CRUN_NAME CRUN_TARGET
}

stop_crun_target() {
	if [[ -n ${CRUN_NAME:-} ]]; then
		crun delete -f "$CRUN_NAME" >/dev/null 2>&1 || true
	fi
}

# --- a private docker engine -------------------------------------------------
# start_docker_engine [FILE...]: a dockerd of our own with the image
# nsps-busybox:test (scripts/docker-engine.sh); DOCKER_HOST points docker
# at it.
start_docker_engine() {
	DOCKER_DIR=$(mktemp -d /tmp/nsps-docker.XXXXXX)
	export DOCKER_DIR DOCKER_HOST=unix://$DOCKER_DIR/sock
	BUSYBOX=$BUSYBOX "$BATS_TEST_DIRNAME/../scripts/docker-engine.sh" start "$DOCKER_DIR" "$@"
}

# stop_docker_engine [CONTAINER...]: remove the containers, the image, the
# engine and the cgroups it made.
stop_docker_engine() {
	[[ -n ${DOCKER_DIR:-} ]] || return 0
	"$BATS_TEST_DIRNAME/../scripts/docker-engine.sh" stop "$DOCKER_DIR" "$@"
}

# reaches_engine_container SCHEME ID PID HOSTNAME: SCHEME://ID, the 12-digit
# prefix of ID and $ENGINE_NAME each lead nsps to the container whose init
# is PID (host view) and whose hostname is HOSTNAME; it runs two sleeps.
reaches_engine_container() {
	local scheme=$1 id=$2 pid=$3 host=$4 ref
	for ref in "$scheme://$id" "${id:0:12}" "$ENGINE_NAME"; do
		run -0 --separate-stderr "$NSPS" -v -u -t "$ref" -- sh -c 'hostname; ps -o pid=,args= -e'
		assert_line --index 0 "$host"
		assert_line --regexp '^ +1 sh -c sleep 100000 & sleep 100001 & wait$'
		[[ $stderr == *"nsps: target '$ref': container $ENGINE_NAME ($scheme $id), pid $pid"* ]] ||
			fail "$ref not resolved to the container: $stderr"
	done
}

# assert_audit WANT OURS...: the last run of nsps -A (run --separate-stderr)
# ended with WANT; or worse, but only through containers that are not one
# of OURS (their host PIDs): another user's, which may end mid-audit. Every
# nsps: error line (warnings aside) must then name such a foreign PID.
assert_audit() {
	local want=$1 line pid
	shift
	[[ $status == "$want" ]] && return 0
	((status > want)) || fail "nsps -A exited $status, not $want: $stderr"
	while IFS= read -r line; do
		[[ $line == nsps:* && $line != "nsps: warning: "* ]] || continue
		pid=$(sed -n 's/.*target \([0-9][0-9]*\).*/\1/p' <<<"$line")
		if [[ -z $pid ]] || printf '%s\n' "$@" | grep -qx "$pid"; then
			fail "nsps -A exited $status, through one of ours or no container: $line"
		fi
	done <<<"$stderr"
}

# audit_section HEADER: the lines the last nsps -A printed under HEADER.
audit_section() {
	awk -v h="$1" '/^== / { in_it = ($0 == h); next } in_it' <<<"$output"
}

# podman_import TAR IMAGE: import TAR as IMAGE into podman's private store
# (setup_suite.bash). The import also writes a blob cache, always under
# /var/lib/containers: it goes to an empty /var/lib of a throwaway mount
# namespace instead, so that the host's stays as it was.
podman_import() {
	# shellcheck disable=SC2016 # the inner sh expands them
	unshare -m --propagation private sh -c \
		'mount -t tmpfs nsps-varlib /var/lib && exec podman import "$1" "$2"' _ "$1" "$2" >/dev/null
}

# run_nsps_bg ARGS...: start nsps in the background, its stdout in
# $BATS_TEST_TMPDIR/out; sets NSPS_BG (nsps) and NSPS_CMD (the command).
run_nsps_bg() {
	"$NSPS" "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	NSPS_BG=$!
	wait_for child_of "$NSPS_BG" >/dev/null
	NSPS_CMD=$(child_of "$NSPS_BG")
}

# stop_nsps_bg: kill what run_nsps_bg started, for a teardown (a test that
# failed half-way must not leave its nsps behind).
stop_nsps_bg() {
	if [[ -n ${NSPS_BG:-} ]]; then
		{ kill -KILL "$NSPS_BG" && wait "$NSPS_BG"; } 2>/dev/null || true
	fi
	unset NSPS_BG
}

# expect_exit STATUS PID: the background PID ends with STATUS. (bats' run
# would wait in a subshell, which cannot wait for this shell's children.)
expect_exit() {
	local rc=0
	wait "$2" || rc=$?
	assert_equal "$rc" "$1"
}

# out_has TEXT: the background command has printed TEXT.
out_has() {
	grep -q -- "$1" "$BATS_TEST_TMPDIR/out"
}

# --- a hostile container: FUSE that never answers ----------------------------
# start_fuse_target PATH...: a runc container with CAP_SYS_ADMIN and
# /dev/fuse whose init mounts, on each PATH of its own, a FUSE filesystem
# whose server never answers (it holds /dev/fuse open and never reads it:
# every request that crosses such a mount waits for ever), then sleeps.
# A directory gets rootmode=40000, a file rootmode=100000. Ready once the
# container's mount table lists every one. Sets FUSE_NAME, FUSE_TARGET.
start_fuse_target() {
	local script='exec 3<>/dev/fuse' p
	for p in "$@"; do
		script+="; if [ -d $p ]; then m=40000; else m=100000; fi"
		script+="; mount -n -t fuse -o fd=3,rootmode=\$m,user_id=0,group_id=0 nsps-fuse $p || exit 1"
	done
	script+='; exec sleep 1000000'
	FUSE_NAME=nsps-fuse-$BATS_ROOT_PID-$RANDOM
	local bundle=$BATS_FILE_TMPDIR/bundle-$FUSE_NAME
	make_rootfs "$bundle/rootfs"
	printf 'nameserver 127.0.0.1\n' >"$bundle/rootfs/etc/resolv.conf"
	printf '127.0.0.1 localhost\n' >"$bundle/rootfs/etc/hosts"
	printf 'nsps-fuse\n' >"$bundle/rootfs/etc/hostname"
	(cd "$bundle" && runc spec)
	jq --arg s "$script" '.process.terminal = false | .process.args = ["sh", "-c", $s]
	    | .hostname = "nsps-fuse"
	    | .process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])
	    | .linux.devices += [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229,
	                          "fileMode": 438, "uid": 0, "gid": 0}]
	    | .linux.resources.devices += [{"allow": true, "type": "c", "major": 10, "minor": 229,
	                                    "access": "rwm"}]' \
		"$bundle/config.json" >"$bundle/config.new"
	mv "$bundle/config.new" "$bundle/config.json"
	runc run -d --bundle "$bundle" "$FUSE_NAME" </dev/null >"$bundle/log" 2>&1 3>&-
	FUSE_TARGET=$(runc state "$FUSE_NAME" | jq -r .pid)
	wait_for bash -c "[[ \$(grep -c ' - fuse ' /proc/$FUSE_TARGET/mountinfo) == $# ]]" ||
		fail "the FUSE container did not come up: $(cat "$bundle/log")"
	export FUSE_NAME FUSE_TARGET
}

# stop_fuse_target: killing its init closes /dev/fuse, which aborts the
# connection and frees whatever still waited on it.
stop_fuse_target() {
	if [[ -n ${FUSE_NAME:-} ]]; then
		runc delete -f "$FUSE_NAME" >/dev/null 2>&1 || true
	fi
	unset FUSE_NAME FUSE_TARGET
}

# processes_in_pidns PID: how many processes share PID's PID namespace.
processes_in_pidns() {
	local ns p n=0
	ns=$(readlink "/proc/$1/ns/pid") || return 1
	for p in /proc/[0-9]*; do
		[[ $(readlink "$p/ns/pid" 2>/dev/null) == "$ns" ]] && n=$((n + 1))
	done
	echo "$n"
}
