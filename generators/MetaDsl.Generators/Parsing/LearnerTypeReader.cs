using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Reads where the learner class sits (namespace, enclosing types) and checks it can be completed by a partial declaration.</summary>
    internal static class LearnerTypeReader
    {
        public static (string? Namespace, EquatableArray<string> ContainingTypes) Read(
            INamedTypeSymbol learner, TypeDeclarationSyntax declaration, DiagnosticSink sink)
        {
            if (!IsPartial(declaration))
                sink.Add(Descriptors.NotPartial, declaration.Identifier.GetLocation(), learner.Name);
            if (declaration.TypeParameterList is not null)
                sink.Add(Descriptors.GenericLearner, declaration.Identifier.GetLocation(), learner.Name);
            // A static class cannot implement ILearner, so say so before the C# compiler does less clearly.
            if (learner.IsStatic)
                sink.Add(Descriptors.UnsupportedConstruct, declaration.Identifier.GetLocation(), "a static learner class");

            var containing = new List<string>();
            foreach (var outer in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                var name = outer.Identifier.ValueText;
                if (!IsPartial(outer))
                    sink.Add(Descriptors.NotPartial, outer.Identifier.GetLocation(), name);
                // A generic enclosing type makes the learner itself generic.
                if (outer.TypeParameterList is not null)
                    sink.Add(Descriptors.GenericLearner, outer.Identifier.GetLocation(), name + "." + learner.Name);
                containing.Add("partial " + Keywords(outer) + " " + name);
            }
            containing.Reverse();

            var ns = learner.ContainingNamespace;
            string? nsName = ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString();
            return (nsName, containing.ToEquatableArray());
        }

        private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

        private static string Keywords(TypeDeclarationSyntax declaration)
            => declaration is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.None)
                ? "record " + record.ClassOrStructKeyword.Text
                : declaration.Keyword.Text;
    }
}
