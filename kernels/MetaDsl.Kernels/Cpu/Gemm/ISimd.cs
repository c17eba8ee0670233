namespace MetaDsl.Kernels;

/// <summary>
/// The few vector operations the GEMM micro-kernel needs, as static members so that one kernel
/// source compiles to Vector512 and Vector256 code (the JIT specialises each struct instantiation).
/// </summary>
internal unsafe interface ISimd<TVec, T> where TVec : struct where T : unmanaged
{
    static abstract int Count { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Load(T* source);
    static abstract void Store(TVec value, T* destination);
    static abstract TVec Broadcast(T value);
    static abstract TVec MultiplyAdd(TVec x, TVec y, TVec addend);
    static abstract TVec Add(TVec x, TVec y);

    /// <summary>IEEE maximum per lane: NaN propagates, +0 is above -0.</summary>
    static abstract TVec Max(TVec x, TVec y);
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVec value);

    /// <summary>A mask whose lanes at index <paramref name="first"/> and above are set.</summary>
    static abstract TVec LanesFrom(int first);
}
