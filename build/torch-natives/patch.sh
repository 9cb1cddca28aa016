#!/usr/bin/env bash
# Makes a copy of TorchSharp's libLibTorchSharp.so that loads on this system (README.md beside this
# file). Idempotent; the copy is rebuilt when the source or this folder's files change.
#   build/torch-natives/patch.sh SOURCE_LIBRARY OUTPUT_DIR
set -euo pipefail
src=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
needed=GLIBCXX_3.4.32
compat=libworkbench_glibcxx_compat.so
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9   # projects build in parallel; one of them patches, the others wait

# The libstdc++ the process will load: the one the system's loader cache names.
libstdcxx=$(/sbin/ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if [ -z "$libstdcxx" ]; then echo "error: $0: libstdc++.so.6 not found in the loader cache (ldconfig -p)" >&2; exit 1; fi
if grep -qa "$needed" "$libstdcxx"; then mode=plain; else mode=patched; fi

key="$mode $(sha256sum "$src" "$here/patch.sh" "$here/weak_verneed.c" "$here/ios_base_library_init.cpp" | cut -c1-64 | tr '\n' ' ')"
if [ -f "$out/libLibTorchSharp.so" ] && [ "$(cat "$out/.key" 2>/dev/null)" = "$key" ]; then exit 0; fi

tmp=$(mktemp -d "$out/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/libLibTorchSharp.so"
rm -f "$out/$compat"
if [ "$mode" = patched ]; then
  for tool in gcc g++ patchelf; do
    command -v $tool >/dev/null || { echo "error: $0: $libstdcxx lacks $needed and '$tool' is missing to patch TorchSharp (scripts/install-deps.sh build installs it)" >&2; exit 1; }
  done
  gcc -O2 -o "$tmp/weak_verneed" "$here/weak_verneed.c"
  g++ -O2 -shared -fPIC -o "$tmp/$compat" "$here/ios_base_library_init.cpp"
  rc=0; "$tmp/weak_verneed" "$tmp/libLibTorchSharp.so" "$needed" 2>/dev/null || rc=$?
  case $rc in
    0) patchelf --add-needed "$compat" --set-rpath '$ORIGIN' "$tmp/libLibTorchSharp.so"
       mv "$tmp/$compat" "$out/$compat" ;;
    2) mode=plain ;;   # a TorchSharp that does not ask for it loads as it is
    *) "$tmp/weak_verneed" "$tmp/libLibTorchSharp.so" "$needed"; exit 1 ;;
  esac
fi
mv "$tmp/libLibTorchSharp.so" "$out/libLibTorchSharp.so"
echo "$key" > "$out/.key"
echo "TorchSharp natives: $mode copy of libLibTorchSharp.so in $out ($libstdcxx)"
