using Microsoft.Extensions.Time.Testing;
using Xnai.Chaos;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class FaultControlTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Current_AtStart_IsNone()
    {
        var control = new FaultControl(_time);

        Assert.Same(FaultSettings.None, control.Current);
        Assert.False(control.Current.IsActive);
    }

    [Fact]
    public void Set_WithDuration_ExpiresExactlyThen()
    {
        var control = new FaultControl(_time);
        control.Set(0.5, 100, outage: false, TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(29.999));
        Assert.Equal(0.5, control.Current.ErrorRate);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(control.Current.IsActive);
    }

    [Fact]
    public void Set_WithoutDuration_LastsUntilCleared()
    {
        var control = new FaultControl(_time);
        control.Set(0, 0, outage: true, duration: null);

        _time.Advance(TimeSpan.FromDays(3));
        Assert.True(control.Current.Outage);
        Assert.Equal(1.0, control.Current.EffectiveErrorRate);

        control.Clear();
        Assert.False(control.Current.IsActive);
    }

    [Fact]
    public void Set_NewSettings_ReplaceTheOldOnesAndTheirExpiry()
    {
        var control = new FaultControl(_time);
        control.Set(0.2, 0, false, TimeSpan.FromSeconds(5));
        control.Set(0, 2000, false, null);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, control.Current.ErrorRate);
        Assert.Equal(2000, control.Current.LatencyMs);
    }

    [Theory]
    [InlineData(-0.1, 0, 1)]
    [InlineData(1.1, 0, 1)]
    [InlineData(0.5, -1, 1)]
    [InlineData(0.5, 0, 0)]
    [InlineData(0.5, 0, -5)]
    public void Set_OutOfRange_Throws(double errorRate, int latencyMs, int durationSeconds) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() =>
            new FaultControl(_time).Set(errorRate, latencyMs, false, TimeSpan.FromSeconds(durationSeconds)));

    [Fact]
    public async Task Health_DegradedWhileActive_HealthyOnceCleared()
    {
        var control = new FaultControl(_time);
        var check = new FaultInjectionHealthCheck(control);
        control.Set(0.5, 0, false, TimeSpan.FromMinutes(1));

        var active = await check.CheckHealthAsync(new());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, active.Status);
        Assert.Equal(0.5, active.Data["errorRate"]);
        Assert.True(active.Data.ContainsKey("expiresAt"));

        control.Clear();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(new())).Status);
    }
}
