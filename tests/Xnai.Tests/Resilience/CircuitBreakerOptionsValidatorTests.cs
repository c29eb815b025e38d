using Microsoft.Extensions.Options;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitBreakerOptionsValidatorTests
{
    private readonly CircuitBreakerOptionsValidator _validator = new();

    [Fact]
    public void Validator_Defaults_AreValid()
    {
        Assert.True(_validator.Validate("rag_api", new CircuitBreakerOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(CircuitBreakerOptions.ConsecutiveFailures), -1)]
    [InlineData(nameof(CircuitBreakerOptions.HalfOpenProbes), 0)]
    [InlineData(nameof(CircuitBreakerOptions.MinimumThroughput), 0)]
    [InlineData(nameof(CircuitBreakerOptions.FailureRatio), 1.5)]
    [InlineData(nameof(CircuitBreakerOptions.FailureRatio), 1.0)]
    [InlineData(nameof(CircuitBreakerOptions.BreakDurationMultiplier), 0.5)]
    public void Validator_OutOfRangeValue_FailsNamingTheKey(string property, double value)
    {
        var options = new CircuitBreakerOptions();
        var target = typeof(CircuitBreakerOptions).GetProperty(property)!;
        target.SetValue(options, Convert.ChangeType(value, target.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = _validator.Validate("rag_api", options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith($"Xnai:Breakers:rag_api:{property}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_ZeroBreakDuration_FailsNamingTheKey()
    {
        var result = _validator.Validate("redis", new CircuitBreakerOptions { BreakDuration = TimeSpan.Zero });

        Assert.Contains(result.Failures!, f => f.StartsWith("Xnai:Breakers:redis:BreakDuration:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_AnnotationFailures_EachReadAsTheKeyThenTheRule()
    {
        var result = _validator.Validate("redis", new CircuitBreakerOptions { BreakDuration = TimeSpan.Zero, HalfOpenProbes = 0 });

        Assert.Equal(
            [
                "Xnai:Breakers:redis:BreakDuration: The field redis.BreakDuration must be between 00:00:00.0100000 and 1.00:00:00.",
                "Xnai:Breakers:redis:HalfOpenProbes: The field redis.HalfOpenProbes must be between 1 and 1000.",
            ],
            result.Failures!);
    }

    [Fact]
    public void Validator_NoTripRule_Fails()
    {
        var result = _validator.Validate("redis", new CircuitBreakerOptions { ConsecutiveFailures = 0 });

        Assert.Contains(result.Failures!, f => f.Contains("at least one trip rule", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_SlowCallRatioWithoutThreshold_Fails()
    {
        var result = _validator.Validate("voice_processing", new CircuitBreakerOptions { SlowCallRatio = 0.5, SlowCallThreshold = TimeSpan.Zero });

        Assert.Contains(result.Failures!, f => f.StartsWith("Xnai:Breakers:voice_processing:SlowCallThreshold:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_BackoffCapBelowBreakDuration_Fails()
    {
        var options = new CircuitBreakerOptions
        {
            BreakDuration = TimeSpan.FromMinutes(10),
            MaxBreakDuration = TimeSpan.FromMinutes(5),
            BreakDurationMultiplier = 2,
        };

        var result = _validator.Validate("rag_api", options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Xnai:Breakers:rag_api:MaxBreakDuration:", StringComparison.Ordinal));
    }

    [Fact]
    public void Breaker_InvalidOptions_ThrowsFromTheConstructor()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new CircuitBreaker("rag_api", new CircuitBreakerOptions { HalfOpenProbes = 0 }));

        Assert.Contains("Xnai:Breakers:rag_api:HalfOpenProbes", error.Message);
    }
}
