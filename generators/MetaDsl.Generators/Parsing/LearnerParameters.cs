using System.Collections.Generic;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The learner's [Param] and [MetaParam] members: their specs, and which member is which graph Param.</summary>
    internal sealed class LearnerParameters
    {
        private readonly Dictionary<ISymbol, int> _indexOf = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly List<ParamSpec?> _specs = new List<ParamSpec?>();

        /// <summary>Records a member in declaration order; <paramref name="spec"/> is null when its declaration was reported as wrong.</summary>
        public void Add(ISymbol member, ParamSpec? spec)
        {
            _indexOf[member] = _specs.Count;
            _specs.Add(spec);
        }

        public bool Contains(ISymbol member) => _indexOf.ContainsKey(member);

        /// <summary>The graph node that reads <paramref name="member"/>, or null when its declaration is wrong.</summary>
        public int? Read(ISymbol member, GraphBuilder b)
        {
            int index = _indexOf[member];
            var spec = _specs[index];
            if (spec is null) return null;
            var shape = new List<Dim>();
            foreach (var d in spec.Dims) shape.Add(Dim.Const(d));
            return b.Param(index, spec.Name, Shapes.Of(shape));
        }

        /// <summary>All specs, or null when any declaration was wrong.</summary>
        public EquatableArray<ParamSpec>? ToSpecs()
        {
            var list = new List<ParamSpec>();
            foreach (var s in _specs)
            {
                if (s is null) return null;
                list.Add(s);
            }
            return list.ToEquatableArray();
        }
    }
}
