#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# bash completion (completions/nsps.bash) with the real bash-completion, and
# zsh completion (completions/_nsps) with zsh's own compinit in a
# pseudo-terminal (zsh-complete.zsh): each case is a command line completed
# in a fresh shell, against running targets.

load helpers

# completions LINE: what _nsps offers at the end of LINE, one per line
# (LINE's words split on spaces; a trailing space starts a new word).
completions() {
	# shellcheck disable=SC2016 # the inner bash expands them
	bash -c 'source /usr/share/bash-completion/bash_completion
		source "$1"
		line=$2
		read -ra COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line
		COMP_POINT=${#line}
		_nsps 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' _ "${COMPLETIONS:-$BATS_TEST_DIRNAME/../completions}/nsps.bash" "$1"
}

# zcompletions LINE: what zsh offers at the end of LINE, one per line, then
# "line: ..." (the command line after Tab) and any "stderr: ..." of nsps's.
zcompletions() {
	zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$BATS_TEST_DIRNAME/../completions" "$1"
}

# offers_targets: the last completion offered what --list shows (the runc
# target's name, runtime://ID and PID, the unshare target's PID) and no
# host process.
offers_targets() {
	assert_line "$RUNC_NAME"
	assert_line "runc://$RUNC_NAME"
	assert_line "$RUNC_TARGET"
	assert_line "$UNSHARE_TARGET"
	refute_line "$$"
	refute_line 1
}

setup_file() {
	requires root bash zsh runc jq "$BUSYBOX"
	[[ -f /usr/share/bash-completion/bash_completion ]] || requires bash-completion
	start_runc_target
	start_unshare_target
}

teardown_file() {
	stop_unshare_target
	stop_runc_target
}

@test "-t offers what --list shows: names, runtime://ID, container inits' PIDs, never a host process" {
	run -0 completions "$NSPS -t "
	offers_targets
	run -0 completions "$NSPS -v --target=${RUNC_NAME:0:12}"
	assert_line "--target=$RUNC_NAME"
	# readline splits runtime://ID at ':': what follows it is offered
	# (other runc containers may be there: all of runc:// is offered)
	run -0 completions "$NSPS -t runc:"
	assert_line "//$RUNC_NAME"
	run -0 completions "$NSPS -t runc://${RUNC_NAME%?}"
	assert_line "//$RUNC_NAME"
}

# as_nobody CMD...: CMD as uid 65534, which reaches only NSPS_USERS_DIR's
# copies (the clone may be root's alone).
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$@"
}

@test "-t is silent when nsps cannot list: not root" {
	local line
	# that user has the completion and the binary: -o is offered, nsps runs
	for line in "$NSPS_AS_USER -l -o PID,RU" "$NSPS_AS_USER -t "; do
		run -0 as_nobody bash -c "$(declare -f completions); COMPLETIONS='$NSPS_USERS_DIR/completions' completions '$line'"
		[[ $line == *-o* ]] && assert_output "PID,RUNTIME"
	done
	assert_output ""
	run -0 as_nobody "$NSPS_AS_USER" --version
}

@test "-o offers column names, within comma lists and after +" {
	run -0 completions "$NSPS -l -o PID,RU"
	assert_output "PID,RUNTIME"
	run -0 completions "$NSPS -l -o +na"
	assert_line "+NAME"
	assert_line "+NAMESPACE"
	run -0 completions "$NSPS -l -o "
	assert_equal "${#lines[@]}" 13
}

@test "--user offers host users, -w directories, options their names" {
	run -0 completions "$NSPS --user roo"
	assert_output root
	run -0 completions "$NSPS -w /us"
	assert_output /usr
	run -0 completions "$NSPS -S fo"
	assert_output follow
	run -0 completions "$NSPS --host-n"
	assert_output --host-net
	run -0 completions "$NSPS "
	assert_line -t
	assert_line --list
}

@test "the command: after -- or the target, names of commands, then their own completion" {
	run -0 completions "$NSPS -t $RUNC_TARGET -- ss"
	assert_line ss
	run -0 completions "$NSPS -t $RUNC_TARGET ip li"
	assert_line link
	run -0 completions "$NSPS -A -- ip -br a"
	assert_line address
}

@test "every option nsps takes is offered" {
	local o
	# nsenter's --mount and --root are refused with an explanation: not offered
	for o in $(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)",.*/\1/p' "$BATS_TEST_DIRNAME/../src/options.c" | grep -vx 'mount\|root'); do
		run -0 completions "$NSPS --$o"
		assert_line "--$o"
	done
}

@test "make install puts the completion where bash-completion looks, uninstall takes it away" {
	local d=$BATS_TEST_TMPDIR/dest
	make -s -C "$BATS_TEST_DIRNAME/.." install DESTDIR="$d" PREFIX=/usr >/dev/null
	[[ -f $d/usr/share/bash-completion/completions/nsps ]]
	[[ -f $d/usr/share/zsh/vendor-completions/_nsps ]]
	[[ -x $d/usr/bin/nsps && -f $d/usr/share/man/man1/nsps.1 ]]
	make -s -C "$BATS_TEST_DIRNAME/.." uninstall DESTDIR="$d" PREFIX=/usr >/dev/null
	run find "$d" -type f
	assert_output ""
}

@test "make install with another PREFIX: the completions go where that prefix's shells look" {
	local d=$BATS_TEST_TMPDIR/dest
	make -s -C "$BATS_TEST_DIRNAME/.." install DESTDIR="$d" PREFIX=/usr/local >/dev/null
	[[ -f $d/usr/local/share/bash-completion/completions/nsps ]]
	[[ -f $d/usr/local/share/zsh/site-functions/_nsps ]]
	# zsh looks there by itself
	zsh -fc 'print -l $fpath' | grep -qx /usr/local/share/zsh/site-functions
	make -s -C "$BATS_TEST_DIRNAME/.." uninstall DESTDIR="$d" PREFIX=/usr/local >/dev/null
	run find "$d" -type f
	assert_output ""
}

@test "zsh: -t offers what --list shows: names, runtime://ID, container inits' PIDs, never a host process" {
	run -0 zcompletions "$NSPS -t "
	offers_targets
	refute_line --partial stderr:
	run -0 zcompletions "$NSPS -v --target=${RUNC_NAME:0:12}"
	assert_line "line: $NSPS -v --target=$RUNC_NAME "
	# the whole reference once the prefix is ours alone (other runc
	# containers may be there: runc: alone completes to none of them)
	run -0 zcompletions "$NSPS -t runc://${RUNC_NAME%?}"
	assert_line "line: $NSPS -t runc://$RUNC_NAME "
}

@test "zsh: -t is silent when nsps cannot list: not root" {
	run -0 as_nobody zsh -f "$NSPS_USERS_DIR/zsh-complete.zsh" "$NSPS_USERS_DIR/completions" "$NSPS_AS_USER -l -o PID,RU"
	assert_line "line: $NSPS_AS_USER -l -o PID,RUNTIME,"
	run -0 as_nobody zsh -f "$NSPS_USERS_DIR/zsh-complete.zsh" "$NSPS_USERS_DIR/completions" "$NSPS_AS_USER -t "
	assert_output "line: $NSPS_AS_USER -t "
}

@test "zsh: -o offers column names, within comma lists and after +" {
	run -0 zcompletions "$NSPS -l -o PID,RU"
	assert_line "line: $NSPS -l -o PID,RUNTIME,"
	run -0 zcompletions "$NSPS -l -o +na"
	assert_line NAME
	assert_line NAMESPACE
	run -0 zcompletions "$NSPS -l -o "
	assert_equal "${#lines[@]}" 14	# 13 columns and the line
}

@test "zsh: --user offers host users, -w directories, options their names" {
	run -0 zcompletions "$NSPS --user roo"
	assert_line "line: $NSPS --user root "
	run -0 zcompletions "$NSPS -w /us"
	assert_line "line: $NSPS -w /usr/"
	run -0 zcompletions "$NSPS -G fo"
	assert_line "line: $NSPS -G follow "
	run -0 zcompletions "$NSPS --host-n"
	assert_line "line: $NSPS --host-net "
	run -0 zcompletions "$NSPS -"
	assert_line -t
	assert_line --list
}

@test "zsh: the command: after -- or the target, names of commands, then their own completion" {
	run -0 zcompletions "$NSPS -t $RUNC_TARGET -- ss"
	assert_line ss
	run -0 zcompletions "$NSPS -t $RUNC_TARGET ip li"
	assert_line "line: $NSPS -t $RUNC_TARGET ip link "
	run -0 zcompletions "$NSPS -A -- ip -br a"
	assert_line addr	# zsh's _ip offers the short form
}

@test "zsh: every option nsps takes is offered" {
	local o
	for o in $(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)",.*/\1/p' "$BATS_TEST_DIRNAME/../src/options.c" | grep -vx 'mount\|root'); do
		run -0 zcompletions "$NSPS --$o"
		assert_line --regexp "^--$o=?\$|^line: $NSPS --$o"
	done
}
