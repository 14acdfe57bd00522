# SPDX-License-Identifier: MIT
# setup_suite.bash - once around all the bats suites.
# shellcheck shell=bash
#
# nsps asks the installed engines for container names. An unused podman,
# asked with its defaults, sets up its store under /var/lib/containers and
# /run: every podman that the suites run, nsps's included, uses a private
# store in a directory of ours instead. Whatever podman still makes outside
# it (a blob cache under /var/lib/containers, libpod_parent cgroups) and was
# not there before is removed at the end.

setup_suite() {
	NSPS_PODMAN_DIR=$(mktemp -d /tmp/nsps-podman.XXXXXX)
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
	ls -d /var/lib/containers /sys/fs/cgroup/*/libpod_parent /sys/fs/cgroup/libpod_parent \
		>"$d/before" 2>/dev/null || true
	export NSPS_PODMAN_DIR CONTAINERS_STORAGE_CONF=$d/storage.conf CONTAINERS_CONF=$d/containers.conf
}

# made_by_podman PATH: PATH exists and was not there before the suites.
made_by_podman() {
	[[ -e $1 ]] && ! grep -qxF "$1" "$NSPS_PODMAN_DIR/before"
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
	[[ -n ${NSPS_PODMAN_DIR:-} && -d $NSPS_PODMAN_DIR ]] || return 0
	local c
	for c in /sys/fs/cgroup/*/libpod_parent /sys/fs/cgroup/libpod_parent; do
		made_by_podman "$c" && rmdir_cgroup "$c"
	done
	made_by_podman /var/lib/containers && rm -rf /var/lib/containers
	# podman's store may hold read-only files and, if a run was cut short,
	# mounts: leave nothing mounted under it before removing it.
	grep -F " $NSPS_PODMAN_DIR/" /proc/self/mountinfo | awk '{ print $5 }' | sort -r |
		while read -r m; do umount -l "$m"; done
	rm -rf "$NSPS_PODMAN_DIR"
}
