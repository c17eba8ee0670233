using System.CommandLine;

namespace MetaDsl.Cli.Commands;

/// <summary>Range checks that turn bad option values into parse errors naming the option and the value.</summary>
internal static class OptionRules
{
    /// <summary>Requires every value to be at least <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum) result.AddError($"{option.Name} must be at least {minimum}, got {value}.");
        });
        return option;
    }

    /// <summary>Requires every value to be at least <paramref name="minimum"/>.</summary>
    public static Option<int[]> AtLeast(this Option<int[]> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            var values = result.GetValueOrDefault<int[]>() ?? [];
            if (values.Length == 0) result.AddError($"{option.Name} needs at least one value.");
            foreach (int value in values)
                if (value < minimum) result.AddError($"{option.Name} values must be at least {minimum}, got {value}.");
        });
        return option;
    }

    /// <summary>Requires a finite, positive value.</summary>
    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0 && double.IsFinite(value))) result.AddError($"{option.Name} must be a positive number, got {value}.");
        });
        return option;
    }

    /// <summary>Requires a finite, positive value when one is given.</summary>
    public static Option<double?> Positive(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value > 0 && double.IsFinite(value)))
                result.AddError($"{option.Name} must be a positive number, got {value}.");
        });
        return option;
    }
}
