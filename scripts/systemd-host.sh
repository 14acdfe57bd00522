#!/bin/sh
# SPDX-License-Identifier: MIT
# systemd-host.sh CMD...: run CMD on a throwaway host shaped like a systemd
# one, in a mount namespace of its own: every mount shared, as systemd
# makes / rshared, and /tmp a filesystem of its own (as tmp.mount makes
# it), shared too: the machine's /tmp bound over itself, whose files are
# still there (a clone of the project may live in it).
# The namespace is cut from the machine's first (private), then made
# shared: its peer groups are its own, so nothing mounted in it, by a test
# or by a bug, can reach the machine, whatever the machine's propagation.
# Whatever CMD mounts there goes when it ends.
set -eu
exec unshare -m --propagation private sh -c '
	mount --make-rshared /
	mount --bind /tmp /tmp
	exec "$@"' systemd-host "$@"
