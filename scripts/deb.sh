#!/bin/sh
# SPDX-License-Identifier: MIT
# make deb: the Debian package, built from the tracked files in a copy
# under build/deb (dpkg-buildpackage writes next to its source tree, so the
# tree is ours), into build/nsps_VERSION_ARCH.deb; then lintian on it.
set -eu
cd "$(dirname "$0")/.."
version=$(dpkg-parsechangelog -S Version)
src=build/deb/nsps-$version
rm -rf build/deb
mkdir -p "$src"
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -us -uc -b >../build.log 2>&1) ||
	{ tail -30 build/deb/build.log >&2; exit 1; }
arch=$(dpkg --print-architecture)
mv "build/deb/nsps_${version}_$arch.deb" build/
echo "deb: build/nsps_${version}_$arch.deb"
lintian --fail-on warning,error "build/nsps_${version}_$arch.deb"
