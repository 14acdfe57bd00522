#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Name resolution as the container sees it: with its network joined, the
# view has the container's /etc/resolv.conf and /etc/hosts (and with -u
# /etc/hostname), read-only. The target: a runc container whose resolver is
# a DNS server the test runs on 127.0.0.1 inside the container's network
# namespace (tests/helpers/dns_server.py), with a search domain, and whose
# hosts file names db. The hostile cases put links, a FIFO, a directory and
# a device where those files are.

load helpers

setup_file() {
	requires root runc jq python3 nsenter getent "$BUSYBOX"
	start_runc_target '.hostname = "nsps-dns"'
	ETC=$RUNC_BUNDLE/rootfs/etc
	nsenter -t "$RUNC_TARGET" -n python3 "$BATS_TEST_DIRNAME/../tests/helpers/dns_server.py" \
		127.0.0.1 web.nsps.test=10.9.8.7 >"$BATS_FILE_TMPDIR/dns.log" 2>&1 3>&- &
	DNS_PID=$!
	wait_for grep -q ready "$BATS_FILE_TMPDIR/dns.log"
	export ETC DNS_PID
}

teardown_file() {
	if [[ -n ${DNS_PID:-} ]]; then
		kill "$DNS_PID" 2>/dev/null || true
		wait_for is_gone "$DNS_PID"
	fi
	stop_runc_target
}

# The container's own files, as a container's runtime writes them.
setup() {
	rm -rf "$ETC/resolv.conf" "$ETC/hosts" "$ETC/hostname"
	printf 'nameserver 127.0.0.1\nsearch nsps.test\noptions timeout:1 attempts:2\n' >"$ETC/resolv.conf"
	printf '127.0.0.1 localhost\n10.1.2.3 db.nsps.test db\n' >"$ETC/hosts"
	printf 'nsps-dns\n' >"$ETC/hostname"
	printf 'container-shadow\n' >"$ETC/shadow"
	HOST_FILES=$(sha256sum /etc/resolv.conf /etc/hosts /etc/hostname /etc/shadow 2>&1)
	HOST_MOUNTS=$(host_mounts)
}

# The host's files and mount table as they were.
teardown() {
	assert_equal "$(sha256sum /etc/resolv.conf /etc/hosts /etc/hostname /etc/shadow 2>&1)" "$HOST_FILES"
	assert_equal "$(host_mounts)" "$HOST_MOUNTS"
}

@test "getent and nslookup resolve as the container does: its hosts, its DNS server, its search domain" {
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- getent hosts db
	assert_output --regexp '^10\.1\.2\.3 +db\.nsps\.test db$'
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- getent ahosts db.nsps.test
	assert_line --regexp '^10\.1\.2\.3 +STREAM db\.nsps\.test$'
	# not in its hosts: its DNS server, through its search domain
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- getent hosts web
	assert_output --regexp '^10\.9\.8\.7 +web\.nsps\.test$'
	# a tool that reads resolv.conf itself
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- "$BUSYBOX" nslookup web.nsps.test
	assert_output --partial "10.9.8.7"
	run -0 --separate-stderr "$NSPS" -v -t "$RUNC_TARGET" -- cat /etc/resolv.conf
	assert_output "$(cat "$ETC/resolv.conf")"
	[[ $stderr == *"nsps: /etc/resolv.conf: the container's, read-only"* ]] || fail "$stderr"
	[[ $stderr == *"nsps: /etc/hosts: the container's, read-only"* ]] || fail "$stderr"
	# copies: the command's mount table, which the container may read,
	# says nothing of where the container's files lie on the host
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- cat /proc/self/mountinfo
	assert_line --regexp '^[0-9]+ [0-9]+ [0-9:]+ /resolv\.conf /etc/resolv\.conf ro,.* - tmpfs nsps-names '
	refute_output --partial "$RUNC_BUNDLE"
	# read-only, even to root
	run ! --separate-stderr "$NSPS" --writable -t "$RUNC_TARGET" -- sh -c 'echo x >>/etc/hosts'
	[[ $stderr == *"Read-only file system"* ]] || fail "$stderr"
}

@test "-u adds the container's /etc/hostname; without -u it is the host's" {
	run -0 --separate-stderr "$NSPS" -u -t "$RUNC_TARGET" -- cat /etc/hostname
	assert_output nsps-dns
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- cat /etc/hostname
	assert_output "$(cat /etc/hostname)"
}

@test "--host-dns keeps the host's files; so does --host-net" {
	run -0 --separate-stderr "$NSPS" --host-dns -t "$RUNC_TARGET" -- cat /etc/resolv.conf /etc/hosts
	assert_output "$(cat /etc/resolv.conf /etc/hosts)"
	run -0 --separate-stderr "$NSPS" --host-net -t "$RUNC_TARGET" -- cat /etc/resolv.conf
	assert_output "$(cat /etc/resolv.conf)"
}

@test "hostile: links resolve inside the container, absolute or climbing" {
	ln -sf /etc/shadow "$ETC/resolv.conf"
	ln -sf ../../../../../../../etc/shadow "$ETC/hosts"
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- cat /etc/resolv.conf /etc/hosts
	assert_output $'container-shadow\ncontainer-shadow'
}

@test "a target chrooted inside its container: its own root's files, its links resolved there" {
	local sub=$RUNC_BUNDLE/rootfs/sub mark=$((300000 + BATS_ROOT_PID % 100000)) pid
	mkdir -p "$sub/bin" "$sub/etc"
	cp "$BUSYBOX" "$sub/bin/busybox"
	ln -sf busybox "$sub/bin/sleep"
	printf 'sub-shadow\n' >"$sub/etc/shadow"
	ln -sf /etc/shadow "$sub/etc/resolv.conf"
	printf '10.4.4.4 sub-db\n' >"$sub/etc/hosts"
	runc exec -d --cap CAP_SYS_CHROOT "$RUNC_NAME" chroot /sub /bin/sleep "$mark"
	wait_for bash -c "pgrep -f '^/bin/sleep $mark\$' >/dev/null"
	pid=$(pgrep -f "^/bin/sleep $mark\$")
	run -0 --separate-stderr "$NSPS" -t "$pid" -- cat /etc/resolv.conf /etc/hosts
	assert_output $'sub-shadow\n10.4.4.4 sub-db'
	kill "$pid"
	wait_for is_gone "$pid"
	rm -rf "$sub"
}

@test "a hosts file over 1 MiB: the host's kept, whole, -v says why" {
	{ cat "$ETC/hosts"; head -c 2200000 /dev/zero | tr '\0' '#'; printf '\n10.7.7.7 last-entry\n'; } >"$ETC/hosts.big"
	mv "$ETC/hosts.big" "$ETC/hosts"
	run -0 --separate-stderr "$NSPS" -v -t "$RUNC_TARGET" -- cat /etc/hosts
	assert_output "$(cat /etc/hosts)"
	[[ $stderr == *"nsps: /etc/hosts: the host's (the container's is over 1 MiB)"* ]] || fail "$stderr"
}

@test "the copies' tmpfs is let go of: the command's /tmp is the view's scratch, 5 MB fit" {
	run -0 --separate-stderr "$NSPS" -t "$RUNC_TARGET" -- sh -c \
		'awk "\$5 == \"/tmp\" { print \$(NF - 1) }" /proc/self/mountinfo; dd if=/dev/zero of=/tmp/x bs=1M count=5 2>/dev/null && echo written'
	assert_output $'nsps-scratch\nwritten'
}

@test "hostile: a magic link, a FIFO, a directory, a device, nothing: the host's kept, -v says why" {
	ln -sf /proc/1/root/etc/shadow "$ETC/resolv.conf"
	rm -f "$ETC/hosts"
	mkfifo "$ETC/hosts"
	run -0 --separate-stderr "$NSPS" -v -u -t "$RUNC_TARGET" -- cat /etc/resolv.conf /etc/hosts
	assert_output "$(cat /etc/resolv.conf /etc/hosts)"
	[[ $stderr == *"nsps: /etc/resolv.conf: the host's (the container's is a link the kernel does not follow there)"* ]] ||
		fail "$stderr"
	[[ $stderr == *"nsps: /etc/hosts: the host's (the container's is a FIFO)"* ]] || fail "$stderr"
	rm -f "$ETC/resolv.conf" "$ETC/hosts"
	mkdir "$ETC/resolv.conf"
	mknod "$ETC/hosts" c 1 3
	rm -f "$ETC/hostname"
	run -0 --separate-stderr "$NSPS" -v -u -t "$RUNC_TARGET" -- cat /etc/resolv.conf /etc/hosts /etc/hostname
	assert_output "$(cat /etc/resolv.conf /etc/hosts /etc/hostname)"
	[[ $stderr == *"nsps: /etc/resolv.conf: the host's (the container's is a directory)"* ]] || fail "$stderr"
	[[ $stderr == *"nsps: /etc/hosts: the host's (the container's is a device)"* ]] || fail "$stderr"
	[[ $stderr == *"nsps: /etc/hostname: the host's (the container's is missing)"* ]] || fail "$stderr"
	rmdir "$ETC/resolv.conf"
	rm -f "$ETC/hosts"
}
