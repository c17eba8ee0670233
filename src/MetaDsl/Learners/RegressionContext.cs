using System.Globalization;
using System.Numerics;
using MetaDsl.Embedding;

namespace MetaDsl.Learners;

/// <summary>
/// The support set of in-context linear regression as <see cref="RegressionTokens"/>: the support's
/// <see cref="RegressionTokens.Context"/> examples (x [N, d], y [N, 1]) become the context tokens (x_i, y_i), and
/// each query x_q the query token (x_q, 0), as <c>RegressionTaskSet</c> lays tasks out in training.
/// </summary>
public sealed class RegressionContext : IContextLayout
{
    private static readonly InputInfo[] s_support =
    [
        new("x", [RegressionTokens.Context.ToString(CultureInfo.InvariantCulture), RegressionTokens.Dimension.ToString(CultureInfo.InvariantCulture)]),
        new("y", [RegressionTokens.Context.ToString(CultureInfo.InvariantCulture), "1"]),
    ];

    private RegressionContext()
    {
    }

    /// <summary>The one instance (the layout is fixed).</summary>
    public static RegressionContext Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<InputInfo> Support => s_support;

    /// <inheritdoc/>
    public InputInfo Query { get; } = new("x", ["q", RegressionTokens.Dimension.ToString(CultureInfo.InvariantCulture)]);

    /// <inheritdoc/>
    public void WriteContext<T>(Batch<T> support, Span<T> task) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(support);
        const int d = RegressionTokens.Dimension, width = RegressionTokens.Width;
        var x = support[0].Data;
        var y = support[1].Data;
        for (int i = 0; i < RegressionTokens.Context; i++)
        {
            var token = task.Slice(i * width, width);
            x.AsSpan(i * d, d).CopyTo(token);
            token[RegressionTokens.Target] = y[i];
        }
    }

    /// <inheritdoc/>
    public void WriteQuery<T>(ReadOnlySpan<T> query, Span<T> task) where T : unmanaged, IFloatingPointIeee754<T> =>
        // The query's y-slot stays 0: the attention layers write minus the prediction there.
        query.CopyTo(task.Slice(RegressionTokens.Query * RegressionTokens.Width, RegressionTokens.Dimension));
}
