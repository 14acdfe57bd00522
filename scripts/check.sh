#!/bin/bash
# SPDX-License-Identifier: MIT
# Run every test: unit tests (plain and under ASan/UBSan), the bats suites
# (with the plain nsps and the sanitized one), the man page lint. Counts each
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

# unit BINARY: a cmocka test program; counts its cases from the TAP output.
unit() {
	local line out=$log/unit
	CMOCKA_MESSAGE_OUTPUT=TAP "$1" >"$out" 2>&1
	local rc=$?
	local n=0
	while IFS= read -r line; do
		case $line in
		"ok "*) tally "$1: ${line#ok * }" ok; n=$((n + 1)) ;;
		"not ok "*) tally "$1: ${line#not ok * }" no; n=$((n + 1)) ;;
		esac
	done <"$out"
	if ((rc != 0 || n == 0)); then
		cat "$out"
		((rc != 0 && n > 0)) || tally "$1 (exit $rc)" no
	fi
}

# suites LABEL: the bats suites against $NSPS; counts each test.
suites() {
	local line out=$log/bats
	echo "== bats ($1)"
	# A hung test fails after 2 minutes instead of holding CI forever.
	CI=${CI:-1} BATS_TEST_TIMEOUT=120 bats --tap bats/ >"$out" 2>&1
	local rc=$?
	local n=0
	while IFS= read -r line; do
		case $line in
		"ok "*) tally "bats ($1): ${line#ok }" ok; n=$((n + 1)) ;;
		"not ok "*) tally "bats ($1): ${line#not ok }" no; n=$((n + 1)) ;;
		esac
	done <"$out"
	# Show failures with their diagnostics, and anything odd.
	if ((rc != 0)); then
		grep -v '^ok ' "$out"
		((n > 0)) || tally "bats ($1) (exit $rc)" no
	fi
}

echo "== unit tests"
for t in build/test_*; do unit "$t"; done
echo "== unit tests under ASan/UBSan"
for t in build/asan/test_*; do unit "$t"; done

suites nsps
# Address and undefined-behaviour checks, not LeakSanitizer: it stops the
# world from a cloned tracer task, which nsps would create inside the
# target's PID namespace (setns(CLONE_NEWPID) affects new children), where
# it cannot see nsps's threads: the leak check at exit would wait forever.
NSPS=$PWD/build/asan/nsps ASAN_OPTIONS=detect_leaks=0 suites "nsps under ASan/UBSan"

echo "== man page"
if out=$(mandoc -Tlint -Wwarning man/nsps.1 2>&1) && [[ -z $out ]]; then
	tally "mandoc -Tlint" ok
else
	echo "$out"
	tally "mandoc -Tlint" no
fi
if scripts/check-options.sh; then
	tally "every option in --help, man page and README" ok
else
	tally "every option in --help, man page and README" no
fi

echo "$passed passed, $failed failed"
((failed == 0))
