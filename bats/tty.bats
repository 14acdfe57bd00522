#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Terminal programs behave as if run directly: interactive top quits with q,
# Ctrl-C ends it, Ctrl-Z stops it and fg resumes it; an interactive shell
# works. Driven through a real pseudo-terminal by tmux, on a private socket.

load helpers

setup_file() {
	requires root unshare tmux top "$BUSYBOX"
	start_unshare_target
}

teardown_file() {
	stop_unshare_target
}

setup() {
	TMUX_SOCK=nsps-test-$BATS_ROOT_PID-$BATS_TEST_NUMBER
	# A bash with job control and a plain prompt; no rc files.
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 160 -y 50 \
		env -i PATH="$PATH" TERM=xterm HOME=/root PS1='$ ' ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
		bash --norc --noprofile -i
	tmux -L "$TMUX_SOCK" set-option -g remain-on-exit on >/dev/null
}

teardown() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	# what a failed hangup test left running: its nsps and command
	local p
	for p in ${LEFT:-}; do
		kill -KILL "$p" 2>/dev/null || true
	done
}

# type KEYS...: send keys to the terminal (tmux key names allowed).
type_keys() {
	tmux -L "$TMUX_SOCK" send-keys "$@"
}

screen_has() {
	tmux -L "$TMUX_SOCK" capture-pane -p -S -200 | grep -q -- "$1"
}

# show_screen: the terminal's contents, for a failing test's log.
show_screen() {
	tmux -L "$TMUX_SOCK" capture-pane -p -S -200
}

# run_line CMD: type CMD and its exit status echo at the shell prompt.
run_line() {
	type_keys "$1; echo EXIT=\$?" Enter
}

# top is up when it has drawn its task summary with the target's tasks.
top_is_up() {
	wait_for screen_has '^Tasks: *5 total' || { show_screen; return 1; }
}

@test "interactive top shows the container's tasks and quits with q" {
	run_line "$NSPS -t $UNSHARE_TARGET -- top -d 0.5"
	top_is_up
	type_keys q
	wait_for screen_has '^EXIT=0$' || { show_screen; false; }
}

@test "Ctrl-C ends interactive top as it would run directly" {
	run_line "$NSPS -t $UNSHARE_TARGET -- top -d 0.5"
	top_is_up
	type_keys C-c
	wait_for screen_has '^EXIT=' || { show_screen; false; }
	# top exits 0 on SIGINT (its handler); a killed top would give 130.
	screen_has '^EXIT=0$' || { show_screen; false; }
}

@test "Ctrl-Z stops top and nsps together; fg resumes them, 3 times over" {
	local i
	run_line "$NSPS -t $UNSHARE_TARGET -- top -d 0.5"
	top_is_up
	for i in 1 2 3; do
		type_keys C-z
		wait_for screen_has 'Stopped' || { show_screen; false; }
		type_keys clear Enter
		wait_for bash -c "! tmux -L $TMUX_SOCK capture-pane -p | grep -q Stopped"
		# bash drops the rest of a command list whose job stopped
		type_keys "fg; echo EXIT=\$?" Enter
		top_is_up
	done
	type_keys q
	wait_for screen_has '^EXIT=0$' || { show_screen; false; }
	! screen_has 'failed tty' || { show_screen; false; }
}

# interactive_shell SHELL: the shell sees the container and exits as asked.
interactive_shell() {
	type_keys "SHELL=$1 $NSPS -t $UNSHARE_TARGET; echo EXIT=\$?" Enter
	type_keys "echo SLEEPS=\$(ps -e -o args= | grep -c '^sleep 10000[01]\$')" Enter
	wait_for screen_has 'SLEEPS=2$' || { show_screen; false; }
	type_keys "exit 3" Enter
	wait_for screen_has '^EXIT=3$' || { show_screen; false; }
	! screen_has 'tty process group' || { show_screen; false; }
}

@test "an interactive dash sees the container and passes its exit status" {
	interactive_shell /bin/sh
}

@test "an interactive bash sees the container and passes its exit status" {
	interactive_shell /bin/bash
}

@test "a script that ran nsps on the terminal reads from it afterwards" {
	run_line "sh -c '$NSPS -t $UNSHARE_TARGET -- true && read x && echo GOT=\$x'"
	type_keys hello Enter
	wait_for screen_has '^GOT=hello$' || { show_screen; false; }
	screen_has '^EXIT=0$' || { show_screen; false; }
}

# running CHILD COMM: process CHILD has exec'd COMM.
running() {
	[[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]]
}

# hung_up_in_window CMD COMM: a tmux window whose first process is nsps,
# so that nsps leads the window's session (as under ssh -t or setsid),
# runs CMD (whose name is COMM) in the target; killing the window hangs
# up its terminal: nsps and the command must both end.
hung_up_in_window() {
	local window nsps child
	nsps=$(tmux -L "$TMUX_SOCK" new-window -d -P -F '#{pane_pid}' "exec $NSPS -t $UNSHARE_TARGET -- $1")
	window=$(tmux -L "$TMUX_SOCK" list-panes -a -F '#{pane_pid} #{window_id}' | awk -v p="$nsps" '$1 == p { print $2 }')
	wait_for child_of "$nsps" >/dev/null
	child=$(child_of "$nsps")
	LEFT="$nsps $child"
	wait_for running "$child" "$2"
	[[ $(ps -o sid= -p "$nsps") -eq $nsps ]] || fail "nsps does not lead its session"
	tmux -L "$TMUX_SOCK" kill-window -t "$window"
	wait_for is_gone "$child" || fail "$1 still runs after the hangup"
	wait_for is_gone "$nsps" || fail "nsps still runs after the hangup"
}

@test "closing a tmux window that nsps leads ends nsps and sleep" {
	hung_up_in_window 'sleep 1000' sleep
}

@test "closing a tmux window that nsps leads ends nsps and top" {
	hung_up_in_window 'top -d 0.5' top
}

@test "closing a tmux window that nsps leads ends nsps and an interactive shell" {
	hung_up_in_window 'bash --norc --noprofile -i' bash
}

# hung_up_in_script CMD COMM: script(1) gives nsps a terminal of its own,
# nsps the first process of that session (setsid, TIOCSCTTY); SIGKILL to
# script closes the terminal's other end, a hangup: nsps and CMD must end.
hung_up_in_script() {
	local in=$BATS_TEST_TMPDIR/in script nsps child
	rm -f "$in"
	mkfifo "$in"
	# shellcheck disable=SC2016 # the inner sh expands them
	SHELL=/bin/sh script -q -c "exec $NSPS -t $UNSHARE_TARGET -- $1" /dev/null <"$in" >/dev/null 2>&1 3>&- &
	script=$!
	exec 8>"$in"	# script's input stays open: no end of file reaches CMD
	wait_for child_of "$script" >/dev/null
	nsps=$(child_of "$script")
	wait_for child_of "$nsps" >/dev/null
	child=$(child_of "$nsps")
	LEFT="$nsps $child"
	wait_for running "$child" "$2"
	[[ $(ps -o sid= -p "$nsps") -eq $nsps ]] || fail "nsps does not lead its session"
	kill -KILL "$script"
	wait "$script" 2>/dev/null || true
	exec 8>&-
	wait_for is_gone "$child" || fail "$1 still runs after the hangup"
	wait_for is_gone "$nsps" || fail "nsps still runs after the hangup"
}

@test "a hangup of the terminal of a session nsps leads (script) ends nsps and sleep" {
	hung_up_in_script 'sleep 1000' sleep
}

@test "a hangup of the terminal of a session nsps leads (script) ends nsps and top" {
	hung_up_in_script 'top -d 0.5' top
}

@test "a hangup of the terminal of a session nsps leads (script) ends nsps and a shell" {
	hung_up_in_script 'bash --norc --noprofile -i' bash
}

@test "Ctrl-C reaches a command that shares nsps's group once, not twice" {
	# stdio off the terminal: the command stays in nsps's foreground group,
	# which the terminal's SIGINT reaches whole
	local out=$BATS_TEST_TMPDIR/ints
	run_line "$NSPS -t $UNSHARE_TARGET -- sh -c 'trap \"echo INT\" INT; echo ready; while :; do sleep 0.1; done' </dev/null >$out 2>&1"
	wait_for grep -q ready "$out"
	type_keys C-c
	wait_for grep -q INT "$out"
	sleep 0.5
	assert_equal "$(grep -c INT "$out")" 1
	type_keys 'C-\'
	wait_for screen_has '^EXIT=' || { show_screen; false; }
}

@test "htop saves its settings in the read-only view, into the view: the host's stay as they were" {
	requires htop
	local rc=/root/.config/htop/htoprc before=absent
	[[ -e $rc ]] && before=$(sha256sum <"$rc")
	run_line "$NSPS -t $UNSHARE_TARGET -- htop -d 5"
	wait_for screen_has 'F10Quit' || { show_screen; false; }
	type_keys q
	wait_for screen_has '^EXIT=' || { show_screen; false; }
	! screen_has 'save configuration' || { show_screen; false; }
	screen_has '^EXIT=0$' || { show_screen; false; }
	if [[ $before == absent ]]; then
		[[ ! -e $rc ]] || fail "htop wrote the host's $rc"
	else
		assert_equal "$(sha256sum <"$rc")" "$before"
	fi
}
