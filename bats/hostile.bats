#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Hostile containers: from inside real runc and docker containers, an attacker probes
# the command nsps runs in its PID namespace: /proc/PID/root, environ, fd,
# mem, ptrace attach, and a write through /proc/PID/root to the host. Every
# probe fails for attackers without CAP_SYS_PTRACE (container root with
# runc's default capabilities, container root with docker's default
# capabilities and seccomp profile, a container process as uid 65534). A
# container with CAP_SYS_PTRACE can read: nsps warns of it, and writes
# still fail (read-only view).

load helpers

setup_file() {
	requires root runc dockerd docker jq gcc tar "$BUSYBOX"
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
	rm -f "/tmp/nsps-hostile-$BATS_ROOT_PID"
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
	refused "$1" "$2" "echo owned > /proc/$VICTIM/root/tmp/nsps-hostile-$BATS_ROOT_PID"
	assert [ ! -e "/tmp/nsps-hostile-$BATS_ROOT_PID" ]
}

@test "container root with runc's default capabilities: every probe fails" {
	victim "$RUNC_TARGET"
	every_probe_fails "$RUNC_NAME" 0:0
}

@test "container root with docker's default capabilities and seccomp: every probe fails" {
	victim "$DOCKER_TARGET"
	every_probe_fails "docker:$DOCKER_NAME" 0:0
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
