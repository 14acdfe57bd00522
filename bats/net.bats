#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# -n/--net: ip, ss and /sys/class/net show the container's network, over a
# fresh sysfs; without -n they show the host's. Real targets only.

load helpers

setup_file() {
	requires root unshare runc jq ip ss "$BUSYBOX"
	start_unshare_target
	start_runc_target
	# The host's interfaces, to tell the views apart: the host has more than lo.
	ip -o link show | awk -F': ' '{ print $2 }' | sed 's/@.*//' >"$BATS_FILE_TMPDIR/host-links"
	export HOST_LINKS=$BATS_FILE_TMPDIR/host-links
}

teardown_file() {
	stop_runc_target
	stop_unshare_target
}

teardown() {
	if [[ -n ${OUTER:-} ]]; then
		kill -KILL "$OUTER" 2>/dev/null && wait "$OUTER" 2>/dev/null
		true
	fi
}

setup() {
	[[ $(wc -l <"$HOST_LINKS") -gt 1 ]] || fail "the host has only lo: these tests cannot tell the views apart"
}

# expect_net_view TARGET: -n gives the target's single lo, in ip and in sysfs.
expect_net_view() {
	run -0 --separate-stderr "$NSPS" -n -t "$1" -- ip -o link show
	assert_line --regexp '^1: lo: '
	assert_lines 1
	run -0 --separate-stderr "$NSPS" -n -t "$1" -- ls /sys/class/net
	assert_output lo
}

@test "-n: ip and /sys/class/net show only the unshare target's lo" {
	expect_net_view "$UNSHARE_TARGET"
}

@test "-n: ip and /sys/class/net show only the runc container's lo" {
	expect_net_view "$RUNC_TARGET"
}

@test "--net: ss shows the container's listener, with its process" {
	run -0 --separate-stderr "$NSPS" --net -t "$RUNC_TARGET" -- ss -Htlnp
	assert_line --regexp '^LISTEN .* 127\.0\.0\.1:8080 .*"httpd"'
	assert_lines 1
}

@test "-n: /proc/net is the container's too" {
	run -0 --separate-stderr "$NSPS" -n -t "$UNSHARE_TARGET" -- cat /proc/net/dev
	assert_line --regexp '^ *lo:'
	assert_lines 3
}

@test "with --host-net, ip and /sys/class/net show the host's interfaces" {
	run -0 --separate-stderr "$NSPS" --host-net -t "$RUNC_TARGET" -- ls /sys/class/net
	assert_output "$(ls /sys/class/net)"
	run -0 --separate-stderr "$NSPS" --host-net -t "$RUNC_TARGET" -- ip -o link show
	assert_equal "${#lines[@]}" "$(wc -l <"$HOST_LINKS")"
}

@test "-n: the fresh sysfs is read-only; the host's /sys is untouched" {
	local before
	before=$(host_mounts)
	run ! --separate-stderr "$NSPS" -n -t "$UNSHARE_TARGET" -- sh -c 'echo 7 > /sys/class/net/lo/tx_queue_len'
	[[ $stderr == *'Read-only file system'* ]] || fail "not refused as read-only: $stderr"
	assert_equal "$(host_mounts)" "$before"
	assert_equal "$(cat /sys/class/net/lo/tx_queue_len)" "$(nsenter -t "$UNSHARE_TARGET" -n cat /sys/class/net/lo/tx_queue_len)"
}

@test "-n on a target in the host's network namespace shows the host's interfaces" {
	unshare --pid --fork --kill-child sleep 100000 </dev/null >/dev/null 2>&1 3>&- &
	OUTER=$!
	wait_for child_of "$OUTER" >/dev/null
	run -0 --separate-stderr "$NSPS" -n -t "$(child_of "$OUTER")" -- ls /sys/class/net
	assert_output "$(ls /sys/class/net)"
}

@test "-n -v names the network namespace and the sysfs mount" {
	run -0 --separate-stderr "$NSPS" -v -n -t "$UNSHARE_TARGET" -- true
	local inode
	inode=$(stat -L -c %i "/proc/$UNSHARE_TARGET/ns/net")
	[[ $stderr == *"net:[$inode]"* ]] || fail "no net:[$inode] in: $stderr"
	[[ $stderr == *sysfs*/sys* ]] || fail "no sysfs mount in: $stderr"
}

@test "by default the network is the container's: lsof -i and ss -p show its listener with its process" {
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- lsof -nP -i TCP -s TCP:LISTEN
	assert_line --regexp '^httpd .* TCP 127\.0\.0\.1:8080 \(LISTEN\)$'
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- ss -Htlnp
	assert_line --regexp '^LISTEN .* 127\.0\.0\.1:8080 .*"httpd"'
	assert_lines 1
}

@test "the fresh /sys keeps the host's cgroup tree: the container's cgroup is there" {
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- ls /sys/fs/cgroup
	assert_output "$(ls /sys/fs/cgroup)"
	local dir
	dir=$(awk -F: '$2 == "pids" { print $3 }' "/proc/$RUNC_TARGET/cgroup")
	# (read in the view, its PIDs are the container's: its init is 1)
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- cat "/sys/fs/cgroup/pids$dir/cgroup.procs"
	assert_line 1
}
