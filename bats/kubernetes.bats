#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A Kubernetes-shaped node with the real containerd and ctr (no kubelet):
# pods as the CRI plugin makes them, named as operators name them, from
# the runtime's own files. Pod "web" has a sandbox and two containers;
# pod "solo" has a sandbox and one container that shares its PID
# namespace (shareProcessNamespace); pod "hostpid" has one container in
# the host's PID namespace (hostPID). Also: CRI-O's annotations on a runc
# container, a container that made a PID namespace inside itself, a
# thread ID, a host process.

load helpers

# id_for NAME: a 64-hex container ID of our own.
id_for() {
	printf '%s-%s' "$BATS_ROOT_PID" "$1" | sha256sum | cut -c1-64
}

# ctr_pid ID: the host PID of the task ID.
ctr_pid() {
	ctr --address "$K8S_DIR/sock" -n k8s.io task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $2 }'
}

k8s_run() {
	"$BATS_TEST_DIRNAME/../scripts/k8s-node.sh" run "$K8S_DIR" "$@"
	local pid
	wait_for bash -c "[[ -n \$(ctr --address '$K8S_DIR/sock' -n k8s.io task ls 2>/dev/null | awk -v id='$1' '\$1 == id && \$3 == \"RUNNING\"') ]]"
	pid=$(ctr_pid "$1")
	[[ -n $pid ]] || fail "no task $1"
}

setup_file() {
	requires root containerd ctr runc jq sha256sum python3 "$BUSYBOX"
	K8S_DIR=$(mktemp -d /tmp/nsps-k8s.XXXXXX)
	export K8S_DIR
	"$BATS_TEST_DIRNAME/../scripts/k8s-node.sh" start "$K8S_DIR"
	K8S_NS=nsps-$BATS_ROOT_PID
	MARK=nsps-k8s-$BATS_ROOT_PID
	WEB_SANDBOX=$(id_for web-sandbox) WEB_APP=$(id_for web-app) WEB_SIDE=$(id_for web-side)
	SOLO_SANDBOX=$(id_for solo-sandbox) SOLO_MAIN=$(id_for solo-main) HOST_C=$(id_for hostpid)
	k8s_run "$WEB_SANDBOX" web "$K8S_NS" "" sandbox -- sleep 100000
	k8s_run "$WEB_APP" web "$K8S_NS" app container -- sh -c 'sleep 100000 & wait' "app-$MARK"
	k8s_run "$WEB_SIDE" web "$K8S_NS" sidecar container -- sh -c 'sleep 100000 & wait' "side-$MARK"
	k8s_run "$SOLO_SANDBOX" solo "$K8S_NS" "" sandbox -- sleep 100000
	k8s_run "$SOLO_MAIN" solo "$K8S_NS" main container \
		--with-ns "pid:/proc/$(ctr_pid "$SOLO_SANDBOX")/ns/pid" -- sh -c 'sleep 100000 & wait' "main-$MARK"
	k8s_run "$HOST_C" hostpid "$K8S_NS" agent container --with-ns "pid:/proc/$$/ns/pid" \
		-- sleep 100000
	# an ID of no hex, as ctr run takes any name
	DEMO_ID=nsps-demo-$BATS_ROOT_PID
	k8s_run "$DEMO_ID" demo "$K8S_NS" app container -- sh -c 'sleep 100000 & wait' "demo-$MARK"
	WEB_APP_PID=$(ctr_pid "$WEB_APP") WEB_SIDE_PID=$(ctr_pid "$WEB_SIDE")
	SOLO_MAIN_PID=$(ctr_pid "$SOLO_MAIN") SOLO_SANDBOX_PID=$(ctr_pid "$SOLO_SANDBOX")
	export DEMO_ID K8S_NS MARK WEB_SANDBOX WEB_APP WEB_SIDE SOLO_SANDBOX SOLO_MAIN HOST_C
	export WEB_APP_PID WEB_SIDE_PID SOLO_MAIN_PID SOLO_SANDBOX_PID
}

teardown_file() {
	[[ -z ${K8S_DIR:-} ]] || "$BATS_TEST_DIRNAME/../scripts/k8s-node.sh" stop "$K8S_DIR"
}

teardown() {
	stop_runc_target
	if [[ -n ${THREADED:-} ]]; then
		kill -KILL "$THREADED" 2>/dev/null || true
		wait_for is_gone "$THREADED"
		unset THREADED
	fi
}

@test "NAMESPACE/POD/CONTAINER, POD when unique, the ID and containerd://ID reach the container" {
	local ref
	for ref in "$K8S_NS/web/app" "$WEB_APP" "${WEB_APP:0:12}" "containerd://$WEB_APP"; do
		run -0 --separate-stderr "$NSPS" -v -t "$ref" -- ps -o args= -e
		assert_line "sh -c sleep 100000 & wait app-$MARK"
		refute_line --partial "side-$MARK"
		[[ $stderr == *"nsps: target '$ref': container $K8S_NS/web/app (containerd $WEB_APP), pid $WEB_APP_PID"* ]] ||
			fail "$ref: $stderr"
	done
	run -0 --separate-stderr "$NSPS" -t "$K8S_NS/solo" -- ps -o args= -e
	assert_line "sh -c sleep 100000 & wait main-$MARK"
	run -0 --separate-stderr "$NSPS" -t solo -- ps -o args= -e
	assert_line "sh -c sleep 100000 & wait main-$MARK"
}

@test "a pod with two containers: NAMESPACE/POD and POD name both, 125" {
	local ref
	for ref in "$K8S_NS/web" web; do
		run -125 --separate-stderr "$NSPS" -t "$ref" -- echo ran
		assert_output ""
		[[ $stderr == "nsps: target '$ref' is ambiguous: "* ]] || fail "$stderr"
		[[ $stderr == *"containerd://${WEB_APP:0:12} $K8S_NS/web/app (pid $WEB_APP_PID)"* ]] || fail "$stderr"
		[[ $stderr == *"containerd://${WEB_SIDE:0:12} $K8S_NS/web/sidecar (pid $WEB_SIDE_PID)"* ]] || fail "$stderr"
		[[ $stderr != *sandbox* ]] || fail "$stderr"
	done
	run -125 --separate-stderr "$NSPS" -t "$K8S_NS/web/nope" -- echo ran
	assert_equal "$stderr" "nsps: target '$K8S_NS/web/nope': pod $K8S_NS/web has no running container named 'nope': its containers are app, sidecar"
	run -125 --separate-stderr "$NSPS" -t "$K8S_NS/nope" -- echo ran
	assert_equal "$stderr" "nsps: target '$K8S_NS/nope': no running Kubernetes pod is named $K8S_NS/nope"
}

@test "a pod's sandbox (pause) container is never a target" {
	local ref
	for ref in "$WEB_SANDBOX" "containerd://$WEB_SANDBOX" "${WEB_SANDBOX:0:12}"; do
		run -125 --separate-stderr "$NSPS" -t "$ref" -- echo ran
		assert_output ""
		assert_equal "$stderr" "nsps: target '$ref' is the sandbox (pause) container of pod $K8S_NS/web: name one of its containers"
	done
}

@test "a container in its pod's PID namespace: -v and --list say whose it is" {
	run -0 --separate-stderr "$NSPS" -v -t "$K8S_NS/solo/main" -- ps -o args= -e
	assert_line "sleep 100000"	# the sandbox's process, in the shared namespace
	[[ $stderr == *"pid $SOLO_MAIN_PID, in the PID namespace of $K8S_NS/solo (sandbox)"* ]] || fail "$stderr"
	run -0 --separate-stderr "$NSPS" -l -J -o +SHARES
	run -0 jq -r --arg p "$SOLO_MAIN_PID" '.containers[] | select(.pid == ($p | tonumber)) | .shares' <<<"$output"
	assert_output "$K8S_NS/solo (sandbox)"
}

@test "--list: Kubernetes columns, and JSON carrying all of them" {
	run -0 --separate-stderr "$NSPS" -l
	assert_line --regexp "^containerd +$K8S_NS/web/app +$WEB_APP_PID +2 sh -c sleep 100000 & wait app-$MARK"
	run -0 --separate-stderr "$NSPS" -l -J -o RUNTIME,NAME,POD,NAMESPACE,CONTAINER,IMAGE,FULLID,PID
	run -0 jq -c --arg id "$WEB_SIDE" '.containers[] | select(.fullid == $id)' <<<"$output"
	assert_output "{\"runtime\":\"containerd\",\"name\":\"$K8S_NS/web/sidecar\",\"pod\":\"web\",\"namespace\":\"$K8S_NS\",\"container\":\"sidecar\",\"image\":\"docker.io/library/nsps-busybox:k8s\",\"fullid\":\"$WEB_SIDE\",\"pid\":$WEB_SIDE_PID}"
	# -J alone carries every column
	run -0 --separate-stderr "$NSPS" -l -J
	run -0 jq -r --arg id "$WEB_APP" '.containers[] | select(.fullid == $id) | [keys[]] | join(",")' <<<"$output"
	assert_output "command,container,fullid,id,image,name,namespace,ns,pid,pod,procs,runtime,shares"
	run -0 --separate-stderr "$NSPS" -l -r -n -o FULLID,CONTAINER
	assert_line "$WEB_SANDBOX (sandbox)"
	# the hostPID container is no row: its PID namespace is the host's
	refute_line --partial "$HOST_C"
}

@test "-A runs once per PID namespace, never in a sandbox, headers naming the pod" {
	run --separate-stderr "$NSPS" -A -- sh -c 'ps -o args= -e | grep -c "[s]leep 100000"'
	assert_line "== containerd://${WEB_APP:0:12} $K8S_NS/web/app pid $WEB_APP_PID =="
	assert_line "== containerd://${SOLO_MAIN:0:12} $K8S_NS/solo/main pid $SOLO_MAIN_PID =="
	refute_line --partial "${WEB_SANDBOX:0:12}"
	refute_line --partial "${SOLO_SANDBOX:0:12}"
	# the sandbox's sleep, main's sh and its sleep: one namespace, one run
	assert_equal "$(audit_section "== containerd://${SOLO_MAIN:0:12} $K8S_NS/solo/main pid $SOLO_MAIN_PID ==")" 3
}

@test "hostPID containers and host processes are refused: their view is the host's" {
	run -125 --separate-stderr "$NSPS" -t "$K8S_NS/hostpid/agent" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target '$K8S_NS/hostpid/agent' (pid $(ctr_pid "$HOST_C")): this container shares the host's PID namespace: its view is the host's; run the command directly"
	run -125 --separate-stderr "$NSPS" -t $$ -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target $$ is in nsps's own PID namespace (the host's, or the one of the container nsps runs in): its view is nsps's own; run the command directly"
	run -125 --separate-stderr "$NSPS" --writable -t $$ -- touch "/var/lib/nsps-hostpid-$BATS_ROOT_PID"
	[[ ! -e /var/lib/nsps-hostpid-$BATS_ROOT_PID ]] || fail "the view wrote the host"
}

@test "out of file descriptors: a pod's container is never 'not found', the cause is named" {
	local n
	for n in 4 5 6 7 8 9 10 11 12; do
		run --separate-stderr bash -c 'for fd in /proc/self/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-"; done; ulimit -n "$1"; exec "$2" -t "$3" -- true' _ "$n" "$NSPS" "$K8S_NS/web/app"
		# too few for the dynamic loader: nsps never ran
		((status == 0)) || [[ $stderr == *"error while loading shared libraries"* ]] && continue
		[[ $status == 125 && $stderr == *"Too many open files"* ]] ||
			fail "ulimit -n $n: $status: $stderr"
	done
}

@test "runc://ID reaches a containerd container whose ID is no hex, by its runtime, runc" {
	run -0 --separate-stderr "$NSPS" -v -t "runc://$DEMO_ID" -- true
	[[ $stderr == *"container $K8S_NS/demo/app (containerd $DEMO_ID), pid $(ctr_pid "$DEMO_ID")"* ]] ||
		fail "$stderr"
}

@test "a thread ID names its process" {
	local tid pid
	# the thread runs inside a PID namespace of its own, like a container's
	unshare --pid --fork --kill-child python3 -c 'import threading, time
threading.Thread(target=time.sleep, args=(100000,), daemon=True).start()
time.sleep(100000)' </dev/null >/dev/null 2>&1 3>&- &
	THREADED=$!
	wait_for bash -c "[[ -n \$(cat /proc/$THREADED/task/$THREADED/children 2>/dev/null) ]]"
	pid=$(cat "/proc/$THREADED/task/$THREADED/children")
	pid=${pid%% *}
	wait_for bash -c "[[ \$(ls /proc/$pid/task | wc -l) -eq 2 ]]"
	tid=$(ls "/proc/$pid/task" | grep -vx "$pid")
	run -0 --separate-stderr "$NSPS" -v -t "$tid" -- ps -o pid= -e
	[[ $stderr == *"target $tid: a thread of process $pid, the target"* ]] || fail "$stderr"
	assert_line --regexp '^ +1$'
}

@test "CRI-O's annotations on a runc container: cri-o, its pod and container names" {
	start_runc_target '.annotations = {"io.kubernetes.cri-o.ContainerType": "container",
		"io.kubernetes.pod.namespace": "crio-ns", "io.kubernetes.pod.name": "crio-pod-'"$BATS_ROOT_PID"'",
		"io.kubernetes.container.name": "ctr"}'
	run -0 --separate-stderr "$NSPS" -v -u -t "crio-ns/crio-pod-$BATS_ROOT_PID/ctr" -- hostname
	assert_output nsps-runc
	[[ $stderr == *"container crio-ns/crio-pod-$BATS_ROOT_PID/ctr (cri-o $RUNC_NAME), pid $RUNC_TARGET"* ]] || fail "$stderr"
	run -0 --separate-stderr "$NSPS" -l -r -n -o RUNTIME,NAME,PID
	assert_line "cri-o crio-ns/crio-pod-$BATS_ROOT_PID/ctr $RUNC_TARGET"
	stop_runc_target
}

@test "a container that made a PID namespace inside itself is one container, entered at its own" {
	start_runc_target '.process.capabilities.bounding += ["CAP_SYS_ADMIN"]
		| .process.capabilities.effective += ["CAP_SYS_ADMIN"]
		| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]
		| .process.args = ["sh", "-c", "httpd -p 127.0.0.1:8080; unshare -p -f sleep 100002 & wait"]'
	# the inner namespace's init: sleep 100002, a grandchild of the container's
	wait_for bash -c "for c in \$(pgrep -P $RUNC_TARGET); do for g in \$(pgrep -P \$c); do
		[[ \$(tr '\\0' ' ' </proc/\$g/cmdline) == 'sleep 100002 ' ]] && exit 0; done; done; exit 1"
	local ref
	for ref in "$RUNC_NAME" "runc://$RUNC_NAME"; do
		run -0 --separate-stderr "$NSPS" -t "$ref" -- ps -o pid=,args= -e
		assert_line --regexp '^ +1 sh -c httpd'
	done
	run -0 --separate-stderr "$NSPS" -l -r -n -o NAME,PID
	assert_equal "$(grep -c "^$RUNC_NAME " <<<"$output")" 1
	stop_runc_target
}

@test "names come from the state on disk: no engine is run to find them" {
	local log=$BATS_TEST_TMPDIR/execs
	strace -f -qq -e trace=execve -o "$log" "$NSPS" -t "$K8S_NS/web/app" -- true
	run ! grep -E '"[^"]*/(docker|podman|nerdctl|ctr|crictl)"' "$log"
}

@test "the host's mount table is the same after every form of target" {
	local before ref
	before=$(host_mounts)
	for ref in "$K8S_NS/web/app" web solo "$WEB_APP" "$K8S_NS/hostpid/agent"; do
		"$NSPS" -t "$ref" -- true 2>/dev/null || true
	done
	"$NSPS" -l >/dev/null
	assert_equal "$(host_mounts)" "$before"
}

@test "Tab completion offers NAMESPACE/POD/CONTAINER, in bash and zsh, never a sandbox" {
	[[ -f /usr/share/bash-completion/bash_completion ]] || requires bash-completion
	requires zsh
	# shellcheck disable=SC2016 # the inner bash expands them
	run -0 bash -c 'source /usr/share/bash-completion/bash_completion
		source "$1"
		COMP_WORDS=("$2" -t "") COMP_CWORD=2 COMP_LINE="$2 -t " COMP_POINT=$((${#2} + 4))
		_nsps 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BATS_TEST_DIRNAME/../completions/nsps.bash" "$NSPS"
	assert_line "$K8S_NS/web/app"
	assert_line "$K8S_NS/web/sidecar"
	assert_line "$K8S_NS/solo/main"
	refute_line "$K8S_NS/web"
	refute_line --partial sandbox
	refute_line "${WEB_SANDBOX:0:12}"
	run -0 zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$BATS_TEST_DIRNAME/../completions" "$NSPS -t $K8S_NS/w"
	assert_line "$K8S_NS/web/app"
	assert_line "$K8S_NS/web/sidecar"
	refute_line --partial sandbox
	run -0 zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$BATS_TEST_DIRNAME/../completions" "$NSPS -t "
	assert_line "${WEB_APP:0:12}"
	refute_line "${WEB_SANDBOX:0:12}"
}
