namespace MetaDsl.Meta;

/// <summary>A symmetric positive-definite linear map known only through its products.</summary>
internal interface ILinearOperator<T> where T : unmanaged
{
    /// <summary>Writes A·<paramref name="v"/> into <paramref name="result"/>.</summary>
    void Apply(ReadOnlySpan<T> v, Span<T> result);
}
