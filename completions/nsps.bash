# SPDX-License-Identifier: MIT
# bash completion for nsps(1), with bash-completion.
# shellcheck shell=bash
#
# -t completes what --list shows (names, short IDs, runtime://ID, Kubernetes
# NAMESPACE/POD/CONTAINER, the PIDs of container inits: never a host
# process), with one nsps --list per Tab and nothing on stderr when nsps
# cannot list; -o completes column names, comma lists too; --user user
# names; -w directories; the command after the options, with its own
# completion.

# The options that take an argument, and all of them.
_nsps_with_arg='-t --target -o --output -S --setuid -G --setgid --user -w --wd --host-root'
_nsps_options='-t --target -A --all-containers -l --list -o --output -J --json -r --raw
	--noheadings -n --net --host-net --host-dns -u --uts -i --ipc -C --cgroup -T --time -U --userns
	-a --all-namespaces -S --setuid -G --setgid --user -w --wd --writable --host-root -p --pid -v --verbose
	-h --help -V --version'
_nsps_columns='RUNTIME NAME PID PROCS COMMAND ID FULLID NS POD NAMESPACE CONTAINER IMAGE SHARES'

# _nsps_targets NSPS: the references --list gives, one per line.
_nsps_targets() {
	local runtime name id pid IFS=$' \t\n'
	"$1" --list --raw --noheadings -o RUNTIME,NAME,ID,PID 2>/dev/null |
		while read -r runtime name id pid; do
			[[ -n $pid ]] || { pid=$id; id=$name; name=; }	# a row with no name
			# a pod's sandbox (pause) container, "NS/POD (sandbox)", is no target
			[[ $name == *'\x20(sandbox)' ]] && continue
			# nor is a name with what raw output escapes
			[[ -n $name && $name != *'\x'* ]] && printf '%s\n' "$name"
			if [[ -n $id && $id != "$name" ]]; then
				printf '%s\n' "$id"
			fi
			[[ -n $id && $runtime != unknown ]] && printf '%s\n' "$runtime://$id"
			[[ -n $pid ]] && printf '%s\n' "$pid"
		done
}

_nsps() {
	local cur prev words cword
	_init_completion -n =: || return

	# where the command starts: after --, or at the first word that is no
	# option nor an option's argument (nsps stops parsing there)
	local i w skip=0 mode=
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if ((skip)); then
			skip=0
			continue
		fi
		case $w in
		-t | --target | --target=* | -A | --all-containers | -l | --list) mode=1 ;;
		esac
		if [[ $w == -- ]]; then
			_command_offset $((i + 1))
			return
		fi
		if [[ $w != -* ]]; then
			_command_offset "$i"
			return
		fi
		[[ " $_nsps_with_arg " == *" $w "* ]] && skip=1
	done

	# the option whose argument this is: the word before, or --opt=
	local opt=$prev value=$cur pre=
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		value=${cur#*=}
		pre=$opt=
	elif [[ " $_nsps_with_arg " != *" $prev "* ]]; then
		opt=
	fi
	case $opt in
	-t | --target)
		local IFS=$'\n'
		mapfile -t COMPREPLY < <(compgen -P "$pre" -W "$(_nsps_targets "${words[0]}")" -- "$value")
		__ltrim_colon_completions "$cur"	# runtime://ID: readline splits at ':'
		;;
	-o | --output)
		# the last of a comma list, after an optional '+'
		local head=${value%"${value##*[,+]}"} last=${value##*[,+]}
		mapfile -t COMPREPLY < <(compgen -P "$pre$head" -W "$_nsps_columns" -- "${last^^}")
		compopt -o nospace
		;;
	--user)
		mapfile -t COMPREPLY < <(compgen -P "$pre" -u -- "$value")
		;;
	-w | --wd | --host-root)
		_filedir -d
		;;
	-S | --setuid | -G | --setgid)
		mapfile -t COMPREPLY < <(compgen -P "$pre" -W follow -- "$value")	# or a number
		;;
	*)
		if [[ $cur == -* || -z $mode ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$_nsps_options" -- "$cur")
		else
			_command_offset "$cword"
		fi
		;;
	esac
}
complete -F _nsps nsps
