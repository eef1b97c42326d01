# Signpost: a static-site generator for mental-health awareness campaigns.
# `make` builds the tool, `make site` the example site, `make test` every suite.

VERSION      = 0.1.0
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SHAREDIR    ?= $(PREFIX)/share/signpost
MANDIR      ?= $(PREFIX)/share/man
PKG_CONFIG  ?= pkg-config
PKGS         = libcmark yaml-0.1 libxml-2.0 libmicrohttpd
DEBS         = build-essential pkg-config libcmark-dev libyaml-dev libxml2-dev \
               libmicrohttpd-dev libgoogle-perftools-dev
CC          ?= cc

PKG_CFLAGS  := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# Memory comes from tcmalloc (gperftools) when it is installed: a build
# makes millions of small allocations on every core, and glibc's malloc
# costs it about a tenth of its time (bench/RESULTS.md, phase 6).
# Sanitizer builds keep their own allocator; MALLOC=libc keeps glibc's.
MALLOC      ?= tcmalloc
ifeq ($(MALLOC),tcmalloc)
MALLOC_PKG   = libtcmalloc_minimal
ifeq ($(findstring -fsanitize,$(CFLAGS)),)
MALLOC_LIBS := $(shell $(PKG_CONFIG) --libs $(MALLOC_PKG) 2>/dev/null)
endif
endif
ifneq ($(MALLOC_LIBS),)
MALLOC_DEFS  = -DSIGNPOST_TCMALLOC
endif

CFLAGS      ?= -O2 -g
WARN         = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -Wno-unused-parameter
ALL_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               -DSIGNPOST_VERSION='"$(VERSION)"' \
               -DSIGNPOST_SHAREDIR='"$(SHAREDIR)"' $(MALLOC_DEFS) \
               $(WARN) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LIBS         = $(PKG_LIBS) -lpthread -lm $(MALLOC_LIBS)

B           ?= build
SRCS         = $(wildcard generator/*.c)
LIBOBJS      = $(patsubst generator/%.c,$(B)/%.o,$(filter-out generator/main.c,$(SRCS)))
UNIT_SRCS    = $(wildcard tests/unit/*.c)
UNIT_OBJS    = $(patsubst tests/unit/%.c,$(B)/unit/%.o,$(UNIT_SRCS))

-include Makefile.local

.PHONY: all site test check check-asan deps install uninstall clean bench \
        bench-mustache bench-search fuzz regen have-deps

all: signpost

# The tool is built in $(B); ./signpost at the top is a copy for convenience.
signpost: $(B)/signpost
	cp $(B)/signpost signpost

$(B)/signpost: $(B)/main.o $(B)/libsignpost.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(B)/main.o $(B)/libsignpost.a $(LIBS)

$(B)/libsignpost.a: $(LIBOBJS)
	rm -f $@
	ar rcs $@ $(LIBOBJS)

$(B)/%.o: generator/%.c | $(B)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/unit/%.o: tests/unit/%.c | $(B)
	@mkdir -p $(B)/unit
	$(CC) $(ALL_CFLAGS) -Igenerator -c -o $@ $<

$(B)/unit-tests: $(UNIT_OBJS) $(B)/libsignpost.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(B)/libsignpost.a $(LIBS)

$(B)/mustache-spec: tests/spec/mustache_spec.c $(B)/libsignpost.a
	$(CC) $(ALL_CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(B)/libsignpost.a $(LIBS)

$(B)/mustache-bench: bench/mustache-bench.c $(B)/libsignpost.a
	$(CC) $(ALL_CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(B)/libsignpost.a $(LIBS)

$(B):
	@mkdir -p $(B)

# Install missing Debian packages: with apt-get as root, otherwise say how.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: all packages present"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "deps: missing packages; run:"; \
	  echo "  sudo apt-get install$$missing"; exit 1; fi

# Run `make deps` first when pkg-config cannot find a library.
have-deps:
	@$(PKG_CONFIG) --exists $(PKGS) $(MALLOC_PKG) 2>/dev/null || \
	    $(MAKE) --no-print-directory deps

site: have-deps
	@$(MAKE) --no-print-directory signpost
	./signpost build --source . --output public --check-pages

test check: have-deps
	@tests/run

check-asan: have-deps
	@tests/run --asan-only

bench: have-deps
	@$(MAKE) --no-print-directory signpost
	@bench/run

# libFuzzer smoke run of the Mustache engine (clang; skipped without it).
fuzz: have-deps
	@tests/fuzz/smoke

# Search index size and keystroke latency in headless Chromium (issue 5).
bench-search: have-deps
	@$(MAKE) --no-print-directory signpost
	@bench/search-latency

# Mustache page render against cmark on the same article (issue 3).
bench-mustache: have-deps
	@$(MAKE) --no-print-directory $(B)/mustache-bench
	@$(B)/mustache-bench

install: signpost
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(B)/signpost $(DESTDIR)$(BINDIR)/signpost
	cp -R templates themes $(DESTDIR)$(SHAREDIR)/
	install -m 0644 generator/signpost.1 $(DESTDIR)$(MANDIR)/man1/signpost.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/signpost $(DESTDIR)$(MANDIR)/man1/signpost.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-asan build-fuzz signpost public

-include $(wildcard $(B)/*.d $(B)/unit/*.d)
