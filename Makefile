# keylint: `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR    ?= build
RELEASE_DIR  ?= build-release
SAN_DIR      ?= build-asan
FUZZ_SECONDS ?= 60
JOBS         ?= $(shell nproc)
CMAKE        ?= cmake

.PHONY: all deps build release run test bench clean format asan fuzz san-build \
        san-configure

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@$(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD_DIR) -j $(JOBS)

release: deps
	@$(CMAKE) -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@ninja -C $(RELEASE_DIR) -j $(JOBS) keylint

# Scans the bundled examples and prints the report, then audits the example
# AWS account (examples/aws-account) into reports/example-audit.html (and
# .md, .json, .csv). keylint exits 1 because the examples hold (synthetic)
# secrets and findings; that is the expected outcome here.
run: release
	@$(RELEASE_DIR)/keylint scan examples/ --stats; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi
	@$(RELEASE_DIR)/keylint audit examples/aws-account --now 2024-06-01 \
	  --format text --output /dev/null --report reports \
	  --report-name example-audit; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# ASan+UBSan build with clang, libFuzzer targets included (tests/fuzz/):
# `make asan` builds the binary and the tests in it and runs every test,
# `make fuzz` builds the fuzz targets and runs each for FUZZ_SECONDS (see
# docs/security.md); `make san-build` builds everything. -O1 and line
# tables only keep the build and the run affordable on a 2-core CI machine.
san-configure: deps
	@$(CMAKE) -S . -B $(SAN_DIR) -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
	  -DKEYLINT_FUZZ=ON >/dev/null

san-build: san-configure
	@ninja -C $(SAN_DIR) -j $(JOBS)

asan: san-configure
	@ninja -C $(SAN_DIR) -j $(JOBS) keylint keylint_tests
	@cd $(SAN_DIR) && ctest --output-on-failure -j $(JOBS)

fuzz: san-configure
	@ninja -C $(SAN_DIR) -j $(JOBS) fuzz_targets
	@bash scripts/fuzz.sh $(SAN_DIR) $(FUZZ_SECONDS)

bench: release
	@ninja -C $(RELEASE_DIR) -j $(JOBS) keylint_prefilter_bench
	@bash bench/run.sh $(RELEASE_DIR)/keylint

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(RELEASE_DIR) $(SAN_DIR)
