#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz.sh SECONDS FUZZER...: run each libFuzzer binary for SECONDS from its
# seed corpus (fuzz/corpus/NAME); one line per fuzzer, "ok" or "FAILED",
# and a non-zero exit if any found a crash, a leak or a broken property.
set -u
cd "$(dirname "$0")/.." || exit 1
secs=$1
shift
rc=0
for f in "$@"; do
	name=${f##*/}
	work=$f.corpus
	mkdir -p "$work"
	# -timeout: an input that takes a second is a hang; -rss_limit_mb: a leak
	if "$f" -max_total_time="$secs" -timeout=1 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$f.crash-" "$work" "fuzz/corpus/$name" >"$f.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$f.log")
		echo "ok fuzz $name: ${runs:-?} inputs in ${secs} s, nothing found"
	else
		echo "FAILED fuzz $name:"
		grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$f.log" | head -n 20
		rc=1
	fi
done
exit $rc
