#!/bin/bash
# SPDX-License-Identifier: MIT
# plot.sh DIR: DIR/results.png from DIR/summary.tsv (make bench writes
# both): one panel per scenario, its contenders as bars from fastest to
# slowest, each contender in the same colour in every panel (the legend
# panel names them), nsps in red and bold; a contender that failed every
# run is a label; each bar labelled with its median and its
# ratio to the floor, the least that does the same job (to nsps -t PID
# where there is no floor). Medians on a log scale: a panel spans 1 ms to
# 100 ms and more.
set -euo pipefail
dir=$1
summary=$dir/summary.tsv
[[ -f $summary ]] || { echo "plot.sh: no $summary (run make bench)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot.sh: no gnuplot" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The contenders, in legend order, and their colours.
contenders=("host" "floor unsafe" "floor" "nsps" "nsenter -p" "pipeline" "runc exec" "docker exec"
	"ps warm" "nsps -t ID" "nsps -t 12-digit prefix" "nsps -t NAME" "nsps -t NS/POD/CONTAINER"
	"nsps --list" "lsns -t pid")
colours=("#000000" "#bdbdbd" "#737373" "#d7191c" "#2c7bb6" "#fdae61" "#1a9641" "#7b3294"
	"#5ab4ac" "#f4a582" "#e7298a" "#b2182b" "#fb6a4a" "#67001f" "#8c510a")
printf '%s\n' "${contenders[@]}" >"$work/names"

# Per scenario: rows from slowest (bottom) to fastest (top), with the
# colour of each contender and its label; a contender not known gets grey.
# (in the order make bench runs them; any other after them)
scenarios=$( (printf '%s\n' true true-1000-mounts true-5000-mounts ps-e ps-e-1000-procs \
	lookup-5000-host-procs; cut -f1 "$summary") |
	awk '!seen[$0]++' | while read -r sc; do grep -q "^$sc	" "$summary" && echo "$sc"; done)
n=0
for sc in $scenarios; do
	n=$((n + 1))
	awk -F'\t' -v s="$sc" '
		function failed_short(t) { sub(/ of /, "/", t); return t }
		NR == FNR { idx[$0] = FNR - 1; next }
		# ps run on the host lists the host: no peer of ps in a container
		$1 == s && !($2 == "host" && s ~ /^ps-/) {
			name = $2; sub(/ \([0-9]+ of [0-9]+ runs failed\)$/, "", name)
			rows[++k] = $3 "\t" name "\t" (name in idx ? idx[name] : -1) "\t" $2
			if (name == "floor") floor = $3
			if (name == "nsps") ref = $3
		}
		END {
			base = floor != "" ? floor : ref
			for (i = 1; i <= k; i++) {
				split(rows[i], f, "\t")
				failed = f[4]; sub(/^.*\(/, "", failed); sub(/ runs failed\)$/, "", failed)
				if (f[1] == "fails")	# no time: a label alone, at the axis
					printf "%s\t%s\t%s\t%s\n", 0.5, f[2], f[3], "fails (" failed_short(failed) ")"
				else if (f[4] != f[2])
					printf "%s\t%s\t%s\t%.3g ms  %.2f×  (%s failed)\n", f[1], f[2], f[3], f[1], f[1] / base, failed_short(failed)
				else
					printf "%s\t%s\t%s\t%.3g ms  %.2f×\n", f[1], f[2], f[3], f[1], f[1] / base
			}
		}' "$work/names" "$summary" | sort -t$'\t' -k1,1gr | awk -F'\t' '{ print NR - 1 "\t" $0 }' \
		>"$work/$n.dat"
	if awk -F'\t' -v s="$sc" '$1 == s && $2 == "floor" { f = 1 } END { exit !f }' "$summary"; then
		echo "$sc (× the floor)" >"$work/$n.title"
	else
		echo "$sc (× nsps -t PID)" >"$work/$n.title"
	fi
done

{
	cat <<-GP
		set terminal pngcairo size 1800,1350 font "sans,10"
		set output "$dir/results.png"
		set datafile separator "\t"
		set multiplot layout 3,3 title "nsps (red) and its peers: medians of interleaved rounds (make bench); each bar: median, and its ratio to the floor, the least that does the same job" font ",14"
		set logscale x
		set format x "%g"
		set xlabel "median ms (log)"
		set style fill solid 0.9 border -1
		set grid xtics
		unset key
		set lmargin 24
		set rmargin 2
	GP
	for i in "${!colours[@]}"; do
		echo "set linetype $((i + 1)) lc rgb \"${colours[$i]}\""
	done
	echo 'set linetype 100 lc rgb "#999999"'
	for ((p = 1; p <= n; p++)); do
		rows=$(wc -l <"$work/$p.dat")
		max=$(sort -t$'\t' -k2,2gr "$work/$p.dat" | head -n 1 | cut -f2)
		cat <<-GP
			set title "$(cat "$work/$p.title")" font ",12"
			set yrange [-0.6:$rows - 0.4]
			set xrange [0.5:$max * 25]
			set ytics () font ",9"
			plot "$work/$p.dat" using (0.5):1:(0.5):2:(\$1 - 0.35):(\$1 + 0.35):(\$4 < 0 ? 100 : \$4 + 1):ytic(3) \\
			       with boxxyerror lc variable, \\
			     "" using (\$2 * 1.15):1:(strcol(3) eq "nsps" ? "" : strcol(5)) with labels left font ",10", \\
			     "" using (\$2 * 1.15):1:(strcol(3) eq "nsps" ? strcol(5) : "") with labels left font "sans:Bold,11" tc rgb "#d7191c"
		GP
	done
	# the legend: one colour per contender
	cat <<-GP
		set title "contenders" font ",12"
		unset logscale x
		unset xlabel
		unset grid
		unset border
		unset xtics
		unset ytics
		set xrange [0:1]
		set yrange [0:1]
		set key inside left top vertical font ",10" samplen 2 spacing 1.1
	GP
	printf 'plot '
	for i in "${!contenders[@]}"; do
		((i == 0)) || printf ', '
		printf 'NaN with boxes lt %d title "%s"' $((i + 1)) "${contenders[$i]}"
	done
	printf '\nunset multiplot\n'
} >"$work/plot.gp"
gnuplot "$work/plot.gp"
echo "bench: plot in $dir/results.png" >&2
