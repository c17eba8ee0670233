using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Collects the diagnostics of one learner. Duplicates are dropped because a [Forward] method
    /// is lowered both on its own and inlined into its callers, and would otherwise report twice.
    /// </summary>
    internal sealed class DiagnosticSink
    {
        private readonly List<DiagnosticInfo> _items = new List<DiagnosticInfo>();
        private readonly HashSet<DiagnosticInfo> _seen = new HashSet<DiagnosticInfo>();

        public int Count => _items.Count;

        public void Add(DiagnosticDescriptor descriptor, SyntaxNode? at, params object?[] args)
            => Add(descriptor, LocationInfo.From(at), args);

        public void Add(DiagnosticDescriptor descriptor, Location? at, params object?[] args)
            => Add(descriptor, LocationInfo.From(at), args);

        public void Add(DiagnosticDescriptor descriptor, LocationInfo? at, params object?[] args)
        {
            var info = DiagnosticInfo.Create(descriptor, at, args);
            if (_seen.Add(info)) _items.Add(info);
        }

        public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();
    }
}
