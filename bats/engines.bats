#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A real docker engine: docker://ID, an ID prefix and a name reach the same
# container; --list and -A show it. The engine is private to this file
# (its own data, exec root, socket and pidfile, no iptables, no bridge) and
# is stopped, with everything it made, in teardown.

load helpers

setup_file() {
	requires root dockerd docker jq tar "$BUSYBOX"
	start_docker_engine
	DOCKER_NAME=nsps-web-$BATS_ROOT_PID
	docker run -d --name "$DOCKER_NAME" --network=none nsps-busybox:test \
		sh -c 'sleep 100000 & sleep 100001 & wait' >/dev/null
	DOCKER_ID=$(docker inspect -f '{{.Id}}' "$DOCKER_NAME")
	DOCKER_TARGET=$(docker inspect -f '{{.State.Pid}}' "$DOCKER_NAME")
	export DOCKER_NAME DOCKER_ID DOCKER_TARGET
}

teardown_file() {
	if command -v podman >/dev/null && [[ -n ${CONTAINERS_STORAGE_CONF:-} ]]; then
		podman rm -f -t 0 "${DOCKER_NAME:-none}" >/dev/null 2>&1 || true
		podman rmi -f nsps-busybox:twin >/dev/null 2>&1 || true
	fi
	stop_docker_engine "${DOCKER_NAME:-none}" "nsps-idle-$BATS_ROOT_PID" "nsps-shared-$BATS_ROOT_PID" "nsps-hostpid-$BATS_ROOT_PID"
}

@test "docker://ID, a 12-digit prefix and the name reach the same container" {
	ENGINE_NAME=$DOCKER_NAME reaches_engine_container docker "$DOCKER_ID" "$DOCKER_TARGET" "${DOCKER_ID:0:12}"
}

@test "an engine with roots of its own: its names from its files, found through its shims, no engine run" {
	local log=$BATS_TEST_TMPDIR/execs
	strace -f -qq -e trace=execve -o "$log" "$NSPS" -t "$DOCKER_NAME" -- true
	run ! grep -E '"[^"]*/(docker|podman|nerdctl)"' "$log"
	run -0 --separate-stderr "$NSPS" -l -r -n -o NAME,IMAGE,PID
	assert_line "$DOCKER_NAME nsps-busybox:test $DOCKER_TARGET"
}

@test "the engine's word for the PID is not taken over runc's: a stale config.v2.json changes nothing" {
	local config=$DOCKER_DIR/data/containers/$DOCKER_ID/config.v2.json
	[[ -f $config ]] || fail "no $config"
	cp -p "$config" "$BATS_TEST_TMPDIR/config"
	# the engine's file names a process of the host's (this shell)
	jq --argjson p "$$" '.State.Pid = $p' "$BATS_TEST_TMPDIR/config" >"$config"
	run --separate-stderr "$NSPS" -v -u -t "$DOCKER_NAME" -- hostname
	local name_status=$status name_out=$output name_err=$stderr
	run --separate-stderr "$NSPS" -l -r -n -o NAME,PID
	cp -p "$BATS_TEST_TMPDIR/config" "$config"
	assert_line "$DOCKER_NAME $DOCKER_TARGET"
	[[ $name_status == 0 && $name_out == "${DOCKER_ID:0:12}" && $name_err == *", pid $DOCKER_TARGET"* ]] ||
		fail "-t $DOCKER_NAME: $name_status: $name_out $name_err"
}

@test "--list shows it as docker, -A runs in it" {
	run -0 --separate-stderr "$NSPS" -l -r -n -o PID,RUNTIME,ID,FULLID
	assert_line "$DOCKER_TARGET docker ${DOCKER_ID:0:12} $DOCKER_ID"
	run --separate-stderr "$NSPS" -u -A -- hostname
	assert_audit 0 "$DOCKER_TARGET"
	assert_equal "$(audit_section "== docker://${DOCKER_ID:0:12} $DOCKER_NAME pid $DOCKER_TARGET ==")" "${DOCKER_ID:0:12}"
}

@test "a name docker knows but with nothing running: one line, 125" {
	local idle=nsps-idle-$BATS_ROOT_PID id
	docker create --name "$idle" --network=none nsps-busybox:test true >/dev/null
	id=$(docker inspect -f '{{.Id}}' "$idle")
	run -125 --separate-stderr "$NSPS" -t "$idle" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: container '$idle' (docker ${id:0:12}) has no running process"
	docker rm -f "$idle" >/dev/null
}

@test "a name a docker and a podman container both run under: one line naming both, 125" {
	requires podman
	local id pid
	podman_import "$DOCKER_DIR/rootfs.tar" nsps-busybox:twin
	id=$(podman run -d --name "$DOCKER_NAME" --network=none --cgroup-parent="$NSPS_PODMAN_CGROUP" \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 nsps-busybox:twin sleep 100000 3>&-)
	pid=$(podman inspect -f '{{.State.Pid}}' "$id")
	run -125 --separate-stderr "$NSPS" -t "$DOCKER_NAME" -- echo ran
	podman rm -f -t 0 "$DOCKER_NAME" >/dev/null
	podman rmi -f nsps-busybox:twin >/dev/null
	assert_output ""
	[[ $stderr == "nsps: target '$DOCKER_NAME' is ambiguous: "* ]] || fail "$stderr"
	[[ $stderr == *"docker://${DOCKER_ID:0:12} $DOCKER_NAME (pid $DOCKER_TARGET)"* ]] || fail "$stderr"
	[[ $stderr == *"podman://${id:0:12} $DOCKER_NAME (pid $pid)"* ]] || fail "$stderr"
}

@test "the host's mount table is the same after runs in a docker container" {
	local before
	before=$(host_mounts)
	"$NSPS" -a -t "$DOCKER_NAME" -- true
	"$NSPS" -t "docker://$DOCKER_ID" -- ps -e >/dev/null
	assert_equal "$(host_mounts)" "$before"
}

@test "docker --pid=container:X: reached by its own name, -v and --list say whose namespace; --pid=host refused" {
	local shared=nsps-shared-$BATS_ROOT_PID host=nsps-hostpid-$BATS_ROOT_PID pid
	docker run -d --name "$shared" --pid="container:$DOCKER_NAME" --network=none nsps-busybox:test \
		sleep 100002 >/dev/null
	docker run -d --name "$host" --pid=host --network=none nsps-busybox:test sleep 100003 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$shared")
	run -0 --separate-stderr "$NSPS" -v -t "$shared" -- ps -o args= -e
	assert_line "sleep 100002"
	assert_line "sleep 100000"	# the namespace's own, $DOCKER_NAME's
	[[ $stderr == *"pid $pid, in the PID namespace of $DOCKER_NAME"* ]] || fail "$stderr"
	run -0 --separate-stderr "$NSPS" -l -r -n -o NAME,SHARES
	assert_line "$shared $DOCKER_NAME"
	run -125 --separate-stderr "$NSPS" -t "$host" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target '$host' (pid $(docker inspect -f '{{.State.Pid}}' "$host")): this container shares the host's PID namespace: its view is the host's; run the command directly"
	docker rm -f "$shared" "$host" >/dev/null
}
