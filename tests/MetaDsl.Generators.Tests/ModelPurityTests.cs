using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Tests;

/// <summary>The parse model is cached between runs, so it must hold nothing that keeps a compilation alive.</summary>
public class ModelPurityTests
{
    private static readonly Type[] s_forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel)];

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>(LearnerSources.All);
        // A learner with errors, so diagnostics (with their locations) are walked too.
        data.Add("""
            using MetaDsl;
            using static MetaDsl.Ops;
            [Learner]
            public class Broken
            {
                [Param(0)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Square(Foo(x));
            }
            """);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Parse_results_hold_no_symbols_syntax_locations_or_compilations(string source)
    {
        var results = GeneratorHarness.Run(source).ParseResults.ToList();

        Assert.NotEmpty(results);
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var result in results) Walk(result, "ParseResult", visited);
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null) return;
        var type = value.GetType();
        Assert.False(s_forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
        if (!type.IsValueType && !visited.Add(value)) return;

        // Collections are walked through their fields down to the arrays that hold the items.
        if (value is Array array)
        {
            for (int i = 0; i < array.Length; i++) Walk(array.GetValue(i), $"{path}[{i}]", visited);
            return;
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.IsDefined(typeof(CompilerGeneratedAttribute)) && field.FieldType == typeof(Type)) continue;
                Walk(field.GetValue(value), path + "." + field.Name, visited);
            }
    }
}
