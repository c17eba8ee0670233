namespace MetaDsl.Kernels.Tests.Cpu;

public class SoftmaxTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 25, 5, 1 }, { 3, 17, 1 }, { 2, 3, 7 }, { 3, 33, 17 }, { 1, 130, 3 }, { 65, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SoftmaxMatchesReference(int outer, int mid, int inner)
    {
        foreach (double scale in new[] { 1.0, 1000.0 })
        {
            var src = Numbers.Random<float>(outer * mid * inner, mid, -scale, scale);
            var (softmax, logSoftmax) = Reference(Numbers.ToDouble<float>(src), outer, mid, inner);

            var dst = new float[src.Length];
            Softmax.Forward<float>(src, dst, outer, mid, inner);
            Numbers.Close<float>(softmax, dst, Numbers.Tolerance<float>(mid), $"softmax scale {scale}");

            Softmax.LogForward<float>(src, dst, outer, mid, inner);
            Numbers.Close<float>(logSoftmax, dst, Numbers.Tolerance<float>(mid), $"log-softmax scale {scale}");

            var twice = Numbers.ToDouble<float>(src);
            Softmax.LogForward<double>(twice, twice, outer, mid, inner);
            Numbers.Close<double>(logSoftmax, twice, Numbers.Tolerance<double>(mid) * scale, $"log-softmax in place, scale {scale}");

            var inPlace = Numbers.ToDouble<float>(src);
            Softmax.Forward<double>(inPlace, inPlace, outer, mid, inner);
            Numbers.Close<double>(softmax, inPlace, Numbers.Tolerance<double>(mid), $"softmax in place, scale {scale}");
        }
    }

    private static (double[] Softmax, double[] LogSoftmax) Reference(double[] x, int outer, int mid, int inner)
    {
        var softmax = new double[x.Length];
        var logSoftmax = new double[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity;
                for (int m = 0; m < mid; m++)
                {
                    max = Math.Max(max, x[(o * mid + m) * inner + i]);
                }
                double sum = 0;
                for (int m = 0; m < mid; m++)
                {
                    sum += Math.Exp(x[(o * mid + m) * inner + i] - max);
                }
                for (int m = 0; m < mid; m++)
                {
                    int at = (o * mid + m) * inner + i;
                    softmax[at] = Math.Exp(x[at] - max) / sum;
                    logSoftmax[at] = x[at] - max - Math.Log(sum);
                }
            }
        }
        return (softmax, logSoftmax);
    }
}
