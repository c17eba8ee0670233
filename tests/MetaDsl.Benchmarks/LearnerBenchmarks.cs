using BenchmarkDotNet.Attributes;
using MetaDsl.Learners;
using MetaDsl.Tasks;

namespace MetaDsl.Benchmarks;

/// <summary>
/// Gradient and H·v of the sinusoid MLP at n = 10, generated code in float and double, against the
/// eager reference. Eager code has no derivatives at all, so its forward loss is the baseline: any
/// eager gradient costs at least that much.
/// </summary>
[MemoryDiagnoser]
public class LearnerBenchmarks
{
    private float[] _thetaF = null!, _gradF = null!, _hvF = null!;
    private double[] _thetaD = null!, _gradD = null!, _hvD = null!;
    private Batch<float> _batchF = null!;
    private Batch<double> _batchD = null!;
    private SineMlp _eager = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _thetaD = new double[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<double>(_thetaD, 0);
        _thetaF = _thetaD.Select(v => (float)v).ToArray();
        var sampler = new SinusoidSampler<double>(10, 10);
        var task = sampler.Allocate();
        var rng = new SplitMix64(1);
        sampler.Sample(ref rng, task);
        _batchD = task.Support;
        _batchF = new Batch<float>(
            new Tensor<float>(_batchD[0].Data.Select(v => (float)v).ToArray(), 10, 1),
            new Tensor<float>(_batchD[1].Data.Select(v => (float)v).ToArray(), 10, 1));
        _gradF = new float[_thetaF.Length];
        _hvF = new float[_thetaF.Length];
        _gradD = new double[_thetaD.Length];
        _hvD = new double[_thetaD.Length];
        _eager = new SineMlp();
        _eager.LoadParameters(_thetaD);
        _x = new Tensor(_batchD[0].Data, 10, 1);
        _y = new Tensor(_batchD[1].Data, 10, 1);
        SineMlp.Gradient<float>(_thetaF, _batchF, _gradF);
        SineMlp.Gradient<double>(_thetaD, _batchD, _gradD);
    }

    [Benchmark(Baseline = true)]
    public double EagerLossDouble() => _eager.Loss(_x, _y).Item();

    [Benchmark]
    public double GeneratedLossDouble() => SineMlp.Loss<double>(_thetaD, _batchD);

    [Benchmark]
    public double GradientDouble() => SineMlp.Gradient<double>(_thetaD, _batchD, _hvD);

    [Benchmark]
    public float GradientFloat() => SineMlp.Gradient<float>(_thetaF, _batchF, _hvF);

    [Benchmark]
    public void HessianVectorProductDouble() => SineMlp.HessianVectorProduct<double>(_thetaD, _batchD, _gradD, _hvD);

    [Benchmark]
    public void HessianVectorProductFloat() => SineMlp.HessianVectorProduct<float>(_thetaF, _batchF, _gradF, _hvF);
}
