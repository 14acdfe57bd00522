#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# nsps as a transparent wrapper: exit statuses pass through, signals reach
# the command, and the command never outlives nsps.

load helpers

setup_file() {
	requires root unshare runc jq "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	stop_nsps_bg
	stop_unshare_target	# the tests that start their own
}

@test "exit status 0 passes through" {
	run -0 "$NSPS" -t "$RUNC_TARGET" -- true
}

@test "exit status 1 and 42 pass through" {
	run -1 "$NSPS" -t "$RUNC_TARGET" -- false
	run -42 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'exit 42'
}

@test "the command's own 125 passes through" {
	run -125 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- sh -c 'exit 125'
	assert_equal "$stderr" ""
}

@test "a command that is not found exits 127 with one line" {
	run -127 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- nsps-no-such-command
	assert_equal "$stderr" "nsps: cannot run 'nsps-no-such-command': No such file or directory"
}

@test "a command that cannot be executed exits 126 (directory, mode 0644 file)" {
	run -126 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- /etc
	assert_equal "$stderr" "nsps: cannot run '/etc': Permission denied"
	run -126 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- /etc/passwd
	assert_equal "$stderr" "nsps: cannot run '/etc/passwd': Permission denied"
}

@test "a command killed by a signal makes nsps die of the same signal" {
	run -143 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'kill -TERM $$'
	run -137 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'kill -KILL $$'
	run -138 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'kill -USR1 $$'
	# SIGSEGV: nsps is not dumpable, so no core file either
	run -139 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'kill -SEGV $$'
	# the caller really sees a death by signal, not an exit(128+N)
	run -0 bash -c 'exec 2>/dev/null; "$NSPS" -t "$RUNC_TARGET" -- sh -c "kill -TERM \$\$"; kill -l $?'
	assert_output TERM
	run -0 perl -e 'system(@ARGV); print $? & 127, "\n"' "$NSPS" -t "$RUNC_TARGET" -- sh -c 'kill -TERM $$'
	assert_output 15
}

# forward SIG: sent to nsps, SIG reaches the command, whose trap exits 7.
# Whatever bats was started with: a shell cannot undo a SIGINT or SIGQUIT
# ignored when it started (bats run with & from a script), env can.
forward() {
	local sig=$1
	env --default-signal=INT,QUIT "$NSPS" -t "$RUNC_TARGET" -- \
		sh -c "trap 'exit 7' $sig; echo ready; while :; do sleep 0.05; done" \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	NSPS_BG=$!
	wait_for out_has ready
	kill -s "$sig" "$NSPS_BG"
	expect_exit 7 "$NSPS_BG"
}

@test "SIGTERM sent to nsps reaches the command" { forward TERM; }
@test "SIGHUP sent to nsps reaches the command" { forward HUP; }
@test "SIGINT sent to nsps reaches the command" { forward INT; }
@test "SIGQUIT sent to nsps reaches the command" { forward QUIT; }
@test "SIGUSR1 sent to nsps reaches the command" { forward USR1; }
@test "SIGUSR2 sent to nsps reaches the command" { forward USR2; }

@test "SIGSTOP of the command stops nsps; SIGCONT resumes both" {
	run_nsps_bg -t "$RUNC_TARGET" -- sh -c 'echo ready; while :; do sleep 0.05; done'
	wait_for out_has ready
	kill -STOP "$NSPS_CMD"
	wait_for bash -c "grep -q '^State:.*T (stopped)' /proc/$NSPS_BG/status"
	kill -CONT "$NSPS_BG"
	# nsps runs again and resumes the command, which nobody else continued
	wait_for bash -c "grep -q '^State:.*S (sleeping)' /proc/$NSPS_CMD/status"
	run -1 grep '^State:.*(stopped)' "/proc/$NSPS_BG/status"
	kill -TERM "$NSPS_BG"
	expect_exit 143 "$NSPS_BG"
}

@test "a stop sent from inside the container is followed, as for a command run directly" {
	# the command is in the container's PID namespace: its processes may
	# signal it, stop included; nsps stops with it so that the operator's
	# shell shows the job stopped (fg resumes it), rather than hang
	run_nsps_bg -t "$RUNC_TARGET" -- sh -c 'echo ready; while :; do sleep 0.05; done'
	wait_for out_has ready
	runc exec "$RUNC_NAME" kill -STOP "$(ns_pid "$NSPS_CMD")"
	wait_for bash -c "grep -q '^State:.*T (stopped)' /proc/$NSPS_BG/status"
	kill -CONT "$NSPS_BG"
	wait_for bash -c "grep -q '^State:.*S (sleeping)' /proc/$NSPS_CMD/status"
	kill -TERM "$NSPS_BG"
	expect_exit 143 "$NSPS_BG"
}

# stopped STATE PID: PID's state is T (STATE yes) or not (no).
stopped() {
	local st
	st=$(awk '/^State:/ { print $2 }' "/proc/$2/status")
	[[ ($1 == yes && $st == T) || ($1 == no && $st != T) ]]
}

@test "stopped and continued as a group, without a terminal: the command's SIGCONT handler runs once a time" {
	# a shell's bg or fg without a terminal, or kill -CONT -PGID: the group
	# (nsps and the command) gets SIGCONT once, and the command must not
	# get it a second time from nsps
	local i n=10
	# (a handler of C's: the shell's traps run once for two signals that
	# come while it waits)
	setsid "$NSPS" -t "$RUNC_TARGET" -- python3 -c 'import os, signal
signal.signal(signal.SIGCONT, lambda *a: os.write(1, b"cont\n"))
os.write(1, b"ready\n")
while True: signal.pause()' \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	NSPS_BG=$!
	wait_for out_has ready
	NSPS_CMD=$(child_of "$NSPS_BG")
	for ((i = 1; i <= n; i++)); do
		kill -STOP -- "-$NSPS_BG"
		wait_for stopped yes "$NSPS_CMD"
		wait_for stopped yes "$NSPS_BG"
		kill -CONT -- "-$NSPS_BG"
		wait_for bash -c "(( \$(grep -c cont '$BATS_TEST_TMPDIR/out') >= $i ))"
		wait_for stopped no "$NSPS_BG"
	done
	sleep 0.5
	assert_equal "$(grep -c cont "$BATS_TEST_TMPDIR/out")" "$n"
	kill -TERM "$NSPS_BG"
	expect_exit 143 "$NSPS_BG"
}

@test "a SIGKILLed nsps takes its command with it" {
	run_nsps_bg -t "$RUNC_TARGET" -- sleep 1000
	local cmd=$NSPS_CMD
	assert [ -n "$cmd" ]
	kill -KILL "$NSPS_BG"
	wait_for is_gone "$cmd"
	# the container keeps only its own processes
	run -0 "$NSPS" -t "$RUNC_TARGET" -- ps -e -o args=
	refute_line 'sleep 1000'
}

@test "the target's PID namespace ending kills the command: 137 and a message" {
	local t
	start_unshare_target
	t=$UNSHARE_TARGET
	run_nsps_bg -t "$t" -- sh -c 'echo ready; exec sleep 1000'
	wait_for out_has ready
	kill -KILL "$t"
	expect_exit 137 "$NSPS_BG"
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_line "nsps: target $t exited and its PID namespace ended: the kernel killed the command"
}

@test "an inherited ignored SIGCHLD: nsps still ends with the command's status" {
	# with SIGCHLD ignored, the kernel would reap the command itself
	run -3 timeout -k 2 20 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' "$NSPS" -t "$RUNC_TARGET" -- sh -c 'exit 3'
	run -0 timeout -k 2 20 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' "$NSPS" -t "$RUNC_TARGET" -- true
}

@test "SIGTERM to nsps is passed on, not taken: a command that ignores it keeps running, and nsps with it" {
	run_nsps_bg -t "$RUNC_TARGET" -- sh -c "trap '' TERM; trap 'exit 5' USR1; echo ready; while :; do sleep 0.05; done"
	wait_for out_has ready
	kill -TERM "$NSPS_BG"
	sleep 0.5
	! is_gone "$NSPS_BG" || fail "nsps took the SIGTERM itself"
	! is_gone "$NSPS_CMD" || fail "the command died of it"
	kill -USR1 "$NSPS_BG"
	expect_exit 5 "$NSPS_BG"
}

@test "a command that dumps core: nsps dies of the same signal (without a core of its own)" {
	# The core goes to the command's directory, the view's scratch /tmp:
	# the inner sh shows that cores are written there, the outer dumps too.
	local shows_cores=
	[[ $(cat /proc/sys/kernel/core_pattern) == core* ]] && shows_cores=1
	run -0 --separate-stderr perl -e 'system(@ARGV); print "signal=", $? & 127, " core=", ($? & 128) ? 1 : 0, "\n"' \
		"$NSPS" -w /tmp -t "$RUNC_TARGET" -- sh -c 'ulimit -c unlimited; sh -c "kill -SEGV \$\$"; ls /tmp; kill -SEGV $$'
	assert_line 'signal=11 core=0'
	if [[ -n $shows_cores ]]; then
		assert_line --regexp '^core'
	fi
}
