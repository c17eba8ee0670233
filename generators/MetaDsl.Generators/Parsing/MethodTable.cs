using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// The learner's [Loss] method, its optional [MetaLoss] method and its [Forward] methods (all can be inlined):
    /// the only one, or the one marked <c>Model = true</c>, is the learner's Predict.
    /// </summary>
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
            var marked = new List<LearnerMethod>();
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
                    if (IsMarkedModel(known.Find(method, known.Forward)!)) marked.Add(entry);
                }
                if (!isLoss) continue;
                if (table.Loss is null) table.Loss = entry;
                else sink.Add(Descriptors.DuplicateLoss, entry.Identifier, learner.Name);
            }
            if (table.Loss is null) sink.Add(Descriptors.NoLoss, classIdentifier, learner.Name);
            table.Forward = PickModel(table._forwards.Values.ToList(), marked, learner.Name, classIdentifier, sink);
            return table;
        }

        private static bool IsMarkedModel(AttributeData forward)
            => forward.NamedArguments.Any(a => a.Key == "Model" && a.Value.Value is true);

        /// <summary>The only [Forward] method, or the one marked as the model; ambiguity is reported and gives none.</summary>
        private static LearnerMethod? PickModel(List<LearnerMethod> forwards, List<LearnerMethod> marked, string learner, Location classIdentifier, DiagnosticSink sink)
        {
            if (forwards.Count == 1) return forwards[0];
            if (marked.Count == 1) return marked[0];
            if (forwards.Count == 0) return null;
            string names = string.Join(", ", forwards.Select(f => f.Symbol.Name));
            if (marked.Count == 0)
                sink.Add(Descriptors.AmbiguousModel, classIdentifier, learner, names, "mark the model with [Forward(Model = true)]");
            else
                foreach (var extra in marked.Skip(1))
                    sink.Add(Descriptors.AmbiguousModel, extra.Identifier, learner, names, "only one may be marked Model = true");
            return null;
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
