# spend — build, test and run the spend-analysis pipeline.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/release/spend
DEBUG_BIN := .build/debug/spend
GENERATED := Generated/reference
SHARED ?= ../shared

.PHONY: help deps deps-test bench build release test test-release report fixtures orebro html-check format lint spark-env spark-demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## Install the system libraries (libcsv-dev, zlib) when their headers are missing
	@if [ ! -f /usr/include/csv.h ] || [ ! -f /usr/include/zlib.h ]; then \
	  echo "installing libcsv-dev zlib1g-dev"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcsv-dev zlib1g-dev >/dev/null; \
	fi

deps-test: deps ## Install LibreOffice (the workbook round trip) and Chromium with poppler-utils (the PDF print test) when missing
	@if ! command -v soffice >/dev/null; then \
	  echo "installing libreoffice-calc-nogui (for the spend.xlsx round-trip test)"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null \
	    || echo "LibreOffice could not be installed; the round-trip test will be skipped"; \
	fi
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then \
	  echo "installing chromium, fonts-dejavu-core and poppler-utils (for the report.html print test)"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null \
	    || echo "Chromium could not be installed; the print test will be skipped"; \
	fi

build: deps ## Debug build
	$(SWIFT) build

release: deps ## Optimised build
	$(SWIFT) build -c release

test: deps-test ## Run the whole test suite (unit, differential and end-to-end), then the differential suites in release
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory test-release

# The suites that hold the fast path (scanner, kernels, SQLite lines) to the reference path, run against the release
# build too: SpendCore is -Ounchecked there, so only these catch what the traps of a debug build would have. And the
# memory of a million distinct suppliers, which the release binary measures in seconds.
RELEASE_TESTS := --filter KernelDifferentialTests --filter LedgerDifferentialTests --filter 'SpendKitTests\.FastPathTests' \
  --filter CSVScannerTests --filter SubjectTableTests --filter QuoteSanityTests --filter FuzzTests --filter 'SupplierMemoryTests/millionSuppliers\(' \
  --filter 'SQLiteFastPathTests/(oddRows|lateInvalidByte|randomLedgers|realShapedLedgers|referenceHead|threads)\('

test-release: deps ## The differential suites against a release build with testable imports (own build folder .build/release-tests)
	$(SWIFT) test -c release --scratch-path .build/release-tests $(RELEASE_TESTS)

fixtures: release ## Generate the reference data set into Generated/reference (once)
	@if [ ! -f $(GENERATED)/.complete-2 ]; then rm -rf $(GENERATED) && $(BIN) fixtures --out $(GENERATED) && touch $(GENERATED)/.complete-2; fi

report: fixtures ## Build, generate the reference data if needed, run the pipeline, write Reports/
	$(BIN) run --config Fixtures/config/spend.toml
	@echo "reports in Reports/: $$(ls Reports | tr '\n' ' ')"

orebro: release ## Ingest the real Örebro ledger with its committed profile and IT rules
	$(BIN) analyze --invoices $(SHARED)/data/orebro-2016-03/orebro-leverantorsfakturor-2016-03.csv \
	  --profile Fixtures/profiles/orebro-2016-03.toml --rules Fixtures/rules/orebro-it.csv --out Reports/orebro

bench: release ## Benchmark against DuckDB on three generated ledgers (reference, diverse, freetext; BENCH_SHAPES=quoted too, BENCH_LINES BENCH_RUNS BENCH_STAT BENCH_BIG=1); tables in .bench/results.md
	@test -x /usr/bin/time || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null)
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/python -c "import duckdb" 2>/dev/null || .venv/bin/pip install -q duckdb
	.venv/bin/python bench/bench.py

html-check: report ## Render Reports/2022/report.html in headless Chromium: screen, 390-px phone and A4 PDF, into Generated/
	@command -v chromium >/dev/null || (apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null)
	@mkdir -p Generated
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,4200 \
	  --screenshot=Generated/report-2022.png Reports/2022/report.html 2>/dev/null
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=390,6000 \
	  --screenshot=Generated/report-2022-390px.png Reports/2022/report.html 2>/dev/null
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=Generated/report-2022.pdf Reports/2022/report.html 2>/dev/null
	@echo "open Generated/report-2022.png, Generated/report-2022-390px.png (a phone) and Generated/report-2022.pdf (printed, A4)"

format: ## Reformat the sources in place with swift-format (.swift-format: 120 columns)
	$(SWIFT) format --in-place --parallel --recursive Sources Tests Package.swift

lint: ## Report what `make format` would change, without changing it
	$(SWIFT) format lint --parallel --recursive Sources Tests Package.swift

spark-env: ## Install pyspark into .venv (Java 17+ must be there), for spark-demo and the Spark test in make test
	@command -v java >/dev/null || { echo "Spark needs Java 17 or later (apt-get install openjdk-17-jre-headless)"; exit 1; }
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/python -c "import pyspark" 2>/dev/null || .venv/bin/pip install -q pyspark

spark-demo: fixtures spark-env ## Run spend on Spark (local mode) over the reference data cut into 16 dumps; check it equals one run
	.venv/bin/python scale/demo.py --spend $(BIN) --reference $(GENERATED) --config Fixtures/config/spend.toml

spark-bench: release spark-env ## What Spark costs: one process against Spark local[1] and local[2] on the 5-million-line bench ledger, and per shard (scale/bench_spark.py)
	@test -x /usr/bin/time || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null)
	.venv/bin/python scale/bench_spark.py

clean: ## Remove build products, generated data and reports
	rm -rf .build Generated Reports
