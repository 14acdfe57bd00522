#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Every system call step fails once (strace fault injection), against a
# real runc container: one "nsps: " line naming the step and the object,
# exit 125 (126 for exec), the host's mount table as it was, and no live
# process left behind, in the container or on the host.

load helpers

setup_file() {
	requires root runc jq strace "$BUSYBOX"
	start_runc_target
	# the container's live processes, before any fault
	live_procs >"$BATS_FILE_TMPDIR/procs"
}

teardown_file() {
	stop_runc_target
}

setup() {
	FAULT_SLEEP=1000.$BATS_ROOT_PID$BATS_TEST_NUMBER
	CGROUP_V2=/sys/fs/cgroup/unified
	[[ -f $CGROUP_V2/cgroup.procs ]] || CGROUP_V2=/sys/fs/cgroup
}

teardown() {
	if [[ -n ${REUSE_CGROUP:-} ]]; then
		rmdir "$REUSE_CGROUP"/*/ 2>/dev/null || true
		wait_for rmdir "$REUSE_CGROUP"
		unset REUSE_CGROUP
	fi
}

# live_procs: the container's live processes (zombies aside, see stress.bats).
live_procs() {
	"$NSPS" -t "$RUNC_TARGET" -- ps -e -o stat=,pid=,args= |
		awk '$1 !~ /^Z/ && $0 !~ / ps -e -o stat=,pid=,args=$/ { $1 = ""; print }'
}

# fault SPEC STATUS LINE [OPTION...]: with the calls SPEC names failing,
# nsps OPTION... exits STATUS with exactly LINE on stderr and leaves
# everything as it was. SPEC is SYSCALL[:N][=ERRNO][@PATH], or several
# separated by spaces: the first (or Nth, or with "N+" every one from the
# Nth) such call of each process fails with ERRNO (EPERM if not given),
# only where it touches PATH if given (strace -P: a path argument, or an fd
# open on it). "$T" in SPEC and LINE stands for the
# target's PID.
fault() {
	local spec=${1//\$T/$RUNC_TARGET} want=$2 line=${3//\$T/$RUNC_TARGET} before one sc when err
	local -a parts strace=(-f -o /dev/null) calls=()
	shift 3
	read -ra parts <<<"$spec"
	for one in "${parts[@]}"; do
		if [[ $one == *@* ]]; then
			strace+=(-P "${one#*@}")
			one=${one%%@*}
		fi
		err=EPERM
		if [[ $one == *=* ]]; then
			err=${one#*=}
			one=${one%%=*}
		fi
		sc=${one%%:*} when=1
		[[ $one == *:* ]] && when=${one#*:}
		calls+=("$sc")
		strace+=(-e inject="$sc":error="$err":when="$when")
	done
	before=$(host_mounts)
	# a command that starts despite the fault would sleep: not for long.
	# Its argument is a marker only this run's nsps and sleep carry.
	run --separate-stderr timeout 30 strace "${strace[@]}" -e trace="$(IFS=,; echo "${calls[*]}")" \
		"$NSPS" "$@" -t "$RUNC_TARGET" -- /bin/sleep "$FAULT_SLEEP"
	[[ $status == "$want" ]] || fail "exit $status, not $want; stderr: $stderr"
	assert_equal "$stderr" "$line"
	assert_equal "$output" ""
	assert_equal "$(host_mounts)" "$before"
	# nsps and the command, if it started (PDEATHSIG), are gone (slee[p]:
	# not the probe's own command line)
	wait_for bash -c "! pgrep -r R,S,D,T -f 'slee[p] $FAULT_SLEEP' >/dev/null"
	assert_equal "$(live_procs)" "$(cat "$BATS_FILE_TMPDIR/procs")"
}

@test "pidfd_open fails" {
	fault pidfd_open 125 'nsps: target $T: cannot open a pidfd: Operation not permitted'
}

@test "unshare fails" {
	fault unshare 125 'nsps: cannot create a private mount namespace: Operation not permitted'
}

@test "mount (making / a slave) fails" {
	fault mount 125 "nsps: cannot cut the new mount namespace's propagation to the host: Operation not permitted"
}

@test "mount_setattr (the read-only view) fails" {
	fault mount_setattr 125 'nsps: cannot make the host view read-only: Operation not permitted'
}

@test "setns fails" {
	fault setns 125 'nsps: cannot join the namespaces of target $T: Operation not permitted'
}

@test "setns back from the target's mount namespace (borrowing its procfs) fails" {
	# the child's second setns(); the parent makes only one
	fault setns:2 125 "nsps: cannot return from the target's mount namespace: Operation not permitted"
}

@test "leaving a network filesystem out of the view fails: one line, 125, the host's mounts as they were" {
	requires bindfs
	local d=$BATS_TEST_TMPDIR/nfs
	mkdir -p "$d"
	# a throwaway host whose /opt holds a FUSE mount (for NFS); the detach
	# of it in the view fails
	# shellcheck disable=SC2016 # the inner bash expands them
	run --separate-stderr unshare -m --propagation private bash -c '
		mount -t tmpfs nsps-opt /opt && mkdir /opt/nfs
		bindfs -f -o nonempty "$1" /opt/nfs & fuse=$!
		until grep -q " /opt/nfs [^ ]* [^-]*- fuse" /proc/self/mountinfo; do sleep 0.05; done
		before=$(cat /proc/self/mountinfo)
		strace -f -o /dev/null -P /opt/nfs -e trace=umount2 -e inject=umount2:error=EBUSY \
			"$2" -t "$3" -- /bin/echo ran
		echo "rc=$?"
		[ "$(cat /proc/self/mountinfo)" = "$before" ] && echo "mounts unchanged"
		umount /opt/nfs
		wait $fuse' _ "$d" "$NSPS" "$RUNC_TARGET"
	assert_output $'rc=125\nmounts unchanged'
	assert_equal "$stderr" "nsps: cannot leave /opt/nfs out of the view: Device or resource busy"
}

@test "opening the target's namespace file fails (the path for kernels before 5.8)" {
	# setns() on the pidfd fails as it does before 5.8, then so does the
	# open of the first namespace file that replaces it, relative to the
	# host's procfs: nsps's third open there, after /proc itself and the
	# view's mount table
	fault 'setns=EINVAL@anon_inode:[pidfd] openat:3@/proc' 125 \
		'nsps: cannot join the net namespace of target $T: Operation not permitted'
}

@test "reading the view's mount table fails (leaving out what the kernel does not answer for)" {
	# nsps's second open in the host's procfs: self/mountinfo, in the view
	fault 'openat:2@/proc' 125 "nsps: cannot read the view's mount table: Operation not permitted"
}

@test "mounting the fresh procfs fails (the target's could not be borrowed), and the retry" {
	fault 'open_tree@/proc mount:1+@/proc' 125 'nsps: cannot mount proc on /proc: permission denied'
}

@test "the read-only bind of /proc/sys fails, and so does libmount's retry" {
	fault 'mount:1+@/proc/sys' 125 'nsps: cannot mount /proc/sys on /proc/sys: permission denied'
}

@test "mounting a fresh sysfs fails, and so does libmount's retry" {
	# the second mount naming /sys: the first binds the host's into the view
	fault 'mount:2+@/sys' 125 'nsps: cannot mount sysfs on /sys: permission denied'
}

@test "umount2 (detaching the host's /sys for a fresh one) fails" {
	fault umount2@/sys 125 "nsps: cannot detach the host's /sys: Operation not permitted"
}

@test "opening the host's procfs, kept for after the view is built, fails" {
	fault 'openat@/proc' 125 'nsps: cannot open /proc: Operation not permitted'
}

@test "entering the view being built fails" {
	fault 'chdir@/tmp' 125 'nsps: cannot enter the view: Operation not permitted'
}

@test "hiding the scratch space's mount point after the pivot fails" {
	# the second detach on /proc: the first lets go of the host's tree
	fault 'umount2:2@/proc' 125 "nsps: cannot hide the view's scratch space: Operation not permitted"
}

@test "binding a tree of the host's into the view fails" {
	fault 'mount@/usr' 125 'nsps: cannot bind /usr into the view: Operation not permitted'
}

@test "pivot_root into the view fails" {
	fault pivot_root 125 'nsps: cannot move into the view: Operation not permitted'
}

@test "letting go of the host's tree (the detach after the pivot) fails" {
	fault 'umount2@/proc' 125 "nsps: cannot let go of the host's mount tree: Operation not permitted"
}

@test "putting the host's cgroup tree on the fresh /sys fails" {
	fault 'move_mount@/sys/fs/cgroup' 125 "nsps: cannot put the host's cgroup tree on the fresh /sys: Operation not permitted"
}

@test "clone (the fork) fails" {
	fault clone 125 'nsps: cannot fork: Operation not permitted'
}

@test "prctl (PR_SET_DUMPABLE, nsps's first step) fails" {
	# nsps's first prctl; the child's own (PR_SET_PDEATHSIG) is its first
	# too, and strace counts per process: that one cannot be singled out
	fault prctl 125 "nsps: cannot make nsps non-dumpable: Operation not permitted"
}

@test "close_range fails" {
	fault close_range 125 'nsps: cannot close inherited file descriptors: Operation not permitted'
}

@test "execve of the command fails" {
	fault execve 126 "nsps: cannot run '/bin/sleep': Operation not permitted"
}

@test "waiting (sigwaitinfo) fails" {
	fault rt_sigtimedwait 125 'nsps: cannot wait for the command: Operation not permitted'
}

@test "borrowing the target's procfs fails: a fresh one, and the view is right" {
	local sc
	for sc in open_tree move_mount; do
		run -0 --separate-stderr strace -f -o /dev/null -e trace=$sc -P /proc -e inject=$sc:error=EPERM:when=1 \
			"$NSPS" -v -t "$RUNC_TARGET" -- sh -c 'ps -e -o stat=,pid=,comm= | grep -v "^Z"'
		[[ $stderr == *"mounting a fresh procfs: cannot "*"Operation not permitted"* ]] ||
			fail "$sc: no fallback in: $stderr"
		assert_line --regexp '^S[^ ]* +1 sh$'
		assert_lines 7	# the container's 4, sh, ps, grep
	done
}

# reuse PINNING: in a throwaway PID namespace (its ns_last_pid is ours to
# set), nsps is held at unshare() after pinning its target (a container's
# init: PID 1 of a PID namespace below), which then dies and whose PID goes
# to a process of another PID namespace, the impostor.
# PINNING is the strace options that choose how nsps pins and joins.
reuse() {
	cat >"$BATS_TEST_TMPDIR/reuse" <<-'SCRIPT'
		# the target: PID 1 of a PID namespace of its own, the PID after
		# its unshare's (spare); waited for with builtins, no PID taken
		unshare --pid --fork --kill-child sleep 1000 & spare=$!
		x= i=0
		until [ -n "$x" ] || [ $((i += 1)) -gt 100000 ]; do read -r x _ </proc/$spare/task/$spare/children; done
		[ -n "$x" ] || { echo "cannot arrange the race: the target did not start"; exit 1; }
		out=$(mktemp)
		strace -f -o /dev/null -e trace=unshare,setns,pidfd_open -e inject=unshare:delay_enter=1000000 \
			"$@" "$NSPS" -t "$x" -- ps -e -o pid=,args= >"$out" 2>&1 &
		n=$!
		# nsps has pinned the target once it warns of its CAP_SYS_PTRACE,
		# just before it is held at unshare(); under load that takes
		# longer than any fixed sleep
		for i in $(seq 300); do grep -q 'warning: target' "$out" && break; sleep 0.02; done
		kill -KILL "$spare" "$x"; wait "$spare" "$x" 2>/dev/null
		# x, orphaned, is reaped by this shell (the namespace's init)
		# when it gets to it: only then is its PID free for the impostor
		for i in $(seq 300); do [ -e /proc/$x ] || break; sleep 0.02; done
		echo $((spare - 1)) >/proc/sys/kernel/ns_last_pid
		unshare --pid --fork --kill-child sleep 2000 & imp=$!
		wait "$n"; echo "rc=$?"
		cat "$out"; rm -f "$out"
		[ "$(pgrep -P $imp)" = "$x" ] && echo "impostor at $x"
		[ "$(readlink /proc/$x/ns/pid)" != "$(readlink /proc/self/ns/pid)" ] && echo "in another namespace"
		kill -KILL "$imp"
	SCRIPT
	run -0 unshare --pid --fork --kill-child --mount-proc bash "$BATS_TEST_TMPDIR/reuse" "$@"
	assert_line --regexp '^nsps: target [0-9]+ exited before its namespaces could be joined$'
	assert_line 'rc=125'
	assert_line --regexp '^impostor at [0-9]+$'
	assert_line 'in another namespace'
	refute_line --regexp '^ +1 sleep 2000$'
}

@test "a PID recycled between the pidfd and the join is never entered" {
	local before
	before=$(host_mounts)
	# setns() on the pidfd fails as on kernels before 5.8: nsps opens
	# /proc/PID/ns files by PID, which the impostor now holds
	reuse -e inject=setns:error=EINVAL:when=1
	assert_equal "$(host_mounts)" "$before"
}

@test "a PID recycled between pinning by /proc/PID and the join is never entered" {
	local before
	before=$(host_mounts)
	# no pidfd_open(), as before 5.3: the target is pinned by /proc/PID
	reuse -e inject=pidfd_open:error=ENOSYS
	assert_equal "$(host_mounts)" "$before"
}

# reuse_container MODE: as reuse, but the target is a container's init
# (the init of a PID namespace of its own) chosen by container ID (MODE
# id: its cgroup is named for the ID, as docker's are) or by -A (MODE
# audit); the impostor that gets its PID is another PID namespace's init,
# outside that cgroup, and with -A one whose namespace has the same inode
# number (the kernel gives an ended namespace's number to the next one
# made: the impostor is made again until it has both). Pinning
# (pidfd_open) is held for three seconds meanwhile.
reuse_container() {
	local id cg
	id=$(head -c 64 /dev/urandom | sha256sum | cut -c1-64)
	cg=$CGROUP_V2/nsps-reuse-$BATS_ROOT_PID
	mkdir "$cg"
	REUSE_CGROUP=$cg
	cat >"$BATS_TEST_TMPDIR/reuse" <<-'SCRIPT'
		mode=$1 id=$2 cg=$3
		# child_pid P: P's child, waited for with builtins only (a
		# subshell would take a PID meant for someone else)
		# (bounded: a fixture that cannot arrange its race says so)
		child_pid() {
			c= i=0
			while [ -z "$c" ] && [ $((i += 1)) -le 100000 ]; do read -r c </proc/$1/task/$1/children || :; done
			[ -n "$c" ] || echo "cannot arrange the race: no child of $1"
		}
		sleep 1000 & spare=$!
		if [ "$mode" = id ]; then
			mkdir "$cg/docker-$id.scope"
			bash -c 'echo $$ >"$1/cgroup.procs" && exec unshare --pid --fork --kill-child sleep 1000' _ "$cg/docker-$id.scope" &
			target=-t; ref=$id
		else
			unshare --pid --fork --kill-child sleep 1000 &
			target=-A; ref=
		fi
		outer=$!
		child_pid $outer; x=$c
		ns=$(stat -L -c %i /proc/$x/ns/pid)
		strace -f -o /dev/null -e trace=pidfd_open -e inject=pidfd_open:delay_enter=3000000 			"$NSPS" $target $ref -- ps -e -o pid=,args= 2>&1 &
		n=$!
		sleep 0.3
		kill -KILL "$spare" "$outer"; wait "$spare" "$outer" 2>/dev/null
		for try in $(seq 100); do
			# x, a grandchild, is reaped by this shell (the namespace's
			# init) when it gets to it: its PID is free only then
			i=0
			while [ -e "/proc/$x" ] && [ $((i += 1)) -le 1000000 ]; do :; done
			if [ -e "/proc/$x" ]; then
				echo "cannot arrange the race: PID $x stays taken"
				break
			fi
			# the next two PIDs: the impostor's unshare, then its init
			echo $((x - 2)) >/proc/sys/kernel/ns_last_pid
			unshare --pid --fork --kill-child sleep 2000 & imp=$!
			child_pid $imp
			if [ "$c" = "$x" ] && { [ "$mode" = id ] || [ "$(stat -L -c %i /proc/$x/ns/pid)" = "$ns" ]; }; then
				echo "impostor at $x"
				break
			fi
			kill -KILL $imp; wait $imp 2>/dev/null
		done
		wait "$n"; echo "rc=$?"
		kill -KILL "$imp"
		if [ "$mode" = id ]; then rmdir "$cg/docker-$id.scope"; fi
	SCRIPT
	run -0 unshare --pid --fork --kill-child --mount-proc bash "$BATS_TEST_TMPDIR/reuse" "$1" "$id" "$cg"
	assert_line --regexp "^nsps: target [0-9]+: the container's process exited before it could be entered$"
	if [[ $1 == audit ]]; then
		# for -A a container that ended before its run counts 0, said so
		assert_line --regexp "^nsps: pid:\[[0-9]+\] \(pid [0-9]+\) ended during the audit: its run does not count in the status$"
		assert_line 'rc=0'
	else
		assert_line 'rc=125'
	fi
	assert_line --regexp '^impostor at [0-9]+$'
	refute_line --regexp '^ +1 sleep 2000$'
}

@test "a container's PID recycled between choosing it by ID and pinning it is never entered" {
	reuse_container id
}

@test "a container's PID recycled between choosing it for -A and pinning it is never entered" {
	reuse_container audit
}
