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
