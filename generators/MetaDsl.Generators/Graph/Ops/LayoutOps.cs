using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Reshape: the same values under new dims. It aliases its argument's buffer.</summary>
    internal sealed class ReshapeOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Reshape;

        public override bool IsAlias => true;

        public override bool ShapeFromProto => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var from = b.ShapeOf(proto.Args[0]);
            if (!Shapes.Size(from).Equals(Shapes.Size(proto.Shape)))
                throw GraphBuilder.Mismatch("Reshape", from, proto.Shape, " (sizes differ)");
            return proto.Shape;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Reshape(c.G, c.B.ShapeOf(c.Arg(0))));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Reshape(c.Tangent(0), c.Node.Shape);

        public override void EmitCpu(CpuEmitContext c)
        {
            // An alias: the emitter binds the node to its argument's span.
        }

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            // An alias: the emitter binds the node to its argument's view.
        }
    }

    /// <summary>Permutes dims.</summary>
    internal sealed class TransposeOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Transpose;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            var perm = proto.Perm;
            if (perm.Count != shape.Count || !perm.OrderBy(p => p).SequenceEqual(Enumerable.Range(0, shape.Count)))
                throw new GraphException(Descriptors.InvalidOpArgument, "Transpose", $"[{string.Join(", ", perm)}] is not a permutation of the {shape.Count} dims of {Shapes.Format(shape)}");
            return Shapes.Of(perm.Select(p => shape[p]));
        }

        public override void Vjp(ReverseContext c)
        {
            var perm = c.Node.Perm;
            var inverse = new int[perm.Count];
            for (int i = 0; i < perm.Count; i++) inverse[perm[i]] = i;
            c.Accumulate(0, c.B.Transpose(c.G, inverse));
        }

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Transpose(c.Tangent(0), c.Node.Perm);

        public override void EmitCpu(CpuEmitContext c)
        {
            // Padded to the largest rank with leading unit axes and passed as scalars: the kernel takes no spans from generated code.
            var shape = c.ArgShape(0).Select(d => d.ToCode()).ToList();
            int pad = Shapes.MaxRank - shape.Count;
            var dims = Enumerable.Repeat("1", pad).Concat(shape);
            var perm = Enumerable.Range(0, pad).Concat(c.Node.Perm.Select(p => p + pad));
            c.Line($"global::MetaDsl.Kernels.Layout.Transpose<T>({c.Arg(0)}, {c.Dst}, {string.Join(", ", dims)}, {string.Join(", ", perm)});");
        }

        /// <summary>
        /// Index math with the dims as constants where static: each output element splits its index into
        /// output coordinates (last dim fastest) and reads the input at those coordinates' input strides.
        /// </summary>
        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            var input = c.ArgShape(0);
            var perm = c.Node.Perm;
            int rank = perm.Count;
            var body = new List<string> { $"int __r = {IlgpuEmitContext.Element};" };
            var terms = new List<string>();
            for (int k = rank - 1; k >= 0; k--)
            {
                string size = ProgramEmitter.Paren(c.Node.Shape[k].ToCode());
                body.Add(k == 0 ? $"int __c{k} = __r;" : $"int __c{k} = __r % {size}; __r /= {size};");
                var stride = Shapes.Product(input, perm[k] + 1, rank);
                terms.Add(stride.Equals(Dim.One) ? $"__c{k}" : $"__c{k} * {ProgramEmitter.Paren(stride.ToCode())}");
            }
            terms.Reverse();
            body.Add($"{c.Dst}[{IlgpuEmitContext.Element}] = {c.Arg(0)}[{(terms.Count == 0 ? "0" : string.Join(" + ", terms))}];");
            c.EachElementBlock(body);
        }
    }
}
