using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;
using MetaDsl.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators
{
    /// <summary>
    /// Completes every <c>[Learner]</c> class with generated <c>ILearner</c> members. The pipeline is
    /// split as in ComputeSharp: one branch reports diagnostics, the other emits code from a model
    /// whose equality ignores locations, so edits that change nothing observable leave the output cached.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LearnerGenerator : IIncrementalGenerator
    {
        internal const string LearnerAttribute = "MetaDsl.LearnerAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Every kind of type declaration, so that a [Learner] struct or interface is refused by name rather than ignored.
            var results = context.SyntaxProvider.ForAttributeWithMetadataName(
                LearnerAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => LearnerParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Parse);

            var diagnostics = results.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });

            var specs = results.Select(static (r, _) => r.Spec).WithTrackingName(TrackingNames.Spec);
            // File names depend on which learners' names differ only in case; that set rarely changes, so it caches.
            var collisions = specs.Select(static (s, _) => s?.MetadataName ?? "").Collect()
                .Select(static (names, _) => HintNames.CaseCollisions(names))
                .WithTrackingName(TrackingNames.HintNames);
            context.RegisterSourceOutput(specs.Combine(collisions), static (spc, pair) =>
            {
                var (spec, caseCollisions) = pair;
                if (spec is null) return;
                string source;
                try
                {
                    source = LearnerEmitter.Emit(spec, spc.CancellationToken);
                }
                catch (System.Exception e) when (e is not System.OperationCanceledException)
                {
                    // A bug of ours must surface as a diagnostic at the learner, never as CS8785 "generator failed".
                    spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.Descriptors.Internal, spec.Location.Value?.ToLocation(), spec.ClassName, e.Message));
                    return;
                }
                spc.AddSource(HintNames.For(spec.MetadataName, caseCollisions), source);
            });
        }
    }
}
