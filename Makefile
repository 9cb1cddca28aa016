# Entry points (DESIGN.md §4). Each installs what is missing first, so each works alone on a
# fresh Debian 12 machine.
#   make demo   — the main job
#   make test   — the whole test suite
#   make bench  — every benchmark, side by side with PyTorch / Pillow
SHELL := /bin/bash
CONFIG ?= Release
NATIVE_DIR := $(CURDIR)/artifacts/native
NATIVE_BUILD := $(CURDIR)/artifacts/native-build
# Another libtorch (a CUDA build, say): make TORCH_DIR=/opt/libtorch/share/cmake/Torch …
TORCH_DIR ?=
DOTNET := DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet
CLI := artifacts/bin/Workbench.Cli/$(shell echo $(CONFIG) | tr A-Z a-z)/workbench

.PHONY: demo test bench deps native build clean

deps:
	@scripts/install-deps.sh build

native: deps
	@cmake -S lib/Workbench.Torch/native -B $(NATIVE_BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_LIBRARY_OUTPUT_DIRECTORY=$(NATIVE_DIR) $(if $(TORCH_DIR),-DTorch_DIR=$(TORCH_DIR)) >/dev/null
	@cmake --build $(NATIVE_BUILD) -j$$(nproc)

build: native
	@$(DOTNET) build Workbench.sln -c $(CONFIG) -nologo -v q -clp:ErrorsOnly

# Every notebook at the scale its parameters cell sets (smoke: synthetic data, seconds to a minute
# each); executed copies and their JSON results land in artifacts/results/.
demo: build
	@$(CLI) run notebooks --out-dir artifacts/results

test: build
	@scripts/test.sh $(CONFIG)

bench: build
	@scripts/install-deps.sh bench
	@scripts/bench.sh $(CONFIG)

clean:
	rm -rf artifacts
