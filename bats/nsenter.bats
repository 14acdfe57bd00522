#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# nsenter habits: -p accepted, -m and --root explained, -S follow and
# -G follow take the target's own ids. The target: a runc container with a
# user namespace (0 is host 100000) whose processes run as uid 1000, gid
# 1001 inside (host 101000, 101001).

load helpers

setup_file() {
	requires root runc jq "$BUSYBOX"
	RUNC_BUNDLE_ROOT=$(mktemp -d /tmp/nsps-nsenter.XXXXXX)
	chmod 755 "$RUNC_BUNDLE_ROOT"
	RUNC_BUNDLE_ROOT=$RUNC_BUNDLE_ROOT start_runc_target '.linux.namespaces += [{"type": "user"}]
	    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
	    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
	    | .process.user = {"uid": 1000, "gid": 1001}'
	export RUNC_BUNDLE_ROOT
}

teardown_file() {
	stop_runc_target
	[[ -n ${RUNC_BUNDLE_ROOT:-} ]] && rm -rf "$RUNC_BUNDLE_ROOT"
}

@test "-p and --pid are accepted: the PID namespace is always joined" {
	local o
	for o in -p --pid; do
		run -0 --separate-stderr "$NSPS" "$o" -t "$RUNC_TARGET" -- ps -o pid=,args= -p 1
		assert_output --regexp '^ +1 sh -c httpd'
	done
	run -0 --separate-stderr "$NSPS" -p -n -t "$RUNC_TARGET" -- true
}

@test "-m, --mount and --root: one line saying why they are not needed, 125" {
	local o why
	why="the view keeps the host's filesystem, so that the host's tools run; the container's files are at /proc/1/root in it"
	for o in -m --mount --mount=/proc/1/ns/mnt; do
		run -125 --separate-stderr "$NSPS" "$o" -t "$RUNC_TARGET" -- echo ran
		assert_output ""
		assert_equal "$stderr" "nsps: nsenter's ${o%%=*} is not needed: $why"$'\n'"Try 'nsps --help' for more information."
	done
	for o in --root --root=/proc/1/root; do
		run -125 --separate-stderr "$NSPS" "$o" -t "$RUNC_TARGET" -- echo ran
		assert_equal "$stderr" "nsps: nsenter's --root is not needed: $why (-r is --raw here, as in lsns)"$'\n'"Try 'nsps --help' for more information."
	done
}

@test "-S follow and -G follow: the target's own ids, the host's, or with -U the container's" {
	run -0 --separate-stderr "$NSPS" -S follow -G follow -t "$RUNC_TARGET" -- id -u
	assert_output 101000
	run -0 --separate-stderr "$NSPS" -S follow -G follow -t "$RUNC_TARGET" -- id -g
	assert_output 101001
	run -0 --separate-stderr "$NSPS" -U -S follow -G follow -t "$RUNC_TARGET" -- sh -c 'id -u; id -g'
	assert_output $'1000\n1001'
	# -G follow alone keeps uid 0 (as -G does)
	run -0 --separate-stderr "$NSPS" -G follow -t "$RUNC_TARGET" -- sh -c 'id -u; id -g'
	assert_output $'0\n101001'
}

@test "-S follow on a target that runs as root: refused as -S 0 is, 125" {
	local pid mark=$((200000 + BATS_ROOT_PID % 100000))
	# the container's root (host 100000): root as -U sees it
	runc exec -d --user 0:0 "$RUNC_NAME" sleep "$mark"
	wait_for bash -c "pgrep -f '^sleep $mark\$' >/dev/null"
	pid=$(pgrep -f "^sleep $mark\$")
	run -0 --separate-stderr "$NSPS" -S follow -t "$pid" -- id -u
	assert_output 100000
	run -125 --separate-stderr "$NSPS" -U -S follow -t "$pid" -- echo ran
	assert_equal "$stderr" "nsps: -S follow: target $pid runs as uid 0: refusing root without capabilities, which exposes the host to the container; leave -S out to run as root"
	kill "$pid"
	wait_for is_gone "$pid"
	# a host root's container
	start_unshare_target
	run -125 --separate-stderr "$NSPS" -S follow -t "$UNSHARE_TARGET" -- echo ran
	assert_equal "$stderr" "nsps: -S follow: target $UNSHARE_TARGET runs as uid 0: refusing root without capabilities, which exposes the host to the container; leave -S out to run as root"
	stop_unshare_target
}

@test "-U -S follow on a target whose uid its user namespace does not map: one line, 125" {
	local mark=$((400000 + BATS_ROOT_PID % 100000)) pid bg
	# nsps's own command keeps the host's uid 0, which the container does
	# not map
	"$NSPS" -U -t "$RUNC_TARGET" -- sleep "$mark" </dev/null >/dev/null 2>&1 3>&- &
	bg=$!
	wait_for bash -c "pgrep -f '^sleep $mark\$' >/dev/null"
	pid=$(pgrep -f "^sleep $mark\$")
	run -125 --separate-stderr "$NSPS" -U -S follow -t "$pid" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: -S follow: the uid 0 of target $pid is not mapped in its user namespace"
	kill "$bg"
	wait "$bg" || true
	wait_for is_gone "$pid"
}
