#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench: nsps against the peers and the floor, in interleaved rounds.
# Targets are runc containers (1 and 1000 processes); host mount-table
# scales are made inside a throwaway mount namespace that the runs happen
# in, never on the host. Writes build/bench/results.md and results.png.
# ROUNDS (default 100) sets the rounds per scenario. Never a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "bench: run as root" >&2; exit 1; }

ROUNDS=${ROUNDS:-100}
out=build/bench
rm -rf "$out"
mkdir -p "$out/raw"
work=$(mktemp -d /tmp/nsps-bench.XXXXXX)
n1=nsps-bench-$$-1
n1000=nsps-bench-$$-1000

k8s=$(printf 'nsps-bench-%s' "$$" | sha256sum | cut -c1-64)
hosts=()

cleanup() {
	local n
	for n in "$n1" "$n1000" "$k8s"; do runc delete -f "$n" >/dev/null 2>&1 || true; done
	((${#hosts[@]} == 0)) || kill -KILL "${hosts[@]}" 2>/dev/null || true
	if [[ -n ${DOCKER_HOST:-} ]]; then
		scripts/docker-engine.sh stop "$work/docker" "$n1" "$n1000"
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# container NPROCS [ID [JQ]]: a runc container running NPROCS processes
# (ID: its name, JQ: an edit of its config); prints its PID.
container() {
	local n=${2:-nsps-bench-$$-$1} b=$work/bundle-${2:-$1}
	scripts/mkrootfs.sh "$b/rootfs"
	(cd "$b" && runc spec)
	jq --arg n "$1" '.process.terminal = false
	    | .process.args = ["sh", "-c", "i=1; while [ $i -lt \($n) ]; do sleep 100000 & i=$((i+1)); done; exec sleep 100001"]
	    | '"${3:-.}" \
		"$b/config.json" >"$b/c.json" && mv "$b/c.json" "$b/config.json"
	runc run -d --bundle "$b" "$n" </dev/null >"$b/log" 2>&1
	local pid
	pid=$(runc state "$n" | jq -r .pid)
	for _ in $(seq 600); do
		[[ $(ls "/proc/$pid/task/$pid/children" >/dev/null && wc -w <"/proc/$pid/task/$pid/children") -ge $(($1 - 1)) ]] && break
		sleep 0.05
	done
	echo "$pid"
}

# docker_container NPROCS: the same in a private docker engine, if there is
# one; prints nothing.
docker_container() {
	[[ -n ${DOCKER_HOST:-} ]] || return 0
	local n=nsps-bench-$$-$1
	docker run -d --name "$n" --network=none nsps-busybox:test sh -c \
		"i=1; while [ \$i -lt $1 ]; do sleep 100000 & i=\$((i+1)); done; exec sleep 100001" >/dev/null
	local pid
	pid=$(docker inspect -f '{{.State.Pid}}' "$n")
	for _ in $(seq 600); do
		[[ $(wc -w <"/proc/$pid/task/$pid/children") -ge $(($1 - 1)) ]] && break
		sleep 0.05
	done
}

# contenders PID NAME CMD...: the contender lines for one command (NAME:
# the runc container, and the docker one if there is an engine).
contenders() {
	local pid=$1 name=$2 c
	shift 2
	local IFS=$'\t'
	printf 'host\t%s\n' "$*"
	printf 'nsps\t%s\t-t\t%s\t--\t%s\n' "$PWD/nsps" "$pid" "$*"
	printf 'floor\t%s\t%s\t%s\n' "$PWD/build/bench-floor" "$pid" "$*"
	# the floor of the job as it was: pins and shows the host's mounts
	printf 'floor unsafe\t%s\tunsafe\t%s\t%s\n' "$PWD/build/bench-floor" "$pid" "$*"
	printf 'nsenter -p\tnsenter\t-t\t%s\t-p\t%s\n' "$pid" "$*"
	c="mount -t proc proc /proc && exec $*"
	printf 'pipeline\tunshare\t-m\t--propagation\tprivate\tnsenter\t-t\t%s\t-p\t--\tsh\t-c\t%s\n' "$pid" "${c//$'\t'/ }"
	printf 'runc exec\trunc\texec\t%s\t%s\n' "$name" "$*"
	[[ -z ${DOCKER_HOST:-} ]] || printf 'docker exec\tdocker\texec\t%s\t%s\n' "$name" "$*"
}

# scenario LABEL MOUNTS FILE: run the contenders in FILE with MOUNTS extra
# mounts in a throwaway mount namespace; raw timings to $out/raw/LABEL.tsv.
scenario() {
	local label=$1 mounts=$2 file=$3
	echo "bench: $label ($ROUNDS rounds)" >&2
	# shellcheck disable=SC2016 # the inner script expands its own arguments
	unshare -m --propagation private bash -c '
		set -e
		if (($1 > 0)); then
			mkdir -p "$2/m" && mount -t tmpfs bench "$2/m"
			for ((i = 0; i < $1; i++)); do mkdir "$2/m/$i"; mount -t tmpfs -o size=4k b "$2/m/$i"; done
		fi
		# a procfs of the 1000-process target, kept for the whole scenario
		nsenter -t "$5" -p -- mount -t proc proc "$2/warmproc"
		exec build/bench-run "$3" "$4"' _ "$mounts" "$work" "$ROUNDS" "$file" "$many" |
		sed "s/^/$label\t/" >"$out/raw/$label.tsv"
}

one=$(container 1)
many=$(container 1000)
# docker exec, with an engine of our own (BENCH_DOCKER=0 leaves it out)
if [[ ${BENCH_DOCKER:-1} != 0 ]] && command -v dockerd >/dev/null && command -v docker >/dev/null; then
	echo "bench: starting a private docker engine" >&2
	export DOCKER_HOST=unix://$work/docker/sock
	scripts/docker-engine.sh start "$work/docker"
	docker_container 1
	docker_container 1000
fi

contenders "$one" "$n1" true >"$work/true"
contenders "$one" "$n1" ps -e >"$work/ps"
contenders "$many" "$n1000" ps -e >"$work/ps1000"
# ps over a warm procfs of the target's PID namespace, mounted once per
# scenario (see scenario()): the reference a fresh procfs is held to.
printf 'ps warm\tunshare\t-m\t--propagation\tprivate\tnsenter\t-t\t%s\t-p\t--\tsh\t-c\tmount --bind %s /proc && exec ps -e\n' \
	"$many" "$work/warmproc" >>"$work/ps1000"
mkdir -p "$work/warmproc"

scenario true 0 "$work/true"
scenario true-1000-mounts 1000 "$work/true"
scenario true-5000-mounts 5000 "$work/true"
scenario ps-e 0 "$work/ps"
scenario ps-e-1000-procs 0 "$work/ps1000"

# Finding the target among 5000 more host processes: by PID, and through
# the runtimes' state by ID, prefix, name and Kubernetes pod; and --list,
# against lsns. A runc container with the CRI plugin's annotations plays
# a pod's container.
container 1 "$k8s" '.annotations = {"io.kubernetes.cri.container-type": "container",
	"io.kubernetes.cri.sandbox-namespace": "bench", "io.kubernetes.cri.sandbox-name": "bench-pod",
	"io.kubernetes.cri.container-name": "c"}' >/dev/null
echo "bench: starting 5000 host processes" >&2
for ((i = 0; i < 5000; i++)); do
	sleep 100000 >/dev/null 2>&1 &
	hosts+=($!)
done
{
	printf 'nsps\t%s\t-t\t%s\t--\ttrue\n' "$PWD/nsps" "$one"
	printf 'nsps -t ID\t%s\t-t\t%s\t--\ttrue\n' "$PWD/nsps" "$k8s"
	printf 'nsps -t 12-digit prefix\t%s\t-t\t%s\t--\ttrue\n' "$PWD/nsps" "${k8s:0:12}"
	printf 'nsps -t NAME\t%s\t-t\t%s\t--\ttrue\n' "$PWD/nsps" "$n1"
	printf 'nsps -t NS/POD/CONTAINER\t%s\t-t\tbench/bench-pod/c\t--\ttrue\n' "$PWD/nsps"
	printf 'nsps --list\t%s\t--list\n' "$PWD/nsps"
	printf 'lsns -t pid\tlsns\t-t\tpid\n'
} >"$work/lookup"
scenario lookup-5000-host-procs 0 "$work/lookup"
kill -KILL "${hosts[@]}" 2>/dev/null || true
hosts=()

# Table: median, min, p90 (ms) per contender and its ratio to nsps's median.
cat "$out"/raw/*.tsv >"$out/all.tsv"
stats() {	# stats: sorted microseconds on stdin -> "median min p90" in ms
	awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "fails - -"; exit }
		printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)] / 1000, v[1] / 1000, v[int(NR * 0.9 + 0.5)] / 1000 }'
}
cut -f1,2 "$out/all.tsv" | sort -u | while IFS=$'\t' read -r sc name; do
	read -r med min p90 < <(awk -F'\t' -v s="$sc" -v n="$name" '$1 == s && $2 == n && $3 >= 0 { print $3 }' "$out/all.tsv" | sort -n | stats)
	failed=$(awk -F'\t' -v s="$sc" -v n="$name" '$1 == s && $2 == n && $3 < 0' "$out/all.tsv" | wc -l)
	# a peer that failed some runs is timed on the others only: say so
	((failed == 0)) || name="$name ($failed of $ROUNDS runs failed)"
	printf '%s\t%s\t%s\t%s\t%s\n' "$sc" "$name" "$med" "$min" "$p90"
done >"$out/stats.tsv"
awk -F'\t' 'NR == FNR { if ($2 == "nsps") ref[$1] = $3; next }
	{ printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, ($3 == "fails" ? "-" : sprintf("%.2f", $3 / ref[$1])) }' \
	"$out/stats.tsv" "$out/stats.tsv" | sort -t$'\t' -k1,1 -k3,3g >"$out/summary.tsv"

{
	echo "| scenario | contender | median ms | min ms | p90 ms | × nsps |"
	echo "|---|---|---|---|---|---|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$out/summary.tsv"
} >"$out/results.md"
cat "$out/results.md"

if command -v gnuplot >/dev/null; then
	bench/plot.sh "$out"
fi
