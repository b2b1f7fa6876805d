#!/usr/bin/env bash
# Fetch the pinned tinygrad wheel, rich (and the NVIDIA compiler wheels for compile-only targets) into tools/gpu/wheels/,
# so tools/gpu/run_gpu.sh can install them on a machine without internet. The wheels are not committed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$HERE/wheels"
pip download "tinygrad==${TINYGRAD_VERSION:-0.14.0}" --no-deps -d "$HERE/wheels"
# pure-Python packages the suite needs that such machines may lack (`fuzz run` draws its progress with rich)
pip download "rich==15.0.0" --only-binary=:all: -d "$HERE/wheels"
if [ "${WITH_NVIDIA_WHEELS:-0}" = 1 ]; then   # ~100 MB: only where NVRTC/nvJitLink are missing on the GPU machine
  pip download nvidia-cuda-nvrtc nvidia-nvjitlink --no-deps -d "$HERE/wheels"
fi
ls -l "$HERE/wheels"
