using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitStateNamesTests
{
    [Theory]
    [InlineData(CircuitState.Closed, "closed", 0)]
    [InlineData(CircuitState.Open, "open", 1)]
    [InlineData(CircuitState.HalfOpen, "half_open", 2)]
    [InlineData(CircuitState.Isolated, "isolated", 3)]
    [InlineData(CircuitState.Disabled, "disabled", 4)]
    public void StateNames_EveryState_HasTheSeedWireNameAndMetricCode(CircuitState state, string wire, int code)
    {
        Assert.Equal(wire, CircuitStateNames.ToWire(state));
        Assert.Equal(code, CircuitStateNames.ToMetricCode(state));
        Assert.True(CircuitStateNames.TryParse(wire.ToUpperInvariant(), out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void StateNames_UnknownWireName_DoesNotParse()
    {
        Assert.False(CircuitStateNames.TryParse("halfopen", out _));
    }
}
