#!/bin/bash
# SPDX-License-Identifier: MIT
# docker-engine.sh start DIR [FILE...] | stop DIR [CONTAINER...]
#
# A private docker engine for tests and the bench: its data, exec root,
# socket (DIR/sock: DOCKER_HOST=unix://DIR/sock) and pidfile under DIR;
# vfs storage, no iptables, no bridge. start also imports the image
# nsps-busybox:test, the busybox rootfs plus the FILEs in its /bin. Its
# containers' cgroups go under a parent of this engine's own name,
# /nsps-docker-SUFFIX/docker (SUFFIX: DIR's, after its last dot; "docker"
# last, so that they read as docker's). stop removes the CONTAINERs, the
# image, the engine, that cgroup parent, the directories its containerd
# made under /run/containerd (once empty), and DIR.
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=scripts/daemon-lib.sh
. scripts/daemon-lib.sh
cmd=$1 dir=$2
shift 2
export DOCKER_HOST=unix://$dir/sock
cgroup=/nsps-docker-${dir##*.}

case $cmd in
start)
	mkdir -p "$dir"
	# the engine's containerd puts its shims' sockets in /run/containerd/s
	for d in /run/containerd /run/containerd/s; do
		[[ -e $d ]] || echo "$d" >>"$dir/made"
	done
	dockerd --iptables=false --ip-forward=false --bridge=none --storage-driver=vfs \
		--cgroup-parent="$cgroup/docker" \
		--data-root "$dir/data" --exec-root "$dir/exec" \
		-H "$DOCKER_HOST" --pidfile "$dir/pid" \
		</dev/null >"$dir/log" 2>&1 3>&- &
	echo $! >"$dir/dockerd"
	for ((i = 0; i < 400; i++)); do
		docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
		sleep 0.05
	done
	scripts/mkrootfs.sh "$dir/rootfs" "${BUSYBOX:-/bin/busybox}"
	(($# == 0)) || cp "$@" "$dir/rootfs/bin/"
	tar -C "$dir/rootfs" -cf "$dir/rootfs.tar" .
	docker import "$dir/rootfs.tar" nsps-busybox:test >/dev/null
	;;
stop)
	[[ -d $dir ]] || exit 0
	(($# == 0)) || docker rm -f "$@" >/dev/null 2>&1 || true
	docker rmi nsps-busybox:test >/dev/null 2>&1 || true
	stop_daemon "$dir/dockerd"
	# what the engine left mounted below DIR (a --network=host container's
	# netns/default, the host's network namespace bound there), deepest first
	# (on a shared tree a mount may be listed twice: one umount takes both)
	awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -ru |
		while read -r m; do umount "$m" 2>/dev/null || true; done
	if awk -v d="$dir/" 'index($5, d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
		echo "docker-engine.sh: cannot unmount what the engine left below $dir" >&2
	fi
	# this engine's cgroup parent, deepest first
	remove_cgroup_parent "$cgroup" || echo "docker-engine.sh: cannot remove cgroup $cgroup" >&2
	remove_made "$dir/made"
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start DIR [FILE...] | stop DIR [CONTAINER...]" >&2
	exit 2
	;;
esac
