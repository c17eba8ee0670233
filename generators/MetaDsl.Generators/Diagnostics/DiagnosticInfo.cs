using System.Linq;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Diagnostics
{
    /// <summary>A diagnostic held by value (arguments already formatted), so it can sit in a cached model.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] args)
            => new DiagnosticInfo(descriptor.Id, location, args.Select(a => a?.ToString() ?? "").ToEquatableArray());

        public Diagnostic ToDiagnostic()
            => Diagnostic.Create(Descriptors.ById(Id), Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
