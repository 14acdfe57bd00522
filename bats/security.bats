#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The security model: only fds 0-2 reach the command, the host is
# read-only in the view unless --writable, and the container's root cannot
# reach the host through the command's /proc/PID/root.

load helpers

setup_file() {
	requires root unshare runc jq setpriv nsenter strace "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	stop_nsps_bg
	if [[ -n ${CONTROL:-} ]]; then
		kill -KILL "$CONTROL" 2>/dev/null || true
	fi
	rm -f "/tmp/nsps-writable-$BATS_ROOT_PID"
	remove_host_probe
	if [[ -n ${SUID_DIR:-} ]]; then
		rm -rf "$SUID_DIR"
	fi
}

@test "only fds 0, 1 and 2 reach the command" {
	run -0 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'ls /proc/$$/fd' 5</etc/passwd 7>/dev/null 9</dev/null
	assert_output "$(printf '0\n1\n2')"
}

@test "the host filesystem is read-only in the view" {
	run -1 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- touch "$HOST_PROBE"
	assert_equal "$stderr" "touch: cannot touch '$HOST_PROBE': Read-only file system"
	assert [ ! -e "$HOST_PROBE" ]
	# every mount the command sees is read-only, but its procfs and the
	# scratch space (/tmp, /var/tmp, /run, $HOME), which ends with it
	run -0 "$NSPS" -t "$RUNC_TARGET" -- awk '$5 != "/proc" && $6 !~ /^ro/ && $0 !~ / nsps-scratch /' /proc/self/mountinfo
	assert_output ""
}

@test "/proc/sys of the fresh procfs is read-only; /proc itself is not" {
	run -0 "$NSPS" -t "$RUNC_TARGET" -- awk '$5 == "/proc/sys" { print $6 }' /proc/self/mountinfo
	assert_output --regexp '^ro,'
	run -0 "$NSPS" -t "$RUNC_TARGET" -- awk '$5 == "/proc" && $9 == "proc" { print $6 }' /proc/self/mountinfo
	assert_line --regexp '^rw,nosuid,nodev,noexec'
	run -2 "$NSPS" -t "$RUNC_TARGET" -- sh -c 'echo 1 > /proc/sys/kernel/printk_ratelimit'
	assert_output --partial 'Read-only file system'
}

@test "--writable lifts the read-only view" {
	run -0 "$NSPS" --writable -t "$RUNC_TARGET" -- touch "/tmp/nsps-writable-$BATS_ROOT_PID"
	assert [ -e "/tmp/nsps-writable-$BATS_ROOT_PID" ]
	run -0 "$NSPS" --writable -t "$RUNC_TARGET" -- awk '$5 == "/proc/sys"' /proc/self/mountinfo
	assert_output ""
	run -0 "$NSPS" --writable -t "$RUNC_TARGET" -- awk '$5 == "/" { print $6 }' /proc/self/mountinfo
	assert_output --regexp '^rw'
}

# root_probe PID: from inside the runc container, as its root with runc's
# default capabilities, read the host's os-release through /proc/PID/root
# (the busybox rootfs has no /etc/os-release of its own).
root_probe() {
	runc exec "$RUNC_NAME" cat "/proc/$1/root/etc/os-release"
}

@test "the container's root cannot reach the host through the command's /proc/PID/root" {
	run_nsps_bg -t "$RUNC_TARGET" -- sleep 1000
	run root_probe "$(ns_pid "$NSPS_CMD")"
	assert_failure
	assert_output --partial 'Permission denied'
	refute_output --partial 'Debian'
}

@test "control: the same probe does reach the host through a uid-0 process without capabilities" {
	# The trap nsps avoids: nsenter -p with capabilities dropped.
	nsenter -t "$RUNC_TARGET" -p -- setpriv --bounding-set=-all --inh-caps=-all sleep 1000 \
		</dev/null >/dev/null 2>&1 3>&- &
	CONTROL=$!
	wait_for child_of "$CONTROL" >/dev/null
	wait_for bash -c "grep -q '^CapEff:\s*0*$' /proc/$(child_of "$CONTROL")/status"
	run root_probe "$(ns_pid "$(child_of "$CONTROL")")"
	assert_success
	assert_output --partial 'Debian'
}

@test "nsps makes itself non-dumpable before it touches the target" {
	run -0 strace -o "$BATS_TEST_TMPDIR/trace" -e trace=prctl,pidfd_open "$NSPS" -t "$RUNC_TARGET" -- true
	run -0 grep -E -m 2 'PR_SET_DUMPABLE|pidfd_open' "$BATS_TEST_TMPDIR/trace"
	assert_line --index 0 'prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE) = 0'
	assert_line --index 1 --regexp "^pidfd_open\($RUNC_TARGET, 0\) += [0-9]+$"
}

@test "the command keeps the caller's capabilities" {
	run_nsps_bg -t "$RUNC_TARGET" -- sleep 1000
	# the command keeps every capability we have (dropping them would
	# open /proc/PID/root to the container's root, see the control above)
	run -0 awk '/^Cap(Prm|Eff)/ { print $2 }' "/proc/$NSPS_CMD/status"
	assert_output "$(awk '/^Cap(Prm|Eff)/ { print $2 }' /proc/self/status)"
}

# privileged_copy MODE: a copy of nsps, made setuid root (suid) or given
# the capabilities nsps needs as file capabilities (caps), in a directory
# every user can reach; its path in COPY.
privileged_copy() {
	SUID_DIR=$(mktemp -d /tmp/nsps-suid.XXXXXX)
	chmod 755 "$SUID_DIR"
	COPY=$SUID_DIR/nsps
	cp "$NSPS" "$COPY"
	case $1 in
	suid) chmod 4755 "$COPY" ;;
	caps) chmod 755 "$COPY" && setcap cap_sys_admin,cap_sys_ptrace,cap_dac_override+ep "$COPY" ;;
	esac
}

# refused_as_nobody ARGS...: the copy, run by uid 65534, exits 125 with
# the one refusal line and runs nothing.
refused_as_nobody() {
	run -125 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$COPY" "$@"
	assert_equal "$stderr" "nsps: refusing to run setuid, setgid or with file capabilities: run nsps as root, e.g. through sudo"
	assert_output ""
}

every_use_refused() {
	local before
	before=$(host_mounts)
	refused_as_nobody -t "$RUNC_TARGET" -- id -u
	refused_as_nobody -t "$RUNC_TARGET" -- head -1 /etc/shadow
	refused_as_nobody --writable -t "$RUNC_TARGET" -- sh -c "echo owned > /tmp/nsps-writable-$BATS_ROOT_PID"
	refused_as_nobody -G 0 -t "$RUNC_TARGET" -- id -g
	refused_as_nobody -l
	refused_as_nobody -A -- true
	# a name would have been asked of the engines on the caller's PATH
	refused_as_nobody -t nsps-no-such-name -- true
	refused_as_nobody --version
	assert [ ! -e "/tmp/nsps-writable-$BATS_ROOT_PID" ]
	assert_equal "$(host_mounts)" "$before"
}

@test "a setuid-root copy of nsps refuses to run, whoever runs it" {
	requires setcap
	privileged_copy suid
	every_use_refused
}

@test "a copy with file capabilities refuses to run, whoever runs it" {
	requires setcap
	privileged_copy caps
	every_use_refused
}
