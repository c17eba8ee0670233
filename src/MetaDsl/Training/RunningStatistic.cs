namespace MetaDsl.Training;

/// <summary>Mean and 95% interval of a sample, accumulated one value at a time (Welford's update, stable for many values).</summary>
internal struct RunningStatistic
{
    private long _count;
    private double _mean;
    private double _m2;

    public void Add(double value)
    {
        _count++;
        double delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
    }

    public readonly double Mean => _mean;

    /// <summary>1.96 times the standard error, with the sample (n − 1) standard deviation.</summary>
    public readonly double Ci95 => _count < 2 ? double.NaN : 1.96 * Math.Sqrt(_m2 / (_count - 1)) / Math.Sqrt(_count);
}
