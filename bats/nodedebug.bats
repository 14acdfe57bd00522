#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The node-debug image (make image) in the pod kubectl debug node/NAME
# --profile=sysadmin makes: the host's PID, network and IPC namespaces, a
# mount namespace of its own with the host's root at /host, every
# capability (but CAP_SYS_RESOURCE, which this machine's root lacks), no
# seccomp; its cgroup namespace the host's or its own. Two such pods run
# in a private docker engine, beside the container they look into; nsps
# runs in them as the pod's own command and through docker exec, as
# kubectl debug and kubectl exec run it.

load helpers

IMAGE_TAG=nsps-node-debug:$(cd "$BATS_TEST_DIRNAME/.." && dpkg-parsechangelog -S Version)

# The shape of the pod, and where its cgroup namespace is (host, private).
pod_options() {
	echo --pid=host --network=host --ipc=host -v /:/host --cap-add ALL --cap-drop SYS_RESOURCE \
		--security-opt seccomp=unconfined --cgroupns="$1"
}

setup_file() {
	requires root dockerd docker jq dpkg-parsechangelog "$BUSYBOX"
	NSPS_IMAGE=${NSPS_IMAGE:-$(ls "$BATS_TEST_DIRNAME"/../build/nsps-node-debug_*.tar 2>/dev/null | head -n 1)}
	[[ -f $NSPS_IMAGE ]] || requires "the node-debug image (make image)"
	start_docker_engine
	docker load -i "$NSPS_IMAGE" >/dev/null
	WEB=nsps-web-$BATS_ROOT_PID
	docker run -d --name "$WEB" --network=none nsps-busybox:test \
		sh -c 'sleep 100000 & sleep 100001 & wait' >/dev/null
	WEB_ID=$(docker inspect -f '{{.Id}}' "$WEB")
	WEB_PID=$(docker inspect -f '{{.State.Pid}}' "$WEB")
	# A docker command in the private pod's PATH, which records being
	# asked: in a pod it would answer for the pod, so nsps must not ask.
	ASKED=$BATS_FILE_TMPDIR/asked
	mkdir -p "$BATS_FILE_TMPDIR/bin" "$ASKED"
	printf '#!/bin/sh\necho "$@" >>/asked/docker\n' >"$BATS_FILE_TMPDIR/bin/docker"
	chmod +x "$BATS_FILE_TMPDIR/bin/docker"
	# shellcheck disable=SC2046 # the options are words
	docker run -d --name "nsps-pod-host-$BATS_ROOT_PID" $(pod_options host) \
		"$IMAGE_TAG" sleep 100000 >/dev/null
	# shellcheck disable=SC2046
	docker run -d --name "nsps-pod-private-$BATS_ROOT_PID" $(pod_options private) \
		-v "$BATS_FILE_TMPDIR/bin:/usr/local/bin:ro" -v "$ASKED:/asked" \
		"$IMAGE_TAG" sleep 100000 >/dev/null
	export NSPS_IMAGE WEB WEB_ID WEB_PID ASKED
}

teardown_file() {
	stop_docker_engine "${WEB:-none}" "nsps-pod-host-$BATS_ROOT_PID" \
		"nsps-pod-private-$BATS_ROOT_PID" "nsps-pod-$BATS_ROOT_PID"
	docker rmi "$IMAGE_TAG" >/dev/null 2>&1 || true
}

teardown() {
	docker rm -f "nsps-pod-$BATS_ROOT_PID" >/dev/null 2>&1 || true
}

# in_pod CGROUPNS COMMAND...: COMMAND in that pod (docker exec).
in_pod() {
	local cgns=$1
	shift
	docker exec "nsps-pod-$cgns-$BATS_ROOT_PID" "$@"
}

# view_runs MARK: the host PID of the "sleep MARK" a pod's nsps runs in the
# container's PID namespace; fails while there is none.
view_runs() {
	local p ns
	ns=$(readlink "/proc/$WEB_PID/ns/pid")
	for p in $(pgrep -x sleep); do
		[[ $(readlink "/proc/$p/ns/pid" 2>/dev/null) == "$ns" &&
			$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) == "sleep $1 " ]] &&
			{ echo "$p"; return 0; }
	done
	return 1
}

# reaches_web CGROUPNS: from the pod, the container by its PID, ID, prefix
# and name, in --list and -A; the host's mount table the same before,
# while nsps runs in the pod, and after nsps is killed there.
reaches_web() {
	local cgns=$1 ref pid section=$BATS_TEST_TMPDIR/section
	host_mounts >"$BATS_TEST_TMPDIR/before"
	# the pod's shape: its cgroup namespace as asked
	run -0 in_pod "$cgns" cat "/proc/$WEB_PID/cgroup"
	if [[ $cgns == private ]]; then
		assert_line --regexp "^0::/\.\./(\.\./)*$WEB_ID$"
	else
		assert_line --regexp "^0::/.*/docker/$WEB_ID$"
	fi
	# each ps shows the container's alone: sh, two sleeps, ps
	run -0 --separate-stderr in_pod "$cgns" sh -c 'for ref; do
		echo "== $ref"; nsps -v -t "$ref" -- ps -o pid=,args= -e || echo "exit $?"; done' \
		_ "$WEB_PID" "${WEB_ID:0:12}" "docker://$WEB_ID" "$WEB"
	for ref in "$WEB_PID" "${WEB_ID:0:12}" "docker://$WEB_ID" "$WEB"; do
		audit_section "== $ref" >"$section"
		grep -Eq '^ +1 sh -c sleep 100000 & sleep 100001 & wait$' "$section" &&
			(($(wc -l <"$section") == 4)) || fail "-t $ref: $(cat "$section")"
	done
	assert_equal "$(grep -c "^nsps: the host's root: /host (" <<<"$stderr")" 4
	assert_equal "$(grep -c "container $WEB (docker $WEB_ID), pid $WEB_PID" <<<"$stderr")" 3
	run -0 --separate-stderr in_pod "$cgns" nsps -l -r -n -o RUNTIME,NAME,PID,ID,IMAGE
	assert_line "docker $WEB $WEB_PID ${WEB_ID:0:12} nsps-busybox:test"
	run --separate-stderr in_pod "$cgns" nsps -A -- ps -o pid= -e
	assert_audit 0 "$WEB_PID"
	assert_equal "$(audit_section "== docker://${WEB_ID:0:12} $WEB pid $WEB_PID ==" | wc -l)" 4
	# while a command runs in the view, then with nsps killed
	docker exec -d "nsps-pod-$cgns-$BATS_ROOT_PID" nsps -t "$WEB" -- sleep 100002
	wait_for view_runs 100002
	pid=$(view_runs 100002)
	host_mounts | diff "$BATS_TEST_TMPDIR/before" -
	kill -KILL "$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")"
	wait_for is_gone "$pid"
	host_mounts | diff "$BATS_TEST_TMPDIR/before" -
	[[ ! -e $ASKED/docker ]] || fail "docker was asked: $(cat "$ASKED/docker")"
}

@test "the image: nsps of this tree and the host tools, from Debian's packages" {
	local size
	size=$(du -m "$NSPS_IMAGE" | cut -f1)
	((size < 100)) || fail "the image is $size MiB"
	run -0 --separate-stderr in_pod host nsps -V
	assert_output "$("$NSPS" -V)"
	run -0 --separate-stderr in_pod host sh -c 'for t in ps top pgrep pstree killall ip ss lsof strace tcpdump htop iptables less nsps; do command -v "$t" >/dev/null || echo "missing $t"; done; dpkg-query -W -f "\${Status}\n" nsps'
	assert_output "install ok installed"
}

@test "a pod in the host's cgroup namespace reaches the container by PID, ID and name, -l and -A" {
	reaches_web host
}

@test "a pod in a cgroup namespace of its own (cgroup paths with ..) reaches it the same" {
	reaches_web private
}

@test "nsps as the pod's own command, as kubectl debug runs it; the pod removed, its command ends" {
	local pid pod=nsps-pod-$BATS_ROOT_PID
	host_mounts >"$BATS_TEST_TMPDIR/before"
	# shellcheck disable=SC2046 # the options are words
	run -0 docker run --rm $(pod_options private) "$IMAGE_TAG" nsps -t "$WEB" -- ps -o pid=,args= -e
	assert_line --regexp '^ +1 sh -c sleep 100000 & sleep 100001 & wait$'
	assert_lines 4
	# shellcheck disable=SC2046
	docker run -d --name "$pod" $(pod_options private) "$IMAGE_TAG" nsps -t "$WEB" -- sleep 100003 >/dev/null
	wait_for view_runs 100003
	pid=$(view_runs 100003)
	host_mounts | diff "$BATS_TEST_TMPDIR/before" -
	docker rm -f "$pod" >/dev/null
	wait_for is_gone "$pid"
	host_mounts | diff "$BATS_TEST_TMPDIR/before" -
}

@test "in the pod: a host process is refused, and no engine's command is asked for a name" {
	run -125 --separate-stderr in_pod private nsps -t $$ -- true
	assert_equal "$stderr" "nsps: target $$ is in nsps's own PID namespace (the host's, or the one of the container nsps runs in): its view is nsps's own; run the command directly"
	in_pod private sh -c 'command -v docker' # the recording one is there
	run -125 --separate-stderr in_pod private nsps -t nsps-no-such-name -- true
	assert_equal "$stderr" "nsps: target 'nsps-no-such-name': no running container has this ID or name (asked: the runtimes' state, the cgroups)"
	[[ ! -e $ASKED/docker ]] || fail "docker was asked: $(cat "$ASKED/docker")"
}

@test "in the pod, --host-root / reads the pod's own /run, where no container's state is" {
	run -125 --separate-stderr in_pod private nsps --host-root / -t "$WEB" -- true
	[[ $stderr == "nsps: target '$WEB': no running container has this ID or name"* ]] || fail "$stderr"
	run -0 --separate-stderr in_pod private nsps --host-root /host -l -r -n -o NAME
	assert_line "$WEB"
}
