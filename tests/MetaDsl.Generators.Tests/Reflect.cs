namespace MetaDsl.Generators.Tests;

/// <summary>Reads properties of the generator's internal model records.</summary>
internal static class Reflect
{
    public static object? Get(object target, string property)
        => (target.GetType().GetProperty(property) ?? throw new InvalidOperationException($"{target.GetType().Name} has no {property}")).GetValue(target);

    public static IEnumerable<object> Items(object? sequence) => ((System.Collections.IEnumerable)sequence!).Cast<object>();
}
