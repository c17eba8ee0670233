using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The element-wise ops whose extra arguments are build-time numbers: Pow, LeakyRelu, Clamp.</summary>
    internal sealed partial class OpCallLowerer
    {
        /// <summary>Pow(x, p), LeakyRelu(x, slope) and Clamp(x, lo, hi); an omitted slope arrives as its default.</summary>
        private Value WithConstants(string name, OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x);
            switch (name)
            {
                case "Pow":
                    ok &= args.TryNumber(1, "exponent", out var p);
                    return ok ? Build(() => _b.Pow(x, p), at) : Value.Error;
                case "LeakyRelu":
                    ok &= args.TryNumber(1, "slope", out var slope);
                    return ok ? Build(() => _b.LeakyRelu(x, slope), at) : Value.Error;
                default:
                    ok &= args.TryNumber(1, "lower bound", out var lo) & args.TryNumber(2, "upper bound", out var hi);
                    return ok ? Build(() => _b.Clamp(x, lo, hi), at) : Value.Error;
            }
        }
    }
}
