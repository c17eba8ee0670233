using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The ops of sequence models that take more than a tensor: LayerNorm.</summary>
    internal sealed partial class OpCallLowerer
    {
        /// <summary>LayerNorm(x, gamma, beta, eps); an omitted eps arrives as its default.</summary>
        private Value LayerNorm(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryTensor(1, out var gamma) & args.TryTensor(2, out var beta)
                & args.TryNumber(3, "eps", out var eps);
            return ok ? Build(() => _b.LayerNorm(x, gamma, beta, eps), at) : Value.Error;
        }
    }
}
