# Parley's build. `make run` opens the app, `make test` runs the tests; both
# install the system packages they need first (.ci/deps).

GO      ?= go
TAGS    := migrated_fynedo
PKG     := github.com/parley-notes/parley/app
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X $(PKG).Version=$(VERSION) -X $(PKG).Commit=$(COMMIT) -X $(PKG).BuildDate=$(DATE)

# Fyne cannot parse the C locale and says so on every start; English is a
# locale it can, and changes nothing else.
export LANGUAGE ?= en

.PHONY: all build run test deps fuzz clean

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

clean:
	rm -f parley parley.exe
