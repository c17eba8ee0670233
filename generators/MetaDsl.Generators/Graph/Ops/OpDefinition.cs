using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// Everything the generator knows about one primitive op, side by side: its shape rule, its
    /// reverse-mode rule (VJP), its forward-mode rule (JVP), the kernel calls it emits for the CPU (C#) and the
    /// group-strided device code it emits for ILGPU. Both
    /// derivative rules build IR through <see cref="GraphBuilder"/>, so transforms compose to any order.
    /// </summary>
    internal abstract class OpDefinition
    {
        public abstract OpKind Kind { get; }

        /// <summary>The name shown in messages and the graph export.</summary>
        public virtual string Name => Kind.ToString();

        /// <summary>The output shape of <paramref name="proto"/>; throws <see cref="GraphException"/> for user errors.</summary>
        public abstract EquatableArray<Dim> InferShape(GraphBuilder b, Node proto);

        /// <summary>
        /// True when the shape is given by the proto (sources, reshapes, reductions and broadcasts to a
        /// named shape, Col2Im's image) rather than inferred from the arguments; every other op's proto
        /// carries the scalar shape, so protos compare equal before their shapes are inferred.
        /// </summary>
        public virtual bool ShapeFromProto => false;

        /// <summary>Adds the contributions of the node's adjoint to its arguments' adjoints. Sources contribute nothing.</summary>
        public virtual void Vjp(ReverseContext c)
        {
        }

        /// <summary>The tangent of the node given its arguments' tangents, or -1 when it is zero.</summary>
        public virtual int Jvp(ForwardContext c) => -1;

        /// <summary>Writes the C# that computes the node into its buffer.</summary>
        public abstract void EmitCpu(CpuEmitContext c);

        /// <summary>Writes the ILGPU device code, run by all threads of a group, that computes the node into its view.</summary>
        public abstract void EmitIlgpu(IlgpuEmitContext c);

        /// <summary>True when the node shares its argument's buffer instead of owning one.</summary>
        public virtual bool IsAlias => false;
    }
}
