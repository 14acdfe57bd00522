#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Which procfs the view gets: the target's own when the kernel proves it is
# a procfs of the target's PID namespace that hides nothing (warm, fast),
# else a fresh one; never one the container could have faked or narrowed.

load helpers

setup_file() {
	requires root unshare runc jq "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	if [[ -n ${OUTER:-} ]]; then
		kill -KILL "$OUTER" 2>/dev/null && wait "$OUTER" 2>/dev/null
		true
	fi
}

# odd_target SCRIPT: an unshare target (pid and mount namespaces, no
# --mount-proc) whose PID 1 runs SCRIPT, which ends by exec'ing sleep 100000.
odd_target() {
	unshare --pid --fork --kill-child --mount sh -c "$1" </dev/null >/dev/null 2>&1 3>&- &
	OUTER=$!
	wait_for bash -c "pgrep -P $OUTER -x sleep >/dev/null"
	ODD_TARGET=$(pgrep -P "$OUTER" -x sleep)
}

# expect_own_view TARGET: ps sees the target's init as PID 1, and itself;
# the view's /proc is nosuid, nodev, noexec, as a procfs from the
# container's side must be.
expect_own_view() {
	run -0 --separate-stderr "$NSPS" -t "$1" -- ps -e -o pid=,args=
	assert_line --regexp '^ +1 sleep 100000$'
	assert_lines 2
	expect_safe_proc "$1"
}

# expect_safe_proc TARGET: the top mount on /proc in TARGET's view is
# nosuid, nodev and noexec.
expect_safe_proc() {
	run -0 --separate-stderr "$NSPS" -t "$1" -- awk '$5 == "/proc" { o = $6 } END { print o }' /proc/self/mountinfo
	assert_output --regexp '(^|,)nosuid(,|$)'
	assert_output --regexp '(^|,)nodev(,|$)'
	assert_output --regexp '(^|,)noexec(,|$)'
}

@test "a runc container's own procfs is borrowed, and shows its processes" {
	run -0 --separate-stderr "$NSPS" -v -t "$RUNC_TARGET" -- ps -e -o pid=,comm=
	[[ $stderr == *"borrowed the target's procfs for /proc"* ]] || fail "not borrowed: $stderr"
	assert_line --regexp '^ +1 sh$'
	assert_lines 5
	expect_safe_proc "$RUNC_TARGET"
}

@test "the borrowed procfs is a clone of the mount alone, without the container's masks" {
	# runc covers /proc/kcore and friends with /dev/null in the container
	run -0 "$NSPS" -t "$RUNC_TARGET" -- awk '$5 ~ "^/proc/." { print $5 }' /proc/self/mountinfo
	refute_line /proc/kcore
	assert_line /proc/sys
}

@test "a procfs with hidepid is not borrowed: a fresh one shows everything" {
	odd_target 'mount -t proc -o hidepid=2 proc /proc; exec sleep 100000'
	run -0 --separate-stderr "$NSPS" -v -t "$ODD_TARGET" -- true
	[[ $stderr == *"mounting a fresh procfs: the target's procfs hides processes (hidepid, subset)"* ]] ||
		fail "borrowed a narrowed procfs: $stderr"
	run -0 "$NSPS" -t "$ODD_TARGET" -- awk '$5 == "/proc" { o = $0 } END { print o }' /proc/self/mountinfo
	refute_output --partial hidepid
	expect_safe_proc "$ODD_TARGET"
}

# expect_fresh SCRIPT WHAT: a target made by odd_target SCRIPT gets a fresh
# procfs because its own is WHAT, and the view is still its own.
expect_fresh() {
	odd_target "$1"
	run -0 --separate-stderr "$NSPS" -v -t "$ODD_TARGET" -- true
	[[ $stderr == *"mounting a fresh procfs: the target's /proc is not a procfs of its PID namespace"* ]] ||
		fail "borrowed $2: $stderr"
	expect_own_view "$ODD_TARGET"
}

@test "a /proc of another PID namespace (the host's) is not borrowed" {
	expect_fresh 'exec sleep 100000' "the host's procfs"
}

@test "a fake /proc (tmpfs with a 'self' link) is not borrowed" {
	expect_fresh 'mount -t proc proc /proc && mount -t tmpfs fake /proc && ln -s 2 /proc/self && mkdir -p /proc/1/ns && exec sleep 100000' \
		"a fake procfs"
}

@test "a fake /proc that names nsps's child as self and links 1/ns/pid to our namespace is not borrowed" {
	# The container predicts the PID of nsps's child in its namespace
	# (ns_last_pid, written last, by a builtin: nothing forks after it)
	# and stages a tmpfs whose self is that PID and whose 1/ns/pid leads
	# to the reader's own PID namespace: it passes the self and namespace
	# checks as the host's /proc stood; statfs() says tmpfs.
	expect_fresh 'mount -t proc proc /mnt && mount -t tmpfs fake /proc && mkdir -p /proc/1/ns &&
		ln -s /proc/self/ns/pid /proc/1/ns/pid && ln -s 100 /proc/self &&
		echo 99 >/mnt/sys/kernel/ns_last_pid && exec sleep 100000' \
		"a fake procfs that predicted nsps's child"
}

@test "a procfs of an ancestor PID namespace, whose PIDs for nsps's child coincide with ours, is not borrowed" {
	# In A, a throwaway PID namespace with its procfs: B, a PID namespace
	# inside A whose /proc is A's procfs. With the next PID 500 in both,
	# nsps's child is 500 in A and in B: A's procfs names it as its self,
	# as a procfs of B would; its PID 1 is A's, not B's.
	cat >"$BATS_TEST_TMPDIR/ancestor" <<-'SCRIPT'
		unshare --pid --fork --kill-child sleep 100000 & outer=$!
		until b=$(pgrep -P $outer); do sleep 0.01; done
		nsenter -t "$b" -p sh -c 'echo 499 >/proc/sys/kernel/ns_last_pid'
		echo 499 >/proc/sys/kernel/ns_last_pid
		exec "$NSPS" -v -t "$b" -- ps -e -o pid=,args=
	SCRIPT
	run -0 --separate-stderr unshare --pid --fork --kill-child --mount-proc bash "$BATS_TEST_TMPDIR/ancestor"
	[[ $stderr == *"mounting a fresh procfs: the target's /proc is not a procfs of its PID namespace"* ]] ||
		fail "borrowed the ancestor's procfs: $stderr"
	assert_line --regexp '^ +1 sleep 100000$'
	assert_lines 2
}

@test "entering the target's mount namespace to borrow leaves the command's cwd alone" {
	cd /usr/share/doc
	run -0 --separate-stderr "$NSPS" -v -t "$RUNC_TARGET" -- pwd
	[[ $stderr == *"borrowed the target's procfs"* ]] || fail "not borrowed: $stderr"
	assert_output /usr/share/doc
}

@test "borrowing leaves the host's and the container's mount tables as they were" {
	local host cont
	host=$(host_mounts)
	cont=$(cat "/proc/$RUNC_TARGET/mountinfo")
	run -0 "$NSPS" -t "$RUNC_TARGET" -- ps -e
	assert_equal "$(host_mounts)" "$host"
	assert_equal "$(cat "/proc/$RUNC_TARGET/mountinfo")" "$cont"
}
