using Microsoft.CodeAnalysis.CSharp;

namespace MetaDsl.Generators.Model
{
    /// <summary>Writes user names back as C#: a name that is a keyword needs its <c>@</c> again.</summary>
    internal static class CSharpNames
    {
        public static string Escape(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.RecordKeyword
                ? "@" + name
                : name;
    }
}
