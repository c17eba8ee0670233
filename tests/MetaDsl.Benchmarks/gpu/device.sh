#!/usr/bin/env bash
# One prepared run on a GPU machine that has no .NET: unpacks the bundle package.sh made, then, in order of
# what matters most, writes under $OUT (default ./gpu-out; seven files, as a device run returns at most eight):
# the GPU and the sinusoid MAML meta-step on CUDA against torch.func vmap, JAX and PyTorch eager (timings.txt),
# the device suites on CUDA (suites.txt and one xunit XML per assembly), and `metadsl bench --device cuda`
# (bench-cuda.txt, bench-cuda.json), with steps.txt saying when each step began and how it ended. Each step has its own time limit and the rest go on when one fails, so a
# slow or broken step cannot hide the others. Usage: device.sh [bundle.tar.xz]
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bundle=${1:-$root/artifacts/gpu/bundle.tar.xz}
out=${OUT:-$PWD/gpu-out}
mkdir -p "$out"
work=$(mktemp -d)
began=$SECONDS
status=0

note() { echo "# [$((SECONDS - began)) s] $*" | tee -a "$out/steps.txt"; }
# step NAME LIMIT LOG COMMAND...: runs COMMAND for at most LIMIT seconds, appending its output to LOG.
step() {
    local name=$1 limit=$2 log=$out/$3
    shift 3
    note "$name (limit $limit s)"
    echo "## $name" >> "$log"
    timeout --kill-after=5 "$limit" "$@" > "$work/step.txt" 2>&1
    local rc=$?
    cat "$work/step.txt" >> "$log"
    tail -n 30 "$work/step.txt"
    note "$name exited $rc"
    [ "$rc" -eq 0 ] || status=1
}

note "unpacking $bundle"
tar -xJf "$bundle" -C "$work" || { note "no bundle: run package.sh first"; exit 1; }
b=$work/bundle
export PYTHONUNBUFFERED=1 DOTNET_ROOT=$b/dotnet DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dn=$b/dotnet/dotnet

step gpu 20 timings.txt nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
step metadsl-cuda 90 timings.txt "$dn" "$b/gpu-bench/MetaDsl.Benchmarks.Gpu.dll" 25 1000 10000 --group-sizes 64,128,256,512
cd "$here"
step torch-func-vmap 90 timings.txt python3 torch_vmap.py --tasks 25 1000 10000 --warmup 5 --timed 30 --max-seconds 15
step jax-jit-vmap 120 timings.txt python3 jax_vmap.py --tasks 25 1000 10000 --warmup 3 --timed 30 --max-seconds 15
step kernel-suite-cuda 120 suites.txt "$here/xunit.sh" "$b" kernel-tests MetaDsl.Kernels.Tests "$out/kernel-suite-cuda.xml" \
    -class MetaDsl.Kernels.Tests.Gpu.CudaKernelTests -class MetaDsl.Kernels.Tests.Gpu.DeviceErrorTests
step device-suites-cuda 180 suites.txt "$here/xunit.sh" "$b" tests MetaDsl.Tests "$out/device-suites-cuda.xml" -class MetaDsl.Tests.Devices.DeviceTests \
    $(for suite in Adaptation Adapter Forward Hyperparameter ImplicitMaml Learner Maml MetaSgd ProtoNet Reptile; do echo "-class MetaDsl.Tests.Devices.Device${suite}TestsOnCuda"; done)
step bench-cuda 90 bench-cuda.txt env COLUMNS=160 "$dn" "$b/cli/MetaDsl.Cli.dll" bench --device cuda --json "$out/bench-cuda.json"
step torch-eager 200 timings.txt python3 torch_eager.py --tasks 25 1000 10000 --warmup 2 --timed 5 --max-seconds 20
note "done, status $status"
rm -rf "$work"
exit $status
