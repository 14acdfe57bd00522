#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The process view: host tools inside nsps see exactly the container's
# processes, with the container's PIDs, against a util-linux target and a
# real runc container; and the host's mount table never changes.

load helpers

setup_file() {
	requires root unshare runc jq "$BUSYBOX"
	start_unshare_target
	start_runc_target
}

teardown_file() {
	stop_runc_target
	stop_unshare_target
}

# expect_view TARGET: ps -e inside shows the target's PID 1 and its three
# children (two sleeps, httpd) plus ps itself, and nothing of the host.
expect_view() {
	run -0 --separate-stderr "$NSPS" -t "$1" -- ps -e -o pid=,args=
	assert_line --regexp '^ +1 sh -c .*sleep 100000'
	assert_line --regexp ' sleep 100000$'
	assert_line --regexp ' sleep 100001$'
	assert_line --regexp 'httpd -p 127.0.0.1:8080$'
	assert_line --regexp 'ps -e -o pid=,args=$'
	assert_lines 5
	refute_output --partial bats
}

@test "ps -e shows only the unshare target's processes, PID 1 its init" {
	expect_view "$UNSHARE_TARGET"
	# its root keeps every capability, CAP_SYS_PTRACE included: warned
	assert_equal "$stderr" "nsps: warning: target $UNSHARE_TARGET has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it"
}

@test "ps -e shows only the runc container's processes, PID 1 its init" {
	expect_view "$RUNC_TARGET"
	# runc's default capabilities lack CAP_SYS_PTRACE: nothing to warn of
	assert_equal "$stderr" ""
}

@test "any process of the container will do as the target" {
	local sleeper
	sleeper=$(pgrep -P "$RUNC_TARGET" -f 'sleep 100001')
	run -0 "$NSPS" -t "$sleeper" -- ps -e -o pid=
	assert_lines 5
	assert_line --regexp '^ +1$'
}

@test "ps -elf lists the container's tree with its PIDs and PPIDs" {
	run -0 "$NSPS" -t "$RUNC_TARGET" -- ps -elf
	assert_line --index 0 --regexp '^F S UID +PID +PPID'
	assert_line --regexp '^4 S root +1 +0 .* sh -c httpd'
	assert_lines 6
}

@test "top -b -n 1 counts the container's tasks only" {
	run -0 "$NSPS" -t "$UNSHARE_TARGET" -- top -b -n 1
	assert_line --regexp '^Tasks: +5 total'
	refute_output --partial bats
}

@test "pstree shows the container's tree rooted at its PID 1" {
	run -0 "$NSPS" -t "$RUNC_TARGET" -- pstree -p
	assert_line --index 0 --regexp '^sh\(1\)'
	assert_output --partial 'sleep('
	refute_output --partial bats
}

@test "the host's mount table is identical before, during and after" {
	local before during after
	before=$(host_mounts)
	run_nsps_bg -n -t "$UNSHARE_TARGET" -- sh -c 'echo ready; exec sleep 60'
	wait_for out_has ready
	during=$(host_mounts)
	kill -TERM "$NSPS_BG"
	expect_exit 143 "$NSPS_BG"
	after=$(host_mounts)
	assert_equal "$during" "$before"
	assert_equal "$after" "$before"
	# and the command did see its own, different table
	run -0 "$NSPS" -n -t "$UNSHARE_TARGET" -- cat /proc/self/mountinfo
	refute_output "$before"
}

@test "host ps still works afterwards and sees the host" {
	run -0 "$NSPS" -t "$UNSHARE_TARGET" -- true
	run -0 ps -e -o pid=
	assert [ "${#lines[@]}" -gt 10 ]
	run -0 ps -p $$ -o pid=
	# one procfs on the host's /proc, as before
	run -0 findmnt -n --task 1 -t proc -o TARGET
	assert_equal "$(grep -c '^/proc$' <<<"$output")" 1
}

@test "-v names the target, the namespaces with their inodes, and the mounts" {
	local pidns
	pidns=$(stat -L -c %i "/proc/$UNSHARE_TARGET/ns/pid")
	run -0 --separate-stderr "$NSPS" -v -n -t "$UNSHARE_TARGET" -- true
	assert_equal "$output" ""
	output=$stderr lines=("${stderr_lines[@]}")
	assert_line --regexp "^nsps: target $UNSHARE_TARGET: pidfd [0-9]+\$"
	assert_line "nsps: joined pid namespace pid:[$pidns] of target $UNSHARE_TARGET"
	assert_line "nsps: joined net namespace net:[$(stat -L -c %i "/proc/$UNSHARE_TARGET/ns/net")]"
	assert_line --regexp '^nsps: private mount namespace mnt:\[[0-9]+\], propagation to the host cut$'
	assert_line "nsps: borrowed the target's procfs for /proc (nosuid,nodev,noexec)"
	assert_line --regexp '^nsps: mounted sysfs on /sys '
	assert_line 'nsps: executing true'
}

@test "with no command, the shell from \$SHELL runs" {
	run -0 env SHELL=/bin/sh "$NSPS" -t "$RUNC_TARGET" <<<'ps -e -o pid= | wc -l; echo "pid1=$(cat /proc/1/comm)"'
	# the container's four, the shell, ps and wc
	assert_line 7
	assert_line 'pid1=sh'
}

@test "with no command and no \$SHELL, /bin/sh runs" {
	run -0 env -u SHELL "$NSPS" -t "$RUNC_TARGET" <<<'echo "shell=$0"'
	assert_output 'shell=/bin/sh'
}

@test "options stop at the command: nsps -t PID ps -e -o pid=" {
	run -0 "$NSPS" -t "$RUNC_TARGET" ps -e -o pid=
	assert_lines 5
}
