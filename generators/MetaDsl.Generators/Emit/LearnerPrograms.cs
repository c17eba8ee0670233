using System.Linq;
using MetaDsl.Generators.Graph.Transforms;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// A learner's derived programs, each derived once and shared by the CPU and the device emitters:
    /// the derivative transforms are the bulk of generation time for long learners, and the
    /// reverse pass, which all three derivative programs begin with, is run once.
    /// </summary>
    internal sealed class LearnerPrograms
    {
        public LearnerPrograms(LearnerSpec spec, System.Threading.CancellationToken ct)
        {
            Loss = Programs.Value(spec.Loss.Graph);
            var reverse = Programs.Reverse(spec, ct);
            Gradient = Programs.Gradient(spec, reverse);
            HessianVector = Programs.HessianVector(spec, reverse, metaFixed: false);
            Mixed = spec.Parameters.Any(p => p.IsMeta) ? Programs.HessianVector(spec, reverse, metaFixed: true) : null;
        }

        public DerivedProgram Loss { get; }

        public DerivedProgram Gradient { get; }

        public DerivedProgram HessianVector { get; }

        /// <summary>The mixed product's program; null without meta-parameters.</summary>
        public DerivedProgram? Mixed { get; }
    }
}
