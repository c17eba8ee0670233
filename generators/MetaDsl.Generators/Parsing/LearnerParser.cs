using System.Threading;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    internal static class LearnerParser
    {
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
