using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// One task's activation scratch for n points, carved from one view; with S the sum of the output
/// widths and W the widest: Z [n·S] pre-activations (layer l's [n, out_l] block after the blocks of
/// the layers below), ZDot [n·S] their tangents along v (H·v only), and two ping-pong pairs
/// [n·W] of dL/dz and its tangent for back-propagation. <see cref="MlpShape.ActivationScratch"/> gives its size.
/// </summary>
internal readonly struct MlpActivations<T> where T : unmanaged, INumber<T>
{
    public MlpActivations(MlpLayout layout, ArrayView<T> scratch, int points)
    {
        long s = (long)points * layout.OutputUnits, w = (long)points * layout.MaxWidth;
        Z = scratch.SubView(0, s);
        ZDot = scratch.SubView(s, s);
        Delta0 = scratch.SubView(2 * s, w);
        Delta1 = scratch.SubView(2 * s + w, w);
        DeltaDot0 = scratch.SubView(2 * s + 2 * w, w);
        DeltaDot1 = scratch.SubView(2 * s + 3 * w, w);
    }

    public ArrayView<T> Z { get; }

    public ArrayView<T> ZDot { get; }

    public ArrayView<T> Delta0 { get; }

    public ArrayView<T> Delta1 { get; }

    public ArrayView<T> DeltaDot0 { get; }

    public ArrayView<T> DeltaDot1 { get; }

    public ArrayView<T> Delta(int which) => which == 0 ? Delta0 : Delta1;

    public ArrayView<T> DeltaDot(int which) => which == 0 ? DeltaDot0 : DeltaDot1;
}
