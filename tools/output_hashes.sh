#!/bin/bash
# Print the sha256 of every output a tree of rolegen makes: this repository's build (acme and globex, each
# language) and the bench project's (benchmarks/bench.py make_project). Two trees compared with
#   diff <(tools/output_hashes.sh OLD_TREE /tmp/a) <(tools/output_hashes.sh NEW_TREE /tmp/b)
# show whether a change moved a byte of any deck, handout or pack. Runs the tree's code through PYTHONPATH
# with this checkout's .venv; manifest.json is left out, since it records the code's own fingerprint.
set -euo pipefail
TREE=$(cd "${1:?usage: output_hashes.sh TREE OUTDIR}" && pwd); OUT=${2:?usage: output_hashes.sh TREE OUTDIR}
VENV=$(cd "$(dirname "$0")/.." && pwd)/.venv
export PYTHONPATH=$TREE/src
rm -rf "$OUT"; mkdir -p "$OUT"
cp -r "$TREE/content" "$TREE/templates" "$OUT/"; touch "$OUT/rolegen.toml"
(cd "$OUT" && "$VENV/bin/rolegen" build -q >/dev/null)
"$VENV/bin/python" -c "import sys, pathlib; sys.path.insert(0, '$TREE/benchmarks'); import bench; bench.make_project(pathlib.Path('$OUT/bench'))"
(cd "$OUT/bench" && "$VENV/bin/rolegen" build -q >/dev/null)
cd "$OUT" && find output bench/output -type f ! -name 'manifest*.json' | sort | xargs sha256sum
