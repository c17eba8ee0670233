using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The ops of sequence models that take more than tensors: LayerNorm, Slice, Concat.</summary>
    internal sealed partial class OpCallLowerer
    {
        /// <summary>LayerNorm(x, gamma, beta, eps); an omitted eps arrives as its default.</summary>
        private Value LayerNorm(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryTensor(1, out var gamma) & args.TryTensor(2, out var beta)
                & args.TryNumber(3, "eps", out var eps);
            return ok ? Build(() => _b.LayerNorm(x, gamma, beta, eps), at) : Value.Error;
        }

        private Value Slice(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryInt(1, "axis", out var axis) & args.TryInt(2, "start", out var start)
                & args.TryInt(3, "length", out var length);
            return ok ? Build(() => _b.Slice(x, axis, start, length), at) : Value.Error;
        }

        /// <summary>Concat(axis, a, b, …); the tensors must be written out as arguments (a params list).</summary>
        private Value Concat(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryInt(0, "axis", out var axis) & args.TryTensors(1, "tensors", out var parts);
            return ok ? Build(() => _b.Concat(axis, parts), at) : Value.Error;
        }
    }
}
