using MetaDsl.Benchmarks.Gpu;
using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;
using MetaDsl.Kernels.Devices;

// Sinusoid MAML, second order: 1-40-40-1 ReLU MLP, K = 5 inner SGD steps (alpha 0.01), 10 train and
// 10 validation points per task. One meta-step = upload the batch, the task-parallel MAML kernel (one
// block per task), the mean over tasks, and the mean meta-gradient back on the host. Times are GPU
// times between CUDA events around that, median over the timed steps, after warm-up steps.
// The same job is timed by the Python peers in tests/MetaDsl.Benchmarks/gpu.
const int InnerSteps = 5, TrainPoints = 10, ValidationPoints = 10, Warmup = 20, Timed = 200;
const float InnerLearningRate = 0.01f;
int[] batchSizes = args.Length > 0 ? [.. args.Select(int.Parse)] : [25, 1000];

if (!CudaAccelerator.IsAvailable(out var reason))
{
    Console.Error.WriteLine($"metadsl-cuda: no usable CUDA GPU, nothing was timed: {reason}");
    return 2;
}

using var context = new Context();
var accelerator = context.CreateCudaAccelerator();
Console.WriteLine($"# {accelerator.Name}, driver {accelerator.DriverVersion}, NVRTC {accelerator.NvrtcVersion}");
var shape = MlpShape.Sinusoid;
var theta = new float[shape.ParameterCount];
var random = new Random(1);
for (var i = 0; i < theta.Length; i++) theta[i] = (float)(0.2 * (2 * random.NextDouble() - 1));
var gradient = new float[shape.ParameterCount];

foreach (var tasks in batchSizes)
{
    var settings = new MamlSettings(InnerSteps, InnerLearningRate, FirstOrder: false, TrainPoints, ValidationPoints, MaxTasks: tasks);
    using var maml = new CudaMaml(accelerator, shape, settings);
    var data = new SinusoidBatch(tasks, TrainPoints, ValidationPoints, seed: tasks);
    var batch = new MlpTaskBatch(tasks, data.XTrain, data.YTrain, data.XValidation, data.YValidation);
    using var start = accelerator.CreateEvent();
    using var stop = accelerator.CreateEvent();
    var times = new double[Timed];
    for (var step = -Warmup; step < Timed; step++)
    {
        start.Record();
        maml.MetaGradient(theta, batch, gradient);
        stop.Record();
        var milliseconds = stop.ElapsedMillisecondsSince(start);
        if (step >= 0) times[step] = milliseconds;
    }
    Array.Sort(times);
    Console.WriteLine($"metadsl-cuda tasks={tasks} median_ms={times[Timed / 2]:F3} steps={Timed}");
}
return 0;
