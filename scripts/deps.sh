#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages nsps needs, only those missing: deps.sh build|test|bench|deb|image
set -eu

build="make gcc libc6-dev pkg-config libmount-dev libsmartcols-dev libcap-ng-dev libjansson-dev"
test="$build libcmocka-dev bats bats-support bats-assert mandoc util-linux
	procps psmisc iproute2 busybox-static runc crun docker.io podman containerd jq tmux strace
	clang libclang-rt-14-dev clang-tidy cppcheck shellcheck valgrind libcap2-bin
	iptables htop e2fsprogs lsof uidmap systemd-container python3 bash-completion zsh
	debhelper dpkg-dev fakeroot lintian git mmdebstrap bindfs"

deb="$build debhelper dpkg-dev fakeroot lintian bash-completion git"

image="$deb mmdebstrap jq"

bench="$build util-linux procps busybox-static runc jq gnuplot-nox"

case "${1:-}" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
deb) want=$deb ;;
image) want=$image ;;
*) echo "usage: $0 build|test|bench|deb|image" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086 # word splitting of the package list is wanted
apt-get install -y -q --no-install-recommends $missing >/dev/null
