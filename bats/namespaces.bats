#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# -u -i -C -T -U -a: each namespace shows the container's side, and only
# when asked for. Real targets: an unshare-made one with its own time and
# cgroup namespaces, a rootless one (an unprivileged user's user namespace)
# and a runc container with a user namespace mapping 0 to 100000.

load helpers

setup_file() {
	requires root unshare setpriv nsenter runc jq ipcmk ipcs ps "$BUSYBOX"
	# A cgroup for the target, so that its cgroup namespace has a root
	# other than the host's (cgroup2 is at unified/ on this hybrid layout).
	local v2=/sys/fs/cgroup/unified
	[[ -f $v2/cgroup.procs ]] || v2=/sys/fs/cgroup
	CGROUP_DIR=$v2/nsps-test-$BATS_ROOT_PID
	mkdir "$CGROUP_DIR"
	UNSHARE_CGROUP=$CGROUP_DIR start_unshare_target --cgroup --time --boottime 100000
	nsenter -t "$UNSHARE_TARGET" -i ipcmk -Q >/dev/null
	start_rootless_target
	# A user-namespaced runc container: its bundle must be reachable by
	# the container's root, host uid 100000.
	RUNC_BUNDLE_ROOT=$(mktemp -d /tmp/nsps-userns.XXXXXX)
	chmod 755 "$RUNC_BUNDLE_ROOT"
	RUNC_BUNDLE_ROOT=$RUNC_BUNDLE_ROOT start_runc_target '.linux.namespaces += [{"type": "user"}]
	    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
	    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
	    | .hostname = "nsps-userns"'
	export CGROUP_DIR RUNC_BUNDLE_ROOT
}

teardown_file() {
	stop_runc_target
	[[ -n ${RUNC_BUNDLE_ROOT:-} ]] && rm -rf "$RUNC_BUNDLE_ROOT"
	stop_rootless_target
	stop_unshare_target
	if [[ -n ${CGROUP_DIR:-} && -d $CGROUP_DIR ]]; then
		wait_for rmdir "$CGROUP_DIR"
	fi
}

teardown() {
	stop_nsps_bg
}

@test "-u shows the container's hostname, and only with -u" {
	run -0 --separate-stderr "$NSPS" -u -t "$UNSHARE_TARGET" -- hostname
	assert_output nsps-unshare
	run -0 --separate-stderr "$NSPS" -t "$UNSHARE_TARGET" -- hostname
	assert_output "$(hostname)"
	run -0 --separate-stderr "$NSPS" -u -t "$RUNC_TARGET" -- hostname
	assert_output nsps-userns
}

@test "-i: ipcs shows the container's System V queues, and only with -i" {
	local key
	key=$(nsenter -t "$UNSHARE_TARGET" -i ipcs -q | awk '/^0x/ { print $1; exit }')
	[[ -n $key ]]
	run -0 --separate-stderr "$NSPS" -i -t "$UNSHARE_TARGET" -- ipcs -q
	assert_line --partial "$key"
	run -0 --separate-stderr "$NSPS" -t "$UNSHARE_TARGET" -- ipcs -q
	refute_line --partial "$key"
}

@test "-i: a fresh mqueue on /dev/mqueue shows the container's POSIX queues" {
	# This host has no /dev/mqueue: give it one in a throwaway mount
	# namespace (a tmpfs /dev), as a systemd host has.
	local q=nsps-q-$RANDOM
	nsenter -t "$UNSHARE_TARGET" -i -m sh -c "mount -t mqueue none /mnt && : >/mnt/$q"
	run -0 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs -o size=64k nsps-dev /dev && mkdir /dev/mqueue && exec "$@"' _ \
		"$NSPS" -i -t "$UNSHARE_TARGET" -- ls /dev/mqueue
	assert_output "$q"
	run -0 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs -o size=64k nsps-dev /dev && mkdir /dev/mqueue && exec "$@"' _ \
		"$NSPS" -t "$UNSHARE_TARGET" -- ls /dev/mqueue
	assert_output ""
	# read-only, as the rest of the view: the container's queue stays
	run -1 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs -o size=64k nsps-dev /dev && mkdir /dev/mqueue && exec "$@"' _ \
		"$NSPS" -i -t "$UNSHARE_TARGET" -- rm "/dev/mqueue/$q"
	[[ $stderr == *"Read-only file system"* ]] || fail "$stderr"
	run -0 nsenter -t "$UNSHARE_TARGET" -m ls /mnt
	assert_line "$q"
}

@test "-i without /dev/mqueue on the host: nothing is created, -v says why" {
	# a host whose /dev has no mqueue directory: a tmpfs /dev in a
	# throwaway mount namespace, whatever this machine has
	# shellcheck disable=SC2016 # the inner sh expands them
	run -0 --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs -o size=64k nsps-dev /dev
		before=$(cat /proc/self/mountinfo)
		"$@" >/dev/null || exit 1
		[ -e /dev/mqueue ] && echo "made /dev/mqueue"
		[ "$(cat /proc/self/mountinfo)" = "$before" ] && echo "mounts unchanged"
		true' _ "$NSPS" -v -i -t "$UNSHARE_TARGET" -- ipcs -q
	[[ $stderr == *"no /dev/mqueue on the host: POSIX message queues are not shown"* ]] || fail "$stderr"
	refute_line "made /dev/mqueue"
	assert_line "mounts unchanged"
}

@test "-T: uptime counts from the container's boot, and only with -T" {
	# the container's clocks run 100000 s ahead of the host's
	local host
	host=$(cut -d. -f1 /proc/uptime)
	run -0 --separate-stderr "$NSPS" -T -t "$UNSHARE_TARGET" -- cat /proc/uptime
	(( ${output%%.*} >= host + 100000 ))
	run -0 --separate-stderr "$NSPS" -t "$UNSHARE_TARGET" -- cat /proc/uptime
	(( ${output%%.*} < host + 1000 ))
	run -0 --separate-stderr "$NSPS" -T -t "$UNSHARE_TARGET" -- uptime
	assert_output --partial " day"
}

@test "-C: cgroup paths are relative to the container's cgroup, and only with -C" {
	local name=${CGROUP_DIR##*/}
	run -0 --separate-stderr "$NSPS" -C -t "$UNSHARE_TARGET" -- cat /proc/1/cgroup
	assert_line '0::/'
	run -0 --separate-stderr "$NSPS" -t "$UNSHARE_TARGET" -- cat /proc/1/cgroup
	assert_line "0::/$name"
}

@test "-a joins every namespace the target does not share, with fresh /sys" {
	run -0 --separate-stderr "$NSPS" -a -t "$UNSHARE_TARGET" -- \
		sh -c 'hostname; ls /sys/class/net; cut -d. -f1 /proc/uptime; grep ^0:: /proc/1/cgroup; ipcs -q | grep -c ^0x'
	assert_equal "${lines[0]}" nsps-unshare
	assert_equal "${lines[1]}" lo
	(( lines[2] >= 100000 ))
	assert_equal "${lines[3]}" '0::/'
	assert_equal "${lines[4]}" 1
}

@test "-a -v names each namespace joined; a target sharing all but its PID namespace joins that one" {
	run -0 --separate-stderr "$NSPS" -a -v -t "$UNSHARE_TARGET" -- true
	local kind
	for kind in net uts ipc cgroup time pid; do
		[[ $stderr == *"joined $kind namespace"* ]] || fail "no '$kind' in: $stderr"
	done
	[[ $stderr != *"joined user namespace"* ]]
	# A target that shares every namespace with nsps but its PID
	# namespace: -a joins that one alone.
	unshare --pid --fork --kill-child setpriv --reuid=65534 --regid=65534 --clear-groups sleep 1000 &
	local outer=$! inner
	wait_for child_of "$outer" >/dev/null
	inner=$(child_of "$outer")
	run -0 --separate-stderr "$NSPS" -a -v -t "$inner" -- hostname
	# setpriv's change of uid cleared the child's parent-death signal
	kill -KILL "$inner" "$outer"
	assert_output "$(hostname)"
	[[ $stderr == *"joined pid namespace"* ]] || fail "$stderr"
	[[ $stderr != *"joined net"* && $stderr != *"joined uts"* && $stderr != *"warning"* ]] || fail "$stderr"
}

@test "-U on a target in nsps's own user namespace: a warning, then it runs" {
	run -0 "$NSPS" -U -t "$UNSHARE_TARGET" -- echo ran
	assert_line "nsps: warning: target $UNSHARE_TARGET shares nsps's user namespace: -U has nothing to join"
	assert_line ran
}

@test "rootless target: the view shows its processes, as the host sees their users" {
	run -0 --separate-stderr "$NSPS" -t "$ROOTLESS_TARGET" -- ps -o user=,pid=,args= -e
	assert_line --regexp '^nobody +1 sh -c hostname nsps-rootless'
	assert_line --regexp '^nobody +[0-9]+ sleep 100000$'
	assert_lines 4
	# Its root's capabilities are within its own user namespace: no warning.
	assert_equal "$stderr" ""
}

@test "rootless target with -U: users as the container sees them" {
	run -0 --separate-stderr "$NSPS" -U -t "$ROOTLESS_TARGET" -- ps -o user=,pid=,args= -e
	assert_line --regexp '^root +1 sh -c hostname nsps-rootless'
	assert_line --regexp '^root +[0-9]+ sleep 100001$'
	# Joined, its root's CAP_SYS_PTRACE does reach the command: warned.
	assert_equal "$stderr" "nsps: warning: target $ROOTLESS_TARGET has CAP_SYS_PTRACE: processes in its namespaces can trace the command and read the host through it"
}

@test "-a on a rootless target joins its user namespace too" {
	run -0 "$NSPS" -a -v -t "$ROOTLESS_TARGET" -- ps -o user= -p 1
	assert_line root
	assert_line --partial "joined user namespace"
}

@test "-a -v: the steps in the order they happen, the command's PID last (the fork path, -U)" {
	local last
	run -0 --separate-stderr "$NSPS" -a -v -t "$RUNC_TARGET" -- true
	[[ $stderr == *"joined user namespace"* ]] || fail "no user namespace joined: $stderr"
	last=$(tail -n 1 <<<"$stderr")
	[[ $last == "nsps: command runs as PID "*" on the host" ]] || fail "last step: $last; all: $stderr"
	assert_equal "$(tail -n 2 <<<"$stderr" | head -n 1)" "nsps: executing true"
}

@test "runc with a user namespace: host ids without -U, the container's with -U" {
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- ps -o user=,args= -p 1
	assert_output --regexp '^100000 +sh -c'
	run -0 --separate-stderr "$NSPS" -U -t "$RUNC_TARGET" -- ps -o user=,args= -p 1
	assert_output --regexp '^root +sh -c'
	# The command keeps the host's uid 0, which the container does not map.
	run -0 --separate-stderr "$NSPS" -U -t "$RUNC_TARGET" -- id -u
	assert_output 65534
	assert_equal "$stderr" ""
}

@test "-U with -S: the uid is the container's, mapped to the host's range" {
	run -0 --separate-stderr "$NSPS" -U -S 1000 -t "$RUNC_TARGET" -- id -u
	assert_output 1000
	run_nsps_bg -U -S 1000 -t "$RUNC_TARGET" -- sleep 100
	wait_for bash -c "[[ \$(cat /proc/$NSPS_CMD/comm) == sleep ]]"
	run -0 awk '/^Uid:/ { print $2 }' "/proc/$NSPS_CMD/status"
	assert_output 101000
}

@test "-U -S with an id the container does not map: one clear line, 125" {
	run -125 --separate-stderr "$NSPS" -U -S 1 -t "$ROOTLESS_TARGET" -- id
	assert_output ""
	# (after the warning that its root has CAP_SYS_PTRACE there)
	assert_equal "${stderr##*$'\n'}" "nsps: cannot run as gid 1: not mapped in the user namespace"
}

@test "joining the user namespace fails: one line, 125, the host untouched" {
	requires strace
	local before
	before=$(host_mounts)
	# The child's third setns(): into the target's mount namespace to
	# borrow its procfs, back, then the user namespace (strace counts per
	# process; the parent's one setns() is its own).
	run -125 --separate-stderr strace -f -o /dev/null -e trace=setns \
		-e inject=setns:error=EPERM:when=3 "$NSPS" -U -v -t "$ROOTLESS_TARGET" -- echo ran
	assert_output ""
	[[ $stderr == *"borrowed the target's procfs"* ]] || fail "the procfs was not borrowed: $stderr"
	assert_equal "${stderr##*$'\n'}" "nsps: cannot join the user namespace of target $ROOTLESS_TARGET: Operation not permitted"
	assert_equal "$(host_mounts)" "$before"
}

@test "the host's mount table is the same after every namespace option" {
	local before
	before=$(host_mounts)
	"$NSPS" -a -t "$UNSHARE_TARGET" -- true
	"$NSPS" -a -t "$ROOTLESS_TARGET" -- true
	"$NSPS" -U -t "$RUNC_TARGET" -- true
	"$NSPS" -i -u -C -T -t "$UNSHARE_TARGET" -- true
	assert_equal "$(host_mounts)" "$before"
}
