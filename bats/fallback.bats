#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Older kernels: with a feature made to fail as it fails where it is missing
# (strace fault injection), nsps takes its documented fallback and the view
# is just as right and just as safe. Against a real runc container.

load helpers

setup_file() {
	requires root runc jq strace unshare "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	stop_nsps_bg
	stop_unshare_target
	remove_host_probe
}

# traced SYSCALL ERRNO ARGS...: run nsps with every SYSCALL failing with ERRNO.
traced() {
	local sc=$1 err=$2
	shift 2
	run --separate-stderr strace -f -o /dev/null -e trace="$sc" \
		-e inject="$sc":error="$err" "$NSPS" "$@"
}

@test "setns() without pidfd support (before 5.8): joins through /proc/PID/ns" {
	local before
	before=$(host_mounts)
	# Only the first setns() fails: the pidfd form; the fallback's succeed.
	run -0 --separate-stderr strace -f -o /dev/null -e trace=setns \
		-e inject=setns:error=EINVAL:when=1 "$NSPS" -v -n -t "$RUNC_TARGET" -- ps -e -o pid=,comm=
	assert_line --regexp '^ +1 sh$'
	assert_line --regexp ' httpd$'
	assert_lines 5
	[[ $stderr == *"joined net namespace net:[$(stat -L -c %i "/proc/$RUNC_TARGET/ns/net")]"* ]] ||
		fail "net namespace not joined: $stderr"
	assert_equal "$(host_mounts)" "$before"
}

@test "no pidfd_open() (before 5.3): pinned by /proc/PID, every namespace joined through it" {
	local before
	before=$(host_mounts)
	traced pidfd_open ENOSYS -v -n -u -t "$RUNC_TARGET" -- sh -c 'hostname; ps -e -o pid=,comm=; ip -o link'
	assert_success
	assert_line --index 0 nsps-runc
	assert_line --regexp '^ +1 sh$'
	assert_line --regexp ' httpd$'
	refute_line --regexp '^[0-9]+: eth'
	[[ $stderr == *"target $RUNC_TARGET: no pidfd_open() here, pinned by /proc/$RUNC_TARGET"* ]] ||
		fail "fallback not taken: $stderr"
	[[ $stderr == *"borrowed the target's procfs"* ]] || fail "procfs not borrowed: $stderr"
	assert_equal "$(host_mounts)" "$before"
}

@test "no pidfd_open(): the target's namespace ending still ends the run with 137" {
	local t
	start_unshare_target
	t=$UNSHARE_TARGET
	strace -f -o /dev/null -e trace=pidfd_open -e inject=pidfd_open:error=ENOSYS \
		"$NSPS" -t "$t" -- sh -c 'echo ready; exec sleep 1000' \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	NSPS_BG=$!
	wait_for out_has ready
	kill -KILL "$t"
	expect_exit 137 "$NSPS_BG"
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_line "nsps: target $t exited and its PID namespace ended: the kernel killed the command"
}

@test "no mount_setattr(): a mount made read-only one by one keeps its nosuid, nodev, noexec" {
	# a host whose /opt is a filesystem of its own, nosuid,nodev,noexec
	run -0 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs -o nosuid,nodev,noexec nsps-opt /opt && exec "$@"' _ \
		strace -f -o /dev/null -e trace=mount_setattr -e inject=mount_setattr:error=ENOSYS \
		"$NSPS" -t "$RUNC_TARGET" -- awk '$5 == "/opt" { print $6 }' /proc/self/mountinfo
	assert_output "ro,nosuid,nodev,noexec,relatime"
}

@test "no mount_setattr() (before 5.12): every mount is made read-only one by one" {
	# A mount hidden under another on the same place cannot be reached by
	# path, by the walk or by the command: look at the top one of each.
	# (The view's scratch space is writable by design: nsps-scratch.)
	traced mount_setattr ENOSYS -v -t "$RUNC_TARGET" -- awk '{ top[$5] = $0 }
		END { for (m in top) { split(top[m], f); if (m != "/proc" && f[6] !~ /^ro/ && top[m] !~ / nsps-scratch /) print top[m] } }' /proc/self/mountinfo
	assert_success
	assert_output ""
	[[ $stderr == *"no mount_setattr(): making mounts read-only one by one"* ]] ||
		fail "fallback not taken: $stderr"
	traced mount_setattr ENOSYS -t "$RUNC_TARGET" -- touch "$HOST_PROBE"
	assert_failure 1
	[[ $stderr == *'Read-only file system'* ]] || fail "not read-only: $stderr"
	assert [ ! -e "$HOST_PROBE" ]
}

@test "no close_range() (before 5.11): still only fds 0, 1 and 2 reach the command" {
	traced close_range ENOSYS -t "$RUNC_TARGET" -- sh -c 'ls /proc/$$/fd' 5</etc/passwd 7>/dev/null 9</dev/null
	assert_success
	assert_output "$(printf '0\n1\n2')"
}

@test "a failing mount_setattr() is not mistaken for a missing one" {
	local before
	before=$(host_mounts)
	traced mount_setattr EPERM -t "$RUNC_TARGET" -- true
	assert_failure 125
	assert_equal "$stderr" "nsps: cannot make the host view read-only: Operation not permitted"
	assert_equal "$(host_mounts)" "$before"
}

@test "libcap-ng is loaded only to change identity, libsmartcols only for --list, jansson for names" {
	local log=$BATS_TEST_TMPDIR/openat
	strace -f -o "$log" -e trace=openat "$NSPS" -t "$RUNC_TARGET" -- true
	run ! grep -E 'libcap-ng|libsmartcols|libmount|libjansson' "$log"
	strace -f -o "$log" -e trace=openat "$NSPS" -S 65534 -t "$RUNC_TARGET" -- true
	grep -q 'libcap-ng.so.0", O_RDONLY|O_CLOEXEC) = [0-9]' "$log"
	strace -f -o "$log" -e trace=openat "$NSPS" -l >/dev/null
	grep -q 'libsmartcols.so.1", O_RDONLY|O_CLOEXEC) = [0-9]' "$log"
	strace -f -o "$log" -e trace=openat "$NSPS" -t "$RUNC_NAME" -- true
	grep -q 'libjansson.so.4", O_RDONLY|O_CLOEXEC) = [0-9]' "$log"
}

# broken_lib SONAME ARGS...: run nsps ARGS with library SONAME broken (an
# empty file bound over it, in a throwaway mount namespace).
broken_lib() {
	local lib=$1
	shift
	lib=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
	[[ -n $lib ]] || fail "no $1 on this machine"
	# shellcheck disable=SC2016 # the inner sh expands them
	run --separate-stderr unshare -m --propagation private \
		sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' _ "$lib" "$NSPS" "$@"
}

@test "a broken library fails only the runs that need it, in one line" {
	local before
	before=$(host_mounts)
	broken_lib libcap-ng.so.0 -t "$RUNC_TARGET" -- echo fine
	assert_success
	assert_output fine
	broken_lib libcap-ng.so.0 -S 65534 -t "$RUNC_TARGET" -- echo ran
	assert_failure 125
	assert_output ""
	assert_equal "$stderr" "nsps: cannot load libcap-ng: $(ldconfig -p | awk '$1 == "libcap-ng.so.0" { print $NF; exit }'): file too short"
	broken_lib libsmartcols.so.1 -l
	assert_failure 125
	[[ $stderr == "nsps: cannot load libsmartcols: "*": file too short" ]] || fail "$stderr"
	broken_lib libmount.so.1 -t "$RUNC_TARGET" -- echo fine
	assert_success
	assert_output fine
	# jansson reads the runtimes' files: a PID needs none, a name does
	broken_lib libjansson.so.4 -t "$RUNC_TARGET" -- echo fine
	assert_success
	assert_output fine
	broken_lib libjansson.so.4 -t "$RUNC_NAME" -- echo ran
	assert_failure 125
	assert_output ""
	assert_equal "$stderr" "nsps: cannot load jansson: $(ldconfig -p | awk '$1 == "libjansson.so.4" { print $NF; exit }'): file too short"
	assert_equal "$(host_mounts)" "$before"
}

@test "libmount is loaded only for the fallbacks, not on the normal path" {
	run_nsps_bg -t "$RUNC_TARGET" -- sleep 1000
	run ! grep -q libmount "/proc/$NSPS_BG/maps"
	kill -TERM "$NSPS_BG"
	expect_exit 143 "$NSPS_BG"
	# while the walk of the mount table needs it, and finds it
	strace -f -o /dev/null -e trace=mount_setattr -e inject=mount_setattr:error=ENOSYS \
		"$NSPS" -t "$RUNC_TARGET" -- sleep 1000 >/dev/null 2>&1 3>&- &
	NSPS_BG=$!
	# nsps: strace's child (found by its parent, not by a name others use)
	wait_for child_of "$NSPS_BG" >/dev/null
	local pid
	pid=$(child_of "$NSPS_BG")
	wait_for grep -q libmount "/proc/$pid/maps"
	kill -TERM "$pid"
	expect_exit 143 "$NSPS_BG"
}

@test "without libmount, a refused mount still says which and why, in the kernel's words" {
	# the read-only bind of /proc/sys refused every time, libmount broken:
	# no explanation in its words, but the mount and the kernel's errno
	local lib
	lib=$(ldconfig -p | awk '$1 == "libmount.so.1" { print $NF; exit }')
	# shellcheck disable=SC2016 # the inner sh expands them
	run -125 --separate-stderr unshare -m --propagation private sh -c \
		'mount --bind /dev/null "$1" && shift && exec "$@"' _ "$lib" \
		strace -f -o /dev/null -P /proc/sys -e trace=mount -e inject=mount:error=EPERM:when=1+ \
		"$NSPS" -t "$RUNC_TARGET" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: cannot mount /proc/sys on /proc/sys: Operation not permitted"
}

@test "no overlayfs for a writable layer: that directory stays read-only, the run goes on" {
	# the overlay's mount on /run of the view being built (over /tmp)
	run -0 --separate-stderr strace -f -o /dev/null -P /tmp/run -e trace=mount \
		-e inject=mount:error=ENODEV "$NSPS" -v -t "$RUNC_TARGET" -- sh -c 'touch /run/x; touch /tmp/x && echo tmp-ok'
	[[ $stderr == *"/run stays read-only: cannot lay a writable layer over it: No such device"* ]] ||
		fail "$stderr"
	[[ $stderr == *"touch: cannot touch '/run/x': Read-only file system"* ]] || fail "$stderr"
	assert_output tmp-ok
}
