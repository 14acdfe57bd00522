# SPDX-License-Identifier: MIT
# nsps - run host tools with a container's process view.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc
CLANG      ?= clang

CFLAGS  ?= -O2 -g
WARNINGS = -Wall -Wextra -Wformat=2 -Wformat-security -Wshadow -Wpointer-arith \
	   -Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	   -Wnull-dereference -Wundef -Wwrite-strings
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
LDHARDEN = -pie -Wl,-z,relro,-z,now -Wl,--as-needed

# libmount, libsmartcols and libcap-ng are compiled against but not linked:
# nsps loads each with dlopen() only when it needs it (src/dl.c); the path
# to exec stays light, with libc alone.
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags mount smartcols libcap-ng jansson 2>/dev/null)
PKG_LIBS   :=
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
# Expanded only by the recipes that need the libraries, so 'make deps' works without them.
NEED_PKGS = $(if $(PKG_CFLAGS),,$(error pkg-config finds no libmount, libsmartcols, libcap-ng or jansson: run 'make deps' as root on Debian, or install their -dev packages))

ALL_CFLAGS = -std=gnu11 $(WARNINGS) $(HARDEN) $(PKG_CFLAGS) $(CFLAGS) $(CPPFLAGS)

SRCS = src/nsps.c src/options.c src/status.c src/report.c src/target.c src/dl.c \
       src/namespaces.c src/mounts.c src/caps.c src/identity.c src/supervise.c \
       src/cgroup.c src/escape.c src/conf.c src/containers.c src/list.c \
       src/error.c src/resolve.c src/procstat.c src/state.c src/runtimes.c src/hostroot.c src/dns.c \
       src/rootview.c src/mountinfo.c src/mounttable.c src/fsguard.c
OBJS = $(SRCS:src/%.c=build/%.o)
HDRS = $(wildcard src/*.h)

# Unit tests: one per pure module, linking that module directly.
UNIT_TESTS = build/test_options build/test_status build/test_cgroup build/test_escape build/test_conf \
             build/test_procstat build/test_state build/test_mountinfo
ASAN_TESTS = $(UNIT_TESTS:build/%=build/asan/%)
SANITIZE   = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: image deb all check unit asan bats manlint lint lint-cppcheck lint-clang-tidy lint-shellcheck install uninstall clean demo deps deps-test bench fuzz

all: nsps

nsps: $(OBJS)
	$(NEED_PKGS)$(CC) $(LDHARDEN) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS)

# Each object depends on the headers it includes (-MMD -MP: build/*.d).
build/%.o: src/%.c | build
	$(NEED_PKGS)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

build build/asan:
	mkdir -p $@

# argv arrays of string literals are the natural test input: no -Wwrite-strings.
TEST_CFLAGS = $(ALL_CFLAGS) -Wno-write-strings -Isrc

# A unit test links its module, and the pure modules that one calls.
TEST_LINKS_options = src/cgroup.c
TEST_LINKS_state = src/dl.c src/error.c src/cgroup.c
build/test_options build/asan/test_options: $(TEST_LINKS_options)
build/test_state build/asan/test_state: $(TEST_LINKS_state)

build/test_%: tests/test_%.c src/%.c $(HDRS) | build
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_$*.c src/$*.c $(TEST_LINKS_$*) $(CMOCKA_LIBS)

build/asan/test_%: tests/test_%.c src/%.c $(HDRS) | build/asan
	$(CC) $(TEST_CFLAGS) -O1 $(SANITIZE) -o $@ tests/test_$*.c src/$*.c $(TEST_LINKS_$*) $(CMOCKA_LIBS)

# An nsps built with sanitizers, for the bats suites to run as well.
build/asan/nsps: $(SRCS) $(HDRS) | build/asan
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -o $@ $(SRCS) $(PKG_LIBS)

# libFuzzer targets (clang) for the parsers that read untrusted text: the
# command line and -t grammar, cgroup lines, container text to print. Each
# links the pure modules it drives; fuzz/corpus/NAME holds its seeds.
FUZZERS    = build/fuzz/options build/fuzz/cgroup build/fuzz/escape build/fuzz/conf build/fuzz/procstat build/fuzz/state \
	     build/fuzz/mountinfo
FUZZ_LINKS_options = src/options.c src/cgroup.c
FUZZ_LINKS_cgroup  = src/cgroup.c
FUZZ_LINKS_escape  = src/escape.c
FUZZ_LINKS_conf    = src/conf.c
FUZZ_LINKS_procstat = src/procstat.c
FUZZ_LINKS_mountinfo = src/mountinfo.c
FUZZ_LINKS_state = src/state.c src/dl.c src/error.c src/cgroup.c
FUZZ_SECONDS ?= 60
CHECK_FUZZ_SECONDS ?= 15
FUZZ_CFLAGS = -std=gnu11 -g -O1 -Wall -Wextra -Isrc \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

build/fuzz:
	mkdir -p $@

.SECONDEXPANSION:
build/fuzz/%: fuzz/fuzz_%.c $$(FUZZ_LINKS_$$*) $(HDRS) | build/fuzz
	$(CLANG) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_$*.c $(FUZZ_LINKS_$*)

# Each fuzzer for FUZZ_SECONDS, from its seeds; new inputs it finds go to
# build/fuzz/NAME.corpus, a crash to build/fuzz/NAME.crash-*.
fuzz: $(FUZZERS)
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZERS)

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do ./$$t || exit 1; done

asan: $(ASAN_TESTS) build/asan/nsps
	@for t in $(ASAN_TESTS); do ./$$t || exit 1; done

# Everything: unit tests (plain and sanitized), bats suites, man page lint,
# static checks, each fuzzer for CHECK_FUZZ_SECONDS.
# Installs missing test dependencies first (Debian, as root).
# Dependencies first, then a fresh make: pkg-config is read when make starts.
check:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory nsps $(UNIT_TESTS) $(ASAN_TESTS) build/asan/nsps $(FUZZERS)
	@FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) scripts/check.sh

bats: nsps
	bats bats/

manlint:
	mandoc -Tlint -Wwarning man/nsps.1
	scripts/check-options.sh

# Static checks over every C file (nsps, tests, fuzzers, bench) and every
# shell script; each tool exits non-zero on a finding.
LINT_SRCS = $(SRCS) $(wildcard tests/*.c fuzz/*.c bench/*.c)
lint: lint-cppcheck lint-clang-tidy lint-shellcheck

lint-cppcheck:
	$(NEED_PKGS)cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -Isrc $(LINT_SRCS)

lint-clang-tidy:
	$(NEED_PKGS)clang-tidy --quiet $(LINT_SRCS) -- -std=gnu11 -Isrc $(PKG_CFLAGS) \
		$(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)

lint-shellcheck:
	shellcheck -x scripts/*.sh bench/*.sh bats/helpers.bash bats/setup_suite.bash .ci/run \
		completions/nsps.bash

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

demo:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory nsps
	@scripts/demo.sh

# nsps against its peers and the floor (bench/floor.c); never a timed test.
build/bench-%: bench/%.c | build
	$(CC) -std=gnu11 $(WARNINGS) $(CFLAGS) -o $@ $<

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory nsps build/bench-run build/bench-floor
	@bench/bench.sh

# bash-completion's directory under PREFIX, as its pkg-config file says.
BASHCOMPDIR ?= $(shell $(PKG_CONFIG) --define-variable=datadir=$(PREFIX)/share --variable=completionsdir bash-completion 2>/dev/null || echo $(PREFIX)/share/bash-completion/completions)

# zsh's directory for packaged completions under /usr, else the site one
# (both in Debian zsh's default fpath).
ZSHCOMPDIR ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/share/zsh/vendor-completions,$(PREFIX)/share/zsh/site-functions)

# The Debian package, into build/ (scripts/deb.sh; lintian on it).
deb:
	@scripts/deps.sh deb
	@scripts/deb.sh

# The node-debug image, a docker-archive under build/ (scripts/image.sh):
# Debian packages alone, with this tree's package.
image:
	@scripts/deps.sh image
	@scripts/image.sh

install: nsps
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 nsps $(DESTDIR)$(BINDIR)/nsps
	install -m 0644 man/nsps.1 $(DESTDIR)$(MANDIR)/man1/nsps.1
	install -m 0644 completions/nsps.bash $(DESTDIR)$(BASHCOMPDIR)/nsps
	install -m 0644 completions/_nsps $(DESTDIR)$(ZSHCOMPDIR)/_nsps

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsps $(DESTDIR)$(MANDIR)/man1/nsps.1 $(DESTDIR)$(BASHCOMPDIR)/nsps \
		$(DESTDIR)$(ZSHCOMPDIR)/_nsps

clean:
	rm -rf build nsps
