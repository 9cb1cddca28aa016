#!/usr/bin/env bash
# Fetch (resumable, verified where a digest is known) and unpack one dataset, the classifier weights (VGG16, CaffeNet, GoogLeNet) or the published FCN-8s.
#   data-scripts/fetch.sh voc2012 ~/data            # also: sbd nyud siftflow pascal-context vgg16 caffenet googlenet fcn8s
#   data-scripts/fetch.sh siftflow ~/data --url http://mirror/SiftFlowDataset.zip --sha256 <hex>
# Run again after an interruption: the download resumes where it stopped.
set -euo pipefail
source "$(dirname "$0")/cli.sh"
if [[ $# -lt 2 ]]; then echo "usage: $0 DATASET ROOT [--url URL] [--sha256 HEX] [--no-unpack]" >&2; exit 2; fi
dataset="$1"; root="$2"; shift 2
exec "$cli" data fetch --dataset "$dataset" --root "$root" "$@"
