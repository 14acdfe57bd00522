#!/bin/sh
# SPDX-License-Identifier: MIT
# mkrootfs.sh DIR [BUSYBOX]: a busybox root filesystem for test and bench
# containers: the static busybox with one link per applet, /etc/passwd and
# /etc/group with root and nobody.
set -eu
dir=$1
busybox=${2:-/bin/busybox}
mkdir -p "$dir/bin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/etc" "$dir/tmp" "$dir/root"
cp "$busybox" "$dir/bin/busybox"
for applet in $("$busybox" --list); do
	# the applet named busybox would replace the binary with a self-link
	[ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$dir/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
