#!/usr/bin/env bash
# Packs what the GPU machine needs into artifacts/gpu/bundle.tar.xz (kept under the 64 MiB a device run
# carries): the .NET runtime this SDK runs on (the GPU machine has no .NET), Release builds of the CLI, the
# GPU benchmark and the two test assemblies whose device suites run on every accelerator present, and
# xunit's console runner for those suites. Builds are framework-dependent and untrimmed: ILGPU reads the
# kernels' IL at run time. Only linux-x64 native assets travel. device.sh runs the bundle there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$root/artifacts/gpu
stage=$out/bundle
cd "$root"

dotnet build tests/MetaDsl.Tests -c Release -v q -nologo
dotnet build tests/MetaDsl.Kernels.Tests -c Release -v q -nologo
dotnet build tests/MetaDsl.Benchmarks.Gpu -c Release -v q -nologo
dotnet build src/MetaDsl.Cli -c Release -v q -nologo
dotnet restore tests/MetaDsl.Benchmarks/gpu/runner/runner.proj -v q -nologo

rm -rf "$stage" && mkdir -p "$stage"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')
mkdir -p "$stage/dotnet/shared/Microsoft.NETCore.App"
cp "$dotnet_root/dotnet" "$stage/dotnet/"
cp -r "$dotnet_root/host" "$stage/dotnet/"
cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime" "$stage/dotnet/shared/Microsoft.NETCore.App/"

copy_build() {
    mkdir -p "$stage/$2"
    (cd "$1/bin/Release/net10.0" && tar --exclude=./runtimes --exclude='*.pdb' -cf - .) | tar -xf - -C "$stage/$2"
}
copy_build tests/MetaDsl.Tests tests
copy_build tests/MetaDsl.Kernels.Tests kernel-tests
copy_build tests/MetaDsl.Benchmarks.Gpu gpu-bench
copy_build src/MetaDsl.Cli cli
# The runner sits beside each test assembly so that it resolves the assembly's dependencies from there;
# the test's own copies of shared files (xunit.abstractions) win.
runner=${NUGET_PACKAGES:-$HOME/.nuget/packages}/xunit.runner.console/2.4.1/tools/netcoreapp2.0
cp -n "$runner"/* "$stage/tests/"
cp -n "$runner"/* "$stage/kernel-tests/"

tar -C "$out" -cf - bundle | xz -T2 -6 > "$out/bundle.tar.xz"
rm -rf "$stage"
echo "$out/bundle.tar.xz: $(du -m "$out/bundle.tar.xz" | cut -f1) MiB (runtime $runtime)"
