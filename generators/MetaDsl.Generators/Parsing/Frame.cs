using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The locals and parameters of one (possibly inlined) method body while it is evaluated, and its result.</summary>
    internal sealed class Frame
    {
        private readonly Dictionary<ISymbol, Value> _values = new Dictionary<ISymbol, Value>(SymbolEqualityComparer.Default);

        /// <summary>The returned value, once a return statement ran.</summary>
        public Value? Returned { get; set; }

        public bool HasReturned => Returned.HasValue;

        public void Set(ISymbol local, Value value) => _values[local] = value;

        public bool TryGet(ISymbol local, out Value value) => _values.TryGetValue(local, out value);
    }
}
