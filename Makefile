# acc-audit developer tasks. `make help` lists them.
GO       ?= go
BIN      ?= bin/acc-audit
# The version comes from the build information (the tag of the commit, or
# a pseudo-version naming it); VERSION=... overrides it, for packagers.
VERSION  ?=
LDFLAGS  := $(if $(VERSION),-X github.com/acc-audit/acc-audit/cmd/acc-audit/cli.Version=$(VERSION))
BIG      ?= /tmp/acc-audit-200MB.xml
CHROMIUM ?= chromium

.PHONY: help build example test vet lint fmt bench bench-large bench-report golden docs report-screenshot clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/acc-audit
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/acc-audit

example: ## scan the example export shipped in fixtures/_example
	$(GO) run ./cmd/acc-audit scan fixtures/_example

test: ## run all tests
	$(GO) test ./...

vet: ## go vet
	$(GO) vet ./...

lint: vet ## go vet, gofmt and staticcheck
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo "files above are not gofmt-formatted" && exit 1)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

fmt: ## gofmt the tree
	gofmt -w .

bench: ## benchmarks (parser, scanner, whole scan) with MB/s and allocations
	$(GO) test -run '^$$' -bench . -benchmem ./audit/...
	$(GO) test -run '^$$' -bench 'BenchmarkScan$$' -benchmem ./rules

bench-large: build ## acc-audit against xmllint --noout at 50, 200, 500 MB and 500 MB -mix: time, CPU, peak RSS (needs xmllint)
	./internal/benchgen/bench-large.sh $(BIN)

bench-report: ## the HTML report of about 10,000 findings in headless Chromium: first render and each filter, in ms (needs chromium)
	$(GO) run ./internal/reportbench -findings 10000 -chromium "$$(command -v $(CHROMIUM) || echo /usr/bin/chromium)"

golden: ## regenerate the golden output hashes (internal/golden/testdata) after an intended output change
	$(GO) test ./internal/golden -run TestGoldenHashes -update

docs: ## regenerate docs/rules.md and the README rule table from the rule metadata
	$(GO) run ./internal/gendocs/cmd/gendocs

report-screenshot: ## render the example's HTML report and screenshot it to docs/report.png (needs chromium)
	@command -v $(CHROMIUM) >/dev/null || { echo "$(CHROMIUM) not found (apt-get install -y chromium)"; exit 1; }
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./cmd/acc-audit report -o "$$tmp/report.html" fixtures/_example; \
	$(CHROMIUM) --headless=new --disable-gpu --no-sandbox --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic --user-data-dir="$$tmp/profile" \
		--hide-scrollbars --window-size=1280,1800 --virtual-time-budget=5000 \
		--screenshot="$(CURDIR)/docs/report.png" "file://$$tmp/report.html" 2>/dev/null; \
	echo "wrote docs/report.png"

clean:
	rm -rf bin
