#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Bad input: one "nsps: " line naming the object and the reason, exit 125,
# and nothing left behind: no mount on the host, no process.

load helpers

setup_file() {
	requires root unshare runc jq setpriv strace "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	stop_unshare_target	# the test that starts its own
}

# bad EXPECTED-LINE ARGS...: nsps ARGS exits 125 with exactly that stderr
# line, prints nothing on stdout, and the host's mount table is unchanged.
bad() {
	local line=$1 before
	shift
	before=$(host_mounts)
	run -125 --separate-stderr "$NSPS" "$@"
	assert_equal "$stderr" "$line"
	assert_equal "$output" ""
	assert_equal "$(host_mounts)" "$before"
}

# bad_usage EXPECTED-LINE ARGS...: as bad, for a command line nsps cannot
# take: the line, then util-linux's "Try 'nsps --help' ..." line.
bad_usage() {
	local line=$1
	shift
	bad "$line"$'\n'"Try 'nsps --help' for more information." "$@"
}

@test "missing -t" {
	bad_usage "nsps: no target given: use -t PID, -t ID or NAME, or -A"
	bad_usage "nsps: no target given: use -t PID, -t ID or NAME, or -A" -- ps
}

@test "targets that are no PID, container ID or name" {
	bad_usage "nsps: invalid target 'a b': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t 'a b'
	bad_usage "nsps: invalid target 'x/y/z/w': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t x/y/z/w
	bad_usage "nsps: invalid target 'Prod/web': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t Prod/web
	bad_usage "nsps: invalid target '': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t ''
	bad_usage "nsps: invalid target ' 1': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t ' 1'
	bad_usage "nsps: invalid target 'docker://xyz': a container ID is 1 to 64 hex digits" -t docker://xyz
}

@test "control characters and bad UTF-8 in what the user gave stay one safe line" {
	# a newline, a terminal title sequence, a C1 CSI, an invalid byte
	bad_usage "nsps: invalid target 'web\\x0a1': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t $'web\n1'
	bad_usage "nsps: invalid target '\\x1b]0;x\\x07': not a PID, container ID, container or pod name, or NAMESPACE/POD[/CONTAINER]" -t $'\e]0;x\a'
	bad_usage "nsps: unknown or ambiguous option '--\\xc2\\x9b2J'" $'--\xc2\x9b2J' -t 1
	bad "nsps: cannot change to directory '/nowhere\\xff': No such file or directory" \
		-w $'/nowhere\xff' -t "$RUNC_TARGET" -- true
}

@test "zero, negative and out-of-range PIDs" {
	bad_usage "nsps: invalid target PID '0': out of range (1 to 4194304)" -t 0
	bad_usage "nsps: invalid target PID '-1': out of range (1 to 4194304)" -t -1
	bad_usage "nsps: invalid target PID '4194305': out of range (1 to 4194304)" --target=4194305
}

@test "a PID that does not exist" {
	local pid
	sleep 0 &
	pid=$!
	wait "$pid"
	bad "nsps: target $pid: no such process" -t "$pid" -- true
}

@test "a PID written with a leading zero is taken as written: an ID prefix" {
	run -125 --separate-stderr "$NSPS" -t 0472 -- true
	[[ $stderr == "nsps: target '0472': no running container has this ID or name (asked:"* ]] ||
		fail "$stderr"
}

@test "unknown options" {
	bad_usage "nsps: unknown option '-x'" -x -t 1
	bad_usage "nsps: unknown option '-q'" -nq -t 1
	bad_usage "nsps: unknown or ambiguous option '--frobnicate'" --frobnicate -t 1
	bad_usage "nsps: unknown or ambiguous option '--ver'" --ver
}

@test "an option argument where none is taken, none where one is needed" {
	bad_usage "nsps: option '--net' does not take an argument" --net=yes -t 1
	bad_usage "nsps: option '--writable' does not take an argument" --writable=1 -t 1
	bad_usage "nsps: option '-t' requires an argument" -t
	bad_usage "nsps: option '--target' requires an argument" --target
}

@test "an unprivileged caller is told the target is not its own; root without a capability, which" {
	local before
	before=$(host_mounts)
	run -125 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$NSPS_AS_USER" -t "$RUNC_TARGET" -- true
	assert_equal "$stderr" "nsps: target $RUNC_TARGET is not yours: without root, nsps enters only your own rootless containers"
	run -125 --separate-stderr setpriv --bounding-set=-sys_admin "$NSPS" -t "$RUNC_TARGET" -- true
	assert_equal "$stderr" "nsps: missing capability CAP_SYS_ADMIN: run nsps as root"
	run -125 --separate-stderr setpriv --bounding-set=-sys_ptrace "$NSPS" -t "$RUNC_TARGET" -- true
	assert_equal "$stderr" "nsps: missing capability CAP_SYS_PTRACE: run nsps as root"
	assert_equal "$(host_mounts)" "$before"
}

@test "--help and --version print to stdout and exit 0" {
	run -0 --separate-stderr "$NSPS" --help
	assert_line --index 0 'Usage: nsps [options] -t TARGET [--] [command [arg...]]'
	assert_equal "$stderr" ""
	run -0 "$NSPS" -h
	assert_line --partial -- '--writable'
	run -0 --separate-stderr "$NSPS" --version
	assert_output --regexp '^nsps [0-9]+\.[0-9]+\.[0-9]+$'
	assert_equal "$stderr" ""
	local version=$output
	run -0 --separate-stderr "$NSPS" -V
	assert_output "$version"
	assert_equal "$stderr" ""
}

@test "a failure in the command's child, after the fork, leaves no process behind" {
	# -w fails in the child, which nsps started in the target's namespace;
	# the directory's name is a marker only this test's processes carry
	local dir=/nsps-no-such-dir-$BATS_ROOT_PID
	bad "nsps: cannot change to directory '$dir': No such file or directory" -w "$dir" -t "$RUNC_TARGET" -- sleep 100
	run ! pgrep -f "nsps-no-such-di[r]-$BATS_ROOT_PID"
}

@test "a target that exits during setup: one line, 125, nothing left behind" {
	local before t
	start_unshare_target
	t=$UNSHARE_TARGET
	before=$(host_mounts)
	# Hold nsps for a second at unshare(), after it opened the target's
	# pidfd and warned of its CAP_SYS_PTRACE, before it joins; the target
	# dies meanwhile.
	strace -f -o /dev/null -e trace=unshare -e inject=unshare:delay_enter=1000000 \
		"$NSPS" -t "$t" -- sleep "100.$BATS_ROOT_PID" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	local tracer=$!
	wait_for grep -q 'warning: target' "$BATS_TEST_TMPDIR/err"
	kill -KILL "$t"
	expect_exit 125 "$tracer"
	run -0 grep -v 'warning: target' "$BATS_TEST_TMPDIR/err"
	assert_output "nsps: target $t exited before its namespaces could be joined"
	assert_equal "$(host_mounts)" "$before"
	# a marker only this test's processes carry; slee[p]: not this probe
	run ! pgrep -f "slee[p] 100.$BATS_ROOT_PID"
}

@test "out of file descriptors: every way of naming a container says so, never 'not found'" {
	local n ref
	for n in 4 5 6 7 8 9 10 11 12; do
		for ref in "$RUNC_NAME" "runc://$RUNC_NAME" "$RUNC_TARGET"; do
			run --separate-stderr bash -c 'for fd in /proc/self/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-"; done; ulimit -n "$1"; exec "$2" -t "$3" -- true' _ "$n" "$NSPS" "$ref"
			# too few for the dynamic loader: nsps never ran
			((status == 0)) || [[ $stderr == *"error while loading shared libraries"* ]] && continue
			[[ $status == 125 && $stderr == *"Too many open files"* ]] ||
				fail "ulimit -n $n, -t $ref: $status: $stderr"
		done
	done
}

@test "inside a view, nsps names no host process: its own PID namespace is the container's" {
	run -125 --separate-stderr "$NSPS" --writable -t "$RUNC_TARGET" -- "$NSPS" -t 1 -- true
	assert_equal "$stderr" "nsps: target 1 is in nsps's own PID namespace (the host's, or the one of the container nsps runs in): its view is nsps's own; run the command directly"
}

@test "output that cannot be written fails: -V, --help and --list into /dev/full" {
	local args
	for args in -V --help -l; do
		run --separate-stderr bash -c '"$@" >/dev/full' _ "$NSPS" $args
		assert_equal "$status" 125
		assert_equal "$stderr" "nsps: cannot write to standard output: No space left on device"
	done
}
