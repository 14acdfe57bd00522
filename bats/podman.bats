#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A real podman: podman://ID, an ID prefix and a name reach the same
# container; --list and -A show it. podman uses the private store that
# setup_suite.bash points it to (cgroupfs, events in a file, runc); the
# container and image are removed in teardown, its cgroups by teardown_suite.

load helpers

setup_file() {
	requires root podman runc jq tar "$BUSYBOX"
	[[ -n ${CONTAINERS_STORAGE_CONF:-} ]] || fail "podman has no private store (setup_suite.bash)"
	make_rootfs "$BATS_FILE_TMPDIR/rootfs"
	tar -C "$BATS_FILE_TMPDIR/rootfs" -cf "$BATS_FILE_TMPDIR/rootfs.tar" .
	podman_import "$BATS_FILE_TMPDIR/rootfs.tar" nsps-busybox:test
	PODMAN_NAME=nsps-pod-$BATS_ROOT_PID
	# This machine lacks CAP_SYS_RESOURCE: podman's default limits would
	# be refused, hence the ulimits.
	podman run -d --name "$PODMAN_NAME" --hostname nsps-podman --network=none \
		--cgroup-parent="$NSPS_PODMAN_CGROUP" \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 nsps-busybox:test \
		sh -c 'sleep 100000 & sleep 100001 & wait' >/dev/null 3>&-
	PODMAN_ID=$(podman inspect -f '{{.Id}}' "$PODMAN_NAME")
	PODMAN_TARGET=$(podman inspect -f '{{.State.Pid}}' "$PODMAN_NAME")
	export PODMAN_NAME PODMAN_ID PODMAN_TARGET
}

teardown_file() {
	[[ -n ${CONTAINERS_STORAGE_CONF:-} ]] || return 0
	podman rm -f -t 0 "${PODMAN_NAME:-none}" >/dev/null 2>&1 || true
	podman rmi -f nsps-busybox:test >/dev/null 2>&1 || true
}

@test "podman://ID, a 12-digit prefix and the name reach the same container" {
	ENGINE_NAME=$PODMAN_NAME reaches_engine_container podman "$PODMAN_ID" "$PODMAN_TARGET" nsps-podman
}

@test "--list shows it as podman, not its conmon; -A runs in it" {
	run -0 --separate-stderr "$NSPS" -l -r -n -o PID,RUNTIME,ID,FULLID
	assert_line "$PODMAN_TARGET podman ${PODMAN_ID:0:12} $PODMAN_ID"
	refute_line --partial conmon
	run --separate-stderr "$NSPS" -u -A -- hostname
	assert_audit 0 "$PODMAN_TARGET"
	assert_equal "$(audit_section "== podman://${PODMAN_ID:0:12} $PODMAN_NAME pid $PODMAN_TARGET ==")" nsps-podman
}

@test "the host's mount table is the same after runs in a podman container" {
	local before
	before=$(host_mounts)
	"$NSPS" -a -t "$PODMAN_NAME" -- true
	"$NSPS" -t "podman://$PODMAN_ID" -- ps -e >/dev/null
	assert_equal "$(host_mounts)" "$before"
}

@test "a podman not in use is not asked for names: its default store stays unmade" {
	# podman with its defaults, not run since boot: /run/libpod is absent
	# (hidden under an empty /run in a throwaway mount namespace, should
	# this machine use podman)
	local before store=absent
	before=$(host_mounts)
	[[ -e /var/lib/containers/storage ]] && store=present
	# shellcheck disable=SC2016 # the inner sh expands them
	run -125 --separate-stderr unshare -m --propagation private sh -c \
		'mount -t tmpfs nsps-run /run && exec env -u CONTAINERS_CONF -u CONTAINERS_STORAGE_CONF "$@"' \
		_ "$NSPS" -t nsps-no-such-name -- true
	assert_equal "$stderr" "nsps: target 'nsps-no-such-name': no running container has this ID or name (asked: the runtimes' state, the cgroups, docker)"
	[[ $store == present || ! -e /var/lib/containers/storage ]] || fail "podman made its store"
	assert_equal "$(host_mounts)" "$before"
}

@test "a podman whose default store does not exist is not asked, even with /run/libpod there" {
	# as when podman ran since boot, but only against a store of its own
	# (--root on its command line): /run/libpod exists, the default store
	# does not. Empty /run and /var/lib in a throwaway mount namespace.
	# shellcheck disable=SC2016 # the inner sh expands them
	run -0 --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs nsps-run /run && mount -t tmpfs nsps-varlib /var/lib && mkdir /run/libpod
		before=$(cat /proc/self/mountinfo)
		env -u CONTAINERS_CONF -u CONTAINERS_STORAGE_CONF "$@"
		echo "status=$?"
		[ "$(cat /proc/self/mountinfo)" = "$before" ] && echo "mounts unchanged"
		echo "run: $(ls -A /run)"
		echo "var/lib: $(ls -A /var/lib)"' _ "$NSPS" -t nsps-no-such-name -- true
	assert_equal "$stderr" "nsps: target 'nsps-no-such-name': no running container has this ID or name (asked: the runtimes' state, the cgroups, docker)"
	assert_line status=125
	assert_line "mounts unchanged"
	assert_line "run: libpod"
	assert_line "var/lib: "
}
