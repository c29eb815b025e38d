using System.Globalization;
using Microsoft.Extensions.Options;

namespace Xnai.Resilience;

/// <summary>
/// Validates <see cref="CircuitBreakerOptions"/>: the data annotations and the cross-field rules, with every
/// message naming the configuration key (for example <c>Xnai:Breakers:rag_api:BreakDuration</c>).
/// The data annotations are checked by a source-generated validator (no reflection); its failures, each starting
/// with the member name, are given the breaker's section path in front.
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

        if (Annotations.Validate(name, options) is { Failed: true, Failures: { } failures })
        {
            errors.AddRange(failures.Select(failure => prefix + failure));
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

    private static readonly CircuitBreakerOptionsAnnotations Annotations = new();

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The data annotations of <see cref="CircuitBreakerOptions"/>, checked by generated code.</summary>
[OptionsValidator]
internal sealed partial class CircuitBreakerOptionsAnnotations : IValidateOptions<CircuitBreakerOptions>;
