#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Hostile containers: from inside real runc and docker containers, an attacker probes
# the command nsps runs in its PID namespace: /proc/PID/root, environ, fd,
# mem, mountstats, ptrace attach, and a write through /proc/PID/root to the
# host; and what anyone who sees the PID may read (net/*, mountinfo,
# mounts) must show no more than the container's own. Every
# probe fails for attackers without CAP_SYS_PTRACE (container root with
# runc's default capabilities, container root with docker's default
# capabilities and seccomp profile, a container process as uid 65534). A
# container with CAP_SYS_PTRACE can read: nsps warns of it, and writes
# still fail (read-only view).

load helpers

setup_file() {
	requires root runc dockerd docker jq gcc tar bindfs "$BUSYBOX"
	gcc -static -O2 -o "$BATS_FILE_TMPDIR/ptrace_probe" "$BATS_TEST_DIRNAME/../tests/helpers/ptrace_probe.c"
	# docker's defaults: 14 capabilities, its seccomp profile, no privileges
	start_docker_engine "$BATS_FILE_TMPDIR/ptrace_probe"
	DOCKER_NAME=nsps-hostile-$BATS_ROOT_PID
	docker run -d --name "$DOCKER_NAME" --network=none nsps-busybox:test \
		sh -c 'sleep 100000 & wait' >/dev/null
	DOCKER_TARGET=$(docker inspect -f '{{.State.Pid}}' "$DOCKER_NAME")
	export DOCKER_NAME DOCKER_TARGET
	# a container whose processes hold CAP_SYS_PTRACE
	start_runc_target '.process.capabilities |= with_entries(.value += ["CAP_SYS_PTRACE"])'
	cp "$BATS_FILE_TMPDIR/ptrace_probe" "$RUNC_BUNDLE/rootfs/bin/"
	export PT_NAME=$RUNC_NAME PT_TARGET=$RUNC_TARGET
	# and one with runc's defaults
	start_runc_target
	cp "$BATS_FILE_TMPDIR/ptrace_probe" "$RUNC_BUNDLE/rootfs/bin/"
}

teardown_file() {
	stop_runc_target
	runc delete -f "$PT_NAME" >/dev/null 2>&1 || true
	stop_docker_engine "${DOCKER_NAME:-none}"
}

teardown() {
	stop_nsps_bg
	stop_marked_host
	rm -f "/tmp/nsps-hostile-$BATS_ROOT_PID"
	remove_host_probe
}

# victim TARGET: nsps runs a command with a secret in its environment in
# TARGET's namespaces; VICTIM is its PID as the container sees it.
victim() {
	run_nsps_bg -t "$1" -- env NSPS_SECRET=hunter2 sleep 1000
	wait_for bash -c "grep -q '^sleep' /proc/$NSPS_CMD/comm"
	VICTIM=$(ns_pid "$NSPS_CMD")
}

# probe CONTAINER USER CMD: run CMD (sh) in CONTAINER (a runc name, or
# docker:NAME) as USER; sets status and output like run.
probe() {
	if [[ $1 == docker:* ]]; then
		run docker exec --user "$2" "${1#docker:}" sh -c "$3"
	else
		run runc exec --user "$2" "$1" sh -c "$3"
	fi
}

# refused PROBE-ARGS...: the probe fails and shows no secret.
refused() {
	probe "$@"
	assert_failure
	refute_output --partial hunter2
	refute_output --partial attached
}

# every_probe_fails CONTAINER USER: every probe fails against VICTIM.
every_probe_fails() {
	refused "$1" "$2" "ls /proc/$VICTIM/root/"
	refused "$1" "$2" "cat /proc/$VICTIM/environ"
	# (its fd numbers are listed, as for any root-owned process; the
	# files behind them are what must stay out of reach)
	refused "$1" "$2" "readlink /proc/$VICTIM/fd/1"
	refused "$1" "$2" "cat /proc/$VICTIM/fd/0"
	refused "$1" "$2" "exec 3</proc/$VICTIM/mem"
	refused "$1" "$2" "ptrace_probe $VICTIM"
	refused "$1" "$2" "echo owned > /proc/$VICTIM/root$HOST_PROBE"
	assert [ ! -e "$HOST_PROBE" ]
	refused "$1" "$2" "echo owned > /proc/$VICTIM/root/tmp/nsps-hostile-$BATS_ROOT_PID"
	assert [ ! -e "/tmp/nsps-hostile-$BATS_ROOT_PID" ]
}

# same_as_own CONTAINER USER FILE COLUMNS: FILE of VICTIM's /proc shows the
# container what its own does (in the awk COLUMNS: names, addresses,
# paths; not counters that move between two reads).
same_as_own() {
	local mine
	probe "$1" "$2" "awk '{ print $4 }' /proc/self/$3"
	assert_success
	mine=$output
	probe "$1" "$2" "awk '{ print $4 }' /proc/$VICTIM/$3"
	assert_success
	assert_equal "$output" "$mine"
}

# reveals_nothing CONTAINER USER: what anyone who sees VICTIM may read of
# it (/proc/PID/net/*, mountinfo, mounts) tells the container nothing of
# the host: the network is its own, the mount table only the view's
# places, none of the host's runtime, bundle or volume paths.
reveals_nothing() {
	same_as_own "$1" "$2" net/dev '$1'
	same_as_own "$1" "$2" net/route '$0'
	same_as_own "$1" "$2" net/tcp '$2 " " $4'
	same_as_own "$1" "$2" net/tcp6 '$2 " " $4'
	same_as_own "$1" "$2" net/udp '$2'
	same_as_own "$1" "$2" net/unix '$NF'
	local f places
	# (mountstats is the owner's and ptrace-guarded: container root may
	# read it, uid 65534 may not; where read, it is held to the same)
	for f in mountinfo mounts mountstats; do
		probe "$1" "$2" "cat /proc/$VICTIM/$f"
		[[ $f == mountstats && $status != 0 ]] && continue
		assert_success
		refute_output --partial "$DOCKER_DIR"
		refute_output --partial bundle-
		refute_output --partial "$BATS_RUN_TMPDIR"
	done
	probe "$1" "$2" "cat /proc/$VICTIM/mountinfo"
	places=$(awk '$5 !~ "^/(usr|etc|opt|snap|nix|home|root|var|dev|sys|proc|run|tmp)?(/|$)" { print $5 }' <<<"$output")
	assert_equal "$places" ""
}

# marked_victim SHAPE TARGET: as victim, but nsps runs on a throwaway copy
# of this host, private or shared (SHAPE) as systemd makes it, with mounts
# where real hosts keep what a container must not learn: /home a network
# filesystem (bindfs, FUSE, stands for NFS) with an export mounted below
# it, volumes under /mnt, and below the tool tree /opt a network
# filesystem beside a local one (a tmpfs, which tools may need: kept).
# Each source or directory names itself nsps-mark-*.
marked_victim() {
	local d=$BATS_TEST_TMPDIR/marks
	mkdir -p "$d/nsps-mark-home-export" "$d/nsps-mark-opt-nfs"
	# shellcheck disable=SC2016 # the inner bash expands them
	unshare -m --propagation private bash -c '
		set -e
		d=$1 shape=$2
		shift 2
		[[ $shape == shared ]] && mount --make-rshared /
		mount -t tmpfs nsps-mark-opt-disk /opt
		mkdir /opt/nfs /opt/local
		bindfs -f -o nonempty "$d/nsps-mark-opt-nfs" /opt/nfs & echo $! >>"$d/pids"
		bindfs -f -o nonempty "$d/nsps-mark-home-export" /home & echo $! >>"$d/pids"
		for m in /opt/nfs /home; do
			until grep -q " $m [^ ]* [^-]*- fuse" /proc/self/mountinfo; do sleep 0.05; done
		done
		mount -t tmpfs nsps-mark-opt-local /opt/local
		mkdir -p /home/alice
		mount -t tmpfs 10.20.30.40:/vol/nsps-mark-alice-payroll /home/alice
		mount -t tmpfs nsps-mark-mnt /mnt
		mkdir /mnt/vol
		mount -t tmpfs nsps-mark-mnt-volume /mnt/vol
		exec "$@"' marked "$d" "$1" "$NSPS" -t "$2" -- env NSPS_SECRET=hunter2 sleep 1000 \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	NSPS_BG=$!
	MARKS=$d
	# (by its whole command line: the script's own waits are sleeps too)
	wait_for bash -c "pgrep -P $NSPS_BG -f '^sleep 1000\$' >/dev/null" ||
		fail "nsps did not start: $(cat "$BATS_TEST_TMPDIR/err")"
	NSPS_CMD=$(pgrep -P "$NSPS_BG" -f '^sleep 1000$')
	VICTIM=$(ns_pid "$NSPS_CMD")
}

# stop_marked_host: its FUSE servers, by the PIDs recorded (the throwaway
# namespace ends with its last process).
stop_marked_host() {
	local pid
	[[ -n ${MARKS:-} && -f $MARKS/pids ]] || return 0
	stop_nsps_bg
	while read -r pid; do
		kill "$pid" 2>/dev/null || true
		wait_for is_gone "$pid"
	done <"$MARKS/pids"
	rm -f "$MARKS/pids"
}

# learns_no_marks CONTAINER USER: the command's mountinfo, read from the
# container, shows none of the marked host's mounts but the local one
# kept below /opt.
learns_no_marks() {
	probe "$1" "$2" "cat /proc/$VICTIM/mountinfo"
	assert_success
	refute_output --partial nsps-mark-home-export
	refute_output --partial nsps-mark-alice-payroll
	refute_output --partial 10.20.30.40
	refute_output --partial nsps-mark-mnt
	refute_output --partial nsps-mark-opt-nfs
	refute_output --regexp ' - fuse'
	assert_output --partial nsps-mark-opt-local
}

@test "the command's mountinfo: no network filesystem, nothing below /home, nothing under /mnt; on a private and a shared host" {
	local shape
	for shape in private shared; do
		marked_victim "$shape" "$RUNC_TARGET"
		learns_no_marks "$RUNC_NAME" 0:0
		learns_no_marks "$RUNC_NAME" 65534:65534
		stop_marked_host
	done
}

@test "container root with runc's default capabilities: every probe fails" {
	victim "$RUNC_TARGET"
	every_probe_fails "$RUNC_NAME" 0:0
}

@test "container root with runc's default capabilities: the command's /proc/PID reveals nothing of the host" {
	victim "$RUNC_TARGET"
	reveals_nothing "$RUNC_NAME" 0:0
}

@test "container root with docker's default capabilities and seccomp: every probe fails" {
	victim "$DOCKER_TARGET"
	every_probe_fails "docker:$DOCKER_NAME" 0:0
}

@test "container root with docker's default capabilities: the command's /proc/PID reveals nothing of the host" {
	victim "$DOCKER_TARGET"
	reveals_nothing "docker:$DOCKER_NAME" 0:0
}

@test "a container process as uid 65534: every probe fails" {
	victim "$RUNC_TARGET"
	every_probe_fails "$RUNC_NAME" 65534:65534
}

@test "a container process as uid 65534: the command's /proc/PID reveals nothing of the host" {
	victim "$RUNC_TARGET"
	reveals_nothing "$RUNC_NAME" 65534:65534
}

@test "a container with CAP_SYS_PTRACE: nsps warned; reads succeed, writes fail" {
	victim "$PT_TARGET"
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output "nsps: warning: target $PT_TARGET has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it"
	probe "$PT_NAME" 0:0 "cat /proc/$VICTIM/environ | tr '\\0' '\\n'"
	assert_success
	assert_line NSPS_SECRET=hunter2
	probe "$PT_NAME" 0:0 "ptrace_probe $VICTIM"
	assert_success
	assert_output attached
	probe "$PT_NAME" 0:0 "echo owned > /proc/$VICTIM/root$HOST_PROBE"
	assert_failure
	assert_output --partial 'Read-only file system'
	assert [ ! -e "$HOST_PROBE" ]
	# the view's scratch /tmp takes the write, the host's never sees it
	probe "$PT_NAME" 0:0 "echo owned > /proc/$VICTIM/root/tmp/nsps-hostile-$BATS_ROOT_PID"
	assert_success
	assert [ ! -e "/tmp/nsps-hostile-$BATS_ROOT_PID" ]
}
