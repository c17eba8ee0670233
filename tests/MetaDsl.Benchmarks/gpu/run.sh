#!/usr/bin/env bash
# Times one sinusoid MAML meta-step (second order, K = 5, meta-batch 25 and 1,000) with MetaDsl's CUDA
# kernels and with its PyTorch and JAX peers. See README.md. Usage:
#   run.sh [folder of the published MetaDsl.Benchmarks.Gpu]   (published there first when absent)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bench=${1:-$root/artifacts/gpu-bench}
tasks=(25 1000)

if [ ! -x "$bench/MetaDsl.Benchmarks.Gpu" ]; then
    echo "# publishing MetaDsl.Benchmarks.Gpu (self-contained) to $bench"
    dotnet publish "$root/tests/MetaDsl.Benchmarks.Gpu" -c Release -r linux-x64 --self-contained -o "$bench" -v q || exit 1
fi
command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

status=0
"$bench/MetaDsl.Benchmarks.Gpu" "${tasks[@]}" || status=1
# Each peer runs even when another fails (a missing package must not hide the other numbers).
for peer in torch_eager torch_vmap jax_vmap; do
    python3 "$here/$peer.py" --tasks "${tasks[@]}" || { echo "# $peer did not finish" >&2; status=1; }
done
exit $status
