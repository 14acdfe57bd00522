#!/bin/sh
# SPDX-License-Identifier: MIT
# Every long option in the source's option table appears in --help, in the
# man page (as an Fl entry) and in the README. Prints what is missing.
set -u
cd "$(dirname "$0")/.." || exit 1

opts=$(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)",.*/\1/p' src/options.c)
[ -n "$opts" ] || { echo "check-options: no options found in src/options.c" >&2; exit 1; }
help=$(./nsps --help) || { echo "check-options: ./nsps --help failed" >&2; exit 1; }

rc=0
for o in $opts; do
	printf '%s\n' "$help" | grep -q -- "--$o\b" ||
		{ echo "check-options: --$o is not in nsps --help" >&2; rc=1; }
	# mdoc escapes the hyphens: "Fl \-host\-net"
	grep -Eq 'Fl \\?-'"$(printf '%s' "$o" | sed 's/-/\\\\?-/g')"'\b' man/nsps.1 ||
		{ echo "check-options: --$o is not in man/nsps.1" >&2; rc=1; }
	grep -q -- "--$o\b" README.md ||
		{ echo "check-options: --$o is not in README.md" >&2; rc=1; }
done
exit $rc
