namespace MetaDsl.Tests.Derivatives;

/// <summary>Central finite differences in double precision, the independent reference for every derivative.</summary>
internal static class FiniteDifferences
{
    private const double Step = 1e-5;

    public static double[] Gradient(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double h = Step * Math.Max(1, Math.Abs(x[i]));
            probe[i] = x[i] + h;
            double up = f(probe);
            probe[i] = x[i] - h;
            double down = f(probe);
            probe[i] = x[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /// <summary>(∇f(x + hv) − ∇f(x − hv)) / 2h: the directional derivative of a gradient, i.e. H·v.</summary>
    public static double[] Directional(Action<double[], double[]> gradient, double[] x, double[] v)
    {
        var up = new double[x.Length];
        var down = new double[x.Length];
        gradient(x.Select((xi, i) => xi + Step * v[i]).ToArray(), up);
        gradient(x.Select((xi, i) => xi - Step * v[i]).ToArray(), down);
        return up.Select((u, i) => (u - down[i]) / (2 * Step)).ToArray();
    }
}
