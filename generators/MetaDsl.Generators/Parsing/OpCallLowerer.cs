using System;
using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Maps calls to <c>MetaDsl.Ops</c> (and tensor operators) to <see cref="GraphBuilder"/> calls. A
    /// <see cref="GraphException"/> from the builder becomes a diagnostic at the call that caused it.
    /// </summary>
    internal sealed partial class OpCallLowerer
    {
        private static readonly Dictionary<string, OpKind> s_unary = new Dictionary<string, OpKind>
        {
            ["Neg"] = OpKind.Neg,
            ["Relu"] = OpKind.Relu,
            ["Tanh"] = OpKind.Tanh,
            ["Sigmoid"] = OpKind.Sigmoid,
            ["Exp"] = OpKind.Exp,
            ["Log"] = OpKind.Log,
            ["Square"] = OpKind.Square,
            ["Sqrt"] = OpKind.Sqrt,
            ["Rsqrt"] = OpKind.Rsqrt,
            ["Abs"] = OpKind.Abs,
            ["Sin"] = OpKind.Sin,
            ["Cos"] = OpKind.Cos,
            ["Softplus"] = OpKind.Softplus,
            ["Gelu"] = OpKind.Gelu,
        };

        private static readonly Dictionary<string, OpKind> s_binary = new Dictionary<string, OpKind>
        {
            ["Add"] = OpKind.Add,
            ["Sub"] = OpKind.Sub,
            ["Mul"] = OpKind.Mul,
            ["Div"] = OpKind.Div,
        };

        private readonly GraphBuilder _b;
        private readonly DiagnosticSink _sink;

        public OpCallLowerer(GraphBuilder builder, DiagnosticSink sink)
        {
            _b = builder;
            _sink = sink;
        }

        /// <summary>Runs a builder call, turning a user error it detects into a diagnostic at <paramref name="at"/>.</summary>
        public Value Build(Func<int> build, SyntaxNode at)
        {
            try
            {
                return Value.Tensor(build());
            }
            catch (GraphException e)
            {
                _sink.Add(e.Descriptor, at, e.Arguments);
                return Value.Error;
            }
        }

        /// <summary>An element-wise binary op where either side may be a number, which becomes a constant node.</summary>
        public Value Binary(OpKind op, Value left, Value right, SyntaxNode at) => Build(() =>
        {
            int a = Node(left), b = Node(right);
            switch (op)
            {
                case OpKind.Add: return _b.Add(a, b);
                case OpKind.Sub: return _b.Sub(a, b);
                case OpKind.Mul: return _b.Mul(a, b);
                default: return _b.Div(a, b);
            }
        }, at);

        /// <summary>Lowers a call whose target is a method of <c>MetaDsl.Ops</c>; operands are evaluated by <paramref name="evaluate"/>.</summary>
        public Value Lower(IInvocationOperation call, Func<IOperation, Value> evaluate)
        {
            var name = call.TargetMethod.Name;
            var args = new OpArguments(call, evaluate, _sink);
            var at = call.Syntax;

            if (s_unary.TryGetValue(name, out var unary) && args.Count == 1)
                return args.TryTensor(0, out var x) ? Build(() => _b.Unary(unary, x), at) : Value.Error;
            if (s_binary.TryGetValue(name, out var binary) && args.Count == 2)
                return args.TryOperand(0, out var l) & args.TryOperand(1, out var r) ? Binary(binary, l, r, at) : Value.Error;

            switch (name)
            {
                case "Linear" when args.Count is 2 or 3:
                    return Linear(args, at);
                case "MatMul" when args.Count == 2:
                    return args.TryTensor(0, out var a) & args.TryTensor(1, out var b) ? Build(() => _b.MatMul(a, b), at) : Value.Error;
                case "Mse" when args.Count == 2:
                    return args.TryTensor(0, out var p) & args.TryTensor(1, out var t) ? Build(() => _b.Mse(p, t), at) : Value.Error;
                case "SoftmaxCrossEntropy" when args.Count == 2:
                    return args.TryTensor(0, out var logits) & args.TryTensor(1, out var labels) ? Build(() => _b.SoftmaxCrossEntropy(logits, labels), at) : Value.Error;
                case "Sum" or "Mean" or "Max" or "Min" when args.Count is 1 or 3:
                    return Reduce(name, args, at);
                case "Softmax" or "LogSoftmax" when args.Count == 2:
                    return Softmax(name, args, at);
                case "Reshape" when args.Count == 2:
                    return args.TryTensor(0, out var r0) & args.TryInts(1, "dims", out var dims) ? Build(() => _b.Reshape(r0, dims), at) : Value.Error;
                case "Transpose" when args.Count is 1 or 2:
                    return Transpose(args, at);
                case "Conv2d" when args.Count is 4 or 5:
                    return Conv2d(args, at);
                case "MaxPool2d" or "AvgPool2d" when args.Count is 2 or 3:
                    return Pool(name, args, at);
                case "BatchNorm" when args.Count == 4:
                    return BatchNorm(args, at);
                case "Pow" or "LeakyRelu" when args.Count == 2:
                case "Clamp" when args.Count == 3:
                    return WithConstants(name, args, at);
                case "LayerNorm" when args.Count == 4:
                    return LayerNorm(args, at);
                case "CausalMask" when args.Count == 1:
                    return args.TryTensor(0, out var scores) ? Build(() => _b.CausalMask(scores, double.NegativeInfinity), at) : Value.Error;
                case "Slice" when args.Count == 4:
                    return Slice(args, at);
                case "Concat" when args.Count == 2:
                    return Concat(args, at);
                case "Gather" when args.Count == 2:
                    return args.TryTensor(0, out var table) & args.TryTensor(1, out var indices) ? Build(() => _b.Gather(table, indices), at) : Value.Error;
                case "OneHot" when args.Count == 2:
                    return args.TryTensor(0, out var classIndices) & args.TryInt(1, "classes", out var classes) ? Build(() => _b.OneHotOf(classIndices, classes), at) : Value.Error;
                case "Flatten" when args.Count == 1:
                    return args.TryTensor(0, out var f) ? Build(() => _b.Flatten(f), at) : Value.Error;
                default:
                    _sink.Add(Descriptors.UnknownOp, at, "Ops." + name);
                    return Value.Error;
            }
        }

        private Value Linear(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x) & args.TryTensor(1, out var w);
            int? bias = null;
            if (args.Count == 3)
            {
                ok &= args.TryTensor(2, out var b);
                bias = b;
            }
            return ok ? Build(() => _b.Linear(x, w, bias), at) : Value.Error;
        }

        /// <summary>Sum, Mean, Max or Min of the whole tensor, or over one axis with keepDims (which arrives as its default when omitted).</summary>
        private Value Reduce(string name, OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x);
            if (args.Count == 1)
                return ok ? Build(() => Whole(name, x), at) : Value.Error;
            ok &= args.TryInt(1, "axis", out var axis) & args.TryBoolean(2, "keepDims", out var keepDims);
            if (!ok) return Value.Error;
            return Build(() =>
            {
                int reduced = OverAxis(name, x, axis);
                return keepDims ? _b.KeepDims(reduced, x, axis) : reduced;
            }, at);
        }

        private int Whole(string name, int x)
        {
            switch (name)
            {
                case "Sum": return _b.Sum(x);
                case "Mean": return _b.Mean(x);
                case "Max": return _b.Max(x);
                default: return _b.Min(x);
            }
        }

        private int OverAxis(string name, int x, int axis)
        {
            switch (name)
            {
                case "Sum": return _b.Sum(x, axis);
                case "Mean": return _b.Mean(x, axis);
                case "Max": return _b.Max(x, axis);
                default: return _b.Min(x, axis);
            }
        }

        private Value Softmax(string name, OpArguments args, SyntaxNode at)
        {
            if (!(args.TryTensor(0, out var x) & args.TryInt(1, "axis", out var axis))) return Value.Error;
            var shape = _b.ShapeOf(x);
            int k = Shapes.NormalizeAxis(axis, shape.Count);
            if (k < 0 || k >= shape.Count)
            {
                _sink.Add(Descriptors.InvalidAxis, at, name, axis, Shapes.Format(shape));
                return Value.Error;
            }
            return Build(() => name == "Softmax" ? _b.Softmax(x, k) : _b.LogSoftmax(x, k), at);
        }

        private Value Transpose(OpArguments args, SyntaxNode at)
        {
            bool ok = args.TryTensor(0, out var x);
            if (args.Count == 2)
                return ok & args.TryInts(1, "permutation", out var perm) ? Build(() => _b.Transpose(x, perm), at) : Value.Error;
            if (!ok) return Value.Error;
            var shape = _b.ShapeOf(x);
            // Like the eager op: swapping the last two dims of a vector or scalar is a mistake, not a no-op.
            if (shape.Count < 2)
            {
                _sink.Add(Descriptors.InvalidOpArgument, at, "Transpose", $"shape {Shapes.Format(shape)} has rank {shape.Count}; swapping the last two dims needs rank 2 or more");
                return Value.Error;
            }
            return Build(() => _b.Transpose(x, GraphBuilder.SwapLastTwo(shape.Count)), at);
        }

        private int Node(Value value) => value.IsTensor ? value.Node : _b.Const(value.Number);
    }
}
