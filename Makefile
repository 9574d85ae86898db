# The two commands of the README: `make run` serves on the embedded SQLite
# default; `make test` runs every test (PostgreSQL ones when TEST_DATABASE_URL
# is set). Both set up what they need on a fresh machine.
GO ?= go
GOTESTFLAGS ?=

.PHONY: run test demo migrate build vet bench diagram test-deps

# The binary itself serves (make execs it, no `go run` in between), so that
# stopping make's process stops the server and nothing is left listening.
run: build
	exec ./bin/basisscan serve

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
	$(GO) test -count=1 -timeout 30m $(GOTESTFLAGS) ./...

# The PDF tests read the PDFs back with pdftotext (poppler-utils). The page
# tests (web/browsertest) drive Debian's chromium and run the axe-core pinned
# in web/browsertest/package-lock.json; npm comes from Debian when missing.
# The OpenAPI lint test (api/openapi_test.go) runs the Redocly CLI pinned in
# api/openapi/lint/package-lock.json. A test that finds any of them missing
# fails, it does not skip.
test-deps:
	@missing=; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  [ -n "$$BASISSCAN_CHROMIUM" ] || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  { { [ -n "$$BASISSCAN_AXE" ] || [ -f web/browsertest/node_modules/axe-core/axe.min.js ]; } && \
	    [ -x api/openapi/lint/node_modules/.bin/redocly ]; } || \
	    command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing$$missing"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    $$SUDO apt-get update -qq && \
	      $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi
	@[ -n "$$BASISSCAN_AXE" ] || [ -f web/browsertest/node_modules/axe-core/axe.min.js ] || { \
	  echo "installing axe-core (npm ci in web/browsertest)"; \
	  cd web/browsertest && npm ci --ignore-scripts --no-audit --no-fund; }
	@[ -x api/openapi/lint/node_modules/.bin/redocly ] || { \
	  echo "installing the Redocly CLI (npm ci in api/openapi/lint)"; \
	  cd api/openapi/lint && npm ci --ignore-scripts --no-audit --no-fund; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Regenerates the state diagram from the transition table.
diagram:
	$(GO) test ./workflow -run TestDiagramIsCurrent -update

# Issue 3: our render of the three-page advice beside a warm headless Chromium
# printing the same content, in one run; compare the medians as a ratio (ours
# must be at most a tenth). test-deps installs Debian's chromium when missing.
.PHONY: bench-pdf
bench-pdf: test-deps
	$(GO) test -tags chromium -run '^$$' -bench 'Render3Pages|ChromiumPrint3Pages|ChromiumNavigate3Pages' -benchmem -count 5 ./pdf
