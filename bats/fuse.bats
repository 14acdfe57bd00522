#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A hostile container serving FUSE that never answers, over its /etc, its
# /etc/resolv.conf and /etc/hosts, and its /proc: nsps decides from the
# mount table the kernel reports (read from the host's procfs) and never
# enters such a filesystem, so every run ends by itself, with the host's
# names or a fresh procfs instead; -A audits the containers beside it; and
# whatever a run was still waiting on before its exec, SIGTERM and Ctrl-C
# end it at once, leaving nothing behind (no process of nsps's in the
# container, in D state or otherwise; the host's mount table as it was).

load helpers

# Generous: a run that waits on FUSE never ends by itself. Not a timed test.
LIMIT=60

setup() {
	requires root runc jq timeout "$BUSYBOX"
	HOST_MOUNTS=$(host_mounts)
}

teardown() {
	stop_fuse_target
	stop_runc_target
	assert_equal "$(host_mounts)" "$HOST_MOUNTS"
}

# no_run_left: nothing of nsps's is left in the FUSE container's PID
# namespace (a run still waiting there would be in D state): only its init.
no_run_left() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ $(processes_in_pidns "$FUSE_TARGET") == 1 ]] && return 0
		sleep 0.1
	done
	fail "a process is left in the container: $(ps -eo pid,stat,wchan:32,args | grep -F -- "$NSPS")"
}

@test "FUSE over the container's /etc: the host's resolv.conf and hosts, said with -v; the run ends by itself" {
	start_fuse_target /etc
	run -0 --separate-stderr timeout -k 5 "$LIMIT" "$NSPS" -v -t "$FUSE_TARGET" -- cat /etc/resolv.conf /etc/hosts
	assert_output "$(cat /etc/resolv.conf /etc/hosts)"
	[[ $stderr == *"nsps: /etc/resolv.conf: the host's (the container's lies on a fuse filesystem on /etc, which a process serves: not entered)"* ]] ||
		fail "$stderr"
	[[ $stderr == *"nsps: /etc/hosts: the host's (the container's lies on a fuse filesystem on /etc"* ]] || fail "$stderr"
	no_run_left
}

@test "FUSE over the container's /etc/resolv.conf and /etc/hosts, files: the host's, said with -v" {
	start_fuse_target /etc/resolv.conf /etc/hosts
	run -0 --separate-stderr timeout -k 5 "$LIMIT" "$NSPS" -v -u -t "$FUSE_TARGET" -- cat /etc/resolv.conf /etc/hosts /etc/hostname
	assert_output "$(cat /etc/resolv.conf /etc/hosts; echo nsps-fuse)"
	[[ $stderr == *"nsps: /etc/resolv.conf: the host's (the container's lies on a fuse filesystem on /etc/resolv.conf, which a process serves: not entered)"* ]] ||
		fail "$stderr"
	[[ $stderr == *"nsps: /etc/hosts: the host's (the container's lies on a fuse filesystem on /etc/hosts"* ]] || fail "$stderr"
	# its /etc/hostname, on its own filesystem, is still the container's
	[[ $stderr == *"nsps: /etc/hostname: the container's, read-only"* ]] || fail "$stderr"
	no_run_left
}

@test "FUSE over the container's /proc: a fresh procfs of its PID namespace, with and without --host-dns" {
	start_fuse_target /proc
	local dns
	for dns in "" --host-dns; do
		run -0 --separate-stderr timeout -k 5 "$LIMIT" "$NSPS" -v $dns -t "$FUSE_TARGET" -- ps -o pid=,args= -e
		assert_line --regexp '^ +1 sh -c exec 3<>/dev/fuse'
		[[ $stderr == *"nsps: mounting a fresh procfs: the target's /proc lies on a fuse filesystem on /proc, which a process serves: not entered"* ]] ||
			fail "$stderr"
		no_run_left
	done
}

@test "FUSE everywhere, the container named: by its name, and -A beside a normal container, every run ends" {
	start_fuse_target /etc /proc
	start_runc_target
	run -0 --separate-stderr timeout -k 5 "$LIMIT" "$NSPS" -t "$FUSE_NAME" -- hostname
	assert_output "$(hostname)"
	run --separate-stderr timeout -k 5 "$LIMIT" "$NSPS" -A -- sh -c 'echo "audited $(cat /proc/1/cmdline | tr "\0" " ")"'
	assert_audit 0 "$FUSE_TARGET" "$RUNC_TARGET"
	[[ $(audit_section "== runc://$FUSE_NAME pid $FUSE_TARGET ==") == "audited sh -c exec 3<>/dev/fuse"* ]] ||
		fail "the FUSE container not audited: $output"
	[[ $(audit_section "== runc://$RUNC_NAME pid $RUNC_TARGET ==") == "audited sh -c "* ]] ||
		fail "the normal container not audited: $output"
	no_run_left
}

# Whatever a run still waits on before its exec: here a -w into the
# container's FUSE, the one wait left that the operator asks for by name.
@test "a run waiting before its exec: SIGTERM and SIGINT end it at once, leaving nothing behind" {
	start_fuse_target /etc
	local sig
	for sig in TERM INT; do
		run timeout -k 20 -s "$sig" 2 "$NSPS" --host-dns -t "$FUSE_TARGET" -w /proc/1/root/etc -- true
		# 124: ended by the signal, not by the SIGKILL 20 s later (137)
		assert_equal "$status" 124
		no_run_left
	done
}
