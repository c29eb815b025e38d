using Microsoft.Extensions.Time.Testing;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience.Health;

[Trait("Category", "Unit")]
public sealed class HealthWindowTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2_999_999)]
    [InlineData(17_123_457)]
    public void Window_Outcome_CountsUntilExactlyTheWindowOldWithinOnePercentWhateverThePhase(long phaseTicks)
    {
        var window = new HealthWindow(TimeSpan.FromMinutes(5), _time.TimestampFrequency);
        _time.Advance(TimeSpan.FromTicks(phaseTicks));
        var recorded = _time.GetTimestamp();
        window.Record(recorded, failure: true, slow: true);

        Assert.Equal(new HealthCounts(1, 1, 1), window.Sum(recorded + _time.TimestampFrequency * 297));
        Assert.Equal(new HealthCounts(0, 0, 0), window.Sum(recorded + _time.TimestampFrequency * 300));
    }

    [Fact]
    public void Window_Clear_ForgetsEverything()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time.TimestampFrequency);
        window.Record(_time.GetTimestamp(), failure: true, slow: false);
        window.Record(_time.GetTimestamp(), failure: false, slow: false);
        Assert.Equal(0.5, window.Sum(_time.GetTimestamp()).FailureRate);

        window.Clear();

        Assert.Equal(default, window.Sum(_time.GetTimestamp()));
    }
}
