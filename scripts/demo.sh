#!/bin/bash
# SPDX-License-Identifier: MIT
# make demo: start a throwaway "container" with util-linux unshare (its own
# PID, mount, network, UTS and IPC namespaces; no engine needed), show the
# host's ps beside nsps's view of it, and remove the container again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) != 0 ]]; then
	echo "demo: run as root: nsps needs CAP_SYS_ADMIN and CAP_SYS_PTRACE" >&2
	exit 1
fi

outer=
cleanup() {
	# SIGKILL to unshare's child, the namespace's init, ends the namespace.
	if [[ -n $outer ]]; then
		pkill -KILL -P "$outer" 2>/dev/null || true
		kill -KILL "$outer" 2>/dev/null || true
		wait "$outer" 2>/dev/null || true
	fi
}
trap cleanup EXIT

# Like a runc container: only runc's default capabilities (no CAP_SYS_PTRACE).
unshare --pid --fork --kill-child --mount --net --uts --ipc --mount-proc \
	setpriv --bounding-set=-all,+kill,+net_bind_service,+audit_write --inh-caps=-all -- \
	sh -c 'hostname demo; sleep 100000 & sleep 100001 & exec sleep 100002' \
	</dev/null >/dev/null 2>&1 &
outer=$!
for _ in $(seq 100); do
	target=$(pgrep -P "$outer" || true)
	[[ -n $target ]] && [[ $(pgrep -c -P "$target" || true) == 2 ]] && break
	sleep 0.05
done
[[ -n ${target:-} ]] || { echo "demo: the demo container did not start" >&2; exit 1; }

before=$(cat /proc/self/mountinfo)
echo "== A demo container is running: its init is host PID $target."
echo
echo "== On the host, ps sees $(ps -e --no-headers | wc -l) processes, the container's among them:"
echo "\$ ps -f -p $outer,$target --ppid $target"
ps -f -p "$outer,$target" --ppid "$target"
echo
echo "== nsps runs the host's ps with the container's process view"
echo "   (ps itself shows PPID 0: its parent, nsps, is outside the namespace):"
echo "\$ ./nsps -t $target -- ps -ef"
./nsps -t "$target" -- ps -ef
echo
echo "== Its network (only lo, down), and its own read-only view of the host's files:"
echo "\$ ./nsps -t $target -- sh -c 'ip -brief link; touch /etc/x'"
./nsps -t "$target" -- sh -c 'ip -brief link; touch /etc/x' || true
echo
if [[ $(cat /proc/self/mountinfo) == "$before" ]]; then
	echo "== The host's mount table is unchanged, and host ps still works:"
else
	echo "demo: the host's mount table changed: this is a bug in nsps" >&2
	exit 1
fi
echo "\$ ps -p $$ -o pid,comm"
ps -p $$ -o pid,comm
echo
echo "== Removing the demo container."
