using System.Linq;
using MetaDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Finds user members that the generated partial declaration would collide with, so the user
    /// reads which name to change rather than a compiler error inside generated code.
    /// </summary>
    internal static class GeneratedMemberClashes
    {
        /// <summary>The members the generator adds: name, type-parameter count and parameter count (-1 for non-methods).</summary>
        private static readonly (string Name, int Arity, int Parameters)[] s_generated =
        {
            ("__info", 0, -1),
            ("Info", 0, -1),
            ("Initialize", 1, 2),
            ("Loss", 1, 2),
            ("Gradient", 1, 3),
            ("AdaptedGradient", 1, 3),
            ("MetaLoss", 1, 2),
            ("MetaLossGradient", 1, 3),
            ("HessianVectorProduct", 1, 4),
            ("MixedProduct", 1, 4),
            ("Predict", 1, 3),
            ("PredictPullback", 1, 4),
            ("PredictInputPullback", 1, 4),
            ("LoadParameters", 0, 1),
            ("DeviceProgram", 1, 0),
            ("DeviceKernels", 0, -1),
        };

        /// <summary>The type parameter of every generated generic method.</summary>
        private const string TypeParameter = "T";

        public static void Report(INamedTypeSymbol learner, Location classIdentifier, DiagnosticSink sink)
        {
            if (learner.Name == TypeParameter)
                sink.Add(Descriptors.ClashesWithGenerated, classIdentifier, learner.Name, "type parameter T of the generated methods");
            else if (s_generated.Any(g => g.Name == learner.Name))
                sink.Add(Descriptors.ClashesWithGenerated, classIdentifier, learner.Name, learner.Name + " (a member cannot have its class's name)");

            foreach (var member in learner.GetMembers())
            {
                if (member.IsImplicitlyDeclared) continue;
                foreach (var generated in s_generated)
                {
                    if (member.Name != generated.Name || !Collides(member, generated)) continue;
                    var at = member.Locations.FirstOrDefault(l => l.IsInSource) ?? classIdentifier;
                    sink.Add(Descriptors.ClashesWithGenerated, at, member.Name, Describe(generated));
                }
            }
        }

        /// <summary>A method of the same name overloads unless it has the same arity and number of parameters (then the call sites in generated code could bind to it).</summary>
        private static bool Collides(ISymbol member, (string Name, int Arity, int Parameters) generated)
            => member is not IMethodSymbol method
               || generated.Parameters < 0
               || (method.Arity == generated.Arity && method.Parameters.Length == generated.Parameters);

        private static string Describe((string Name, int Arity, int Parameters) generated)
            => generated.Parameters < 0
                ? generated.Name
                : generated.Name + (generated.Arity > 0 ? "<T>" : "") + "(" + generated.Parameters + " parameters)";
    }
}
