# The two set-up commands: `make demo` and `make test`. Both install the system libraries (make deps) first when missing.
SWIFT ?= swift
TALLY = .build/debug/tally

PREFIX ?= /usr/local

.PHONY: all deps build build-quietly test demo install clean

all: build

# libcsv, libxlsxwriter, libqrencode and libpng are system libraries (Debian's -dev packages); a
# fresh machine lacks the first three. zbar-tools' zbarimg reads the QR codes back in the tests.
# The scannable ballot and `tally scan`: cairo and pango draw the PDF in Noto Sans CJK
# (fonts-noto-cjk), poppler rasterises scans, gdk-pixbuf reads PNG/JPEG/TIFF, libzbar reads QR codes.
SYSTEM_PACKAGES = libcsv-dev libxlsxwriter-dev libqrencode-dev libpng-dev zbar-tools \
  libcairo2-dev libpango1.0-dev libpoppler-glib-dev libgdk-pixbuf-2.0-dev libzbar-dev fonts-noto-cjk
deps:
	@if [ ! -f /usr/include/csv.h ] || [ ! -f /usr/include/xlsxwriter.h ] || [ ! -f /usr/include/qrencode.h ] \
	  || [ ! -f /usr/include/png.h ] || ! command -v zbarimg >/dev/null 2>&1 \
	  || [ ! -f /usr/include/cairo/cairo-pdf.h ] || [ ! -f /usr/include/pango-1.0/pango/pangocairo.h ] \
	  || [ ! -f /usr/include/poppler/glib/poppler.h ] || [ ! -f /usr/include/gdk-pixbuf-2.0/gdk-pixbuf/gdk-pixbuf.h ] \
	  || [ ! -f /usr/include/zbar.h ] || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
	  if [ "$$(id -u)" = "0" ]; then sudo=; \
	  elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	  else \
	    echo "error: $(SYSTEM_PACKAGES) are not installed and this user cannot install them."; \
	    echo "Ask an administrator to run: apt-get update && apt-get install -y $(SYSTEM_PACKAGES)"; \
	    exit 1; \
	  fi; \
	  mkdir -p .build; \
	  echo "Installing $(SYSTEM_PACKAGES) from Debian (apt's log: .build/apt.log) ..."; \
	  { $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(SYSTEM_PACKAGES); } \
	    > .build/apt.log 2>&1 || { cat .build/apt.log; echo "error: apt-get failed (above)"; exit 1; }; \
	fi

# SwiftPM's notices about files dependencies leave undeclared are dropped; our own warnings are
# fixed, and would show (scripts/without-dependency-notices.sh).
QUIET = scripts/without-dependency-notices.sh

build: deps
	$(QUIET) $(SWIFT) build

# The debug build, its log shown only when it fails (make demo prints results, not the compiler).
build-quietly: deps
	@echo "Building tally (debug; the log is in .build/demo-build.log) ..."
	@mkdir -p .build
	@$(SWIFT) build > .build/demo-build.log 2>&1 || { cat .build/demo-build.log; exit 1; }

# The tests are Swift Testing tests; XCTest is turned off so that its runner does not print
# "Executed 0 tests" before them.
test: deps
	$(QUIET) $(SWIFT) build --build-tests
	$(QUIET) $(SWIFT) test --skip-build --disable-xctest

# A release build of tally copied to $(PREFIX)/bin (default /usr/local/bin).
install: deps
	@echo "Building tally and tally-server in release (several minutes the first time) ..."
	$(QUIET) $(SWIFT) build -c release --product tally
	cd Server && ../$(QUIET) $(SWIFT) build -c release --product tally-server
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/tally $(DESTDIR)$(PREFIX)/bin/tally
	install -m 755 Server/.build/release/tally-server $(DESTDIR)$(PREFIX)/bin/tally-server
	@echo "Installed $(DESTDIR)$(PREFIX)/bin/tally and tally-server"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "$(PREFIX)/bin is not on PATH: add it, e.g. echo 'export PATH=\"$(PREFIX)/bin:\$$PATH\"' >> ~/.bashrc";; esac

# A Debian package (tally_<version>_amd64.deb): both programs in release with the Swift runtime
# linked in, the service tally-server, the forms, man pages, docs (scripts/make-deb.sh).
# `make test-deb` installs it in a new minimal Debian root (debootstrap) and checks it there.
.PHONY: deb test-deb deb-deps
deb-deps: deps
	@command -v help2man >/dev/null && command -v dpkg-shlibdeps >/dev/null || { \
	  echo "Installing help2man and dpkg-dev (apt's log: .build/apt.log) ..."; mkdir -p .build; \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y help2man dpkg-dev; } > .build/apt.log 2>&1 \
	    || { cat .build/apt.log; exit 1; }; }

deb: deb-deps
	scripts/make-deb.sh

test-deb: deb
	@command -v debootstrap >/dev/null || { echo "Installing debootstrap ..."; \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap; } > .build/apt.log 2>&1 \
	    || { cat .build/apt.log; exit 1; }; }
	scripts/test-deb.sh tally_$$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/TallyRender/Evidence/Evidence.swift)_$$(dpkg --print-architecture).deb

# The web app (Server/, a package of its own so that the engine's build never waits for it):
# `make serve` builds it and starts it on loopback (http://127.0.0.1:8080, no login there);
# `make test-server` builds it once and runs its route tests.
WORKSPACE ?= tally-workspace
.PHONY: serve test-server
serve: deps
	@[ -x Server/.build/debug/tally-server ] || echo "Building the web app for the first time: this takes several minutes (its web server, database and their libraries are compiled once; later starts take seconds) ..."
	cd Server && ../$(QUIET) $(SWIFT) build --product tally-server
	Server/.build/debug/tally-server --dir $(WORKSPACE)

test-server: deps
	cd Server && ../$(QUIET) $(SWIFT) build --build-tests
	cd Server && ../$(QUIET) $(SWIFT) test --skip-build --disable-xctest

# The browser test: Debian's chromium and chromium-driver, Selenium from PyPI (never a driver
# download: the driver's path is given and SE_OFFLINE=true). `make web-deps` installs them.
.PHONY: web-deps test-web
web-deps:
	@# fonts-noto-cjk: without it the screenshots show every Chinese character as a box.
	@if [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = "0" ]; then sudo=; else sudo=sudo; fi; mkdir -p .build; \
	  echo "Installing chromium, chromium-driver and fonts-noto-cjk (apt's log: .build/apt.log) ..."; \
	  { $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk; } \
	    > .build/apt.log 2>&1 || { cat .build/apt.log; exit 1; }; \
	fi
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet selenium

# Load, concurrency and a SIGKILL mid-run (scripts/web_bench.py), with the release builds.
.PHONY: bench-web
bench-web: deps
	$(QUIET) $(SWIFT) build -c release --product tally
	cd Server && ../$(QUIET) $(SWIFT) build -c release --product tally-server
	python3 scripts/web_bench.py Server/.build/release/tally-server .build/release/tally

# The same with the debug builds `make test` and `make test-web` made (CI: no release build).
.PHONY: test-web-faults
test-web-faults: deps
	cd Server && ../$(QUIET) $(SWIFT) build --product tally-server
	python3 scripts/web_bench.py Server/.build/debug/tally-server .build/debug/tally

WEB_PORT ?= 18080
test-web: build-quietly web-deps
	cd Server && ../$(QUIET) $(SWIFT) build --product tally-server
	@rm -rf .build/web-workspace; mkdir -p .build/web-shots
	@Server/.build/debug/tally-server --dir .build/web-workspace --port $(WEB_PORT) > .build/web-server.log 2>&1 & echo $$! > .build/web-server.pid; \
	  for i in $$(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:$(WEB_PORT)/api/v1/forms && break; sleep 0.2; done; \
	  python3 scripts/web_test.py http://127.0.0.1:$(WEB_PORT) $(TALLY); status=$$?; \
	  kill $$(cat .build/web-server.pid); exit $$status

demo: build-quietly
	@rm -rf out/demo
	$(TALLY) run Samples/campaign.yaml --out out/demo
	@echo
	@echo "Results are in out/demo: results.json, summary.md and summary.html; for each unit findings.md,"
	@echo "findings.html, findings.docx, rejected.csv and ballots.csv (the ledger of every row read);"
	@echo "县司法局/report.md and 县公安局/report.docx have the findings attached; evidence.json holds the"
	@echo "SHA-256 of every input and output ('tally verify out/demo' repeats the run and compares)."
	@echo
	@cat out/demo/summary.md
	@echo
	@cat out/demo/县公安局/findings.md
	@echo
	@echo "tally itself is $(CURDIR)/$(TALLY) (a debug build). To type 'tally' as the examples do:"
	@echo "  export PATH=\"$(CURDIR)/.build/debug:\$$PATH\"    # in this terminal"
	@echo "  make install PREFIX=\$$HOME/.local               # or a release build in ~/.local/bin, for good"

clean:
	rm -rf .build out

# Re-embed the web app's page templates (Server/Templates) after editing one.
.PHONY: templates
templates:
	python3 scripts/embed-templates.py

# Re-embed Forms/*.yaml into the binary after editing a form.
.PHONY: forms
forms:
	python3 scripts/embed-forms.py

# libFuzzer targets (Fuzz/, its own package): FUZZ_SECONDS per target, default 300.
FUZZ_SECONDS ?= 300
.PHONY: fuzz
fuzz: deps
	# -Xswiftc: `--sanitize` alone does not instrument path dependencies (Tally itself).
	cd Fuzz && $(SWIFT) build -c release --scratch-path ../.build-fuzz --sanitize=fuzzer --sanitize=address \
	  -Xswiftc -sanitize=fuzzer,address
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Independent recomputation of a generated bench file (Python csv + NumPy/SciPy) against
# results.json, to 1e-6. VERIFY_ROWS rows (default 20000).
VERIFY_ROWS ?= 20000
.PHONY: verify
verify: build
	@mkdir -p .build/verify
	python3 ../shared/bench/gen_survey.py --rows $(VERIFY_ROWS) --seed 7 --out .build/verify/survey.csv
	$(TALLY) score --form ../shared/bench/county-survey.yaml .build/verify/survey.csv --format json > .build/verify/results.json
	python3 scripts/recompute-bench.py .build/verify/survey.csv .build/verify/results.json
	@# The ballot ledger recounts to the same figures (docs/results.md), on the survey and every sample.
	$(TALLY) score --form ../shared/bench/county-survey.yaml .build/verify/survey.csv --out .build/verify/out --format json,csv --quiet
	python3 scripts/recount-ledger.py .build/verify/out
	scripts/golden-outputs.sh $(TALLY) .build/verify/samples --no-survey > /dev/null
	@for d in .build/verify/samples/*/; do python3 scripts/recount-ledger.py "$$d" || exit 1; done

# The whole test suite again under AddressSanitizer (its own build folder).
.PHONY: test-asan test-tsan
test-asan: deps
	$(QUIET) $(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/.lsan-suppressions \
	  $(SWIFT) test --skip-build --disable-xctest --sanitize=address --scratch-path .build-asan

# The tests that read files in parts on several threads (the ballot ledger too: pieces written
# and joined on several threads), under ThreadSanitizer.
test-tsan: deps
	$(QUIET) $(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --skip-build --disable-xctest --sanitize=thread --scratch-path .build-tsan \
	  --filter 'FastPathTests|MergeTests|ReadingInPartsTests|LedgerPartsTests'

# Speed against the C floor on libcsv and DuckDB (pip install duckdb), in one run: generates
# bench-data/ once, then REPEAT runs of each in turns; prints medians, peaks and ratios.
# BENCH_ROWS (default 1000000), REPEAT (default 5). Micro-benchmarks: make microbench.
.PHONY: bench microbench
bench: deps
	$(QUIET) $(SWIFT) build -c release --product tally
	python3 scripts/bench.py

# Scanned ballots: a corpus of marked, spoiled scans of our own ballot (ticks, crosses, fills,
# light pencil, overruns, corrections; turned, skewed, scaled, noise, JPEG 50, grey paper,
# upside down) read back box by box against the truth: shares read automatically and sent to
# review, silent errors, pages a second. SCAN_SHEETS sheets (default 420 at 200 dpi, about
# 21,000 boxes), also 120 at 150 and at 300 dpi.
SCAN_SHEETS ?= 420
.PHONY: bench-scan
bench-scan: deps
	$(QUIET) $(SWIFT) build -c release --product tally-scan-bench
	.build/release/tally-scan-bench --sheets $(SCAN_SHEETS) --dpi 200
	.build/release/tally-scan-bench --sheets 120 --dpi 150 --seed 2
	.build/release/tally-scan-bench --sheets 120 --dpi 300 --seed 3

# ordo-one/benchmark suites for the reader, the matcher and the tally (Benchmarks/, its own package).
microbench: deps
	cd Benchmarks && $(SWIFT) package --scratch-path ../.build-bench benchmark
