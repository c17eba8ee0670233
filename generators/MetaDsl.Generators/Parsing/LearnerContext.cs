using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>What lowering any method body of one learner needs to know, and what it reports.</summary>
    internal sealed class LearnerContext
    {
        public LearnerContext(INamedTypeSymbol learner, KnownTypes known, LearnerParameters parameters, MethodTable methods,
            SemanticModels models, DiagnosticSink sink, CancellationToken cancellationToken)
        {
            Learner = learner;
            Known = known;
            Parameters = parameters;
            Methods = methods;
            Models = models;
            Sink = sink;
            CancellationToken = cancellationToken;
        }

        public INamedTypeSymbol Learner { get; }

        public KnownTypes Known { get; }

        public LearnerParameters Parameters { get; }

        public MethodTable Methods { get; }

        public SemanticModels Models { get; }

        public DiagnosticSink Sink { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>Methods whose bodies have been lowered, so each [Forward] method is checked at least once.</summary>
        public HashSet<IMethodSymbol> Lowered { get; } = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

        /// <summary>
        /// Set when the body contains code the C# compiler itself rejects. The compiler reports it, so we
        /// add no diagnostic of our own, but we must not emit a learner from a body we could not read.
        /// </summary>
        public bool SawInvalidCode { get; set; }
    }
}
