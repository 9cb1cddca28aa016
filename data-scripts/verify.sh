#!/usr/bin/env bash
# Check a dataset layout: every listed file present and readable, item counts, a class histogram.
#   data-scripts/verify.sh voc2012 ~/data [--split seg11valid] [--limit 100]
set -euo pipefail
source "$(dirname "$0")/cli.sh"
if [[ $# -lt 2 ]]; then echo "usage: $0 DATASET ROOT [--split SPLIT] [--limit N]" >&2; exit 2; fi
dataset="$1"; root="$2"; shift 2
exec "$cli" data verify --dataset "$dataset" --root "$root" "$@"
