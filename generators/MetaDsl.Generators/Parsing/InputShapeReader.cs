using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Reads the tensor parameters of a [Loss] or [Forward] method and their [Shape] attributes.</summary>
    internal static class InputShapeReader
    {

        /// <summary>One spec per parameter, or null for a parameter whose declaration was reported as wrong.</summary>
        public static List<InputSpec?> Read(IMethodSymbol method, KnownTypes known, DiagnosticSink sink)
        {
            var inputs = new List<InputSpec?>();
            foreach (var parameter in method.Parameters) inputs.Add(ReadOne(method, parameter, known, sink));
            return inputs;
        }

        private static InputSpec? ReadOne(IMethodSymbol method, IParameterSymbol parameter, KnownTypes known, DiagnosticSink sink)
        {
            var syntax = parameter.DeclaringSyntaxReferences.Length > 0 ? parameter.DeclaringSyntaxReferences[0].GetSyntax() as ParameterSyntax : null;
            bool ok = true;
            if (!known.IsTensor(parameter.Type))
            {
                sink.Add(Descriptors.WrongType, (SyntaxNode?)syntax?.Type ?? syntax, parameter.Name, parameter.Type.ToDisplayString());
                ok = false;
            }
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                sink.Add(Descriptors.UnsupportedConstruct, syntax, "a ref, out, in or params parameter");
                ok = false;
            }

            var attribute = known.Find(parameter, known.Shape);
            if (attribute is null)
            {
                sink.Add(Descriptors.InputWithoutShape, syntax, parameter.Name, method.Name);
                return null;
            }
            var shape = ReadShape(parameter, attribute, sink);
            return ok && shape is not null ? new InputSpec(parameter.Name, shape.Value) : null;
        }

        private static EquatableArray<Dim>? ReadShape(IParameterSymbol parameter, AttributeData attribute, DiagnosticSink sink)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array || attribute.ConstructorArguments[0].IsNull)
            {
                sink.Add(Descriptors.InputWithoutShape, attributeSyntax, parameter.Name, parameter.ContainingSymbol.Name);
                return null;
            }

            var values = attribute.ConstructorArguments[0].Values;
            var arguments = attributeSyntax?.ArgumentList?.Arguments;
            var dims = new List<Dim>();
            bool ok = true;
            for (int i = 0; i < values.Length; i++)
            {
                // Each dim is reported at its own argument when the dims were written inline (not as an array).
                SyntaxNode? at = arguments is { } list && list.Count == values.Length ? list[i] : attributeSyntax;
                var dim = ReadDim(values[i], out var problem);
                if (dim is null)
                {
                    sink.Add(Descriptors.UnboundDim, at, Describe(values[i]), parameter.Name, problem);
                    ok = false;
                }
                else dims.Add(dim);
            }
            if (values.Length > Shapes.MaxRank)
            {
                sink.Add(Descriptors.InvalidOpArgument, attributeSyntax, "Shape of '" + parameter.Name + "'", $"rank {values.Length} is more than {Shapes.MaxRank}");
                ok = false;
            }
            return ok ? Shapes.Of(dims) : null;
        }

        private static Dim? ReadDim(TypedConstant value, out string problem)
        {
            problem = "";
            if (value.Kind == TypedConstantKind.Array)
            {
                problem = "a dim is a positive int or one name, not an array";
                return null;
            }
            switch (value.Value)
            {
                case int n when n >= 1:
                    return Dim.Const(n);
                case int:
                    problem = "a constant dim must be positive";
                    return null;
                case string s when SyntaxFacts.IsValidIdentifier(s):
                    return Dim.Symbol(s);
                default:
                    problem = "a dim is a positive int or one name such as \"n\" (expressions are not supported)";
                    return null;
            }
        }

        private static string Describe(TypedConstant value) => value.Kind == TypedConstantKind.Array ? "an array" : value.Value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            var v => v.ToString(),
        };
    }
}
