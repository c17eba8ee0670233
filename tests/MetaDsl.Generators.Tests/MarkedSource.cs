using Microsoft.CodeAnalysis.Text;

namespace MetaDsl.Generators.Tests;

/// <summary>Source with the span a diagnostic must cover written between ⟦ and ⟧.</summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf('⟦');
        int end = marked.IndexOf('⟧');
        if (start < 0 || end < start) throw new ArgumentException("Mark the expected span with ⟦ and ⟧.", nameof(marked));
        var text = marked.Remove(end, 1).Remove(start, 1);
        return new MarkedSource(text, TextSpan.FromBounds(start, end - 1));
    }
}
