using System.Globalization;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// MAML's Figure 2 for one held-out sinusoid: the true curve, the support points, and the prediction
/// before adaptation and after 1 and 10 steps; beside it, the smoothed meta-loss curve of training.
/// Hand-written SVG with five polylines (true curve, three predictions, loss curve) and one circle
/// per support point plus one in the legend.
/// </summary>
internal static class SineFigure
{
    private const int GridPoints = 200;

    /// <summary>Draws the figure for the first held-out task of the stream seeded by <paramref name="evaluationSeed"/> and writes it atomically.</summary>
    public static void Write<TLearner>(string path, IAdaptation<float> adaptation, float[] parameters, IReadOnlyList<double> losses, int shots, int evaluationSeed, string algorithm)
        where TLearner : ILearner<TLearner>
    {
        var sampler = new SinusoidSampler<float>(shots, 1);
        var task = sampler.Allocate();
        var rng = new SplitMix64(unchecked((ulong)evaluationSeed));
        sampler.Sample(ref rng, task);
        double amplitude = sampler.LastAmplitude, phase = sampler.LastPhase;

        var grid = new float[GridPoints];
        for (int i = 0; i < grid.Length; i++)
            grid[i] = (float)(-SinusoidSampler<float>.InputBound + 2 * SinusoidSampler<float>.InputBound * i / (GridPoints - 1));
        var inputs = new Batch<float>(new Tensor<float>(grid, GridPoints, 1));
        var adapted = new float[TLearner.Info.ParameterCount];
        var output = new float[GridPoints];
        List<(double, double)> Predict(int steps)
        {
            adaptation.Adapt(parameters, task.Support, steps, adapted);
            TLearner.Predict<float>(adapted, inputs, output);
            return grid.Select((x, i) => ((double)x, (double)output[i])).ToList();
        }

        var truth = grid.Select(x => ((double)x, SinusoidSampler<float>.Evaluate(amplitude, phase, x))).ToList();
        var panel = new SvgPanel("fit", 80, 50, 460, 340, (-6, 6), (-6, 6));
        panel.Line("ground truth", "#d62728", truth, width: 2.5);
        panel.Line("pre-update", "#98df8a", Predict(0), dash: "6 4");
        panel.Line("1 grad step", "#2ca02c", Predict(1), dash: "3 3");
        panel.Line("10 grad steps", "#145a14", Predict(10));
        var support = task.Support[0].Data.Select((x, i) => ((double)x, (double)task.Support[1].Data[i])).ToList();
        panel.Points($"{shots} support points", "#9467bd", support);

        var curve = MovingAverage.Of(losses, 50);
        double top = curve.Count == 0 ? 1 : curve.Max(p => p.Y) * 1.05;
        var lossPanel = new SvgPanel("loss", 640, 50, 460, 340, (0, Math.Max(1, losses.Count)), (0, top));
        lossPanel.Line("meta-loss (smoothed)", "#1f77b4", curve);

        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1160\" height=\"450\" viewBox=\"0 0 1160 450\" font-family=\"sans-serif\">\n");
        svg.Append("<rect width=\"1160\" height=\"450\" fill=\"white\"/>\n");
        panel.WriteTo(svg, string.Create(CultureInfo.InvariantCulture, $"{algorithm}, K={shots}: held-out task A={amplitude:F2}, phase={phase:F2}"), "x", "y");
        lossPanel.WriteTo(svg, "meta-training loss", "outer step", "meta-loss");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
