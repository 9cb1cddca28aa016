#!/usr/bin/env bash
# The .NET Interactive C# kernel for Jupyter: the repository's local tool (.config/dotnet-tools.json),
# restored, and registered with Jupyter where Jupyter is present (kernel ".net-csharp"). The kernel's
# command is `dotnet interactive`, which finds the local tool from the notebook's folder, so Jupyter
# runs notebooks under this repository with it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet tool restore >/dev/null
if ! command -v jupyter >/dev/null && ! /usr/bin/python3 -c 'import jupyter_client' 2>/dev/null; then
  echo "Jupyter is not installed: the kernel is restored but not registered (apt-get install jupyter-notebook to use it)" >&2
  exit 0
fi
kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
if [ -f "$kernels/.net-csharp/kernel.json" ] && grep -q '"interactive"' "$kernels/.net-csharp/kernel.json"; then exit 0; fi
# Debian's Jupyter has no `jupyter kernelspec`; the installer then writes into this folder, which must exist.
mkdir -p "$kernels"
DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet interactive jupyter install --path "$kernels" >/dev/null
echo "Registered the .NET Interactive kernels with Jupyter in $kernels"
