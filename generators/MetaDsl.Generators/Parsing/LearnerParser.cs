using System;
using System.Linq;
using System.Threading;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Turns one [Learner] class into a <see cref="LearnerSpec"/> and its diagnostics. It reports
    /// every independent error it finds, emits no spec when there is any, and never throws: a bug
    /// of ours becomes MDSL0020 rather than the compiler's "generator failed".
    /// </summary>
    internal static class LearnerParser
    {
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = context.TargetNode as TypeDeclarationSyntax;
            try
            {
                if (declaration is null || context.TargetSymbol is not INamedTypeSymbol learner)
                    return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
                return Parse(learner, declaration, context.SemanticModel, cancellationToken);
            }
            catch (InsufficientExecutionStackException)
            {
                var at = LocationInfo.From(declaration?.Identifier.GetLocation() ?? context.TargetNode.GetLocation());
                return new ParseResult(null, EquatableArray.Of(DiagnosticInfo.Create(Descriptors.NestedTooDeeply, at, SyntaxDepth.Max)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var at = LocationInfo.From(declaration?.Identifier.GetLocation() ?? context.TargetNode.GetLocation());
                var name = context.TargetSymbol?.Name ?? "";
                return new ParseResult(null, EquatableArray.Of(DiagnosticInfo.Create(Descriptors.Internal, at, name, e.GetType().Name + ": " + e.Message)));
            }
        }

        private static ParseResult Parse(INamedTypeSymbol learner, TypeDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            var sink = new DiagnosticSink();
            var known = KnownTypes.From(model.Compilation);
            var type = LearnerTypeReader.Read(learner, declaration, sink);
            GeneratedMemberClashes.Report(learner, declaration.Identifier.GetLocation(), sink);
            var parameters = ParameterReader.Read(learner, known, sink);
            var methods = MethodTable.Read(learner, declaration.Identifier.GetLocation(), known, sink);
            var ctx = new LearnerContext(learner, known, parameters, methods, new SemanticModels(model), sink, cancellationToken);

            ProgramSpec? loss = methods.Loss is { } lossMethod ? LowerLoss(lossMethod, "[Loss]", ctx) : null;
            ProgramSpec? metaLoss = methods.MetaLoss is { } metaLossMethod ? LowerLoss(metaLossMethod, "[MetaLoss]", ctx) : null;
            if (loss is not null && metaLoss is not null) CheckSameInputs(loss, metaLoss, methods.MetaLoss!, ctx);
            ProgramSpec? forward = methods.Forward is { } forwardMethod ? BodyLowerer.LowerProgram(forwardMethod, ctx) : null;
            // [Forward] helpers that neither program reaches are still checked, so their errors show up now.
            foreach (var helper in methods.Forwards.ToList())
                if (!ctx.Lowered.Contains(helper.Symbol)) BodyLowerer.LowerProgram(helper, ctx);

            var specs = parameters.ToSpecs();
            bool complete = loss is not null && (methods.MetaLoss is null || metaLoss is not null) && (methods.Forward is null || forward is not null) && specs is not null;
            if (sink.Count > 0 || ctx.SawInvalidCode || !complete)
                return new ParseResult(null, sink.ToEquatableArray());
            var spec = new LearnerSpec(type.Namespace, learner.Name, type.Keyword, type.ContainingTypes, type.MetadataName, specs!.Value, loss!, metaLoss, forward,
                new Untracked<LocationInfo?>(LocationInfo.From(declaration.Identifier.GetLocation())));
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static ProgramSpec? LowerLoss(LearnerMethod method, string attribute, LearnerContext ctx)
        {
            var program = BodyLowerer.LowerProgram(method, ctx);
            if (program is null) return null;
            var shape = program.Graph.Nodes[program.Graph.Output].Shape;
            if (shape.Count == 0) return program;
            ctx.Sink.Add(Descriptors.LossNotScalar, method.Identifier, attribute, method.Name, Shapes.Format(shape));
            return null;
        }

        /// <summary>The algorithms score support and query batches of one layout with both losses, so their inputs must agree in order and shape (names may differ).</summary>
        private static void CheckSameInputs(ProgramSpec loss, ProgramSpec metaLoss, LearnerMethod method, LearnerContext ctx)
        {
            if (loss.Inputs.Select(i => i.Shape).SequenceEqual(metaLoss.Inputs.Select(i => i.Shape))) return;
            ctx.Sink.Add(Descriptors.MetaLossInputsDiffer, method.Identifier, metaLoss.MethodName, Describe(metaLoss), loss.MethodName, Describe(loss));
        }

        private static string Describe(ProgramSpec program)
            => program.Inputs.Count == 0 ? "no inputs" : string.Join(", ", program.Inputs.Select(i => i.Name + " " + Shapes.Format(i.Shape)));
    }
}
