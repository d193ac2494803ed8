# The two commands: `make run` and `make test`. Everything else is for developers.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
LISTEN ?= 127.0.0.1:8080
DB ?= sqlite:var/congdanso.db

.PHONY: fuzz run test build deps configure bench lint clean units-data

run: build
	./$(BUILD_DIR)/congdanso serve --listen $(LISTEN) --db $(DB) --demo --dev-outbox

test: deps
	scripts/run-tests

build: deps configure
	scripts/build-assets
	cmake --build $(BUILD_DIR) --target congdanso

deps:
	scripts/install-deps

configure:
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

bench: build
	bench/run

# Each libFuzzer target (fuzz/) for 10 minutes; findings in build-fuzz/findings/.
fuzz: deps
	scripts/fuzz --seconds 600

lint: configure
	scripts/lint

# Regenerates data/units/*.csv from the npm data packages (see scripts/generate-units.mjs).
units-data: deps
	node scripts/generate-units.mjs

clean:
	rm -rf $(BUILD_DIR)
