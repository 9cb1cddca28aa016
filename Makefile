# Entry points (docs/architecture.md). Each installs what is missing first, so each works alone on
# a fresh Debian 12 machine.
#   make demo   — the main job
#   make test   — the whole test suite
#   make bench  — every benchmark, side by side with PyTorch / Pillow
#   make fuzz   — the long structural fuzz run of every file reader (docs/hostile-inputs.md)
# The engine's backend: TORCH_BACKEND=cpu (default, TorchSharp with libtorch-cpu-linux-x64) or
# cuda (TorchSharp-cuda-linux, from nuget.org): make test TORCH_BACKEND=cuda (docs/engine.md).
SHELL := /bin/bash
CONFIG ?= Release
TORCH_BACKEND ?= cpu
DOTNET := DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet
CLI := artifacts/bin/Workbench.Cli/$(shell echo $(CONFIG) | tr A-Z a-z)/workbench
export TORCH_BACKEND

.PHONY: demo test bench fuzz deps build clean

deps:
	@scripts/install-deps.sh build

build: deps
	@$(DOTNET) build Workbench.sln -c $(CONFIG) -p:TorchBackend=$(TORCH_BACKEND) -nologo -v q -clp:ErrorsOnly \
	  || { [ "$(TORCH_BACKEND)" != cuda ] || echo "TORCH_BACKEND=cuda needs TorchSharp-cuda-linux $$(sed -n 's/.*<TorchSharpVersion>\(.*\)<.*/\1/p' Directory.Build.props) from nuget.org; this machine's NuGet feed does not serve it (README.md, 'Paper scale on a GPU')." >&2; exit 1; }

# Every notebook at the scale its parameters cell sets (smoke: synthetic data, seconds to a minute
# each); executed copies and their JSON results land in artifacts/results/.
demo: build
	@scripts/install-kernel.sh
	@$(CLI) run notebooks --out-dir artifacts/results

test: build
	@scripts/install-deps.sh test
	@scripts/install-kernel.sh
	@scripts/test.sh $(CONFIG)

bench: build
	@scripts/install-deps.sh bench
	@scripts/bench.sh $(CONFIG)

# FUZZ_COUNT inputs per format (each read in a watched child process), FUZZ_SEED, FUZZ_FORMATS
# (comma-separated; default all). It runs from a copy of the build, so a rebuild during the run
# (hours at 100k inputs per format on two cores) does not change the code under test.
FUZZ_COUNT ?= 100000
FUZZ_SEED ?= 1
FUZZ_FORMATS ?=
fuzz: build
	@rm -rf artifacts/fuzz/bin && mkdir -p artifacts/fuzz && cp -r artifacts/bin/Workbench.Fuzz.Tests/$(shell echo $(CONFIG) | tr A-Z a-z) artifacts/fuzz/bin
	@$(DOTNET) artifacts/fuzz/bin/Workbench.Fuzz.Tests.dll fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --out artifacts/fuzz \
	  $(if $(FUZZ_FORMATS),--formats $(FUZZ_FORMATS))

clean:
	rm -rf artifacts
