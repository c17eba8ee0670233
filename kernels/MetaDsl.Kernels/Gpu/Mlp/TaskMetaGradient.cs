using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// One task's inner loop and exact reverse pass, run by one group (DESIGN.md §5):
/// g_K = w_K ∇L_query(theta_K); g_k = g_{k+1} − H_support(theta_k)(r_k ⊙ g_{k+1}) + w_k ∇L_query(theta_k);
/// Meta-SGD's rates gain −∇L_support(theta_k) ⊙ g_{k+1}. The step's Jacobian is I − diag(r) H, whose
/// transpose is I − H diag(r) because H is symmetric, hence H is applied to r ⊙ g. Memory O(K·P), never O(P²).
/// </summary>
internal static class TaskMetaGradient
{
    /// <summary>Writes the task's meta-gradient (and rate gradient for per-parameter rates); returns its query loss to every thread.</summary>
    public static T Run<T>(MlpLayout layout, ArrayView<T> theta, InnerLoopSettings<T> s, int task,
        MlpSplit<T> support, MlpSplit<T> query, ArrayView<T> scratch, ArrayView<T> metaGradient, ArrayView<T> rateGradient)
        where T : unmanaged, INumber<T>
    {
        int count = layout.ParameterCount, steps = s.Steps;
        var thetas = scratch.SubView(0, (steps + 1L) * count);
        var g = scratch.SubView((steps + 1L) * count, count);
        var u = scratch.SubView((steps + 2L) * count, count);
        var hv = scratch.SubView((steps + 3L) * count, count);
        var gradient = scratch.SubView((steps + 4L) * count, count);
        var queryGradient = scratch.SubView((steps + 5L) * count, count);
        var activations = new MlpActivations<T>(layout, scratch.SubView((steps + 6L) * count),
            XMathMax(support.Points, query.Points));
        ArrayView<T> xs = support.TaskX(task), ys = support.TaskY(task), xq = query.TaskX(task), yq = query.TaskY(task);

        for (int i = Group.IdxX; i < count; i += Group.DimX) thetas[i] = theta[i];
        Group.Barrier();
        for (int k = 0; k < steps; k++)
        {
            var current = thetas.SubView((long)k * count, count);
            var next = thetas.SubView((k + 1L) * count, count);
            MlpProgram.LossGradient(layout, current, xs, ys, support.Points, support.InverseCount, activations, gradient);
            for (int i = Group.IdxX; i < count; i += Group.DimX) next[i] = current[i] - s.Rate(k, i) * gradient[i];
            Group.Barrier();
        }

        T loss = MlpProgram.LossGradient(layout, thetas.SubView((long)steps * count, count), xq, yq, query.Points,
            query.InverseCount, activations, g);
        if (s.Weighted)
        {
            T last = s.QueryWeights[steps];
            loss *= last;
            for (int i = Group.IdxX; i < count; i += Group.DimX) g[i] *= last;
        }
        if (s.LearnsRates)
            for (int i = Group.IdxX; i < count; i += Group.DimX) rateGradient[i] = T.Zero;
        Group.Barrier();

        for (int k = steps - 1; k >= 0; k--)
        {
            var thetaK = thetas.SubView((long)k * count, count);
            if (s.SecondOrder)
            {
                for (int i = Group.IdxX; i < count; i += Group.DimX) u[i] = s.Rate(k, i) * g[i];
                Group.Barrier();
                // Meta-SGD's rate gradient needs ∇L_support(theta_k); the H·v pass yields it at no extra cost.
                MlpProgram.HessianVector(layout, thetaK, u, xs, ys, support.Points, support.InverseCount, activations,
                    gradient, s.LearnsRates, hv);
            }
            else if (s.LearnsRates)
            {
                MlpProgram.LossGradient(layout, thetaK, xs, ys, support.Points, support.InverseCount, activations, gradient);
            }
            // Each thread updates only its own indices, so one barrier after the loop orders it before the next reads.
            for (int i = Group.IdxX; i < count; i += Group.DimX)
            {
                if (s.LearnsRates) rateGradient[i] -= gradient[i] * g[i];
                if (s.SecondOrder) g[i] -= hv[i];
            }
            Group.Barrier();
            if (s.Weighted && s.QueryWeights[k] != T.Zero)
            {
                T w = s.QueryWeights[k];
                loss += w * MlpProgram.LossGradient(layout, thetaK, xq, yq, query.Points, query.InverseCount, activations, queryGradient);
                for (int i = Group.IdxX; i < count; i += Group.DimX) g[i] += w * queryGradient[i];
                Group.Barrier();
            }
        }

        for (int i = Group.IdxX; i < count; i += Group.DimX) metaGradient[i] = g[i];
        return loss;
    }

    private static int XMathMax(int a, int b) => a > b ? a : b;
}
