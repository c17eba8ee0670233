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
            AdaptedGradient = spec.Parameters.Any(p => p.IsMeta) ? Programs.Gradient(spec, spec.Loss, adaptedOnly: true, ct) : null;
            if (spec.MetaLoss is { } metaLoss)
            {
                MetaLoss = Programs.Value(metaLoss.Graph);
                MetaLossGradient = Programs.Gradient(spec, metaLoss, adaptedOnly: false, ct);
            }
            if (spec.Forward is { } forward)
            {
                Predict = Programs.Value(forward.Graph);
                PredictPullback = Programs.Pullback(spec, forward, ct);
            }
        }

        public DerivedProgram Loss { get; }

        public DerivedProgram Gradient { get; }

        public DerivedProgram HessianVector { get; }

        /// <summary>The mixed product's program; null without meta-parameters.</summary>
        public DerivedProgram? Mixed { get; }

        /// <summary>The <c>[Loss]</c>'s gradient over the adapted parameters only; null without meta-parameters (it is the gradient).</summary>
        public DerivedProgram? AdaptedGradient { get; }

        /// <summary>The <c>[MetaLoss]</c>'s value; null without one.</summary>
        public DerivedProgram? MetaLoss { get; }

        /// <summary>The <c>[MetaLoss]</c>'s gradient over every parameter; null without one.</summary>
        public DerivedProgram? MetaLossGradient { get; }

        /// <summary>The <c>[Forward]</c> output; null without a <c>[Forward]</c>.</summary>
        public DerivedProgram? Predict { get; }

        /// <summary>J(theta)ᵀ·c through the <c>[Forward]</c>, c being an input after its own; null without a <c>[Forward]</c>.</summary>
        public DerivedProgram? PredictPullback { get; }
    }
}
