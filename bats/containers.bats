#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Containers as targets: runtime://ID, ID prefixes, --list and -A, against
# real runc and crun containers and unshare-made targets moved into the
# cgroups Kubernetes runtimes create (containerd, cri-o, docker; systemd
# and cgroupfs drivers; cgroup v1 and v2; nested).

load helpers

# random_id [PREFIX]: 64 hex digits.
random_id() {
	local id prefix=${1:-}
	id=$(head -c 64 /dev/urandom | sha256sum | cut -c1-64)
	echo "$prefix${id:${#prefix}}"
}

# make_cgroup DIR: create cgroup DIR, noting it and each parent it needed
# (parents first) for teardown_file to remove, deepest first.
make_cgroup() {
	local d=$1 new=()
	while [[ ! -d $d ]]; do
		new=("$d" "${new[@]}")
		d=${d%/*}
	done
	mkdir -p "$1"
	printf '%s\n' "${new[@]}" >>"$BATS_FILE_TMPDIR/cgroups"
}

# cgroup_target VAR DIR [CMD]: start an unshare-made target (PID 1 sh, one
# sleep) in cgroup DIR, created for it; its host PID in VAR. DIR and the
# parents it needed are removed in teardown_file.
cgroup_target() {
	local var=$1 dir=$2 cmd=${3:-sleep 100000 & wait}
	make_cgroup "$dir"
	bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' _ "$dir" \
		unshare --pid --fork --kill-child --mount-proc sh -c "$cmd" \
		</dev/null >/dev/null 2>&1 3>&- &
	local outer=$!
	echo "$outer" >>"$BATS_FILE_TMPDIR/outers"
	wait_for child_of "$outer" >/dev/null
	printf -v "$var" %s "$(child_of "$outer")"
	export "${var?}"
}

# host_in_cgroup DIR: a host process (a runtime's monitor) in cgroup DIR.
host_in_cgroup() {
	make_cgroup "$1"
	bash -c 'echo $$ >"$1/cgroup.procs" && exec sleep 100000' _ "$1" </dev/null >/dev/null 2>&1 3>&- &
	echo $! >>"$BATS_FILE_TMPDIR/outers"
}

setup_file() {
	requires root unshare runc crun jq ps sha256sum "$BUSYBOX"
	V2=/sys/fs/cgroup/unified
	[[ -f $V2/cgroup.procs ]] || V2=/sys/fs/cgroup
	# A v1 hierarchy where the host has one (hybrid), else v2 again.
	V1=/sys/fs/cgroup/pids
	[[ -f $V1/cgroup.procs ]] || V1=$V2
	: >"$BATS_FILE_TMPDIR/cgroups"
	: >"$BATS_FILE_TMPDIR/outers"
	local pod=kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$BATS_ROOT_PID.slice

	CONTAINERD_ID=$(random_id)
	cgroup_target CONTAINERD_TARGET "$V2/$pod/cri-containerd-$CONTAINERD_ID.scope"
	CRIO_ID=$(random_id)
	host_in_cgroup "$V2/$pod/crio-conmon-$CRIO_ID.scope"
	cgroup_target CRIO_TARGET "$V2/$pod/crio-$CRIO_ID.scope/container"
	CGROUPFS_ID=$(random_id)
	cgroup_target CGROUPFS_TARGET "$V1/kubepods/besteffort/pod$BATS_ROOT_PID/$CGROUPFS_ID"
	# kind: a node container (docker) and a pod inside it (containerd)
	NODE_ID=$(random_id)
	cgroup_target NODE_TARGET "$V2/system.slice/docker-$NODE_ID.scope/init.scope"
	INNER_ID=$(random_id)
	cgroup_target INNER_TARGET "$V2/system.slice/docker-$NODE_ID.scope/kubelet.slice/kubelet-kubepods.slice/cri-containerd-$INNER_ID.scope"
	# two IDs that share their first eight digits, a stem of this run's own
	# (a fixed one would be ambiguous with a second run's twins)
	TWIN_STEM=abcd$(random_id | cut -c1-4)
	TWIN1_ID=$(random_id "${TWIN_STEM}0")
	TWIN2_ID=$(random_id "${TWIN_STEM}1")
	cgroup_target TWIN1_TARGET "$V2/system.slice/docker-$TWIN1_ID.scope"
	cgroup_target TWIN2_TARGET "$V2/system.slice/docker-$TWIN2_ID.scope"
	start_runc_target
	start_crun_target
	export V1 V2 CONTAINERD_ID CRIO_ID CGROUPFS_ID NODE_ID INNER_ID TWIN_STEM TWIN1_ID TWIN2_ID
}

teardown() {
	# what a failed test left running: its processes carry MARKER
	local p
	if [[ -n ${MARKER:-} ]]; then
		for p in $(pgrep -f "slee[p] $MARKER"); do kill -KILL "$p" 2>/dev/null || true; done
		unset MARKER
	fi
	if [[ -n ${ENDING_NAME:-} ]]; then
		runc delete -f "$ENDING_NAME" >/dev/null 2>&1 || true
		unset ENDING_NAME
	fi
}

teardown_file() {
	stop_crun_target
	stop_runc_target
	local p d
	if [[ -f $BATS_FILE_TMPDIR/outers ]]; then
		while read -r p; do kill -KILL "$p" 2>/dev/null || true; done <"$BATS_FILE_TMPDIR/outers"
		while read -r p; do wait_for is_gone "$p"; done <"$BATS_FILE_TMPDIR/outers"
	fi
	# Deepest first: each line came after its parents.
	if [[ -f $BATS_FILE_TMPDIR/cgroups ]]; then
		tac "$BATS_FILE_TMPDIR/cgroups" | while read -r d; do
			[[ -z $d ]] || wait_for rmdir "$d"
		done
	fi
}

@test "containerd://ID, a 12-digit prefix and the full ID reach the same container" {
	local ref
	for ref in "containerd://$CONTAINERD_ID" "${CONTAINERD_ID:0:12}" "$CONTAINERD_ID"; do
		run -0 --separate-stderr "$NSPS" -t "$ref" -- ps -o pid=,args= -e
		assert_line --regexp '^ +1 sh -c sleep 100000 & wait$'
		assert_lines 3
		run -0 "$NSPS" -v -t "$ref" -- true
		assert_line "nsps: target '$ref': container $CONTAINERD_ID, pid $CONTAINERD_TARGET"
	done
}

@test "cri-o://ID: the container in crio-ID.scope/container, not its conmon" {
	run -0 "$NSPS" -v -t "cri-o://$CRIO_ID" -- true
	assert_line "nsps: target 'cri-o://$CRIO_ID': container $CRIO_ID, pid $CRIO_TARGET"
}

@test "cgroupfs driver, cgroup v1: /kubepods/QOS/podUID/ID" {
	run -0 "$NSPS" -v -t "containerd://$CGROUPFS_ID" -- true
	assert_line "nsps: target 'containerd://$CGROUPFS_ID': container $CGROUPFS_ID, pid $CGROUPFS_TARGET"
}

@test "nested (kind): the node container and the pod inside it apart" {
	run -0 "$NSPS" -v -t "docker://$NODE_ID" -- true
	assert_line "nsps: target 'docker://$NODE_ID': container $NODE_ID, pid $NODE_TARGET"
	run -0 "$NSPS" -v -t "${INNER_ID:0:12}" -- true
	assert_line "nsps: target '${INNER_ID:0:12}': container $INNER_ID, pid $INNER_TARGET"
}

@test "an ambiguous prefix lists the candidates, exit 125" {
	run -125 --separate-stderr "$NSPS" -t "$TWIN_STEM" -- echo ran
	assert_output ""
	[[ $stderr == "nsps: target '$TWIN_STEM' is ambiguous: "* ]]
	[[ $stderr == *"docker://${TWIN1_ID:0:12} (pid $TWIN1_TARGET)"* ]]
	[[ $stderr == *"docker://${TWIN2_ID:0:12} (pid $TWIN2_TARGET)"* ]]
	run -0 --separate-stderr "$NSPS" -v -t "${TWIN2_ID:0:10}" -- true
	[[ $stderr == *"container $TWIN2_ID, pid $TWIN2_TARGET"* ]]
}

@test "no such container: one line, exit 125" {
	local id
	id=$(random_id)
	run -125 --separate-stderr "$NSPS" -t "docker://$id" -- echo ran
	assert_output ""
	assert_equal "$stderr" "nsps: target 'docker://$id': no running container has this ID"
	run -125 --separate-stderr "$NSPS" -t nsps-no-such-container -- echo ran
	[[ $stderr == "nsps: target 'nsps-no-such-container': no running container has this ID or name (asked: the runtimes' state, the cgroups"* ]]
	run -125 --separate-stderr "$NSPS" -t "k8s://$id" -- echo ran
	assert_equal "$stderr" "nsps: invalid target 'k8s://$id': unknown runtime 'k8s' (docker, containerd, cri-o, podman, runc, crun, lxc, systemd-nspawn)"$'\n'"Try 'nsps --help' for more information."
}

@test "--list: one row per PID namespace, runtimes and IDs named" {
	run -0 --separate-stderr "$NSPS" --list
	assert_line --index 0 --regexp '^RUNTIME +NAME +PID PROCS COMMAND$'
	assert_line --regexp "^runc +$RUNC_NAME +$RUNC_TARGET +4 sh -c httpd"
	assert_line --regexp "^containerd +${CONTAINERD_ID:0:12} +$CONTAINERD_TARGET +2 sh -c sleep"
	run -0 --separate-stderr "$NSPS" --list -o NS,PID,PROCS,RUNTIME,ID,COMMAND
	assert_line --index 0 --regexp '^ +NS +PID PROCS RUNTIME +ID +COMMAND$'
	assert_line --regexp "^ *[0-9]+ +$RUNC_TARGET +4 runc +$RUNC_NAME +sh -c httpd"
	assert_line --regexp "^ *[0-9]+ +$CRUN_TARGET +2 crun +$CRUN_NAME +sh -c sleep"
	assert_line --regexp "^ *[0-9]+ +$CONTAINERD_TARGET +2 containerd +${CONTAINERD_ID:0:12} +sh -c sleep"
	assert_line --regexp "^ *[0-9]+ +$CRIO_TARGET +2 cri-o +${CRIO_ID:0:12} "
	assert_line --regexp "^ *[0-9]+ +$CGROUPFS_TARGET +2 unknown +${CGROUPFS_ID:0:12} "
	assert_line --regexp "^ *[0-9]+ +$INNER_TARGET +2 containerd +${INNER_ID:0:12} "
	assert_line --regexp "^ *[0-9]+ +$NODE_TARGET +2 docker +${NODE_ID:0:12} "
	# nsps's own PID namespace is not a container; nor is any host process
	refute_line --regexp "^ *[0-9]+ +1 "
}

@test "--list --json parses and matches the running targets" {
	run -0 --separate-stderr "$NSPS" --list --json
	local json=$output
	run -0 jq -r --arg id "$CONTAINERD_ID" '.containers[] | select(.name == ($id[0:12])) | .pid' <<<"$json"
	assert_output "$CONTAINERD_TARGET"
	run -0 jq -r --arg n "$RUNC_NAME" '.containers[] | select(.name == $n) | "\(.runtime) \(.procs)"' <<<"$json"
	assert_output "runc 4"
	run -0 --separate-stderr "$NSPS" --list --json -o +NS,ID
	json=$output
	run -0 jq -r --arg n "$RUNC_NAME" '.containers[] | select(.id == $n) | "\(.runtime) \(.procs) \(.ns)"' <<<"$json"
	assert_output "runc 4 $(stat -L -c %i "/proc/$RUNC_TARGET/ns/pid")"
	run -0 jq -e '[.containers[].pid | numbers] | length > 7' <<<"$json"
}

@test "--list -o, --raw, --noheadings (and -n with -l)" {
	run -0 --separate-stderr "$NSPS" -l -o PID,fullid,RUNTIME --raw --noheadings
	assert_line "$CONTAINERD_TARGET $CONTAINERD_ID containerd"
	assert_line "$RUNC_TARGET $RUNC_NAME runc"
	refute_line --partial PID
	run -0 --separate-stderr "$NSPS" -ln -o PID
	refute_line --partial PID
	assert_line --regexp "^ *$CRUN_TARGET$"
	run -125 --separate-stderr "$NSPS" -l -o PID,COLOR
	assert_equal "$stderr" "nsps: unknown column 'COLOR' for -o (RUNTIME, NAME, PID, PROCS, COMMAND, ID, FULLID, NS, POD, NAMESPACE, CONTAINER, IMAGE, SHARES)"
	run -125 --separate-stderr "$NSPS" -l -o +
	assert_equal "$stderr" "nsps: -o names no column"
	# 32 columns at most; the 33rd is refused, not stored past the end
	run -0 --separate-stderr "$NSPS" -l -o "$(printf 'PID,%.0s' {1..31})PID"
	run -125 --separate-stderr "$NSPS" -l -o "$(printf 'PID,%.0s' {1..32})PID"
	assert_equal "$stderr" "nsps: -o names too many columns: 32 at most"
	run -125 --separate-stderr "$NSPS" -l -t 1
	assert_equal "$stderr" "nsps: --list lists and runs nothing: it takes only -o, -J, -r, --noheadings"$'\n'"Try 'nsps --help' for more information."
}

@test "container-controlled command lines never reach the terminal raw" {
	local evil=$'evil\e]0;pwned\a\e[2J\xc2\x9b31m\x9b\xff\xfe' long t
	long=$(head -c 102400 /dev/zero | tr '\0' x)
	cgroup_target t "$V2/nsps-evil-$BATS_ROOT_PID" \
		"exec bash -c 'exec -a \"\$0\" sleep 100000' '$evil' '$long'"
	wait_for bash -c "[[ \$(cat /proc/$t/comm) == sleep ]]"
	local mode
	for mode in "" --raw --json; do
		run -0 --separate-stderr "$NSPS" -l $mode
		[[ $output != *$'\e'* && $output != *$'\a'* && $output != *$'\x9b'* && $output != *$'\xff'* ]] ||
			fail "raw bytes in --list $mode output"
		assert_line --partial "$t"
	done
	run -0 --separate-stderr "$NSPS" -l --json
	run -0 jq -r --argjson p "$t" '.containers[] | select(.pid == $p) | .command' <<<"$output"
	assert_output --partial 'evil\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\x9b\xff\xfe'
}

# ours: the host PIDs of this file's containers, for assert_audit.
ours() {
	echo "$RUNC_TARGET $CRUN_TARGET $CONTAINERD_TARGET $CRIO_TARGET $CGROUPFS_TARGET" \
		"$NODE_TARGET $INNER_TARGET $TWIN1_TARGET $TWIN2_TARGET"
}

@test "-A runs the command in each container under a header; the worst status wins" {
	# a failure in every container: each one still runs (the order is by
	# PID, which may wrap around, so no container is sure to come first)
	run --separate-stderr "$NSPS" -u -A -- sh -c 'hostname; exit 1'
	assert_audit 1 $(ours)
	assert_equal "$(audit_section "== runc://$RUNC_NAME pid $RUNC_TARGET ==")" nsps-runc
	assert_equal "$(audit_section "== crun://$CRUN_NAME pid $CRUN_TARGET ==")" nsps-crun
	assert_line "== containerd://${CONTAINERD_ID:0:12} pid $CONTAINERD_TARGET =="
	assert_line "== cri-o://${CRIO_ID:0:12} pid $CRIO_TARGET =="
	run --separate-stderr "$NSPS" -A -- true
	assert_audit 0 $(ours)
	# (another user's containers are neither: they exit 0)
	run --separate-stderr "$NSPS" -u -A -- sh -c '[ "$(hostname)" = nsps-crun ] && exit 3; [ "$(hostname)" != nsps-runc ]'
	assert_audit 3 $(ours)
}

@test "-A: a container that ends during its run is said so, and does not count in the status" {
	local name=$RUNC_NAME target=$RUNC_TARGET bundle=$RUNC_BUNDLE mark=nsps-ends-$BATS_ROOT_PID
	# its init ends on SIGUSR1, which its run sends it
	start_runc_target ".process.args = [\"sh\", \"-c\", \"httpd -p 127.0.0.1:8080; trap 'exit 0' USR1; : $mark; sleep 100000 & wait\"]"
	ENDING_NAME=$RUNC_NAME
	local ending=$RUNC_TARGET
	RUNC_NAME=$name RUNC_TARGET=$target RUNC_BUNDLE=$bundle
	run --separate-stderr "$NSPS" -A -- sh -c "if grep -q $mark /proc/1/cmdline; then kill -USR1 1; sleep 10; fi"
	assert_audit 0 $(ours) "$ending"
	[[ $stderr == *"nsps: runc://$ENDING_NAME (pid $ending) ended during the audit: its run does not count in the status"* ]] ||
		fail "$stderr"
}

@test "a name its container chose reaches no terminal raw: --list, -r, -J, and -A's headers" {
	local name=$RUNC_NAME target=$RUNC_TARGET bundle=$RUNC_BUNDLE mode evil
	start_runc_target ".annotations[\"nerdctl/name\"] = \"nsps-evil-$BATS_ROOT_PID\\u001b]0;pwned\\u0007\\u001b[2J\""
	ENDING_NAME=$RUNC_NAME
	evil=$RUNC_TARGET
	RUNC_NAME=$name RUNC_TARGET=$target RUNC_BUNDLE=$bundle
	for mode in "" --raw --json; do
		run -0 --separate-stderr "$NSPS" -l $mode
		assert_line --partial "nsps-evil-$BATS_ROOT_PID"
		[[ $output != *$'\e'* && $output != *$'\a'* ]] || fail "raw bytes in --list $mode: $output"
	done
	run --separate-stderr "$NSPS" -A -- true
	assert_audit 0 $(ours) "$evil"
	assert_line --regexp "^== runc://$ENDING_NAME nsps-evil-$BATS_ROOT_PID.*pid $evil ==\$"
	[[ $output != *$'\e'* && $output != *$'\a'* ]] || fail "raw bytes in -A's headers: $output"
}

@test "-A: a run that dies of SIGINT ends the audit there" {
	run --separate-stderr "$NSPS" -A -- sh -c 'kill -INT $$'
	assert_equal "$status" 130
	assert_equal "$(grep -c '^== ' <<<"$output")" 1
}

@test "-A: each run sees only its container's processes" {
	run --separate-stderr "$NSPS" -A -- ps -o pid=,args= -p 1
	assert_audit 0 $(ours)
	# each of ours: its PID 1, and nothing else
	assert_regex "$(audit_section "== runc://$RUNC_NAME pid $RUNC_TARGET ==")" \
		'^ +1 sh -c httpd -p 127\.0\.0\.1:8080; sleep 100000 & sleep 100001 & wait$'
	assert_regex "$(audit_section "== crun://$CRUN_NAME pid $CRUN_TARGET ==")" \
		'^ +1 sh -c sleep 100000 & wait$'
	assert_regex "$(audit_section "== containerd://${CONTAINERD_ID:0:12} pid $CONTAINERD_TARGET ==")" \
		'^ +1 sh -c sleep 100000 & wait$'
}

@test "the host's mount table is the same after --list and -A" {
	local before
	before=$(host_mounts)
	"$NSPS" -l >/dev/null
	run --separate-stderr "$NSPS" -a -A -- true
	assert_audit 0 $(ours)
	assert_equal "$(host_mounts)" "$before"
}

@test "a SIGKILLed nsps -A leaves nothing behind: no run of a container, no command" {
	# a marker only this test's processes carry: nsps's and sleep's argv
	local audit
	MARKER=1000.$BATS_ROOT_PID$RANDOM
	local marker=$MARKER
	"$NSPS" -A -- sleep "$marker" </dev/null >/dev/null 2>&1 3>&- &
	audit=$!
	# a container's run has started its command
	wait_for bash -c "pgrep -x -f 'sleep $marker' >/dev/null"
	kill -KILL "$audit"
	wait "$audit" 2>/dev/null || true
	# (slee[p]: not the probe's own command line)
	wait_for bash -c "! pgrep -r R,S,D,T -f 'slee[p] $marker' >/dev/null" ||
		fail "left running: $(pgrep -a -f "slee[p] $marker")"
}

@test "--list shows a container's init, not a process that joined it later with a lower PID" {
	# In a throwaway PID namespace (its ns_last_pid is ours to set): two
	# PIDs below the container's init are freed, and a process nsenter
	# puts into the container takes the second.
	cat >"$BATS_TEST_TMPDIR/joined" <<-'SCRIPT'
		sleep 1000 & s1=$!
		sleep 1000 & s2=$!
		unshare --pid --fork --kill-child sleep 100000 & outer=$!
		until c=$(pgrep -P $outer); do sleep 0.01; done
		kill -KILL $s1 $s2; wait $s1 $s2 2>/dev/null
		echo $((s1 - 1)) >/proc/sys/kernel/ns_last_pid
		nsenter -t "$c" -p -- sleep 100001 & j=$!
		# wait with builtins only: a subshell would take the PID meant
		# for nsenter's child
		joined=
		while [ -z "$joined" ]; do read -r joined </proc/$j/task/$j/children || :; done
		echo "init=$c joined=$joined"
		"$NSPS" -l -r -n -o PID,PROCS
		kill -KILL $outer $j
	SCRIPT
	run -0 unshare --pid --fork --kill-child --mount-proc bash "$BATS_TEST_TMPDIR/joined"
	local init joined
	init=$(sed -n 's/^init=\([0-9]*\) .*/\1/p' <<<"$output")
	joined=$(sed -n 's/.* joined=\([0-9]*\)$/\1/p' <<<"$output")
	((joined < init)) || fail "the joined process did not get the lower PID: $output"
	assert_line "$init 2"
}

@test "an ID prefix whose last digit tells two containers apart reaches the right one, and no other" {
	# STEM0... and STEM1...: the ninth digit is the last of the prefix
	run -0 --separate-stderr "$NSPS" -v -t "${TWIN2_ID:0:9}" -- true
	[[ $stderr == *"container $TWIN2_ID, pid $TWIN2_TARGET"* ]] || fail "$stderr"
	run -0 --separate-stderr "$NSPS" -v -t "docker://${TWIN1_ID:0:9}" -- true
	[[ $stderr == *"container $TWIN1_ID, pid $TWIN1_TARGET"* ]] || fail "$stderr"
	# STEM2: no container, though STEM0 and STEM1 share all but its last digit
	run -125 --separate-stderr "$NSPS" -t "docker://${TWIN_STEM}2" -- echo ran
	assert_equal "$stderr" "nsps: target 'docker://${TWIN_STEM}2': no running container has this ID"
}

@test "a hex-looking name is no ID prefix: -t cafe… never enters a runc container named cafe…-x" {
	local name=cafe$((1000 + BATS_ROOT_PID % 9000))-x
	runc run -d --bundle "$RUNC_BUNDLE" "$name" </dev/null >/dev/null 2>&1 3>&-
	ENDING_NAME=$name
	run -0 --separate-stderr "$NSPS" -v -t "$name" -- true
	run --separate-stderr "$NSPS" -t "${name%-x}" -- echo ran
	refute_output ran
	assert_equal "$status" 125
}

@test "a systemd-nspawn machine that registered nothing (--keep-unit --register=no) is systemd-nspawn, by its name" {
	requires systemd-nspawn
	local root=$BATS_TEST_TMPDIR/machine name=nsps-nspawn-$BATS_ROOT_PID made= outer inner ref
	make_rootfs "$root"
	mkdir -p "$root/usr"
	: >"$root/etc/os-release"
	[[ -e /run/systemd/nspawn ]] || made=1
	systemd-nspawn --keep-unit --register=no -q -M "$name" -D "$root" /bin/sleep 100000 \
		</dev/null >/dev/null 2>&1 3>&- &
	outer=$!
	wait_for child_of "$outer" >/dev/null
	inner=$(child_of "$outer")
	run -0 --separate-stderr "$NSPS" -l -r -n -o RUNTIME,NAME,PID
	assert_line "systemd-nspawn $name $inner"
	for ref in "$name" "systemd-nspawn://$name"; do
		run -0 --separate-stderr "$NSPS" -t "$ref" -- ps -o pid=,args= -e
		assert_line --regexp '^ +1 /bin/sleep 100000$'
	done
	kill -KILL "$inner"
	wait_for is_gone "$outer"
	[[ -z $made ]] || rm -rf --one-file-system /run/systemd/nspawn
}

@test "runc://ID, crun://ID and their IDs as names reach the containers, from their state files" {
	local ref
	for ref in "runc://$RUNC_NAME" "$RUNC_NAME"; do
		run -0 --separate-stderr "$NSPS" -v -u -t "$ref" -- hostname
		assert_output nsps-runc
		[[ $stderr == *"container runc://$RUNC_NAME (runc $RUNC_NAME), pid $RUNC_TARGET"* ]] || fail "$stderr"
	done
	for ref in "crun://$CRUN_NAME" "$CRUN_NAME"; do
		run -0 --separate-stderr "$NSPS" -v -u -t "$ref" -- hostname
		assert_output nsps-crun
		[[ $stderr == *"container crun://$CRUN_NAME (crun $CRUN_NAME), pid $CRUN_TARGET"* ]] || fail "$stderr"
	done
	run -125 --separate-stderr "$NSPS" -t "crun://$RUNC_NAME" -- echo ran
	assert_equal "$stderr" "nsps: target 'crun://$RUNC_NAME': no running container has this ID"
}
