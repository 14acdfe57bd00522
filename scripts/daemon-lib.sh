# SPDX-License-Identifier: MIT
# daemon-lib.sh - sourced by docker-engine.sh and k8s-node.sh: stopping a
# daemon of our own, removing the cgroup parent its containers used and
# the directories it made.
# shellcheck shell=bash

# stop_daemon PIDFILE: SIGTERM to the PID in PIDFILE (ours: we started it),
# up to 10 s to end, then SIGKILL.
stop_daemon() {
	local pid i
	pid=$(cat "$1" 2>/dev/null) || return 0
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
}

# remove_cgroup_parent NAME: /NAME in every hierarchy, deepest first; a
# container's cgroup may empty a moment after its daemon is gone, so try
# for a while. Returns 1 if some are left.
remove_cgroup_parent() {
	local i d left=0
	for ((i = 0; i < 200; i++)); do
		left=0
		for d in /sys/fs/cgroup/*"$1" /sys/fs/cgroup"$1"; do
			[[ -d $d ]] || continue
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || left=1
		done
		((left)) || break
		sleep 0.05
	done
	((left == 0))
}

# remove_made FILE: the directories FILE lists (made by us, parents first),
# deepest first, each only once empty: what another daemon put there stays.
remove_made() {
	local d
	[[ -f $1 ]] || return 0
	tac "$1" | while read -r d; do
		[[ -z $d ]] || rmdir "$d" 2>/dev/null || true
	done
}
