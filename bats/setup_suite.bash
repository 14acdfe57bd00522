# SPDX-License-Identifier: MIT
# setup_suite.bash - once around all the bats suites.
# shellcheck shell=bash
#
# nsps asks the installed engines for container names. An unused podman,
# asked with its defaults, sets up its store under /var/lib/containers and
# /run: every podman that the suites run, nsps's included, uses a private
# store in a directory of ours instead, and its containers (conmon with
# them) a cgroup parent of our own name. Images are imported where podman
# cannot make /var/lib/containers (podman_import). teardown_suite removes
# those two, by name, and nothing else.

setup_suite() {
	# What the suites run as another user (nsps, the completion scripts)
	# must be reachable by it wherever root cloned the repository (/root,
	# a mktemp -d directory: 0700): copies in a directory of our own.
	local top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	NSPS_USERS_DIR=$(mktemp -d /tmp/nsps-users.XXXXXX)
	chmod 755 "$NSPS_USERS_DIR"
	cp "${NSPS:-$top/nsps}" "$NSPS_USERS_DIR/nsps"
	cp -r "$top/completions" "$NSPS_USERS_DIR/completions"
	cp "$top/bats/zsh-complete.zsh" "$NSPS_USERS_DIR/"
	chmod -R a+rX "$NSPS_USERS_DIR"
	export NSPS_USERS_DIR NSPS_AS_USER=$NSPS_USERS_DIR/nsps
	NSPS_PODMAN_DIR=$(mktemp -d /tmp/nsps-podman.XXXXXX)
	NSPS_PODMAN_CGROUP=/nsps-podman-${NSPS_PODMAN_DIR##*.}
	local d=$NSPS_PODMAN_DIR
	cat >"$d/storage.conf" <<-CONF
		[storage]
		driver = "vfs"
		graphroot = "$d/root"
		runroot = "$d/run"
	CONF
	cat >"$d/containers.conf" <<-CONF
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		events_logfile_path = "$d/events.log"
		runtime = "runc"
		tmp_dir = "$d/tmp"
		volume_path = "$d/volumes"
		static_dir = "$d/root/libpod"
	CONF
	export NSPS_PODMAN_DIR NSPS_PODMAN_CGROUP CONTAINERS_STORAGE_CONF=$d/storage.conf \
		CONTAINERS_CONF=$d/containers.conf
}

# rmdir_cgroup DIR: remove a cgroup and the empty ones below it, deepest
# first; a monitor that just exited may hold one for a moment.
rmdir_cgroup() {
	local sub i
	for sub in "$1"/*/; do
		[[ -d $sub ]] && rmdir_cgroup "${sub%/}"
	done
	for ((i = 0; i < 200; i++)); do
		rmdir "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "teardown_suite: cannot remove cgroup $1" >&2
	return 1
}

teardown_suite() {
	[[ -n ${NSPS_USERS_DIR:-} ]] && rm -rf "$NSPS_USERS_DIR"
	[[ -n ${NSPS_PODMAN_DIR:-} && -d $NSPS_PODMAN_DIR ]] || return 0
	local c m
	for c in /sys/fs/cgroup/*"$NSPS_PODMAN_CGROUP" /sys/fs/cgroup"$NSPS_PODMAN_CGROUP"; do
		[[ -d $c ]] && rmdir_cgroup "$c"
	done
	# podman's store may hold read-only files and, if a run was cut short,
	# mounts: leave nothing mounted under it before removing it.
	awk -v d="$NSPS_PODMAN_DIR/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m"; done
	rm -rf "$NSPS_PODMAN_DIR"
}
