#!/bin/bash
# SPDX-License-Identifier: MIT
# Run every test: unit tests (plain and under ASan/UBSan), the bats suites
# (with the plain nsps and the sanitized one; nodedebug.bats with the
# node-debug image, built first), the fuzzers for a bounded time, the static
# checks, the man page lint, the Debian package (and in CI the suites again
# against it, installed). Counts each
# test case and ends with one line: "N passed, N failed". Run by make check.
set -u
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# tally NAME OK: count one test case.
tally() {
	if [[ $2 == ok ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: $1"
	fi
}

# tap LABEL FILE RC: count the cases of a TAP report FILE that came with
# exit status RC. A failing run without a failing case (a crash, a broken
# setup) counts as one failure, and so does a run with no case at all.
tap() {
	local label=$1 file=$2 rc=$3 line n=0 bad=0
	while IFS= read -r line; do
		case $line in
		"ok "*) tally "$label: ${line#ok }" ok; n=$((n + 1)) ;;
		"not ok "*) tally "$label: ${line#not ok }" no; n=$((n + 1)); bad=1 ;;
		esac
	done <"$file"
	if ((rc != 0 || n == 0)); then
		grep -v '^ok ' "$file"	# the failures with their diagnostics
		((bad)) || tally "$label (exit $rc, $n cases)" no
	fi
}

# unit BINARY: a cmocka test program.
unit() {
	CMOCKA_MESSAGE_OUTPUT=TAP "$1" >"$log/unit" 2>&1
	tap "$1" "$log/unit" $?
}

# leftovers: what the suites' fixtures make on the machine and must
# remove (their directories in /tmp, a test daemon's /run/containerd).
leftovers() {
	find /tmp /run -maxdepth 1 \( -name 'nsps-*' -o -path /run/containerd \) 2>/dev/null | sort
}

# suites LABEL [WRAPPER...]: the bats suites against $NSPS, run by WRAPPER;
# then, as one more case, that they left behind nothing that was not there.
suites() {
	local label=$1 before left
	shift
	echo "== bats ($label)"
	before=$(leftovers)
	# A hung test fails after 2 minutes instead of holding CI forever.
	# From /: the tests' results must not depend on where the clone lives
	# (a view started in a directory it lacks, /tmp's, says so).
	(cd / && CI=${CI:-1} BATS_TEST_TIMEOUT=120 "$@" bats --tap "$OLDPWD/bats/") >"$log/bats" 2>&1
	tap "bats ($label)" "$log/bats" $?
	left=$(comm -13 <(echo "$before") <(leftovers))
	if [[ -z $left ]]; then
		tally "bats ($label): nothing left behind" ok
	else
		echo "left behind: $left"
		tally "bats ($label): nothing left behind" no
	fi
}

echo "== unit tests"
for t in build/test_*; do unit "$t"; done
echo "== unit tests under ASan/UBSan"
for t in build/asan/test_*; do unit "$t"; done

# The Debian package first: the image holds it, CI installs it at the end.
echo "== Debian package"
deb=
if out=$(scripts/deb.sh 2>&1); then
	deb=$(ls build/nsps_*.deb)
	tally "make deb: built, lintian with no warning" ok
else
	echo "$out"
	tally "make deb: built, lintian with no warning" no
fi
# The node-debug image, which bats/nodedebug.bats runs as a pod: built
# from Debian's packages and the package just built (scripts/image.sh).
echo "== node-debug image"
if out=$(IMAGE_DEB_BUILT=${deb:+1} scripts/image.sh 2>&1); then
	echo "$out" | tail -n 1
	tally "make image: built from Debian's packages" ok
else
	echo "$out"
	tally "make image: built from Debian's packages" no
fi

# Twice, on the two shapes of host there are. On a systemd-shaped one
# (every mount shared, /tmp a filesystem of its own), where a mount that leaked
# from the view would reach the host and show in every "mount table
# unchanged" check; this machine's own tree is private.
suites "nsps, on a systemd-shaped host" "$PWD/scripts/systemd-host.sh"
# Address and undefined-behaviour checks, not LeakSanitizer: it stops the
# world from a cloned tracer task, which nsps would create inside the
# target's PID namespace (setns(CLONE_NEWPID) affects new children), where
# it cannot see nsps's threads: the leak check at exit would wait forever.
NSPS=$PWD/build/asan/nsps ASAN_OPTIONS=detect_leaks=0 suites "nsps under ASan/UBSan, on this machine's tree" env

echo "== fuzzers, ${FUZZ_SECONDS:-15} s each"
fuzzers=()
for f in build/fuzz/*; do	# the binaries, not their logs, corpora, crashes
	[[ -f $f && -x $f && ${f##*/} != *.* ]] && fuzzers+=("$f")
done
((${#fuzzers[@]} > 0)) || tally "fuzzers built" no
while IFS= read -r line; do
	echo "$line"
	case $line in
	"ok "*) tally "${line#ok }" ok ;;
	"FAILED "*) tally "${line#FAILED }" no ;;
	esac
done < <(scripts/fuzz.sh "${FUZZ_SECONDS:-15}" "${fuzzers[@]}" 2>&1)

echo "== static checks"
for tool in cppcheck clang-tidy shellcheck; do
	if out=$(make --no-print-directory -s lint-$tool 2>&1); then
		tally "$tool" ok
	else
		echo "$out"
		tally "$tool" no
	fi
done

echo "== man page"
if out=$(mandoc -Tlint -Wwarning man/nsps.1 2>&1) && [[ -z $out ]]; then
	tally "mandoc -Tlint" ok
else
	echo "$out"
	tally "mandoc -Tlint" no
fi
# quotes inside quotes render as a run of two closing ones
if out=$(mandoc -Tutf8 man/nsps.1 | col -b | grep -E "’’|‘‘|''") && [[ -n $out ]]; then
	echo "$out"
	tally "man page: no quotes nested in quotes" no
else
	tally "man page: no quotes nested in quotes" ok
fi
if scripts/check-options.sh; then
	tally "every option in --help, man page and README" ok
else
	tally "every option in --help, man page and README" no
fi

# In CI (CI=1, as root): installed, the suites run against /usr/bin/nsps,
# then purged. Only where no nsps package was there before: one of the
# machine's own is never replaced nor removed.
if [[ ${CI:-} == 1 && -n $deb && $(id -u) == 0 ]]; then
	if dpkg-query -W -f '${Status}' nsps 2>/dev/null | grep -q installed; then
		tally "the package installed: an nsps package was there already, left alone" no
	elif apt-get install -y -q "./$deb" >"$log/apt" 2>&1 && [[ -x /usr/bin/nsps ]]; then
		tally "the package installs" ok
		NSPS=/usr/bin/nsps suites "the installed package, /usr/bin/nsps" "$PWD/scripts/systemd-host.sh"
		apt-get purge -y -q nsps >"$log/apt" 2>&1
		if ! dpkg-query -W -f '${Status}' nsps 2>/dev/null | grep -q installed &&
			[[ ! -e /usr/bin/nsps && ! -e /usr/share/bash-completion/completions/nsps &&
			! -e /usr/share/zsh/vendor-completions/_nsps ]]; then
			tally "the package purges, leaving the machine as it was" ok
		else
			tally "the package purges, leaving the machine as it was" no
		fi
	else
		cat "$log/apt"
		tally "the package installs" no
	fi
fi

echo "$passed passed, $failed failed"
((failed == 0))
