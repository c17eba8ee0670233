namespace MetaDsl.Optimizers;

/// <summary>What Adam carries from step to step: the steps taken and both moment estimates.</summary>
/// <param name="Steps">Steps taken (the bias corrections follow from it).</param>
/// <param name="FirstMoment">The running mean of the gradients, one value per parameter.</param>
/// <param name="SecondMoment">The running mean of the squared gradients, one value per parameter.</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record AdamState<T>(long Steps, T[] FirstMoment, T[] SecondMoment) where T : unmanaged;
