using System.CommandLine;

namespace MetaDsl.Cli.Commands;

/// <summary>The options of <c>train hyper</c>.</summary>
internal sealed class HyperOptions
{
    private readonly Option<string> _hypergradient = CliOptions.Choice("--hypergradient",
        "How the validation loss is differentiated through training: neumann (implicit, H^-1 as a truncated Neumann series), cg (implicit, H^-1 by conjugate gradient) or unrolled (exact, back through each hyper-step's SGD steps).",
        ["neumann", "cg", "unrolled"], "neumann");
    private readonly Option<int> _hyperSteps = CliOptions.Count("--hyper-steps", "Hyper-steps: each trains the classifier by --inner-steps SGD steps, then moves the decays by Adam along the hypergradient.", 400, 1, 1_000_000);
    private readonly Option<int> _innerSteps = CliOptions.Count("--inner-steps", "Full-batch SGD steps on the training images per hyper-step.", 10, 1, 10_000);
    private readonly Option<double> _innerLearningRate = CliOptions.Positive("--inner-lr", "SGD's step size on the classifier's weights (and the Neumann series' step).", 0.2, 10);
    private readonly Option<double> _hyperLearningRate = CliOptions.Positive("--hyper-lr", "Adam's step size on the log decays.", 0.05, 10);
    private readonly Option<int> _terms = CliOptions.Count("--terms", "Hessian-vector products per hypergradient: the Neumann series' terms, or conjugate gradient's most iterations.", 20, 0, 10_000);
    private readonly Option<int> _trainImages = CliOptions.Count("--train-images", "Training images (a random subset of Fashion-MNIST's training split, small so that the classifier overfits).", 500, 10, 50_000);
    private readonly Option<int> _validationImages = CliOptions.Count("--validation-images", "Validation images the decays are tuned on (other training-split images); the test split scores every method.", 5000, 10, 50_000);
    private readonly Option<int> _seed = CliOptions.Integer("--seed", "Seeds the subsets and the classifier's initialization.", 0);
    private readonly Option<string> _output = CliOptions.File("--output", "Checkpoint of the tuned classifier with its decays (safetensors).", "hyper-fashion.safetensors");
    private readonly Option<string?> _plot = CliOptions.File("--plot", "Also draw the validation curves and the tuned decays into this SVG file.");
    private readonly Option<string?> _json = CliOptions.File("--json", "Also write the table and the validation curves to this JSON file.");
    private readonly Option<string> _device = CliOptions.Choice("--device",
        "Where the tuning's training steps, hypergradients and Hessian-vector products run: cpu (SIMD), cuda (GPU 0, through the classifier's generated ILGPU kernels) or ilgpu-cpu (the same kernels on ILGPU's CPU accelerator, slow: for checking); the baselines train on the CPU.",
        ["cpu", "cuda", "ilgpu-cpu"], "cpu");
    private readonly Option<string?> _data = CliOptions.Folder("--data", $"The folder of Fashion-MNIST's four IDX files (default: {MetaDsl.Tasks.FashionMnist.DefaultFolder}, where scripts/get-fashion-mnist installs Debian's copy).");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] options = [_hypergradient, _hyperSteps, _innerSteps, _innerLearningRate, _hyperLearningRate, _terms, _trainImages, _validationImages, _seed, _device, _output, _plot, _json, _data];
        foreach (var option in options) command.Add(option);
    }

    /// <summary>Reads the parsed values.</summary>
    public HyperSettings Read(ParseResult result) => new(
        result.GetValue(_hypergradient)!,
        result.GetValue(_hyperSteps),
        result.GetValue(_innerSteps),
        result.GetValue(_innerLearningRate),
        result.GetValue(_hyperLearningRate),
        result.GetValue(_terms),
        result.GetValue(_trainImages),
        result.GetValue(_validationImages),
        result.GetValue(_seed),
        result.GetValue(_device)!,
        result.GetValue(_output)!,
        result.GetValue(_plot),
        result.GetValue(_json),
        result.GetValue(_data));
}
