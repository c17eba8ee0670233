using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// A sum of dims kept as a polynomial in the symbols (<c>120 + 40*n + n*m</c>), so that an
    /// offset past any number of buffers is written as a few terms rather than as the whole sum.
    /// </summary>
    internal sealed class DimSum
    {
        private readonly SortedDictionary<string, (EquatableArray<string> Symbols, long Coefficient)> _terms
            = new SortedDictionary<string, (EquatableArray<string>, long)>(System.StringComparer.Ordinal);

        public static DimSum Zero => new DimSum();

        public DimSum Plus(Dim dim)
        {
            var next = new DimSum();
            foreach (var term in _terms) next._terms[term.Key] = term.Value;
            string key = string.Join("*", dim.Symbols);
            next._terms[key] = (dim.Symbols, (next._terms.TryGetValue(key, out var t) ? t.Coefficient : 0) + dim.Coefficient);
            return next;
        }

        /// <summary>C# text computing the sum from the bound symbol locals.</summary>
        public string ToCode()
        {
            var parts = _terms.Values.Where(t => t.Coefficient != 0).Select(t => new Dim(t.Coefficient, t.Symbols).ToCode()).ToList();
            return parts.Count == 0 ? "0" : string.Join(" + ", parts);
        }

        public override string ToString() => ToCode();
    }
}
