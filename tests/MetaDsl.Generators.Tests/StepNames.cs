using MetaDsl.Generators;

namespace MetaDsl.Generators.Tests;

/// <summary>The generator's tracking names (internal constants of <c>TrackingNames</c>), read by reflection so tests follow renames.</summary>
internal static class StepNames
{
    private static readonly Type s_type = typeof(LearnerGenerator).Assembly.GetType("MetaDsl.Generators.TrackingNames", throwOnError: true)!;

    public static readonly string[] All = s_type.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    public static string Parse => All.Single(n => n == "Parse");
}
