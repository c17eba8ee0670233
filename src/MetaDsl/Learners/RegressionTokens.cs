namespace MetaDsl.Learners;

/// <summary>
/// The token layout of in-context linear regression that the linear self-attention learners read
/// (von Oswald et al. 2023): each task is <see cref="Count"/> tokens of <see cref="Width"/> values,
/// first the <see cref="Context"/> context tokens (x_i, y_i), then the query token (x_q, 0), whose
/// y-slot the attention layers fill with minus the prediction.
/// </summary>
public static class RegressionTokens
{
    /// <summary>The input dimension d of x.</summary>
    public const int Dimension = 10;

    /// <summary>Context points N per task.</summary>
    public const int Context = 10;

    /// <summary>Values per token: x, then y.</summary>
    public const int Width = Dimension + 1;

    /// <summary>Tokens per task: the context, then the query.</summary>
    public const int Count = Context + 1;

    /// <summary>The position of the query token, after the context.</summary>
    public const int Query = Context;

    /// <summary>The position of y within a token, after x.</summary>
    public const int Target = Dimension;
}
