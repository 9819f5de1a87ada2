#!/usr/bin/env bash
# Runs on the lent GPU machine, from the project root (see bench/gpu/README.md): kernel tests,
# fixture parity and timings of yoloc's webgpu backend, then PyTorch eager CUDA on the same
# models. Every figure goes to stdout and to $OUT/gpu-check.jsonl.
set -u
carry=.gpu-carry
log=${OUT:-/tmp}/gpu-check.jsonl
export YOLOC_SHARED="$PWD/$carry/shared"
run() { bash "$carry/device.sh" "$@"; }
run node --version
for t in "$carry"/js/*.test.mjs; do
  echo "== $t"; CI=true run node --test "$t" 2>&1 | grep -E '^# (pass|fail)|^not ok' | head -20
done
echo "== yoloc webgpu"
run node "$carry/js/check.mjs" --shared "$YOLOC_SHARED" --root "$PWD" 2>&1 | tee "$log"
echo "== PyTorch eager CUDA"
python3 "$carry/torch_cuda.py" --ref "$YOLOC_SHARED/reference" 2>&1 | tee -a "$log"
