using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Names an unsupported C# construct the way a person would, for MDSL0003.</summary>
    internal static class ConstructNames
    {
        private const int MaxQuotedLength = 40;

        public static string Describe(SyntaxNode syntax) => syntax switch
        {
            WhileStatementSyntax => "a while loop",
            DoStatementSyntax => "a do-while loop",
            CommonForEachStatementSyntax => "a foreach loop",
            ForStatementSyntax => "this for loop",
            LambdaExpressionSyntax => "a lambda",
            AnonymousMethodExpressionSyntax => "an anonymous method",
            LocalFunctionStatementSyntax => "a local function",
            BaseObjectCreationExpressionSyntax => "object creation (" + Quote(syntax) + ")",
            ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax => "an array",
            InterpolatedStringExpressionSyntax => "a string",
            LiteralExpressionSyntax literal when literal.Token.Value is string or char => "a string",
            SwitchStatementSyntax or SwitchExpressionSyntax => "a switch",
            TryStatementSyntax => "a try statement",
            ThrowStatementSyntax or ThrowExpressionSyntax => "a throw",
            BreakStatementSyntax => "a break statement",
            ContinueStatementSyntax => "a continue statement",
            GotoStatementSyntax or LabeledStatementSyntax => "a goto",
            UsingStatementSyntax => "a using statement",
            LockStatementSyntax => "a lock statement",
            YieldStatementSyntax => "a yield statement",
            AwaitExpressionSyntax => "await",
            TupleExpressionSyntax => "a tuple",
            ElementAccessExpressionSyntax => "indexing (" + Quote(syntax) + ")",
            _ => Quote(syntax),
        };

        /// <summary>The construct's source text on one line, shortened.</summary>
        public static string Quote(SyntaxNode syntax)
        {
            var text = string.Join(" ", syntax.ToString().Split(new[] { '\r', '\n', '\t', ' ' }, System.StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > MaxQuotedLength) text = text.Substring(0, MaxQuotedLength - 3) + "...";
            return "'" + text + "'";
        }
    }
}
