#!/bin/bash
# SPDX-License-Identifier: MIT
# make image: the node-debug image, from Debian's packages alone (no base
# image is downloaded): mmdebstrap's essential set of Debian 12, the tools
# an operator reaches for, and nsps from make deb's package. Written as a
# docker-archive, build/nsps-node-debug_VERSION_ARCH.tar, tagged
# nsps-node-debug:VERSION: docker load, podman load, ctr image import and
# skopeo copy docker-archive:... all take it.
#
# Reproducible: file times are clamped to SOURCE_DATE_EPOCH (default: the
# last commit's time), and every JSON file and tar member is written in a
# fixed order, so that the same packages make the same bytes. MIRROR
# overrides the Debian mirror (default: deb.debian.org).
#
# mmdebstrap's root mode mounts /proc, /sys and /dev inside the tree it
# builds: it runs in a mount namespace of its own, so none of it is ever
# in the machine's mount table.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
deb=build/nsps_${version}_$arch.deb
out=build/nsps-node-debug_${version}_$arch.tar
tag=nsps-node-debug:$version
suite=bookworm
tools=procps,psmisc,iproute2,lsof,strace,tcpdump,htop,iptables,less
# nsps's own dependencies: it loads them with dlopen()
libs=libmount1,libsmartcols1,libcap-ng0,libjansson4
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}

# the package of this tree, lintian-clean (IMAGE_DEB_BUILT=1: the caller
# has just built it, as make check does)
[[ ${IMAGE_DEB_BUILT:-} == 1 && -f $deb ]] || scripts/deb.sh >/dev/null
work=build/image
rm -rf "$work"
mkdir -p "$work/archive"

# Smaller without what a one-shot debugging shell never reads: manuals,
# translations, documentation (each package's copyright stays).
excludes=(--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
	--dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/doc/*'
	--dpkgopt='path-include=/usr/share/doc/*/copyright')
# shellcheck disable=SC2016 # "$1" is the tree, for mmdebstrap's hooks
unshare --mount --propagation private \
	mmdebstrap --mode=root --variant=essential --skip=output/dev \
	--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "${excludes[@]}" \
	--include="$tools,$libs" \
	--customize-hook="copy-in $deb /tmp" \
	--customize-hook="chroot \"\$1\" dpkg -i /tmp/${deb##*/}" \
	--customize-hook="rm -f \"\$1\"/tmp/${deb##*/}" \
	"$suite" "$work/layer.tar" ${MIRROR:+"$MIRROR"} >"$work/log" 2>&1 ||
	{ tail -20 "$work/log" >&2; exit 1; }

# docker-archive: manifest.json, the image config, one layer.
layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir "$work/archive/$layer"
mv "$work/layer.tar" "$work/archive/$layer/layer.tar"
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
jq -n -S --arg arch "$arch" --arg created "$created" --arg version "$version" \
	--arg diff "sha256:$layer" --arg suite "$suite" --arg tools "$tools" '{
	architecture: $arch, os: "linux", created: $created,
	config: {
		Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
		Cmd: ["/bin/bash"], WorkingDir: "/",
		Labels: {
			"org.opencontainers.image.title": "nsps node-debug",
			"org.opencontainers.image.description": "nsps and the host tools, for kubectl debug node/NAME --profile=sysadmin",
			"org.opencontainers.image.version": $version,
			"org.opencontainers.image.licenses": "MIT"
		}
	},
	rootfs: { type: "layers", diff_ids: [$diff] },
	history: [{ created: $created,
		    created_by: ("scripts/image.sh: mmdebstrap " + $suite + " essential, " + $tools + ", nsps " + $version) }]
}' >"$work/config.json"
config=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/archive/$config.json"
jq -n -c --arg config "$config.json" --arg tag "$tag" --arg layer "$layer/layer.tar" \
	'[{ Config: $config, RepoTags: [$tag], Layers: [$layer] }]' >"$work/archive/manifest.json"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
	-C "$work/archive" -cf "$out" manifest.json "$config.json" "$layer"
rm -rf "$work"
echo "image: $out ($tag, $(du -m "$out" | cut -f1) MiB, sha256 $(sha256sum "$out" | cut -c1-12))"
