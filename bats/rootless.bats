#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Rootless podman, as an unprivileged user of our own (subordinate ranges
# from useradd, its store in its home, runc under /run/user/UID): nsps
# knows the container by its name from that user's store, as podman, not
# as CRI-O with no ID; and what a user writes in its runtime's state
# names only that user's processes.

load helpers

# as_user CMD...: CMD as the test user, in its own environment.
as_user() {
	# ASAN_OPTIONS kept: LeakSanitizer cannot stop a non-dumpable
	# process it may not trace, and would wait for ever (README, Limitations)
	setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
		env -i HOME="$RL_HOME" XDG_RUNTIME_DIR="/run/user/$RL_UID" PATH=/usr/bin:/bin:/usr/sbin:/sbin \
		${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} "$@"
}

rl_podman() {
	as_user podman --storage-driver vfs --cgroup-manager cgroupfs --events-backend file \
		--runtime runc "$@"
}

setup_file() {
	requires root podman runc newuidmap useradd userdel setpriv "$BUSYBOX"
	RL_USER=nsps-rl-$BATS_ROOT_PID
	RL_HOME=$(mktemp -d /tmp/nsps-rl.XXXXXX)
	chmod 755 "$RL_HOME"
	useradd -d "$RL_HOME/home" -m -s /bin/sh "$RL_USER"
	RL_UID=$(id -u "$RL_USER")
	RL_HOME=$RL_HOME/home
	grep -q "^$RL_USER:" /etc/subuid || fail "useradd gave $RL_USER no subordinate uids"
	# the directories made for the user's runtime, parents first
	: >"$BATS_FILE_TMPDIR/made"
	local d
	for d in /run/user "/run/user/$RL_UID"; do
		[[ -e $d ]] || { mkdir "$d" && echo "$d" >>"$BATS_FILE_TMPDIR/made"; }
	done
	chown "$RL_USER:" "/run/user/$RL_UID"
	chmod 700 "/run/user/$RL_UID"
	export RL_USER RL_UID RL_HOME
	make_rootfs "$BATS_FILE_TMPDIR/rootfs"
	tar -C "$BATS_FILE_TMPDIR/rootfs" -cf "$RL_HOME/rootfs.tar" .
	chmod 644 "$RL_HOME/rootfs.tar"
	rl_podman import "$RL_HOME/rootfs.tar" nsps-rl:test >/dev/null
	RL_NAME=nsps-rl-web-$BATS_ROOT_PID
	rl_podman run -d --name "$RL_NAME" --network none --ulimit nofile=1024:1024 \
		--ulimit nproc=1024:1024 nsps-rl:test sh -c 'sleep 100000 & sleep 100001 & wait' \
		>/dev/null 3>&-
	RL_ID=$(rl_podman inspect -f '{{.Id}}' "$RL_NAME")
	RL_TARGET=$(rl_podman inspect -f '{{.State.Pid}}' "$RL_NAME")
	export RL_NAME RL_ID RL_TARGET
}

teardown() {
	stop_runc_target
	stop_rootless_target
}

teardown_file() {
	[[ -n ${RL_USER:-} ]] || return 0
	if id "$RL_USER" >/dev/null 2>&1; then
		rl_podman rm -f -t 0 "${RL_NAME:-none}" >/dev/null 2>&1 || true
		# what a user runs ends with it; then the user, its ranges, its home
		pkill -KILL -U "$RL_UID" 2>/dev/null || true
		wait_for bash -c "! pgrep -U $RL_UID >/dev/null"
		userdel -r "$RL_USER" >/dev/null 2>&1 || userdel "$RL_USER"
	fi
	rm -rf --one-file-system "${RL_HOME%/home}"
	local d
	if [[ -f $BATS_FILE_TMPDIR/made ]]; then
		tac "$BATS_FILE_TMPDIR/made" | while read -r d; do
			[[ -z $d ]] || rm -rf --one-file-system "$d"
		done
	fi
}

@test "rootless podman: its name, its ID, podman://ID reach it" {
	local ref
	for ref in "$RL_NAME" "${RL_ID:0:12}" "podman://$RL_ID"; do
		run -0 --separate-stderr "$NSPS" -v -t "$ref" -- ps -o pid=,args= -e
		assert_line --regexp '^ +1 sh -c sleep 100000 & sleep 100001 & wait$'
		[[ $stderr == *"container $RL_NAME (podman $RL_ID), pid $RL_TARGET"* ]] || fail "$ref: $stderr"
	done
}

@test "rootless podman in --list: podman, its name and ID, not cri-o" {
	run -0 --separate-stderr "$NSPS" -l -r -n -o RUNTIME,NAME,FULLID,PID
	assert_line "podman $RL_NAME $RL_ID $RL_TARGET"
	run -0 --separate-stderr "$NSPS" -A -- true
	assert_line "== podman://${RL_ID:0:12} $RL_NAME pid $RL_TARGET =="
}

@test "without its state, a rootless podman container is still podman with its ID (conmon's command line)" {
	# hide the runtime's state from nsps: a private mount namespace of ours
	run -0 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs none "/run/user/$1" && exec "$2" -l -r -n -o RUNTIME,FULLID,PID' _ "$RL_UID" "$NSPS"
	assert_line "podman $RL_ID $RL_TARGET"
}

@test "a user's runtime state names only that user's processes" {
	local fake=/run/user/$RL_UID/runc/nsps-fake-$BATS_ROOT_PID start
	start_runc_target
	start=$(cut -d' ' -f22 "/proc/$RUNC_TARGET/stat")
	# the user claims root's runc container as its own, with a pod's name
	as_user mkdir "$fake"
	as_user sh -c "printf '%s' '{\"id\":\"nsps-fake-$BATS_ROOT_PID\",\"init_process_pid\":$RUNC_TARGET,\"init_process_start\":$start,\"config\":{\"labels\":[\"io.kubernetes.cri.sandbox-namespace=kube-system\",\"io.kubernetes.cri.sandbox-name=etcd\",\"io.kubernetes.cri.container-name=etcd\"]}}' >$fake/state.json"
	run -125 --separate-stderr "$NSPS" -t "nsps-fake-$BATS_ROOT_PID" -- echo ran
	run -125 --separate-stderr "$NSPS" -t kube-system/etcd/etcd -- echo ran
	assert_output ""
	run -0 --separate-stderr "$NSPS" -l -r -n -o NAME,PID
	refute_line --partial "nsps-fake-$BATS_ROOT_PID"
	refute_line --partial etcd
	# the user's own container, claimed as a pod: a user names no pod
	start=$(cut -d' ' -f22 "/proc/$RL_TARGET/stat")
	as_user sh -c "printf '%s' '{\"id\":\"nsps-fake-$BATS_ROOT_PID\",\"init_process_pid\":$RL_TARGET,\"init_process_start\":$start,\"config\":{\"labels\":[\"io.kubernetes.cri.sandbox-namespace=kube-system\",\"io.kubernetes.cri.sandbox-name=etcd\",\"io.kubernetes.cri.container-name=etcd\"]}}' >$fake/state.json"
	run -125 --separate-stderr "$NSPS" -t kube-system/etcd/etcd -- echo ran
	assert_output ""
	rm -rf "$fake"
	stop_runc_target
}

@test "a user's podman store names only that user's containers, not root's" {
	local store=$RL_HOME/.local/share/containers/storage/vfs-containers/containers.json
	start_runc_target
	[[ -f $store ]] || fail "no store at $store"
	cp -p "$store" "$BATS_TEST_TMPDIR/store"
	# the user's store claims root's runc container under a name of its own
	as_user sh -c "jq '. + [{\"id\": \"$RUNC_NAME\", \"names\": [\"nsps-stolen-$BATS_ROOT_PID\"], \"image\": \"x\"}]' '$store' >'$store.new' && mv '$store.new' '$store'"
	run --separate-stderr "$NSPS" -t "nsps-stolen-$BATS_ROOT_PID" -- echo ran
	cp -p "$BATS_TEST_TMPDIR/store" "$store"
	assert_equal "$status" 125
	assert_output ""
	run -0 --separate-stderr "$NSPS" -l -r -n -o RUNTIME,NAME,PID
	assert_line "runc $RUNC_NAME $RUNC_TARGET"
}

@test "a FIFO a user plants as a runtime's state makes nobody's --list wait" {
	local fake=/run/user/$RL_UID/runc/nsps-fifo-$BATS_ROOT_PID
	as_user mkdir -p "$fake"
	as_user mkfifo "$fake/state.json"
	run --separate-stderr timeout -k 5 30 "$NSPS" -l -r -n -o NAME
	rm -rf "$fake"
	assert_equal "$status" 0
	refute_line --partial nsps-fifo
}

# --- without root: the user runs nsps itself, no sudo -------------------------

# own_view ARGS...: nsps run by the test user, with ARGS.
own_view() {
	as_user "$NSPS_AS_USER" "$@"
}

@test "without root: the user's own rootless container, by name, ID and PID, ps and top" {
	local before ref
	before=$(host_mounts)
	for ref in "$RL_NAME" "${RL_ID:0:12}" "$RL_TARGET"; do
		run -0 --separate-stderr own_view -t "$ref" -- ps -o pid=,args= -e
		assert_line --index 0 --regexp '^ +1 sh -c sleep 100000 & sleep 100001 & wait$'
		assert_line --regexp '^ +[0-9]+ sleep 100001$'
		# its processes and ps, nothing of the host's
		assert_equal "${#lines[@]}" 4
		assert_equal "$stderr" ""
	done
	run -0 own_view -t "$RL_NAME" -- top -b -n 1
	assert_line --regexp '^Tasks: +4 total'
	# started in /: the view's / is the host's / (its root is a tmpfs here)
	cd /
	run -0 --separate-stderr own_view -t "$RL_NAME" -- pwd
	assert_output /
	assert_equal "$stderr" ""
	cd "$BATS_TEST_DIRNAME"
	assert_equal "$(host_mounts)" "$before"
}

@test "without root, -v says so and names the user namespace joined first" {
	run -0 --separate-stderr own_view -v -t "$RL_NAME" -- true
	[[ $stderr == *"without root: target $RL_TARGET is in your user namespace user:["* ]] || fail "$stderr"
	[[ $stderr == *"container $RL_NAME (podman $RL_ID)"* ]] || fail "$stderr"
}

@test "without root, -n: the container's network, its sysfs, its listeners" {
	rl_podman exec -d "$RL_NAME" httpd -f -p 127.0.0.1:8089 >/dev/null
	wait_for bash -c "[[ -n \$(nsenter -t $RL_TARGET -U -n ss -Htln 'sport = :8089') ]]"
	run -0 --separate-stderr own_view -t "$RL_NAME" -n -- sh -c 'ip -o link | cut -d: -f2; ls /sys/class/net'
	assert_output " lo
lo"
	run -0 --separate-stderr own_view -t "$RL_NAME" -n -- ss -Htlnp
	assert_line --regexp '127\.0\.0\.1:8089 .*httpd'
	assert_equal "${#lines[@]}" 1
	rl_podman exec "$RL_NAME" sh -c 'kill $(pidof httpd)' || true
}

@test "without root, every other target is refused in one line" {
	local t before
	start_runc_target
	start_rootless_target
	before=$(host_mounts)
	run -125 --separate-stderr own_view -t "$RUNC_TARGET" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target $RUNC_TARGET is not yours: without root, nsps enters only your own rootless containers"
	# a process of the user's own, on the host
	setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups sleep "1000.$BATS_ROOT_PID" 3>&- &
	t=$!
	wait_for bash -c "[[ \$(cat /proc/$t/comm) == sleep ]]"
	run -125 --separate-stderr own_view -t "$t" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target $t is in nsps's own PID namespace (the host's, or the one of the container nsps runs in): its view is nsps's own; run the command directly"
	kill "$t"
	# a process of the user's uid in root's container: the user may read
	# its namespaces, and holds no capability in them
	runc exec -d --user "$RL_UID:$RL_UID" "$RUNC_NAME" sleep "1002.$BATS_ROOT_PID"
	wait_for pgrep -f "^sleep 1002.$BATS_ROOT_PID\$"
	t=$(pgrep -f "^sleep 1002.$BATS_ROOT_PID\$")
	run -125 --separate-stderr own_view -t "$t" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target $t shares your user namespace, where you are no root: without root, nsps enters only your own rootless containers"
	# another user's rootless target (uid 65534's), and the host's init
	run -125 --separate-stderr own_view -t "$ROOTLESS_TARGET" -- echo ran
	assert_equal "$stderr" "nsps: target $ROOTLESS_TARGET is not yours: without root, nsps enters only your own rootless containers"
	run -125 --separate-stderr own_view -t 1 -- echo ran
	assert_equal "$stderr" "nsps: target 1 is not yours: without root, nsps enters only your own rootless containers"
	# root's container by name: the user cannot read root's runtime state
	run -125 --separate-stderr own_view -t "$RUNC_NAME" -- echo ran
	assert_output ""
	[[ $stderr == "nsps: target '$RUNC_NAME': no container of yours has this ID or name; root's containers are root's to read ("*"): run nsps as root for them" ]] ||
		fail "$stderr"
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(host_mounts)" "$before"
}

@test "without root, the host's files are read as the user: not as root, not its home" {
	local marker=/etc/nsps-rl-$BATS_ROOT_PID
	as_user sh -c 'echo secret >"$HOME/secret"; chmod 600 "$HOME/secret"'
	run -1 --separate-stderr own_view -t "$RL_NAME" -- cat /etc/shadow
	assert_equal "$stderr" "cat: /etc/shadow: Permission denied"
	run --separate-stderr own_view --writable -t "$RL_NAME" -- touch "$marker"
	assert_failure
	assert [ ! -e "$marker" ]
	# the home is left out: the container's root is the user, and could
	# read it through the command
	run --separate-stderr own_view -t "$RL_NAME" -- cat "$RL_HOME/secret"
	assert_failure
	refute_output secret
	# the command runs as the user on the host, with no capability there
	own_view -t "$RL_NAME" -- sleep "1001.$BATS_ROOT_PID" &
	local nsps=$! cmd
	wait_for bash -c "pgrep -f '^sleep 1001.$BATS_ROOT_PID\$' >/dev/null"
	cmd=$(pgrep -f "^sleep 1001.$BATS_ROOT_PID\$")
	run -0 awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$cmd/status"
	assert_output "$RL_UID $RL_UID $RL_UID $RL_UID"
	assert_equal "$(stat -L -c %i "/proc/$cmd/ns/user")" "$(stat -L -c %i "/proc/$RL_TARGET/ns/user")"
	assert_equal "$(stat -L -c %i "/proc/$cmd/ns/pid")" "$(stat -L -c %i "/proc/$RL_TARGET/ns/pid")"
	kill "$cmd"
	wait "$nsps" || true
}

@test "without root, the user's shared memory and a home outside /home are not the view's" {
	local home=/var/lib/nsps-rl-home-$BATS_ROOT_PID shm=/dev/shm/nsps-rl-$BATS_ROOT_PID
	mkdir "$home"
	chown "$RL_USER:" "$home"
	as_user sh -c "echo secret >'$shm'; echo secret >'$home/secret'"
	run --separate-stderr own_view -t "$RL_NAME" -- cat "$shm"
	local shm_status=$status shm_out=$output
	run --separate-stderr as_user env HOME="$home" "$NSPS_AS_USER" -t "$RL_NAME" -- cat "$home/secret"
	local home_status=$status home_out=$output
	# an empty scratch directory there: what is written stays in the view
	run --separate-stderr as_user env HOME="$home" "$NSPS_AS_USER" --writable -t "$RL_NAME" -- touch "$home/written"
	rm -f "$shm"
	local wrote=no
	[[ -e $home/written ]] && wrote=yes
	rm -rf "$home"
	[[ $shm_status != 0 && $shm_out != *secret* ]] || fail "/dev/shm readable: $shm_out"
	[[ $home_status != 0 && $home_out != *secret* ]] || fail "the home readable: $home_out"
	assert_equal "$wrote" no
}

@test "without root, the view pins no host filesystem but the root's and the kept trees'" {
	# a throwaway host shaped like a systemd one, with mounts where
	# runtimes and volumes have theirs; the user runs nsps there
	run --separate-stderr env NSPS="$NSPS_AS_USER" ASAN_OPTIONS="${ASAN_OPTIONS:-}" RL_USER="$RL_USER" RL_HOME="$RL_HOME" RL_UID="$RL_UID" \
		RL_NAME="$RL_NAME" "$BATS_TEST_DIRNAME/../scripts/systemd-host.sh" bash -eu -c '
		mount -t tmpfs nsps-varlocal /var/local
		mount -t tmpfs nsps-run /run
		mkdir -p /run/netns/cni-1 "/run/user/$RL_UID"
		mount -t tmpfs nsps-netns /run/netns/cni-1
		mount -t tmpfs nsps-mnt /mnt
		setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
			env -i HOME="$RL_HOME" XDG_RUNTIME_DIR="/run/user/$RL_UID" PATH=/usr/bin:/bin \
			${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} "$NSPS" -t "$RL_TARGET" -- sh -c "cat /proc/self/mountinfo; echo ==; ls -d /var/local /var/lib/dpkg /mnt /usr/bin/ps"'
	refute_output --partial nsps-varlocal
	refute_output --partial nsps-netns
	refute_output --partial nsps-mnt
	refute_output --partial nsps-run
	assert_line /var/local
	assert_line /var/lib/dpkg
	assert_line /usr/bin/ps
	# every mount point is one of the view's own places, or of the host's
	# root filesystem (whose device the host's / has)
	local rootdev
	rootdev=$(awk '$5 == "/" { print $3; exit }' /proc/self/mountinfo)
	run -0 awk -v root="$rootdev" '/^==$/ { exit } $3 != root && $5 !~ "^/(usr|etc|opt|snap|nix|var/log|dev|sys|proc|run|tmp|var/tmp)?(/|$)" { print $5, $3 }' <<<"$output"
	assert_output ""
}

@test "without root, a mount the host makes once the view stands never arrives there" {
	# on a throwaway systemd-shaped host (shared mounts, which would
	# propagate): the command waits on a FIFO of the host's /var while the
	# host mounts a tmpfs on /var/lib/dpkg, then looks
	local fifo=/var/lib/nsps-late-$BATS_ROOT_PID
	mkfifo "$fifo"
	chown "$RL_USER:" "$fifo"
	run --separate-stderr env NSPS="$NSPS_AS_USER" ASAN_OPTIONS="${ASAN_OPTIONS:-}" RL_USER="$RL_USER" RL_HOME="$RL_HOME" \
		RL_UID="$RL_UID" RL_TARGET="$RL_TARGET" FIFO="$fifo" "$BATS_TEST_DIRNAME/../scripts/systemd-host.sh" bash -eu -c '
		setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
			env -i HOME="$RL_HOME" XDG_RUNTIME_DIR="/run/user/$RL_UID" PATH=/usr/bin:/bin \
			${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} "$NSPS" -t "$RL_TARGET" -- \
			sh -c "read x <$FIFO; cat /proc/self/mountinfo; ls /var/lib/dpkg" &
		exec 3>"$FIFO"
		mount -t tmpfs nsps-late /var/lib/dpkg
		touch /var/lib/dpkg/nsps-late-mark
		echo go >&3
		wait $!'
	rm -f "$fifo"
	assert_success
	refute_output --partial nsps-late
	assert_line status
}

@test "without root, --list and -A show the user's own containers only" {
	local t
	start_runc_target
	# a process of the user's uid in root's container: seen, not the user's
	runc exec -d --user "$RL_UID:$RL_UID" "$RUNC_NAME" sleep "1003.$BATS_ROOT_PID"
	wait_for pgrep -f "^sleep 1003.$BATS_ROOT_PID\$"
	run -0 --separate-stderr own_view -l -r -n -o RUNTIME,NAME,FULLID,PID
	assert_output "podman $RL_NAME $RL_ID $RL_TARGET"
	run -0 --separate-stderr own_view -A -- echo ran
	assert_output "== podman://${RL_ID:0:12} $RL_NAME pid $RL_TARGET ==
ran"
}

@test "without root and without containers of one's own: the header, and why on stderr" {
	# a uid of this run's alone (65534 may have rootless targets of other
	# runs), running a process in root's container
	local uid=$((300000 + BATS_ROOT_PID % 100000))
	start_runc_target
	runc exec -d --user "$uid:$uid" "$RUNC_NAME" sleep "1004.$BATS_ROOT_PID"
	wait_for pgrep -f "^sleep 1004.$BATS_ROOT_PID\$"
	run -0 --separate-stderr setpriv --reuid="$uid" --regid="$uid" --clear-groups "$NSPS_AS_USER" -l -o RUNTIME,NAME,PID
	assert_output "RUNTIME NAME PID"
	assert_equal "$stderr" "nsps: no containers of yours: without root, nsps lists and enters only your own rootless containers"
	run -125 --separate-stderr setpriv --reuid="$uid" --regid="$uid" --clear-groups "$NSPS_AS_USER" -A -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: no containers of yours: without root, nsps lists and enters only your own rootless containers"
}

@test "without root, a setuid or file-capability copy is still refused" {
	requires setcap
	local dir copy mode
	dir=$(mktemp -d /tmp/nsps-suid.XXXXXX)
	chmod 755 "$dir"
	copy=$dir/nsps
	for mode in suid caps; do
		cp "$NSPS" "$copy"
		case $mode in
		suid) chmod 4755 "$copy" ;;
		caps) chmod 755 "$copy" && setcap cap_sys_admin,cap_sys_ptrace+ep "$copy" ;;
		esac
		run -125 --separate-stderr as_user "$copy" -t "$RL_NAME" -- id -u
		assert_output ""
		assert_equal "$stderr" "nsps: refusing to run setuid, setgid or with file capabilities: run nsps as root, e.g. through sudo"
		rm -f "$copy"
	done
	rm -rf "$dir"
}

@test "without root, on a kernel without open_tree() or mount_setattr(): one line, 125, no broken view" {
	requires strace
	local call
	for call in open_tree mount_setattr; do
		run -125 --separate-stderr as_user strace -f -o /dev/null -e trace="$call" -e inject="$call":error=ENOSYS \
			"$NSPS_AS_USER" -t "$RL_NAME" -- echo ran
		assert_output ""
		assert_equal "$stderr" "nsps: without root, nsps needs open_tree() and mount_setattr() (Linux 5.12), which this kernel lacks"
	done
}

@test "without root, a step that fails: one line, 125, nothing run, the host's mounts unchanged" {
	requires strace
	local before
	before=$(host_mounts)
	# the user namespace cannot be joined
	run -125 --separate-stderr as_user strace -f -o /dev/null -e trace=setns -e inject=setns:error=EPERM:when=1 \
		"$NSPS_AS_USER" -t "$RL_NAME" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: cannot join the user namespace of target $RL_TARGET: Operation not permitted"
	# the view's root cannot be mounted (the first mount() cuts propagation)
	run -125 --separate-stderr as_user strace -f -o /dev/null -e trace=mount -e inject=mount:error=EPERM:when=2 \
		"$NSPS_AS_USER" -t "$RL_NAME" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: cannot mount the view's root on /tmp: Operation not permitted"
	assert_equal "$(host_mounts)" "$before"
}
