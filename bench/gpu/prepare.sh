#!/usr/bin/env bash
# Prepares the one device run (bench/gpu/README.md): packs node, node_modules and the Vulkan
# loader (../shared/gpu/make-carry.sh) into .gpu-carry, bundles bench/gpu/check.ts and the WebGPU
# kernel tests into plain JavaScript (the device has no tsx), and copies the fixtures and the
# PyTorch reference there. Everything lands in .gpu-carry (git-ignored through .git/info/exclude).
# usage (from the project root): bash bench/gpu/prepare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${YOLOC_SHARED:-../shared}
out=.gpu-carry
grep -qx "$out" .git/info/exclude 2>/dev/null || echo "$out" >> .git/info/exclude
bash "$shared/gpu/make-carry.sh" "$out" onnxruntime-node @tensorflow/tfjs-backend-wasm fast-check
# CommonJS packages inside an ESM bundle need a require().
ext=(--banner:js="import { createRequire as __yolocRequire } from 'node:module'; const require = __yolocRequire(import.meta.url);"
     --external:@tensorflow/tfjs-core --external:@tensorflow/tfjs-backend-cpu --external:@tensorflow/tfjs-backend-wasm --external:webgpu --external:@tensorflow/tfjs-backend-webgpu --external:@tensorflow/tfjs-node-gpu
     --external:@tensorflow/tfjs-node --external:onnxruntime-node --external:typescript --external:ts-morph)
mkdir -p "$out/js" "$out/shared/fixtures" "$out/shared/reference"
node_modules/.bin/esbuild bench/gpu/check-entry.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$out/js/check.mjs" "${ext[@]}" --log-level=warning
grads="import './node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';"
for t in conv fused train_step; do
  [ -f "tests/webgpu/$t.test.ts" ] || continue
  echo "$grads import './tests/webgpu/$t.test.ts';" | node_modules/.bin/esbuild --bundle --platform=node --format=esm \
    --target=node20 --sourcefile="entry-$t.ts" --loader=ts --resolve-dir=. --outfile="$out/js/$t.test.mjs" "${ext[@]}" --log-level=warning
done
cp "$shared"/fixtures/* "$out/shared/fixtures/"
cp "$shared"/reference/*.py "$out/shared/reference/"
cp bench/gpu/torch_cuda.py bench/gpu/device-run.sh "$out/"
du -sh "$out"
echo "now: device run with carry [\"$out\"] and command: bash $out/device-run.sh"
