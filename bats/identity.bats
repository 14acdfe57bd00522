#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# -S, -G, --user and -w: the command's identity and working directory,
# changed after the mounts, with capabilities dropped; and the refusals.

load helpers

setup_file() {
	requires root unshare setpriv runc jq ps "$BUSYBOX"
	start_unshare_target
	# A runc container whose processes run as uid 65534, like the host's nobody.
	start_runc_target '.process.user = {"uid": 65534, "gid": 65534}'
}

teardown_file() {
	stop_runc_target
	stop_unshare_target
}

teardown() {
	remove_host_probe
}

# The identity lines of the command's own status.
caps_and_groups='grep -E "^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb):" /proc/self/status'

@test "-S: the uid, its host group, no groups, no capabilities at all" {
	run -0 --separate-stderr "$NSPS" -S 65534 -t "$UNSHARE_TARGET" -- sh -c "$caps_and_groups"
	assert_line --regexp $'^Uid:\t65534\t65534\t65534\t65534$'
	assert_line --regexp $'^Gid:\t65534\t65534\t65534\t65534$'
	assert_line --regexp '^Groups:\s*$'
	local set
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		assert_line "$set:	0000000000000000"
	done
}

@test "-S with a uid the host does not know: the same number as group" {
	run -0 --separate-stderr "$NSPS" -S 43210 -t "$UNSHARE_TARGET" -- id
	assert_output 'uid=43210 gid=43210 groups=43210'
}

@test "-S with -G: that group" {
	run -0 --separate-stderr "$NSPS" -S 43210 -G 100 -t "$UNSHARE_TARGET" -- sh -c 'id -u; id -g; id -G'
	assert_equal "${lines[*]}" "43210 100 100"
}

@test "--user NAME: looked up on the host, with its primary group" {
	local uid gid
	uid=$(id -u daemon)
	gid=$(id -g daemon)
	run -0 --separate-stderr "$NSPS" --user daemon -t "$UNSHARE_TARGET" -- sh -c 'id -u; id -g; id -G'
	assert_equal "${lines[*]}" "$uid $gid $gid"
	# -G names the group, as with -S, whichever comes first
	run -0 --separate-stderr "$NSPS" --user daemon -G 100 -t "$UNSHARE_TARGET" -- sh -c 'id -u; id -g; id -G'
	assert_equal "${lines[*]}" "$uid 100 100"
	run -0 --separate-stderr "$NSPS" -G 100 --user daemon -t "$UNSHARE_TARGET" -- sh -c 'id -u; id -g; id -G'
	assert_equal "${lines[*]}" "$uid 100 100"
}

@test "-G alone: uid 0 keeps its capabilities, the group changes" {
	run -0 --separate-stderr "$NSPS" -G 5 -t "$UNSHARE_TARGET" -- sh -c "$caps_and_groups"
	assert_line --regexp $'^Uid:\t0\t0\t0\t0$'
	assert_line --regexp $'^Gid:\t5\t5\t5\t5$'
	refute_line "CapEff:	0000000000000000"
	assert_line "$(grep ^CapEff: /proc/self/status)"
}

@test "the view is still the container's under another identity" {
	run -0 --separate-stderr "$NSPS" -S 65534 -t "$UNSHARE_TARGET" -- ps -o user=,args= -e
	assert_line --regexp '^root +sh -c ip link set lo up'
	assert_line --regexp '^nobody +ps -o user=,args= -e$'
}

@test "uid in use inside the target: one warning line, the command still runs" {
	run -0 --separate-stderr "$NSPS" -S 65534 -t "$RUNC_TARGET" -- id -u
	assert_output 65534
	assert_equal "$stderr" "nsps: warning: uid 65534 is in use inside target $RUNC_TARGET: its processes there can read through the command the host files uid 65534 may read"
	run -0 --separate-stderr "$NSPS" -S 43210 -t "$RUNC_TARGET" -- id -u
	assert_equal "$stderr" ""
}

@test "-w DIR: the command starts there; relative to nsps's own directory" {
	run -0 --separate-stderr "$NSPS" -w /etc -t "$UNSHARE_TARGET" -- pwd
	assert_output /etc
	cd /usr
	run -0 --separate-stderr "$NSPS" -w share -t "$UNSHARE_TARGET" -- pwd
	assert_output /usr/share
	run -0 --separate-stderr "$NSPS" -t "$UNSHARE_TARGET" -- pwd
	assert_output /usr
}

@test "-w is entered as the new identity: a directory it may not enter fails" {
	# root's own 0700 directory, on the host's root filesystem
	mkdir -m 700 "$HOST_PROBE"
	run -125 --separate-stderr "$NSPS" -S 43210 -w "$HOST_PROBE" -t "$RUNC_TARGET" -- pwd
	assert_output ""
	assert_equal "$stderr" "nsps: cannot change to directory '$HOST_PROBE': Permission denied"
	run -0 --separate-stderr "$NSPS" -w "$HOST_PROBE" -t "$RUNC_TARGET" -- pwd
	assert_output "$HOST_PROBE"
}

@test "refusals and bad identities: one line each, exit 125, nothing run" {
	local t=$RUNC_TARGET
	expect_refusal() {
		local want=$1
		shift
		run -125 --separate-stderr "$NSPS" "$@" -- echo ran
		assert_output ""
		assert_equal "$stderr" "nsps: $want"
	}
	# a command line nsps cannot take: that line, then where help is
	expect_usage_refusal() {
		local want=$1
		shift
		expect_refusal "$want"$'\n'"Try 'nsps --help' for more information." "$@"
	}
	expect_usage_refusal "refusing -S 0: uid 0 without capabilities exposes the host to the container; leave -S out to run as root" -S 0 -t "$t"
	expect_refusal "user 'root' is uid 0: refusing root without capabilities, which exposes the host to the container; leave --user out to run as root" --user root -t "$t"
	expect_refusal "user 'nsps-no-such-user': no such user on the host" --user nsps-no-such-user -t "$t"
	expect_usage_refusal "option '--user' takes a user name, not '-t' (the user namespace is -U, --userns)" --user -t "$t"
	expect_usage_refusal "--user and -S both set the uid: give one of them" --user daemon -S 5 -t "$t"
	expect_usage_refusal "invalid uid 'abc' for -S: not a number" -S abc -t "$t"
	expect_usage_refusal "invalid gid '2147483647' for -G: out of range (0 to 2147483646)" -G 2147483647 -t "$t"
	expect_usage_refusal "option '-w' needs a directory" -w '' -t "$t"
	expect_refusal "cannot change to directory '/nonexistent': No such file or directory" -w /nonexistent -t "$t"
}

@test "the host's mount table is the same after identity changes" {
	local before
	before=$(host_mounts)
	"$NSPS" -S 65534 -w /tmp -t "$UNSHARE_TARGET" -- true
	"$NSPS" -G 5 -t "$UNSHARE_TARGET" -- true
	assert_equal "$(host_mounts)" "$before"
}
