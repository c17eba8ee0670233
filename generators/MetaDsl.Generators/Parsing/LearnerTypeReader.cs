using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Where the learner type sits (namespace, enclosing types), how it is declared, and whether a partial declaration can complete it.</summary>
    internal sealed class LearnerTypeReader
    {
        private LearnerTypeReader(string? ns, string keyword, EquatableArray<string> containingTypes, string metadataName)
        {
            Namespace = ns;
            Keyword = keyword;
            ContainingTypes = containingTypes;
            MetadataName = metadataName;
        }

        /// <summary>The namespace as C#, keywords escaped; null for the global namespace.</summary>
        public string? Namespace { get; }

        /// <summary><c>class</c> or <c>record</c>.</summary>
        public string Keyword { get; }

        /// <summary>Partial declarations of the enclosing types, outermost first.</summary>
        public EquatableArray<string> ContainingTypes { get; }

        /// <summary>Namespace, enclosing types and name, dotted and unescaped.</summary>
        public string MetadataName { get; }

        public static LearnerTypeReader Read(INamedTypeSymbol learner, TypeDeclarationSyntax declaration, DiagnosticSink sink)
        {
            var at = declaration.Identifier.GetLocation();
            if (declaration is StructDeclarationSyntax or InterfaceDeclarationSyntax
                || declaration is RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword })
                sink.Add(Descriptors.NotAClass, at, learner.Name, "a " + Keywords(declaration));
            if (!IsPartial(declaration))
                sink.Add(Descriptors.NotPartial, at, learner.Name);
            // Every part of a file-local type must sit in its one file, and generated code is another file.
            if (declaration.Modifiers.Any(SyntaxKind.FileKeyword) || declaration.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.Modifiers.Any(SyntaxKind.FileKeyword)))
                sink.Add(Descriptors.UnsupportedConstruct, at, "a file-local learner class (generated code cannot add to a 'file' type)");
            if (declaration.TypeParameterList is not null)
                sink.Add(Descriptors.GenericLearner, at, learner.Name);
            // A static class cannot implement ILearner, so say so before the C# compiler does less clearly.
            if (learner.IsStatic)
                sink.Add(Descriptors.UnsupportedConstruct, at, "a static learner class");

            var containing = new List<string>();
            var names = new List<string> { learner.Name };
            foreach (var outer in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                var name = outer.Identifier.ValueText;
                if (!IsPartial(outer))
                    sink.Add(Descriptors.NotPartial, outer.Identifier.GetLocation(), name);
                // A generic enclosing type makes the learner itself generic.
                if (outer.TypeParameterList is not null)
                    sink.Add(Descriptors.GenericLearner, outer.Identifier.GetLocation(), name + "." + learner.Name);
                containing.Add("partial " + Keywords(outer) + " " + CSharpNames.Escape(name));
                names.Add(name);
            }
            containing.Reverse();

            var namespaces = new List<string>();
            for (var ns = learner.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
                namespaces.Add(ns.Name);
            names.AddRange(namespaces);
            names.Reverse();
            namespaces.Reverse();

            string? nsText = namespaces.Count == 0 ? null : string.Join(".", namespaces.Select(CSharpNames.Escape));
            return new LearnerTypeReader(nsText, Keywords(declaration), containing.ToEquatableArray(), string.Join(".", names));
        }

        private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

        private static string Keywords(TypeDeclarationSyntax declaration)
            => declaration is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.None)
                ? "record " + record.ClassOrStructKeyword.Text
                : declaration.Keyword.Text;
    }
}
