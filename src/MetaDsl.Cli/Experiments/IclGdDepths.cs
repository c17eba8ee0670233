using MetaDsl.Learners;

namespace MetaDsl.Cli.Experiments;

/// <summary>The layer counts <c>train icl-gd --layers</c> accepts: one generated learner each.</summary>
internal static class IclGdDepths
{
    private static readonly IclGdDepth[] s_all =
    [
        new IclGdDepthOf<LinearSelfAttention1>(1),
        new IclGdDepthOf<LinearSelfAttention2>(2),
        new IclGdDepthOf<LinearSelfAttention3>(3),
    ];

    /// <summary>The most layers.</summary>
    public static int Max => s_all.Length;

    /// <summary>The runner for <paramref name="layers"/> layers (1 to <see cref="Max"/>).</summary>
    public static IclGdDepth Find(int layers) => s_all[layers - 1];
}
