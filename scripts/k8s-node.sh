#!/bin/bash
# SPDX-License-Identifier: MIT
# k8s-node.sh start DIR | run DIR ID POD NS CONTAINER TYPE [--with-ns SPEC] -- CMD... | stop DIR
#
# A Kubernetes-shaped node without a kubelet, for tests: a private
# containerd (root, state and socket under DIR; the CRI plugin off) run in
# a mount namespace of its own, so that neither it nor its shims mount
# anything on the host, and the image nsps-busybox:k8s imported from a
# busybox rootfs. run starts container ID in namespace k8s.io as the CRI
# plugin would: its annotations, a cgroup under /nsps-k8s-SUFFIX/kubepods
# (SUFFIX: DIR's, after its last dot). stop removes the containers, the
# image, the daemon, the cgroups and the directories under /run/containerd
# that were not there before (recorded at start) once empty, and DIR.
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=scripts/daemon-lib.sh
. scripts/daemon-lib.sh
cmd=$1 dir=$2
shift 2
sock=$dir/sock
cgroup=/nsps-k8s-${dir##*.}
ctr_() { ctr --address "$sock" -n k8s.io "$@"; }

case $cmd in
start)
	mkdir -p "$dir"
	for d in /run/containerd /run/containerd/s /run/containerd/fifo /run/containerd/runc \
		/run/containerd/runc/k8s.io; do
		[[ -e $d ]] || echo "$d" >>"$dir/made"
	done
	cat >"$dir/config.toml" <<-EOF
		version = 2
		root = "$dir/root"
		state = "$dir/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$sock"
	EOF
	unshare -m --propagation private containerd --config "$dir/config.toml" \
		</dev/null >"$dir/log" 2>&1 3>&- &
	echo $! >"$dir/containerd"
	for ((i = 0; i < 400; i++)); do
		ctr --address "$sock" version >/dev/null 2>&1 && break
		sleep 0.05
	done
	scripts/mkrootfs.sh "$dir/rootfs" "${BUSYBOX:-/bin/busybox}"
	mkdir -p "$dir/image"
	tar -C "$dir/rootfs" -cf "$dir/image/layer.tar" .
	diff=$(sha256sum "$dir/image/layer.tar" | cut -d' ' -f1)
	printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$diff" >"$dir/image/config.json"
	conf=$(sha256sum "$dir/image/config.json" | cut -d' ' -f1)
	mv "$dir/image/config.json" "$dir/image/$conf.json"
	printf '[{"Config":"%s.json","RepoTags":["nsps-busybox:k8s"],"Layers":["layer.tar"]}]' \
		"$conf" >"$dir/image/manifest.json"
	tar -C "$dir/image" -cf "$dir/image.tar" manifest.json "$conf.json" layer.tar
	ctr_ image import "$dir/image.tar" >/dev/null
	;;
run)
	id=$1 pod=$2 ns=$3 name=$4 type=$5
	shift 5
	extra=()
	while [[ $1 != -- ]]; do
		extra+=("$1")
		shift
	done
	shift
	echo "$id" >>"$dir/containers"
	ctr_ run -d --annotation io.kubernetes.cri.sandbox-namespace="$ns" \
		--annotation io.kubernetes.cri.sandbox-name="$pod" \
		--annotation io.kubernetes.cri.sandbox-uid="uid-$pod" \
		--annotation io.kubernetes.cri.container-name="$name" \
		--annotation io.kubernetes.cri.container-type="$type" \
		--annotation io.kubernetes.cri.image-name=docker.io/library/nsps-busybox:k8s \
		--cgroup "$cgroup/kubepods/burstable/pod$pod/$id" "${extra[@]}" \
		docker.io/library/nsps-busybox:k8s "$id" "$@" </dev/null >/dev/null 2>&1 3>&-
	;;
stop)
	[[ -d $dir ]] || exit 0
	if [[ -f $dir/containers ]]; then
		while read -r id; do
			ctr_ task kill -s KILL "$id" >/dev/null 2>&1 || true
		done <"$dir/containers"
		while read -r id; do
			for ((i = 0; i < 100; i++)); do
				ctr_ task delete "$id" >/dev/null 2>&1 && break
				ctr_ task ls -q 2>/dev/null | grep -qx "$id" || break
				sleep 0.05
			done
			ctr_ container delete "$id" >/dev/null 2>&1 || true
		done <"$dir/containers"
	fi
	ctr_ image rm docker.io/library/nsps-busybox:k8s >/dev/null 2>&1 || true
	# the shims of this daemon (their -address is our socket) end with
	# their tasks; any left would make /run/containerd/s again
	for ((i = 0; i < 200; i++)); do
		shims=$(pgrep -f -- "-address $sock( |\$)" || true)
		[[ -n $shims ]] || break
		# shellcheck disable=SC2086 # one PID per word
		((i < 100)) || kill -KILL $shims 2>/dev/null || true
		sleep 0.05
	done
	stop_daemon "$dir/containerd"
	remove_cgroup_parent "$cgroup" || echo "k8s-node.sh: cannot remove cgroup $cgroup" >&2
	remove_made "$dir/made"
	rm -rf --one-file-system "$dir"
	;;
*)
	echo "usage: $0 start|run|stop DIR ..." >&2
	exit 2
	;;
esac
