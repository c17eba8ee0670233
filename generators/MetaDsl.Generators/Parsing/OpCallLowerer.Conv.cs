using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The convolutional ops: Conv2d, MaxPool2d, AvgPool2d, BatchNorm.</summary>
    internal sealed partial class OpCallLowerer
    {
        /// <summary>Conv2d(x, W, b, stride, padding) or Conv2d(x, W, stride, padding); omitted optional arguments arrive as their defaults.</summary>
        private Value Conv2d(OpArguments args, SyntaxNode at)
        {
            bool withBias = args.Count == 5;
            bool ok = args.TryTensor(0, out var x) & args.TryTensor(1, out var w);
            int? bias = null;
            if (withBias)
            {
                ok &= args.TryTensor(2, out var b);
                bias = b;
            }
            int next = withBias ? 3 : 2;
            ok &= args.TryInt(next, "stride", out var stride) & args.TryInt(next + 1, "padding", out var padding);
            return ok ? Build(() => _b.Conv2d(x, w, bias, stride, padding), at) : Value.Error;
        }

        /// <summary>MaxPool2d / AvgPool2d (x, kernel[, stride]); the stride defaults to the kernel, as in PyTorch.</summary>
        private Value Pool(string name, OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryInt(1, "kernel", out var kernel);
            int stride = kernel;
            if (args.Count == 3) ok &= args.TryInt(2, "stride", out stride);
            if (!ok) return Value.Error;
            return Build(() => name == "MaxPool2d" ? _b.MaxPool2d(x, kernel, stride) : _b.AvgPool2d(x, kernel, stride), at);
        }

        private Value BatchNorm(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryTensor(1, out var gamma) & args.TryTensor(2, out var beta)
                & args.TryNumber(3, "eps", out var eps);
            return ok ? Build(() => _b.BatchNorm(x, gamma, beta, eps), at) : Value.Error;
        }
    }
}
