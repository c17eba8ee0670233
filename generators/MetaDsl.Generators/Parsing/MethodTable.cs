using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The learner's [Loss] method, its optional [MetaLoss] method and its [Forward] methods (the first is the learner's Predict; all can be inlined).</summary>
    internal sealed class MethodTable
    {
        private readonly Dictionary<IMethodSymbol, LearnerMethod> _forwards = new Dictionary<IMethodSymbol, LearnerMethod>(SymbolEqualityComparer.Default);

        private MethodTable()
        {
        }

        public LearnerMethod? Loss { get; private set; }

        public LearnerMethod? Forward { get; private set; }

        /// <summary>The [MetaLoss] method, or null when the [Loss] is also the outer objective.</summary>
        public LearnerMethod? MetaLoss { get; private set; }

        public IEnumerable<LearnerMethod> Forwards => _forwards.Values;

        public LearnerMethod? FindForward(IMethodSymbol method)
            => _forwards.TryGetValue(method.OriginalDefinition, out var found) ? found : null;

        public static MethodTable Read(INamedTypeSymbol learner, Location classIdentifier, KnownTypes known, DiagnosticSink sink)
        {
            var table = new MethodTable();
            foreach (var method in learner.GetMembers().OfType<IMethodSymbol>())
            {
                bool isLoss = known.Find(method, known.Loss) is not null;
                bool isForward = known.Find(method, known.Forward) is not null;
                bool isMetaLoss = known.Find(method, known.MetaLoss) is not null;
                if (!isLoss && !isForward && !isMetaLoss) continue;
                var entry = Describe(method, known, sink);
                if (isMetaLoss)
                {
                    if (table.MetaLoss is null) table.MetaLoss = entry;
                    else sink.Add(Descriptors.DuplicateMetaLoss, entry.Identifier, learner.Name);
                }
                if (isForward)
                {
                    table._forwards[method] = entry;
                    table.Forward ??= entry;
                }
                if (!isLoss) continue;
                if (table.Loss is null) table.Loss = entry;
                else sink.Add(Descriptors.DuplicateLoss, entry.Identifier, learner.Name);
            }
            if (table.Loss is null) sink.Add(Descriptors.NoLoss, classIdentifier, learner.Name);
            return table;
        }

        private static LearnerMethod Describe(IMethodSymbol method, KnownTypes known, DiagnosticSink sink)
        {
            var implementation = method.PartialImplementationPart ?? method;
            var declaration = implementation.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax())
                .OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(d => d.Body is not null || d.ExpressionBody is not null);
            var identifier = declaration?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault();

            if (declaration is null)
                sink.Add(Descriptors.UnsupportedConstruct, identifier, "a [Loss], [MetaLoss] or [Forward] method without a body");
            else if (SyntaxDepth.FirstTooDeep(declaration) is { } tooDeep)
            {
                // Never bound: binding it could overflow the stack before any diagnostic is reported.
                sink.Add(Descriptors.NestedTooDeeply, tooDeep, SyntaxDepth.Max);
                declaration = null;
            }
            if (method.IsGenericMethod)
                sink.Add(Descriptors.UnsupportedConstruct, identifier, "a generic [Loss], [MetaLoss] or [Forward] method");
            if (!known.IsTensor(method.ReturnType))
                sink.Add(Descriptors.WrongType, declaration?.ReturnType.GetLocation() ?? identifier, method.Name + "()", method.ReturnType.ToDisplayString());

            var inputs = InputShapeReader.Read(method, known, sink);
            return new LearnerMethod(method, declaration, inputs);
        }
    }
}
