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
	setpriv --reuid="$RL_USER" --regid="$RL_USER" --init-groups \
		env -i HOME="$RL_HOME" XDG_RUNTIME_DIR="/run/user/$RL_UID" PATH=/usr/bin:/bin:/usr/sbin:/sbin \
		"$@"
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
	rm -rf "$fake"
	stop_runc_target
}
