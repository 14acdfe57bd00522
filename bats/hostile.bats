#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Hostile containers: from inside real runc containers, an attacker probes
# the command nsps runs in its PID namespace: /proc/PID/root, environ, fd,
# mem, ptrace attach, and a write through /proc/PID/root to the host. Every
# probe fails for attackers without CAP_SYS_PTRACE (container root with
# runc's default capabilities, a container process as uid 65534). A
# container with CAP_SYS_PTRACE can read: nsps warns of it, and writes
# still fail (read-only view).

load helpers

setup_file() {
	requires root runc jq gcc "$BUSYBOX"
	gcc -static -O2 -o "$BATS_FILE_TMPDIR/ptrace_probe" "$BATS_TEST_DIRNAME/../tests/helpers/ptrace_probe.c"
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
}

teardown() {
	stop_nsps_bg
	rm -f "/tmp/nsps-hostile-$BATS_ROOT_PID"
}

# victim TARGET: nsps runs a command with a secret in its environment in
# TARGET's namespaces; VICTIM is its PID as the container sees it.
victim() {
	run_nsps_bg -t "$1" -- env NSPS_SECRET=hunter2 sleep 1000
	wait_for bash -c "grep -q '^sleep' /proc/$NSPS_CMD/comm"
	VICTIM=$(ns_pid "$NSPS_CMD")
}

# probe CONTAINER USER CMD: run CMD (sh) in CONTAINER as USER; sets status
# and output like run.
probe() {
	run runc exec --user "$2" "$1" sh -c "$3"
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
	refused "$1" "$2" "echo owned > /proc/$VICTIM/root/tmp/nsps-hostile-$BATS_ROOT_PID"
	assert [ ! -e "/tmp/nsps-hostile-$BATS_ROOT_PID" ]
}

@test "container root with runc's default capabilities: every probe fails" {
	victim "$RUNC_TARGET"
	every_probe_fails "$RUNC_NAME" 0:0
}

@test "a container process as uid 65534: every probe fails" {
	victim "$RUNC_TARGET"
	every_probe_fails "$RUNC_NAME" 65534:65534
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
	probe "$PT_NAME" 0:0 "echo owned > /proc/$VICTIM/root/tmp/nsps-hostile-$BATS_ROOT_PID"
	assert_failure
	assert_output --partial 'Read-only file system'
	assert [ ! -e "/tmp/nsps-hostile-$BATS_ROOT_PID" ]
}
