#!/usr/bin/env bash
# Training throughput on CUDA: gandsl's step (bf16 autocast, channels_last) vs the plain
# pytorch/examples DCGAN loop, same shape and batch, interleaved in one run; then a short
# quality run of the digits defaults. Usage: bench/gpu.sh [cuda:0]   (results in out/bench-gpu/)
set -euo pipefail
cd "$(dirname "$0")/.."
DEV="${1:-cuda}"
OUT=out/bench-gpu
mkdir -p "$OUT"
python - <<PY
import torch, sys
if not torch.cuda.is_available():
    sys.exit("bench/gpu.sh: no CUDA device")
print("device:", torch.cuda.get_device_name(0), "torch", torch.__version__)
PY
python bench/train.py throughput --device "$DEV" --rounds 6 --block 50 | tee "$OUT/throughput.txt"
python bench/train.py quality --device "$DEV" --steps 1500 --out "$OUT" | tee "$OUT/quality.txt"
# Data-parallel training: one process vs one per GPU (NCCL), and the torchrun path end to end.
NGPU=$(python -c "import torch; print(torch.cuda.device_count())")
python bench/ddp.py --device cuda --nproc 1 $([ "$NGPU" -gt 1 ] && echo "$NGPU") --steps 200 | tee "$OUT/ddp.txt"
python -m pytest -q tests/test_gan_ddp.py | tee "$OUT/ddp-tests.txt"
