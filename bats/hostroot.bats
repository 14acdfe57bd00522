#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# --host-root: the runtimes' state read below another root, as a node-debug
# pod has the host's at /host. Each case builds that root in a throwaway
# mount namespace of its own (a tmpfs, the runc target's state bound into
# it, the machine's /run/runc hidden behind a tmpfs there), so nothing of
# it is ever in the machine's mount table. nodedebug.bats runs the real
# pod, with the image.

load helpers

setup_file() {
	requires root runc jq unshare strace "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

# in_fake_root LINK CMD...: run CMD in a mount namespace where the
# machine's /run/runc is empty and $ROOT (a tmpfs) is a host root whose
# run/runc is a symbolic link LINK to its state/, which holds the real
# runc state. LINK is absolute, as the host's own links are.
in_fake_root() {
	local link=$1
	shift
	ROOT=$BATS_TEST_TMPDIR/root
	mkdir -p "$ROOT"
	# shellcheck disable=SC2016 # the inner bash expands them
	unshare -m --propagation private bash -c '
		set -e
		root=$1 link=$2
		shift 2
		mount -t tmpfs nsps-root "$root"
		mkdir "$root/state" "$root/run" "$root/etc"
		mount --bind /run/runc "$root/state"
		ln -s "$link" "$root/run/runc"
		mount -t tmpfs nsps-empty /run/runc
		"$@"' _ "$ROOT" "$link" "$@"
}

@test "--host-root: the runtimes' state below it, its absolute links resolved inside it" {
	host_mounts >"$BATS_TEST_TMPDIR/before"
	# the machine's own state hidden: not found
	run -125 --separate-stderr in_fake_root /state "$NSPS" -t "$RUNC_NAME" -- true
	[[ $stderr == "nsps: target '$RUNC_NAME': no running container has this ID or name (asked: the runtimes' state, the cgroups"* ]] ||
		fail "$stderr"
	# below the root: /state is the root's, not the machine's (no /state)
	[[ ! -e /state ]]
	run -0 --separate-stderr in_fake_root /state "$NSPS" --host-root "$BATS_TEST_TMPDIR/root" \
		-t "$RUNC_NAME" -- ps -o pid=,args= -e
	assert_line --regexp '^ +1 sh -c httpd'
	run -0 --separate-stderr in_fake_root /state "$NSPS" --host-root "$BATS_TEST_TMPDIR/root" \
		-l -r -n -o RUNTIME,NAME,PID
	assert_line "runc $RUNC_NAME $RUNC_TARGET"
	host_mounts | diff "$BATS_TEST_TMPDIR/before" -
}

@test "--host-root: let go of once the target is found, while the command runs" {
	# shellcheck disable=SC2016 # the inner bash expands them
	run -0 --separate-stderr in_fake_root /state bash -c '
		"$0" --host-root "$1" -t "$2" -- sleep 100 & pid=$!
		for ((i = 0; i < 200; i++)); do
			[[ -n $(cat /proc/$pid/task/*/children 2>/dev/null) ]] && break
			sleep 0.05
		done
		ls -l /proc/$pid/fd
		kill $pid' "$NSPS" "$BATS_TEST_TMPDIR/root" "$RUNC_NAME"
	assert_output --partial "pidfd"	# the listing is nsps's, pinning the target
	refute_output --partial "$BATS_TEST_TMPDIR/root"
}

@test "--host-root: a link that climbs out of the root stays in it" {
	# /../../../state from the root's run/ is the root's state/, as the
	# kernel resolves it for a process chrooted there
	run -0 --separate-stderr in_fake_root /../../../state "$NSPS" --host-root "$BATS_TEST_TMPDIR/root" \
		-l -r -n -o NAME
	assert_line "$RUNC_NAME"
	# one that leads to the machine's /run/runc, by a path only the
	# machine has, finds nothing there
	run -0 --separate-stderr in_fake_root "$BATS_TEST_TMPDIR/root/state" "$NSPS" \
		--host-root "$BATS_TEST_TMPDIR/root" -l -r -n -o NAME
	[[ $'\n'$output$'\n' != *$'\n'"$RUNC_NAME"$'\n'* ]] || fail "found through a path of the machine's: $output"
}

@test "--host-root /: the default; a root that is not a directory: one line, 125" {
	run -0 --separate-stderr "$NSPS" --host-root / -l -r -n -o NAME
	assert_line "$RUNC_NAME"
	run -125 --separate-stderr "$NSPS" --host-root /nonexistent -t "$RUNC_NAME" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: --host-root '/nonexistent': No such file or directory"
	run -125 --separate-stderr "$NSPS" --host-root /etc/passwd -l
	assert_equal "$stderr" "nsps: --host-root '/etc/passwd': Not a directory"
	# a kernel without openat2(): nothing could be read safely there
	local before
	before=$(host_mounts)
	run -125 --separate-stderr strace -qq -o /dev/null -e inject=openat2:error=ENOSYS \
		"$NSPS" --host-root /usr -t "$RUNC_NAME" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: cannot read the host's root '/usr': no openat2() (Linux 5.6): Function not implemented"
	assert_equal "$(host_mounts)" "$before"
	run -125 --separate-stderr "$NSPS" --host-root '' -l
	assert_equal "$stderr" "nsps: option '--host-root' needs a directory"$'\n'"Try 'nsps --help' for more information."
}

@test "on the host, nsps reads its own root: no /host means no step about it" {
	run -0 --separate-stderr "$NSPS" -v -t "$RUNC_NAME" -- true
	[[ $stderr != *"the host's root"* ]] || fail "$stderr"
}
