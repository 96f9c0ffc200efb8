# Parley's build. `make run` opens the app, `make test` runs the tests; both
# install the system packages they need first (.ci/deps).

GO      ?= go
TAGS    := migrated_fynedo
PKG     := github.com/parley-notes/parley/app
# The release's version and build number live in FyneApp.toml, which the
# packages read too; the commit says which build of that release this is.
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
VERSION ?= $(APP_VERSION)
COMMIT  ?= $(shell git describe --always --dirty --abbrev=7 --match=NONE 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X $(PKG).Version=$(VERSION) -X $(PKG).Commit=$(COMMIT) -X $(PKG).BuildDate=$(DATE)

# Fyne cannot parse the C locale and says so on every start; English is a
# locale it can, and changes nothing else.
export LANGUAGE ?= en

.PHONY: all build run test deps fuzz bench clean package-linux package-windows package-darwin dmg icons

all: build

deps:
	@.ci/deps build

build: deps
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o parley .

run: build
	./parley

test:
	@.ci/deps test
	$(GO) test -tags $(TAGS) ./...

# Every fuzz target for FUZZTIME each (see .ci/fuzz).
FUZZTIME ?= 20s
fuzz:
	FUZZTIME=$(FUZZTIME) .ci/fuzz

# The benchmark suite (docs/benchmarks.md): generates a vault of each size
# in BENCH_SIZES (cached in $$PARLEY_BENCH_CACHE, default the temp folder),
# runs the benchmarks and prints a table. CI runs it small, to prove it
# works; real numbers need 10,000 and 100,000 clips and a quiet machine.
BENCH_SIZES ?= 10000 100000
BENCH_SEED  ?= 1
bench:
	$(GO) run ./internal/benchrun -go "$(GO)" -sizes "$(BENCH_SIZES)" -seed $(BENCH_SEED) $(BENCH_FLAGS)

# Packages, in dist/. The tools run at fixed versions from the Go module
# proxy; neither is a dependency of Parley itself.
FYNE   := $(GO) run fyne.io/tools/cmd/fyne@v1.7.4
WINRES := $(GO) run github.com/tc-hib/go-winres@v0.3.3

# Packages leave out the symbol table and DWARF, which a user's copy does
# not need (panics still print their stack), a third of the size.
PKG_LDFLAGS := -s -w $(LDFLAGS)

# `fyne package` counts Build up in FyneApp.toml on every run; a package
# must not change the tree, so the file is put back as it was.
fyne_package = cp FyneApp.toml dist/FyneApp.toml.orig && \
	{ (cd dist && $(FYNE) package --src $(CURDIR) $(1)); s=$$?; \
	  mv dist/FyneApp.toml.orig FyneApp.toml; exit $$s; }

# dist/Parley.tar.xz: the program, its .desktop file and icon, and a
# Makefile that installs them (make user-install, or sudo make install).
package-linux: deps
	mkdir -p dist
	$(GO) build -tags $(TAGS) -ldflags "$(PKG_LDFLAGS)" -o dist/parley .
	$(call fyne_package,-os linux --executable $(CURDIR)/dist/parley)

# dist/Parley.exe for 64-bit Windows, cross-built with mingw-w64 (on Windows
# itself, with MSYS2's gcc: make package-windows WINDOWS_CC=gcc). A GUI
# program, so Explorer opens no console window, with its icon, manifest
# and version resource (assets/winres.json) linked in from a .syso file.
# The first build compiles GLFW for Windows, which takes a while.
WINDOWS_CC ?= x86_64-w64-mingw32-gcc
package-windows:
	@.ci/deps windows
	mkdir -p dist
	$(WINRES) make --in assets/winres.json --arch amd64 --out rsrc \
		--product-version $(APP_VERSION) --file-version $(APP_VERSION).$(APP_BUILD)
	CGO_ENABLED=1 CC=$(WINDOWS_CC) GOOS=windows GOARCH=amd64 \
		$(GO) build -tags $(TAGS) -ldflags "-H=windowsgui $(PKG_LDFLAGS)" -o dist/Parley.exe . ; \
		s=$$?; rm -f rsrc_windows_amd64.syso; exit $$s

# dist/Parley.app, on a Mac (Fyne needs Apple's toolchain), for the Mac's
# own processor; ad hoc signed, which Apple silicon requires to run it.
package-darwin: deps
	mkdir -p dist
	$(GO) build -tags $(TAGS) -ldflags "$(PKG_LDFLAGS)" -o dist/parley .
	rm -rf dist/Parley.app
	$(call fyne_package,-os darwin --executable $(CURDIR)/dist/parley --icon $(CURDIR)/assets/icon-macos.png --use-raw-icon)
	plutil -replace LSApplicationCategoryType -string public.app-category.productivity dist/Parley.app/Contents/Info.plist
	codesign --force --deep --sign - dist/Parley.app

# dist/Parley-VERSION.dmg: the .app beside a link to Applications, to drag
# it onto.
dmg: package-darwin
	rm -rf dist/dmg && mkdir -p dist/dmg
	cp -R dist/Parley.app dist/dmg/ && ln -s /Applications dist/dmg/Applications
	hdiutil create -volname Parley -srcfolder dist/dmg -ov -format UDZO dist/Parley-$(VERSION).dmg
	rm -rf dist/dmg

# The icon's PNGs and .ico, from assets/icon.svg (needs ImageMagick).
icons:
	assets/icons.sh

clean:
	rm -rf parley parley.exe dist rsrc_windows_*.syso
