#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The host's filesystems and the view: what the view keeps of them, what
# its mount table shows, and that it lets go of what the host unmounts.
# Where the shape of the host matters, a test makes its own: a throwaway
# mount namespace whose tree is made shared first, as systemd makes it, so
# that a leak into the host or a copy that pins a mount would show there.

load helpers

setup_file() {
	requires root unshare runc jq losetup mkfs.ext4 findmnt "$BUSYBOX"
	start_runc_target
}

teardown_file() {
	stop_runc_target
}

teardown() {
	stop_nsps_bg
	remove_host_probe
	if [[ -n ${OUTER:-} ]]; then
		{ kill -KILL "$OUTER" && wait "$OUTER"; } 2>/dev/null || true
		unset OUTER
	fi
	if [[ -n ${LOOP:-} ]]; then
		losetup -d "$LOOP" 2>/dev/null || true
		unset LOOP
	fi
}

# on_shared_host SCRIPT: run the bash SCRIPT (with $NSPS and $T, the
# target) on a throwaway host shaped like a systemd one, whose every mount
# is shared (scripts/systemd-host.sh, cut from the machine's first). Its
# output in $output, as with run. The script prints what the test is to
# see; what it keeps in /tmp it removes.
on_shared_host() {
	run --separate-stderr env T="$RUNC_TARGET" \
		"$BATS_TEST_DIRNAME/../scripts/systemd-host.sh" bash -eu -s <<<"$1"
}

# loop_device: a loop device over a new ext4 image, in LOOP (detached in
# teardown).
loop_device() {
	truncate -s 16M "$BATS_TEST_TMPDIR/fs.img"
	mkfs.ext4 -q "$BATS_TEST_TMPDIR/fs.img"
	LOOP=$(losetup -f --show "$BATS_TEST_TMPDIR/fs.img")
	export LOOP
}

# The script of a host that mounts the loop device on $1, starts a view,
# unmounts it while the view runs, and asks mkfs whether the device is
# free; it prints "free" or mkfs's complaint.
let_go_script() {
	cat <<-SCRIPT
		mnt=$1
		mkdir -p "\$mnt"
		mount "$LOOP" "\$mnt"
		"\$NSPS" -t "\$T" -- sleep 60 </dev/null >/dev/null 2>&1 &
		nsps=\$!
		for i in \$(seq 200); do
			c=\$(pgrep -P \$nsps) && [ "\$(cat /proc/\$c/comm)" = sleep ] && break
			sleep 0.05
		done
		umount "\$mnt"
		if out=\$(mkfs.ext4 -q -F "$LOOP" 2>&1); then echo free; else echo "\$out"; fi
		kill -KILL \$nsps
	SCRIPT
}

@test "a filesystem the host unmounts while a view runs is let go of at once (outside the view's trees)" {
	loop_device
	on_shared_host "$(let_go_script "$BATS_TEST_TMPDIR/mnt")"
	assert_output free
}

@test "a filesystem the host unmounts below a tree the view keeps (/opt) is let go of at once" {
	loop_device
	# /opt a filesystem of its own on this test's host, shared as systemd
	# makes mounts, with the loop device below it
	on_shared_host "mount -t tmpfs nsps-opt /opt
		$(let_go_script /opt/nsps-loop)"
	assert_output free
}

@test "on a host whose mounts are private, an unmount outside the view's trees is let go of too" {
	loop_device
	printf '%s\n' "$(let_go_script "$BATS_TEST_TMPDIR/mnt")" >"$BATS_TEST_TMPDIR/host.sh"
	run --separate-stderr env T="$RUNC_TARGET" unshare -m --propagation private \
		bash -eu "$BATS_TEST_TMPDIR/host.sh"
	assert_output free
}

@test "on a shared host: the host's mount table is the same before, during and after; the view joins none of its peer groups" {
	on_shared_host '
		before=$(cat /proc/self/mountinfo)
		view=$(mktemp)
		"$NSPS" -t "$T" -- sh -c "cat /proc/self/mountinfo; sleep 2" >"$view" &
		nsps=$!
		sleep 1
		[ "$(cat /proc/self/mountinfo)" = "$before" ] && echo "same during"
		wait $nsps
		[ "$(cat /proc/self/mountinfo)" = "$before" ] && echo "same after"
		echo "host shared: $(grep -c " shared:" /proc/self/mountinfo)"
		echo "view shared: $(grep -c " shared:" "$view" || true)"
		echo "view slaves: $(grep -c " master:" "$view")"
		rm -f "$view"'
	assert_line "same during"
	assert_line "same after"
	assert_line --regexp '^host shared: [1-9]'
	# every mount of the view is private or a slave of the host's
	assert_line "view shared: 0"
	assert_line --regexp '^view slaves: [1-9]'
}

@test "the view's mount table shows the host's tools, not its runtimes', kubelet's or volumes' mounts" {
	# mounts where runtimes, kubelet and volumes have theirs
	on_shared_host '
		mount -t tmpfs nsps-run /run
		mkdir -p /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs /run/netns/cni-1
		mount -t tmpfs nsps-rootfs /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs
		mount -t tmpfs nsps-netns /run/netns/cni-1
		mount -t tmpfs nsps-mnt /mnt
		mkdir -p /mnt/kubelet/pods/p1/volumes/kubernetes.io~csi/v1
		mount -t tmpfs nsps-volume /mnt/kubelet/pods/p1/volumes/kubernetes.io~csi/v1
		"$NSPS" -t "$T" -- cat /proc/self/mountinfo /proc/self/mounts'
	refute_output --partial nsps-rootfs
	refute_output --partial nsps-netns
	refute_output --partial nsps-volume
	refute_output --partial nsps-mnt
	# its /tmp is its own scratch space, not the host's /tmp (a
	# filesystem of its own here)
	assert_line --regexp '^[0-9]+ [0-9]+ [0-9:]+ /tmp /tmp .* - tmpfs nsps-scratch ' 
	# every mount point is one of the view's own places
	run -0 awk 'NF > 9 && $5 !~ "^/(usr|etc|opt|snap|nix|home|root|var|dev|sys|proc|run|tmp)?(/|$)" { print $5 }' <<<"$output"
	assert_output ""
}

@test "mounts the host makes once the view runs: below the kept trees they arrive, elsewhere never" {
	on_shared_host '
		mount -t tmpfs nsps-opt /opt
		view=$(mktemp)
		"$NSPS" -t "$T" -- sh -c "sleep 1.5; cat /proc/self/mountinfo" >"$view" &
		nsps=$!
		sleep 0.5
		mkdir -p /opt/late; mount -t tmpfs nsps-late-opt /opt/late
		mount -t tmpfs nsps-late-mnt /mnt
		wait $nsps
		cat "$view"; rm -f "$view"'
	assert_line --regexp ' /opt/late .* nsps-late-opt '
	refute_output --partial nsps-late-mnt
}

@test "the command starts where nsps was started; where the view lacks that place, a warning says so" {
	cd /usr/share
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- pwd
	assert_output /usr/share
	assert_equal "$stderr" ""
	# /root: the host's home under a writable layer is the same place
	cd /root
	run -0 --separate-stderr env HOME=/root "$NSPS" -t "$RUNC_TARGET" -- pwd
	assert_output /root
	assert_equal "$stderr" ""
	# the view's /tmp is its own
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- pwd
	assert_output /
	assert_equal "$stderr" "nsps: warning: the working directory $BATS_TEST_TMPDIR is not in the view: the command starts in / of the view"
	# an absolute -w says where to go: no warning
	run -0 --separate-stderr "$NSPS" -w /etc -t "$RUNC_TARGET" -- pwd
	assert_output /etc
	assert_equal "$stderr" ""
}

# in_chroot PREP ARGS...: in a throwaway mount namespace, nsps ARGS run
# chrooted into a root made of the host's directories in a directory of
# /tmp; PREP (sh) runs first there, with $c the new root.
in_chroot() {
	local c=$BATS_TEST_TMPDIR/chroot d prep=$1
	shift
	mkdir -p "$c"
	for d in usr etc proc sys dev tmp root run var; do mkdir -p "$c/$d"; done
	for d in bin sbin lib lib64; do [[ -L /$d ]] && ln -sfn "usr/$d" "$c/$d"; done
	cp "$NSPS" "$c/nsps"
	# shellcheck disable=SC2016 # the inner sh expands them
	run --separate-stderr unshare -m --propagation private sh -c '
		c=$1; prep=$2; shift 2
		eval "$prep"
		for d in usr etc proc sys dev var; do mount --rbind "/$d" "$c/$d"; done
		exec chroot "$c" /nsps "$@"' _ "$c" "$prep" "$@"
}

@test "run from a chroot whose root is a mount point (chroot /host), nsps gives the view" {
	in_chroot 'mount --bind "$c" "$c"' -t "$RUNC_TARGET" -- ps -e -o pid=,comm=
	assert_success
	assert_line --regexp '^ +1 sh$'
	assert_equal "$stderr" ""
}

@test "run from a chroot whose root is no mount point: one line saying why, 125" {
	in_chroot : -t "$RUNC_TARGET" -- echo ran
	assert_failure 125
	assert_output ""
	assert_equal "$stderr" "nsps: cannot cut the new mount namespace's propagation to the host: nsps's root is no mount point (a chroot?): run nsps outside it, or make it one (mount --bind DIR DIR)"
}

@test "no pivot_root() from the root (the kernel's rootfs as root): the view is moved over it, the host's tree out of sight" {
	requires strace
	local before
	before=$(host_mounts)
	run -0 --separate-stderr strace -f -o /dev/null -e trace=pivot_root -e inject=pivot_root:error=EINVAL \
		"$NSPS" -v -t "$RUNC_TARGET" -- sh -c 'ps -e -o pid=,comm=; cat /proc/self/mountinfo'
	assert_line --regexp '^ +1 sh$'
	[[ $stderr == *"no pivot_root() from this root"* ]] || fail "fallback not taken: $stderr"
	# out of the command's mount table: only the view's places
	run -0 awk 'NF > 9 && $5 !~ "^/(usr|etc|opt|snap|nix|home|root|var|dev|sys|proc|run|tmp)?(/|$)" { print $5 }' <<<"$output"
	assert_output ""
	assert_equal "$(host_mounts)" "$before"
}

@test "a container whose /proc is shared cannot reach into the view, nor the view into it" {
	local t
	unshare --pid --fork --kill-child --mount --mount-proc sh -c \
		'mount --make-shared /proc && exec sleep 100000' </dev/null >/dev/null 2>&1 3>&- &
	OUTER=$!
	wait_for bash -c "pgrep -P $OUTER -x sleep >/dev/null"
	t=$(pgrep -P "$OUTER" -x sleep)
	local before
	before=$(cat "/proc/$t/mountinfo")
	run -0 --separate-stderr "$NSPS" -v -t "$t" -- sh -c 'grep " /proc " /proc/self/mountinfo'
	[[ $stderr == *"borrowed the target's procfs"* ]] || fail "not borrowed: $stderr"
	# the view's /proc is no peer of the container's
	refute_output --partial 'shared:'
	# and the view's read-only /proc/sys bind did not reach the container
	assert_equal "$(cat "/proc/$t/mountinfo")" "$before"
}

@test "iptables and nstat, which keep a lock file and a history, work in the read-only view; the host keeps neither" {
	requires iptables-legacy nstat
	local lock=absent hist=absent
	[[ -e /run/xtables.lock ]] && lock=present
	[[ -e /tmp/.nstat.u0 ]] && hist=present
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- iptables-legacy -nvL INPUT
	assert_line --index 0 --partial 'Chain INPUT'
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- nstat
	assert_equal "$stderr" ""
	[[ $lock == present || ! -e /run/xtables.lock ]] || fail "the host got /run/xtables.lock"
	[[ $hist == present || ! -e /tmp/.nstat.u0 ]] || fail "the host got nstat's history"
}

@test "what the command writes to /tmp, /var/tmp, /run and \$HOME stays in its view and ends with it" {
	local m=nsps-scratch-$BATS_ROOT_PID f
	run -0 --separate-stderr env HOME=/root "$NSPS" -t "$RUNC_TARGET" -- sh -c \
		"for d in /tmp /var/tmp /run /root; do echo x >\$d/$m || exit 1; done; cat /tmp/$m /run/$m"
	assert_output $'x\nx'
	for f in /tmp /var/tmp /run /root; do
		[[ ! -e $f/$m ]] || { rm -f "$f/$m"; fail "the host got $f/$m"; }
	done
	# the next view starts afresh
	run -2 --separate-stderr env HOME=/root "$NSPS" -t "$RUNC_TARGET" -- sh -c "ls /tmp /var/tmp; ls /run/$m /root/$m 2>&1"
	assert_equal "${lines[0]} ${lines[1]}" "/tmp: /var/tmp:"
	assert_line "ls: cannot access '/run/$m': No such file or directory"
	assert_line "ls: cannot access '/root/$m': No such file or directory"
}

@test "the host's files under the writable layers are the host's: /run and \$HOME read as on the host" {
	run -0 --separate-stderr env HOME=/root "$NSPS" -t "$RUNC_TARGET" -- sh -c 'ls -A /run; echo ==; ls -A /root'
	assert_output "$(ls -A /run; echo ==; ls -A /root)"
}

@test "a writable layer keeps its directory's owner and mode: another user's 0700 home stays closed" {
	mkdir -m 700 "$HOST_PROBE"
	chown 65534:65534 "$HOST_PROBE"
	run -0 --separate-stderr env HOME="$HOST_PROBE" "$NSPS" -t "$RUNC_TARGET" -- stat -c '%u:%g %a' "$HOST_PROBE"
	assert_output '65534:65534 700'
	# and it takes that user's writes, into the view only
	run -0 --separate-stderr env HOME="$HOST_PROBE" "$NSPS" -S 65534 -t "$RUNC_TARGET" -- sh -c "echo x >$HOST_PROBE/f && cat $HOST_PROBE/f"
	assert_output x
	assert [ ! -e "$HOST_PROBE/f" ]
}
