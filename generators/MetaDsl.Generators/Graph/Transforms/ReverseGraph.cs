namespace MetaDsl.Generators.Graph.Transforms
{
    /// <summary>A learner's loss graph with its reverse pass appended; never modified once built (programs fork it).</summary>
    /// <param name="Builder">The graph, loss and adjoints.</param>
    /// <param name="ParamNodes">The Param node of each learner parameter, or -1 when the loss never reads it.</param>
    /// <param name="Gradients">The gradient node of each parameter, or -1 where it is identically zero.</param>
    internal sealed record ReverseGraph(GraphBuilder Builder, int[] ParamNodes, int[] Gradients);
}
