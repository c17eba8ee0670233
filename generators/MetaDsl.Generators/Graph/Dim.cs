using System;
using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// A tensor dim known at build time up to symbols bound at run time: a constant times a product
    /// of symbols (<c>40</c>, <c>n</c>, <c>n*40</c>). Products and exact quotients stay in this form,
    /// which is all that reshapes, reductions and sizes need.
    /// </summary>
    internal sealed record Dim(long Coefficient, EquatableArray<string> Symbols)
    {
        public static readonly Dim One = Const(1);

        public static Dim Const(long value) => new Dim(value, EquatableArray<string>.Empty);

        public static Dim Symbol(string name) => new Dim(1, EquatableArray.Of(name));

        public bool IsConstant => Symbols.Count == 0;

        public Dim Times(Dim other)
        {
            // Sizes are products of mostly constant dims: those cases keep the symbols as they are.
            if (other.IsConstant)
                return other.Coefficient == 1 ? this : new Dim(Coefficient * other.Coefficient, Symbols);
            if (IsConstant)
                return Coefficient == 1 ? other : new Dim(Coefficient * other.Coefficient, other.Symbols);
            return new Dim(Coefficient * other.Coefficient, Symbols.Concat(other.Symbols).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray());
        }

        /// <summary>This divided by <paramref name="divisor"/>, or null when the quotient is not a dim.</summary>
        public Dim? DividedBy(Dim divisor)
        {
            if (divisor.Coefficient == 0 || Coefficient % divisor.Coefficient != 0) return null;
            var remaining = new List<string>(Symbols);
            foreach (var s in divisor.Symbols)
                if (!remaining.Remove(s)) return null;
            return new Dim(Coefficient / divisor.Coefficient, remaining.ToEquatableArray());
        }

        /// <summary>C# text computing this dim from the bound symbol locals.</summary>
        public string ToCode()
        {
            if (IsConstant) return Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var parts = Symbols.Select(Identifiers.DimLocal).ToList();
            if (Coefficient != 1) parts.Add(Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return string.Join(" * ", parts);
        }

        public override string ToString()
        {
            if (IsConstant) return Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var parts = Symbols.ToList();
            if (Coefficient != 1) parts.Add(Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return string.Join("*", parts);
        }
    }
}
