# keylint: `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR    ?= build
RELEASE_DIR  ?= build-release
JOBS         ?= $(shell nproc)
CMAKE        ?= cmake

.PHONY: all deps build release run test bench clean format

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@$(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD_DIR) -j $(JOBS)

release: deps
	@$(CMAKE) -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@ninja -C $(RELEASE_DIR) -j $(JOBS) keylint

# Scans the bundled examples and prints the report. keylint exits 1 because
# the examples hold (synthetic) secrets; that is the expected outcome here.
run: release
	@$(RELEASE_DIR)/keylint scan examples/ --stats; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: release
	@bash bench/run.sh $(RELEASE_DIR)/keylint

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(RELEASE_DIR)
