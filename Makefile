# The two commands of the quick start are `make demo` and `make test`; each sets up what it needs.
.PHONY: setup build test demo bench fuzz screenshots size-map clean

# rustup's tools (cargo, wasm-bindgen) even where the caller's PATH lacks them.
export PATH := $(HOME)/.cargo/bin:$(PATH)

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build.sh

test: build
	@bash scripts/test.sh

demo: build
	@node scripts/demo.mjs

clean:
	rm -rf build pkg target

# Figures, not tests: this SDK side by side with its peers and a hand-written reference, in one
# Chromium against the local provider; writes bench/results/ and the README's Performance section.
# Then the login wasm's memory over 22,050 silent sign-ins, driven without a browser.
bench: build
	@bash bench/setup.sh
	@node bench/run.mjs
	@node bench/wasm-memory.mjs

# Where the login wasm's brotli bytes are: each part's and each large function's marginal cost, and the data's share.
size-map: build
	@node scripts/size-map.mjs

# 10^6 executions of every fuzz target (tests/fuzz/); make test runs 10^4 of each.
fuzz: setup
	@FUZZ_RUNS=$${FUZZ_RUNS:-1000000} cargo test --quiet --release --test fuzz

# The README's pictures of <authing-sign-in>, from the real element (examples/sign-in/screenshots/).
screenshots: build
	@node scripts/screenshots.mjs
