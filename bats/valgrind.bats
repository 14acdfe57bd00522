#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# valgrind memcheck over representative runs against a real runc container:
# no invalid read or write, no use of uninitialised memory, no definite or
# indirect leak, in nsps and in its child up to the exec (valgrind follows
# fork, not exec).
#
# Debian 12's valgrind (3.19) knows neither pidfd_open() nor
# mount_setattr() nor open_tree(): it fails them with ENOSYS, so these runs
# take the paths for kernels before 5.3/5.12 (/proc/PID pinning, the
# read-only walk through libmount, a fresh procfs). The paths for newer
# kernels run under ASan/UBSan in the other suites.
#
# Always the plain build: valgrind cannot run an ASan one.

load helpers

setup_file() {
	requires root valgrind runc jq "$BUSYBOX"
	start_runc_target
	PLAIN_NSPS=$(cd "$BATS_TEST_DIRNAME/.." && pwd)/nsps
	export PLAIN_NSPS
}

teardown_file() {
	stop_runc_target
}

# under_memcheck [-STATUS] ARGS...: run nsps ARGS under memcheck (run
# --separate-stderr, expecting STATUS if given); memcheck must report
# nothing (its lines start with ==PID==).
under_memcheck() {
	local expect=()
	[[ $1 == -[0-9]* ]] && { expect=("$1"); shift; }
	run "${expect[@]}" --separate-stderr valgrind -q --vgdb=no --leak-check=full \
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--suppressions="$BATS_TEST_DIRNAME/../tests/valgrind.supp" \
		"$PLAIN_NSPS" "$@"
	if [[ $stderr =~ ==[0-9]+== ]]; then
		fail "memcheck: $stderr"
	fi
}

# memcheck STATUS ARGS...: nsps ARGS under memcheck exits STATUS, and
# memcheck reports nothing.
memcheck() {
	local want=$1
	shift
	under_memcheck "-$want" "$@"
	[[ $status == "$want" ]] || fail "exit $status, not $want; stderr: $stderr"
}

@test "memcheck: a run, pinned by /proc/PID, read-only walk, fresh procfs" {
	memcheck 0 -v -t "$RUNC_TARGET" -- ps -e -o pid=,comm=
	assert_line --regexp '^ +1 sh$'
	[[ $stderr == *"pinned by /proc/$RUNC_TARGET"* ]] || fail "not the /proc/PID path: $stderr"
	[[ $stderr == *"making mounts read-only one by one"* ]] || fail "not the walk: $stderr"
}

@test "memcheck: every namespace, another identity, a directory" {
	memcheck 0 -a -S 65534 -G 65534 -w /tmp -t "$RUNC_TARGET" -- sh -c 'id -u; hostname; pwd'
	assert_output $'65534\nnsps-runc\n/tmp'
}

@test "memcheck: --list as a table and as JSON" {
	memcheck 0 -l -o NS,PID,PROCS,RUNTIME,ID,FULLID,COMMAND
	assert_line --regexp "^ *[0-9]+ +$RUNC_TARGET "
	memcheck 0 -l -J
	jq -e . <<<"$output" >/dev/null
}

@test "memcheck: -A over every container" {
	under_memcheck -A -- true
	assert_audit 0 "$RUNC_TARGET"
	assert_line --partial "pid $RUNC_TARGET =="
}

@test "memcheck: the command's status and a signal pass through" {
	memcheck 3 -t "$RUNC_TARGET" -- sh -c 'exit 3'
	memcheck 137 -t "$RUNC_TARGET" -- sh -c 'kill -KILL $$'
}

@test "memcheck: errors" {
	memcheck 125 -t 4194304 -- true
	memcheck 125 -t "$RUNC_TARGET" -S 0 -- true
	memcheck 125 --frobnicate
	memcheck 125 -t nsps-no-such-container -- true
	memcheck 127 -t "$RUNC_TARGET" -- /no/such/command
}
