# Sourced by the data scripts: `cli` is the built workbench command (built first if missing).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$here/artifacts/bin/Workbench.Cli/release/workbench"
[[ -x "$cli" ]] || make -C "$here" build
