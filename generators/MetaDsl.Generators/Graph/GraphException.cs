using System;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// Raised while building a graph when user code is wrong (a shape mismatch, a bad axis). The
    /// parser catches it at the call it is lowering and reports a diagnostic at that location.
    /// </summary>
    internal sealed class GraphException : Exception
    {
        public GraphException(DiagnosticDescriptor descriptor, params object[] arguments)
            : base(string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), arguments))
        {
            Descriptor = descriptor;
            Arguments = arguments;
        }

        public DiagnosticDescriptor Descriptor { get; }

        public object[] Arguments { get; }
    }
}
