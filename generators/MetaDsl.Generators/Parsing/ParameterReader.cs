using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Reads [Param] and [MetaParam] fields and properties into <see cref="ParamSpec"/>s, checking type, dims and init.</summary>
    internal static class ParameterReader
    {

        public static LearnerParameters Read(INamedTypeSymbol learner, KnownTypes known, DiagnosticSink sink)
        {
            var parameters = new LearnerParameters();
            foreach (var member in learner.GetMembers())
            {
                if (member.IsImplicitlyDeclared || member is not (IFieldSymbol or IPropertySymbol)) continue;
                var attribute = known.Find(member, known.MetaParam) ?? known.Find(member, known.Param);
                if (attribute is null) continue;
                parameters.Add(member, ReadOne(member, attribute, known, sink));
            }
            return parameters;
        }

        private static ParamSpec? ReadOne(ISymbol member, AttributeData attribute, KnownTypes known, DiagnosticSink sink)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax();
            bool ok = true;

            var type = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            if (!known.IsTensor(type))
            {
                sink.Add(Descriptors.WrongType, TypeSyntaxOf(member) ?? attributeSyntax, member.Name, type.ToDisplayString());
                ok = false;
            }

            if (AssignmentProblem(member) is { } assignment)
            {
                sink.Add(Descriptors.ParamNotAssignable, member.Locations.FirstOrDefault(l => l.IsInSource) ?? attributeSyntax?.GetLocation(), member.Name, assignment);
                ok = false;
            }

            var dims = ReadDims(attribute);
            if (dims is null || dims.Count == 0)
            {
                sink.Add(Descriptors.ParamWithoutShape, attributeSyntax, member.Name);
                return null;
            }
            var problem = DimsProblem(dims);
            if (problem is not null)
            {
                sink.Add(Descriptors.InvalidParamShape, attributeSyntax, member.Name, "[" + string.Join(", ", dims) + "]", problem);
                ok = false;
            }

            string init = "Default";
            double value = 0;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Init")
                {
                    var name = EnumMemberName(named.Value);
                    if (name is null)
                    {
                        sink.Add(Descriptors.InvalidOpArgument, attributeSyntax, "Init of '" + member.Name + "'",
                            $"{named.Value.Value} is not a member of MetaDsl.Init");
                        ok = false;
                    }
                    else init = name;
                }
                else if (named.Key == "Value" && named.Value.Value is double v)
                {
                    value = v;
                }
            }

            bool isMeta = KnownTypes.Is(attribute.AttributeClass, known.MetaParam);
            return ok ? new ParamSpec(member.Name, dims.ToEquatableArray(), isMeta, init, value) : null;
        }

        /// <summary>The dims passed to the attribute's <c>params int[]</c> constructor, or null when the attribute does not bind.</summary>
        private static List<int>? ReadDims(AttributeData attribute)
        {
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1) return null;
            var array = attribute.ConstructorArguments[0];
            if (array.Kind != TypedConstantKind.Array || array.IsNull) return null;
            var dims = new List<int>();
            foreach (var element in array.Values)
            {
                if (element.Kind == TypedConstantKind.Array || element.Value is not int d) return null;
                dims.Add(d);
            }
            return dims;
        }

        /// <summary>Why the generated <c>LoadParameters</c> could not assign this member, or null when it can.</summary>
        private static string? AssignmentProblem(ISymbol member)
        {
            if (member.IsStatic) return member is IFieldSymbol { IsConst: true } ? "is a const" : "is static";
            switch (member)
            {
                case IFieldSymbol { IsReadOnly: true }:
                    return "is readonly";
                case IPropertySymbol { IsIndexer: true }:
                    return "is an indexer";
                case IPropertySymbol { SetMethod: null }:
                    return "has no setter";
                case IPropertySymbol { SetMethod.IsInitOnly: true }:
                    return "has an init-only setter";
                case IPropertySymbol { ReturnsByRef: true } or IPropertySymbol { ReturnsByRefReadonly: true }:
                    return "returns by reference";
                default:
                    return null;
            }
        }

        private static string? DimsProblem(List<int> dims)
        {
            if (dims.Count > Shapes.MaxRank) return $"rank {dims.Count} is more than {Shapes.MaxRank}";
            if (dims.Any(d => d <= 0)) return "every dim must be positive";
            long size = 1;
            foreach (var d in dims) size *= d;
            // Offsets into theta are ints in generated code.
            if (size > int.MaxValue) return $"{size} elements are more than a flat parameter vector can index";
            return null;
        }

        private static string? EnumMemberName(TypedConstant constant)
        {
            if (constant.Type is not INamedTypeSymbol enumType) return null;
            foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
                if (field.HasConstantValue && Equals(field.ConstantValue, constant.Value)) return field.Name;
            return null;
        }

        private static SyntaxNode? TypeSyntaxOf(ISymbol member)
        {
            var syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            return syntax switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => syntax,
            };
        }
    }
}
