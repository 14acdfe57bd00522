#!/usr/bin/zsh -f
# SPDX-License-Identifier: MIT
# zsh-complete.zsh DIR LINE: what zsh's own completion system (compinit,
# with DIR first in fpath) offers at the end of LINE, one match per line.
# An interactive zsh runs in a pseudo-terminal (zsh/zpty); LINE is typed
# there, then Tab; every compadd that adds matches also prints them, between
# markers, so the answer is read back from the terminal; a last line
# "line: ..." is the command line after zsh inserted what it could, and
# "stderr: ..." any line of nsps's on the terminal meanwhile.
emulate -L zsh
zmodload zsh/zpty || exit 2
dir=$1 line=$2

zpty nsps_z zsh -f -i || exit 2
zpty -w nsps_z "PS1='' PS2='' RPS1=''; unsetopt zle_bracketed_paste 2>/dev/null
fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D
compadd() {
	local -A o
	zparseopts -E -A o O: A: D:
	if (( \${+o[-O]} || \${+o[-A]} || \${+o[-D]} )); then
		builtin compadd \"\$@\"; return
	fi
	local -a hits; local h
	builtin compadd -A hits \"\$@\"
	for h in \$hits; do print -r -- \"@@M \$h\"; done
	builtin compadd \"\$@\"
}
nsps_nolist() { compstate[list]='' }
nsps_tab() { comppostfuncs=(nsps_nolist); print -r -- @@BEGIN; zle complete-word; print -r -- \"@@L \$BUFFER\"; print -r -- @@END }
zle -N nsps_tab; bindkey '^I' nsps_tab
print -r -- @@READY"

# wait for the shell, then type the line and Tab
deadline=$(( SECONDS + 20 ))
while (( SECONDS < deadline )); do
	zpty -rt nsps_z out 2>/dev/null || { sleep 0.05; continue; }
	[[ $out == *@@READY* && $out != *print* ]] && break
done
zpty -n -w nsps_z "$line"$'\t'

on=0
while (( SECONDS < deadline )); do
	zpty -rt nsps_z out 2>/dev/null || { sleep 0.05; continue; }
	out=${out//$'\r'/}
	for l in ${(f)out}; do
		case $l in
		*@@BEGIN*) on=1 ;;
		*@@END*) zpty -d nsps_z; exit 0 ;;
		'@@M '*) (( on )) && print -r -- ${l#@@M } ;;
		'@@L '*) (( on )) && print -r -- "line: ${l#@@L }" ;;
		*nsps:*) (( on )) && print -r -- "stderr: $l" ;;	# what nsps said
		esac
	done
done
zpty -d nsps_z
print -u2 "zsh-complete: no answer from zsh"
exit 1
