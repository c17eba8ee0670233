namespace MetaDsl.Generators.Parsing
{
    /// <summary>What a learner-body expression or local evaluates to at build time.</summary>
    internal enum ValueKind
    {
        /// <summary>Evaluation failed and a diagnostic was already reported; consumers stay silent to avoid cascades.</summary>
        Error,

        /// <summary>A tensor local that holds no tensor yet (declared without one, or set to null).</summary>
        Unassigned,

        /// <summary>A graph node.</summary>
        Tensor,

        /// <summary>A number known at build time.</summary>
        Number,

        /// <summary>A bool known at build time (loop and if conditions).</summary>
        Boolean,
    }

    /// <summary>The build-time value of an expression: a graph node or a compile-time number or bool.</summary>
    internal readonly struct Value
    {
        private Value(ValueKind kind, int node, double number)
        {
            Kind = kind;
            Node = node;
            Number = number;
        }

        public static Value Error => default;

        public static Value Unassigned => new Value(ValueKind.Unassigned, -1, 0);

        public ValueKind Kind { get; }

        /// <summary>The node id of a <see cref="ValueKind.Tensor"/>.</summary>
        public int Node { get; }

        /// <summary>The number of a <see cref="ValueKind.Number"/>, or 1 / 0 for a <see cref="ValueKind.Boolean"/>.</summary>
        public double Number { get; }

        public bool IsError => Kind == ValueKind.Error;

        public bool IsTensor => Kind == ValueKind.Tensor;

        public bool IsNumber => Kind == ValueKind.Number;

        public bool IsBoolean => Kind == ValueKind.Boolean;

        public bool AsBoolean => Number != 0;

        public static Value Tensor(int node) => new Value(ValueKind.Tensor, node, 0);

        public static Value Of(double number) => new Value(ValueKind.Number, -1, number);

        public static Value Of(bool value) => new Value(ValueKind.Boolean, -1, value ? 1 : 0);
    }
}
