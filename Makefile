# Builds nocontact and installs it for a whole system or into a package (DESTDIR).
# One person installing for their own account needs neither make nor root: `nocontact install`.
#
#   make                                     build the release binaries (swift build -c release)
#   make install PREFIX=/usr DESTDIR=$PWD/pkg  binaries, user units, man pages, completions
#   make uninstall PREFIX=/usr               remove what install put there
#   make deb                                 packaging/build/nocontact_VERSION_amd64.deb (scripts/package-deb)
#   make deb-lint                            lintian on it: no errors allowed
#
# `make install` builds first when the binaries are missing or older than a source file, so
# `make && sudo make install` builds as you, not as root.

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?= -c release
# Where the build puts the binaries; follows --scratch-path if you add one to SWIFT_BUILD_FLAGS.
BUILDDIR ?= .build/release

SOURCES := Package.swift $(wildcard Package.resolved) systemd/nocontactd.service systemd/nocontactd.socket config/nocontact.toml varlink/io.nocontact.varlink \
    $(shell find Sources -name '*.swift' -o -name '*.[ch]' -o -name '*.modulemap')

.PHONY: all build install uninstall deb deb-lint

all: build

build:
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

$(BUILDDIR)/nocontact $(BUILDDIR)/nocontactd &: $(SOURCES)
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)
	@touch $(BUILDDIR)/nocontact $(BUILDDIR)/nocontactd

install: $(BUILDDIR)/nocontact $(BUILDDIR)/nocontactd
	scripts/install install --prefix "$(PREFIX)" --destdir "$(DESTDIR)" --bin-dir "$(BUILDDIR)"

uninstall:
	scripts/install uninstall --prefix "$(PREFIX)" --destdir "$(DESTDIR)"

deb:
	scripts/package-deb

deb-lint:
	lintian --fail-on error --info packaging/build/nocontact_*_amd64.deb
