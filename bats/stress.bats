#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Under kills and load, against a real runc container: nsps killed with
# SIGKILL at any moment leaves the host's mount table as it was and no
# command behind; many runs at once or in a row all succeed and leak
# nothing.

load helpers

setup_file() {
	requires root runc jq "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

# container_procs: the container's live processes, one "PID ARGS" per line
# (through nsps itself, so ps is the host's). Zombies are left out: a
# command killed with nsps is reparented to the container's init, and an
# init that does not reap (this one is sh) keeps it as a zombie, as it
# would keep a killed 'runc exec' or 'docker exec' command.
container_procs() {
	"$NSPS" -t "$RUNC_TARGET" -- ps -e -o stat=,pid=,args= |
		awk '$1 !~ /^Z/ && $0 !~ / ps -e -o stat=,pid=,args=$/ { $1 = ""; print }'
}

@test "SIGKILL at a random moment, 200 times: host mounts unchanged, no command left" {
	local before procs i pid
	before=$(host_mounts)
	procs=$(container_procs)
	for ((i = 0; i < 200; i++)); do
		"$NSPS" -t "$RUNC_TARGET" -- sleep 1000 </dev/null >/dev/null 2>&1 3>&- &
		pid=$!
		# 0 to ~4 ms: before, during and after setup
		sleep "0.00$((RANDOM % 5))"
		{ kill -KILL "$pid" && wait "$pid"; } 2>/dev/null || true
	done
	assert_equal "$(host_mounts)" "$before"
	# PDEATHSIG takes the commands; the orphan reaper may take a moment
	wait_for bash -c "! \"$NSPS\" -t $RUNC_TARGET -- ps -e -o stat=,args= | grep -q '^[^Z]* sleep 1000\$'"
	assert_equal "$(container_procs)" "$procs"
}

@test "50 runs at once all succeed and leak no fd, mount or process" {
	local before i pids=() rc=0
	before=$(host_mounts)
	# this shell's fds, listed by ls into a file (no pipe of ours open)
	ls -l /proc/$$/fd | awk '{ print $9, $11 }' >"$BATS_TEST_TMPDIR/fds.before"
	# sh's $0, a marker only these runs carry
	local marker=nsps-stress-$BATS_ROOT_PID
	for ((i = 0; i < 50; i++)); do
		"$NSPS" -t "$RUNC_TARGET" -- sh -c 'ps -e -o args=' "$marker" >"$BATS_TEST_TMPDIR/out.$i" 2>&1 </dev/null 3>&- &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || { rc=$?; echo "run $i exited $rc: $(cat "$BATS_TEST_TMPDIR/out.$i")"; }
	done
	assert_equal "$rc" 0
	for ((i = 0; i < 50; i++)); do
		# the container's view (the other runs' ps may show up in it too)
		grep -q '^sleep 100001$' "$BATS_TEST_TMPDIR/out.$i" || fail "run $i: $(cat "$BATS_TEST_TMPDIR/out.$i")"
		! grep -q '^nsps:' "$BATS_TEST_TMPDIR/out.$i" || fail "run $i: $(cat "$BATS_TEST_TMPDIR/out.$i")"
	done
	assert_equal "$(host_mounts)" "$before"
	ls -l /proc/$$/fd | awk '{ print $9, $11 }' >"$BATS_TEST_TMPDIR/fds.after"
	run -0 diff "$BATS_TEST_TMPDIR/fds.before" "$BATS_TEST_TMPDIR/fds.after"
	# live ones only (a zombie may linger); nsps-stres[s]: not this probe
	run ! pgrep -r R,S,D,T -f "nsps-stres[s]-$BATS_ROOT_PID"
}

@test "200 runs in a row all succeed and leak nothing" {
	local before i
	before=$(host_mounts)
	for ((i = 0; i < 200; i++)); do
		"$NSPS" -t "$RUNC_TARGET" -- true || fail "run $i failed"
	done
	assert_equal "$(host_mounts)" "$before"
	# the command sees only fds 0-2 on the last run as on the first
	run -0 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'ls /proc/$$/fd'
	assert_output "$(printf '0\n1\n2')"
}
