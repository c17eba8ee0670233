using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaDsl.Generators.Tests.Fuzz;

/// <summary>
/// Edits a learner the way users do: typos at the token level, and structural experiments (renames,
/// case-only twins, namespaces, deep nesting, long loops, attribute spellings, other kinds of type
/// declaration, members named like generated ones). Each returns the new text and what it did, or
/// null when it does not apply to this source.
/// </summary>
internal static class Mutators
{
    private delegate (string Text, string Description)? Mutator(string source, Random random);

    private static readonly Mutator[] s_all =
    [
        Token, Token, Token, RenameLearner, CaseTwin, WrapInNamespace, DeepExpression, LongLoop,
        AttributeForm, Declaration, ClashingMember, ParamMember, Token,
    ];

    private static readonly string[] s_keywords = ["class", "event", "operator", "int", "namespace", "this", "base", "params", "partial", "record"];

    /// <summary>Applies one to three mutators to <paramref name="source"/>.</summary>
    public static (string Text, string Description) Mutate(string source, Random random)
    {
        var text = source;
        var done = new List<string>();
        int count = 1 + random.Next(3);
        for (int attempt = 0; attempt < 12 && done.Count < count; attempt++)
        {
            if (s_all[random.Next(s_all.Length)](text, random) is not { } next) continue;
            text = next.Text;
            done.Add(next.Description);
        }
        return (text, string.Join("; ", done));
    }

    private static (string, string)? Token(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        if (tokens.Count < 2) return null;
        int i = random.Next(tokens.Count - 1);
        var token = tokens[i];
        switch (random.Next(3))
        {
            case 0:
                return (source.Remove(token.SpanStart, token.Span.Length), $"delete '{token.Text}' at {token.SpanStart}");
            case 1:
                return (source.Insert(token.Span.End, " " + token.Text), $"duplicate '{token.Text}' at {token.SpanStart}");
            default:
                var next = tokens[i + 1];
                var swapped = source.Substring(0, token.SpanStart) + next.Text
                    + source.Substring(token.Span.End, next.SpanStart - token.Span.End) + token.Text + source.Substring(next.Span.End);
                return (swapped, $"swap '{token.Text}' and '{next.Text}' at {token.SpanStart}");
        }
    }

    private static string? LearnerName(string source)
    {
        var match = Regex.Match(source, @"\[Learner\][^{]*?\b(?:class|struct|record)\s+(@?\w+)");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static (string, string)? RenameLearner(string source, Random random)
    {
        if (LearnerName(source) is not { } name) return null;
        string[] names = ["@" + Pick(s_keywords, random), "Größe", "_", "T", "Info", "Learner", "Ops", "MetaDsl", "Tensor", "__info", name.ToLowerInvariant(), name + "_2"];
        var renamed = Pick(names, random);
        return (Regex.Replace(source, $@"\b{Regex.Escape(name.TrimStart('@'))}\b", renamed.Replace("$", "$$")), $"rename learner {name} to {renamed}");
    }

    /// <summary>A second learner whose name differs from the first only in case.</summary>
    private static (string, string)? CaseTwin(string source, Random random)
    {
        if (LearnerName(source) is not { } name) return null;
        var bare = name.TrimStart('@');
        var twin = random.Next(2) == 0 ? bare.ToLowerInvariant() : bare.ToUpperInvariant();
        if (twin == bare) twin = char.IsUpper(bare[0]) ? char.ToLowerInvariant(bare[0]) + bare[1..] : char.ToUpperInvariant(bare[0]) + bare[1..];
        var tree = CSharpSyntaxTree.ParseText(source);
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
            .FirstOrDefault(t => t.Identifier.ValueText == bare);
        if (declaration is null) return null;
        var copy = Regex.Replace(declaration.ToFullString(), $@"\b{Regex.Escape(bare)}\b", twin);
        return (source.Insert(declaration.FullSpan.End, "\n" + copy), $"add case twin {twin} of {bare}");
    }

    private static (string, string)? WrapInNamespace(string source, Random random)
    {
        string[] names = ["@class", "@class.@event", "A.B.C", "Größe.Ünï", "global_", "@namespace.Inner", "MetaDsl", "System"];
        var ns = Pick(names, random);
        var existing = Regex.Match(source, @"namespace\s+([@\w.]+)");
        if (existing.Success)
            return (source.Remove(existing.Groups[1].Index, existing.Groups[1].Length).Insert(existing.Groups[1].Index, ns), $"rename namespace to {ns}");
        var usings = Regex.Matches(source, @"^\s*using [^;]+;\s*$", RegexOptions.Multiline);
        int at = usings.Count == 0 ? 0 : usings[^1].Index + usings[^1].Length;
        return random.Next(2) == 0
            ? (source.Insert(at, $"\nnamespace {ns};\n"), $"file-scoped namespace {ns}")
            : (source.Insert(at, $"\nnamespace {ns} {{\n") + "\n}\n", $"namespace {ns}");
    }

    /// <summary>Replaces the first tensor read of the loss with an expression nested thousands of levels deep.</summary>
    private static (string, string)? DeepExpression(string source, Random random)
    {
        var match = Regex.Match(source, @"\[Loss\][^(]*\(\s*\[Shape\([^)]*\)\]\s*Tensor\s+(\w+)");
        if (!match.Success) return null;
        var x = match.Groups[1].Value;
        int bodyStart = source.IndexOf(x, match.Index + match.Length, StringComparison.Ordinal);
        if (bodyStart < 0) return null;
        int depth = Pick([20, 200, 300, 2_000, 6_000], random);
        var deep = new StringBuilder();
        switch (random.Next(4))
        {
            case 0:
                deep.Append('(', depth).Append(x).Append(')', depth);
                break;
            case 1:
                deep.Append(x);
                for (int i = 0; i < depth; i++) deep.Append(" + ").Append(x);
                break;
            case 2:
                for (int i = 0; i < depth; i++) deep.Append("Tanh(");
                deep.Append(x).Append(')', depth);
                break;
            default:
                for (int i = 0; i < depth; i++) deep.Append(x).Append(" * (");
                deep.Append(x).Append(')', depth);
                break;
        }
        return (source.Remove(bodyStart, x.Length).Insert(bodyStart, deep.ToString()), $"nest {x} {depth} deep");
    }

    /// <summary>
    /// Makes a constant-bound loop long: a layer repeated N times. A thousand iterations must be
    /// emitted as loops to stay under the size bound; bounds past the unroll limit must draw MDSL0018
    /// at once. Bounds near the limit are left to LoopRollingTests: they take seconds, past the box.
    /// </summary>
    private static (string, string)? LongLoop(string source, Random random)
    {
        int n = Pick([2, 10, 50, 1_000, 100_000, int.MaxValue], random);
        var constant = Regex.Match(source, @"const int (\w+) = (\d+);");
        if (constant.Success)
            return (source.Remove(constant.Groups[2].Index, constant.Groups[2].Length).Insert(constant.Groups[2].Index, n.ToString()), $"{constant.Groups[1].Value} = {n}");
        var layer = Regex.Match(source, @"(\w+) = (Relu|Tanh)\(Linear\(\1, (\w+), (\w+)\)\);");
        if (!layer.Success) return null;
        return (source.Insert(layer.Index, $"for (int i = 0; i < {n}; i++) "), $"repeat '{layer.Value}' {n} times");
    }

    private static (string, string)? AttributeForm(string source, Random random)
    {
        var param = Regex.Match(source, @"\[(Param|MetaParam)\((\d+(?:, \d+)*)");
        var shape = Regex.Match(source, @"\[Shape\(([^)]*)\)\]");
        if (!param.Success || !shape.Success) return null;
        var dims = param.Groups[2].Value;
        switch (random.Next(10))
        {
            case 0: return (Replace(source, param.Groups[2], $"new[] {{ {dims} }}"), "dims as new[]");
            case 1: return (Replace(source, param.Groups[2], $"new int[] {{ {dims} }}"), "dims as new int[]");
            case 2: return (Replace(source, param.Groups[2], $"dims: new[] {{ {dims} }}"), "dims as a named argument");
            case 3: return (Replace(source, param.Groups[2], string.Join(", ", dims.Split(", ").Select(d => $"0x{int.Parse(d):X}"))), "dims in hex");
            case 4: return (Replace(source, param.Groups[2], string.Join(", ", dims.Split(", ").Select(d => $"(int){d}L"))), "dims as casts");
            case 5: return (Replace(source, param.Groups[2], "new int[0]"), "empty dims");
            case 6: return (Replace(source, param.Groups[2], "null"), "null dims");
            case 7: return (Replace(source, shape.Groups[1], $"new object[] {{ {shape.Groups[1].Value} }}"), "shape as new object[]");
            case 8: return (Replace(source, shape.Groups[1], string.Join(", ", shape.Groups[1].Value.Split(", ").Select(d => d.StartsWith('"') ? d + " + \"\"" : d))), "shape names as constant expressions");
            default: return (source.Insert(param.Index + 1, Pick(["MetaDsl.", "global::MetaDsl."], random)).Replace("[global::MetaDsl.Param(", "[global::MetaDsl.ParamAttribute("), "qualified attribute name");
        }
    }

    private static (string, string)? Declaration(string source, Random random)
    {
        var match = Regex.Match(source, @"\[Learner\](\s*)public partial class (\w+)");
        if (!match.Success) return null;
        string[] forms = ["public partial record", "public partial record class", "public partial struct", "public partial record struct",
            "public static partial class", "public abstract partial class", "public sealed partial class", "internal partial class", "file partial class", "public partial interface"];
        var form = Pick(forms, random);
        if (random.Next(4) == 0)
            return (source.Remove(match.Index, match.Length).Insert(match.Index, $"[Learner]{match.Groups[1].Value}public partial class {match.Groups[2].Value}<T>"), "generic learner");
        if (random.Next(4) == 0)
        {
            var outer = Pick(["partial struct", "partial record", "partial class", "static partial class", "partial interface"], random);
            int close = source.LastIndexOf('}');
            var nested = source.Insert(close + 1, "\n}\n").Insert(match.Index, $"public {outer} Outer{random.Next(3)} {{\n");
            return (nested, $"nest learner in {outer}");
        }
        return (source.Remove(match.Index, match.Length).Insert(match.Index, $"[Learner]{match.Groups[1].Value}{form} {match.Groups[2].Value}"), $"declare learner as {form}");
    }

    /// <summary>A user member named like a generated one.</summary>
    private static (string, string)? ClashingMember(string source, Random random)
    {
        if (LearnerName(source) is null) return null;
        var at = Regex.Match(source, @"\[Learner\][^{]*\{");
        if (!at.Success) return null;
        string[] members =
        [
            "public int Info;",
            "public static string Info => \"\";",
            "public int Gradient { get; set; }",
            "public static void Initialize<T>(System.Span<T> theta, int seed) { }",
            "public static void Predict<T>(System.ReadOnlySpan<T> theta, MetaDsl.Batch<T> inputs, System.Span<T> output) { }",
            "public void LoadParameters(System.ReadOnlySpan<double> theta) { }",
            "private static readonly int __info = 1;",
            "public class HessianVectorProduct { }",
            "public event System.Action MixedProduct;",
            "public static int Loss<T>(T x) => 0;",
        ];
        var member = Pick(members, random);
        return (source.Insert(at.Index + at.Length, "\n    " + member + "\n"), $"add member '{member}'");
    }

    /// <summary>A [Param] on a member that is escaped, read-only, static or otherwise unusual.</summary>
    private static (string, string)? ParamMember(string source, Random random)
    {
        var match = Regex.Match(source, @"\[Param\(([^)]*)\)\]\s*public Tensor (\w+);");
        if (!match.Success) return null;
        var name = match.Groups[2].Value;
        string[] forms =
        [
            $"public readonly Tensor {name};",
            $"public Tensor {name} {{ get; }}",
            $"public Tensor {name} {{ get; init; }}",
            $"public static Tensor {name};",
            $"public Tensor {name} => null;",
            $"private Tensor {name};",
            $"public required Tensor {name};",
            $"public const Tensor {name} = null;",
        ];
        if (random.Next(3) == 0)
        {
            var keyword = "@" + Pick(s_keywords, random);
            return (Regex.Replace(source, $@"\b{name}\b", keyword.Replace("$", "$$")), $"rename {name} to {keyword}");
        }
        var form = Pick(forms, random);
        var head = $"[Param({match.Groups[1].Value})] ";
        return (source.Remove(match.Index, match.Length).Insert(match.Index, head + form), $"declare {name} as '{form}'");
    }

    private static string Replace(string source, Group group, string with) => source.Remove(group.Index, group.Length).Insert(group.Index, with);

    private static T Pick<T>(T[] items, Random random) => items[random.Next(items.Length)];
}
