using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;
using MetaDsl.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators
{
    /// <summary>
    /// Completes every <c>[Learner]</c> class with generated <c>ILearner</c> members. The pipeline is
    /// split as in ComputeSharp: one branch reports diagnostics, the other emits code from a model
    /// that holds no locations, so edits that change nothing observable leave the output cached.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LearnerGenerator : IIncrementalGenerator
    {
        internal const string LearnerAttribute = "MetaDsl.LearnerAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var results = context.SyntaxProvider.ForAttributeWithMetadataName(
                LearnerAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                static (ctx, ct) => LearnerParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Parse);

            var diagnostics = results.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });

            var specs = results.Select(static (r, _) => r.Spec).WithTrackingName(TrackingNames.Spec);
            context.RegisterSourceOutput(specs, static (spc, spec) =>
            {
                if (spec is null) return;
                string source;
                try
                {
                    source = LearnerEmitter.Emit(spec);
                }
                catch (System.Exception e) when (e is not System.OperationCanceledException)
                {
                    // A bug of ours must surface as a diagnostic, never as CS8785 "generator failed".
                    spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.Descriptors.Internal, null, spec.ClassName, e.Message));
                    return;
                }
                spc.AddSource(spec.FullName + ".g.cs", source);
            });
        }
    }
}
