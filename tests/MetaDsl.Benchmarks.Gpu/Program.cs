using System.Diagnostics;
using MetaDsl.Benchmarks.Gpu;
using MetaDsl.Kernels.Gpu;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu.Mlp;

// Sinusoid MAML, second order: 1-40-40-1 ReLU MLP, K = 5 inner SGD steps (alpha 0.01), 10 train and
// 10 validation points per task. One meta-step = upload the batch, the task-parallel MAML kernel (one
// group per task), the mean over tasks, and the mean meta-gradient back on the host. The copy back
// synchronizes, so the host clock around the step measures the device work; median over the timed
// steps, after warm-up steps. The same job is timed by the Python peers in tests/MetaDsl.Benchmarks/gpu.
// Arguments: meta-batch sizes, and optionally --group-sizes 64,128,256 to time each threads-per-task choice.
const int InnerSteps = 5, TrainPoints = 10, ValidationPoints = 10, Warmup = 20, Timed = 200, DefaultGroupSize = 256;
int groupOption = Array.IndexOf(args, "--group-sizes");
int[] groupSizes = groupOption >= 0 ? [.. args[groupOption + 1].Split(',').Select(int.Parse)] : [DefaultGroupSize];
string[] sizeArguments = groupOption >= 0 ? [.. args.Take(groupOption), .. args.Skip(groupOption + 2)] : args;
int[] batchSizes = sizeArguments.Length > 0 ? [.. sizeArguments.Select(int.Parse)] : [25, 1000, 10000];

if (!AcceleratorFactory.IsCudaAvailable(out var reason))
{
    Console.Error.WriteLine($"metadsl-cuda: nothing was timed: {reason}");
    return 2;
}

var (context, accelerator) = AcceleratorFactory.CreateCuda();
using var contextScope = context;
using var acceleratorScope = accelerator;
Console.WriteLine($"# {accelerator.Name}, ILGPU CUDA accelerator");
var shape = MlpShape.Sinusoid;
var theta = new float[shape.ParameterCount];
var random = new Random(1);
for (var i = 0; i < theta.Length; i++) theta[i] = (float)(0.2 * (2 * random.NextDouble() - 1));
var gradient = new float[shape.ParameterCount];
float[] rates = [.. Enumerable.Repeat(0.01f, InnerSteps)];
int exitCode = 0;

foreach (var tasks in batchSizes)
{
    var data = new SinusoidBatch(tasks, TrainPoints, ValidationPoints, seed: tasks);
    foreach (var groupSize in groupSizes)
    {
        try
        {
            TimeOne(tasks, groupSize, data);
        }
        catch (Exception e) when (e is AcceleratorException or ArgumentException or KernelCompilationException)
        {
            // One threads-per-task choice the GPU refuses (too many registers for the group) must not hide the others.
            Console.WriteLine($"metadsl-cuda tasks={tasks} group={groupSize} failed: {e.GetType().Name}: {e.Message}");
            exitCode = 1;
        }
    }
}
return exitCode;

void TimeOne(int tasks, int groupSize, SinusoidBatch data)
{
    using var maml = new MlpMetaGradient<float>(accelerator, shape, InnerSteps, secondOrder: true, RateLayout.PerStep,
        queryWeights: null, TrainPoints, ValidationPoints, maxTasks: tasks, groupSize);
    var times = new double[Timed];
    for (var step = -Warmup; step < Timed; step++)
    {
        var start = Stopwatch.GetTimestamp();
        maml.MetaGradient(theta, rates, tasks, data.XTrain, data.YTrain, data.XValidation, data.YValidation, gradient);
        if (step >= 0) times[step] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    Console.WriteLine($"metadsl-cuda tasks={tasks} median_ms={times[Timed / 2]:F3} steps={Timed} group={groupSize}");
}
