# The two commands of the README: `make run` serves on the embedded SQLite
# default; `make test` runs every test (PostgreSQL ones when TEST_DATABASE_URL
# is set). Both set up what they need on a fresh machine.
GO ?= go
GOTESTFLAGS ?=

.PHONY: run test demo migrate build vet bench diagram test-deps

run:
	$(GO) run ./cmd/basisscan serve

demo:
	$(GO) run ./cmd/basisscan demo

migrate:
	$(GO) run ./cmd/basisscan migrate

build:
	$(GO) build -o bin/basisscan ./cmd/basisscan

test: test-deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 $(GOTESTFLAGS) ./...

# The PDF tests read the PDFs back with pdftotext (poppler-utils).
test-deps:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing poppler-utils for pdftotext"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Regenerates the state diagram from the transition table.
diagram:
	$(GO) test ./workflow -run TestDiagramIsCurrent -update

# Issue 3: our render of the three-page advice beside a warm headless Chromium
# printing the same content, in one run; compare the medians as a ratio (ours
# must be at most a tenth). Installs Debian's chromium when missing.
.PHONY: bench-pdf
bench-pdf: test-deps
	@[ -x /usr/bin/chromium ] || { \
	  echo "installing chromium for the PDF benchmark"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	$(GO) test -tags chromium -run '^$$' -bench 'Render3Pages|ChromiumPrint3Pages|ChromiumNavigate3Pages' -benchmem -count 5 ./pdf
