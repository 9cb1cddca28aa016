#!/usr/bin/env bash
# Everything the paper's experiments read, into one root (about 10 GB of archives).
#   data-scripts/fetch-all.sh ~/data
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:?usage: $0 ROOT}"
for d in voc2012 sbd nyud siftflow pascal-context vgg16 caffenet googlenet fcn8s; do
  "$here/fetch.sh" "$d" "$root"
done
for d in voc2012 sbd nyud siftflow pascal-context; do
  "$here/verify.sh" "$d" "$root" --limit 50 || echo "verify $d: problems found (see above)" >&2
done
