using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Xnai.Resilience;

/// <summary>
/// Validates <see cref="CircuitBreakerOptions"/>: the data annotations and the cross-field rules, with every
/// message naming the configuration key (for example <c>Xnai:Breakers:rag_api:BreakDuration</c>).
/// Data annotations run here rather than through <c>ValidateDataAnnotations()</c> because its messages do not name the key.
/// </summary>
/// <param name="sectionPathOf">
/// Configuration path of a breaker's section, for the messages; default <c>Xnai:Breakers:&lt;name&gt;</c>.
/// </param>
public sealed class CircuitBreakerOptionsValidator(Func<string, string>? sectionPathOf = null) : IValidateOptions<CircuitBreakerOptions>
{
    /// <summary>Section holding one sub-section per breaker in the default key names.</summary>
    public const string DefaultSectionName = "Xnai:Breakers";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= Options.DefaultName;
        var prefix = (sectionPathOf?.Invoke(name) ?? $"{DefaultSectionName}:{name}") + ":";
        var errors = new List<string>();

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault() ?? "";
            errors.Add($"{prefix}{member}: {result.ErrorMessage}");
        }

        if (options.ConsecutiveFailures == 0 && options.FailureRatio == 0 && options.SlowCallRatio == 0)
        {
            errors.Add($"{prefix}ConsecutiveFailures: at least one trip rule must be on (ConsecutiveFailures, FailureRatio or SlowCallRatio > 0).");
        }

        // The ratio rules open when the ratio exceeds the limit, so 1 could never trip.
        if (options.FailureRatio >= 1)
        {
            errors.Add($"{prefix}FailureRatio: must be below 1 (the circuit opens when the ratio exceeds it); was {Format(options.FailureRatio)}.");
        }

        if (options.SlowCallRatio >= 1)
        {
            errors.Add($"{prefix}SlowCallRatio: must be below 1 (the circuit opens when the ratio exceeds it); was {Format(options.SlowCallRatio)}.");
        }

        if (options.SlowCallRatio > 0 && options.SlowCallThreshold <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}SlowCallThreshold: must be positive when SlowCallRatio is on.");
        }

        if (options.BreakDurationMultiplier > 1 && options.MaxBreakDuration < options.BreakDuration)
        {
            errors.Add($"{prefix}MaxBreakDuration: must be at least BreakDuration ({options.BreakDuration}) when BreakDurationMultiplier > 1; was {options.MaxBreakDuration}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
