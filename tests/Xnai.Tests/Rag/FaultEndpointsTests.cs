using Xnai.Chaos;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class FaultEndpointsTests
{
    public static TheoryData<FaultRequest, string> BadRequests => new()
    {
        { new FaultRequest(-0.01, null, null, null), "errorRate" },
        { new FaultRequest(1.01, null, null, null), "errorRate" },
        { new FaultRequest(double.NaN, null, null, null), "errorRate" },
        { new FaultRequest(double.PositiveInfinity, null, null, null), "errorRate" },
        { new FaultRequest(null, -1, null, null), "latencyMs" },
        { new FaultRequest(null, FaultEndpoints.MaxLatencyMs + 1, null, null), "latencyMs" },
        { new FaultRequest(0.5, null, null, 0), "durationSeconds" },
        { new FaultRequest(0.5, null, null, FaultEndpoints.MaxDurationSeconds + 1), "durationSeconds" },
        { new FaultRequest(null, null, null, null), "" },
        { new FaultRequest(0, 0, false, 30), "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Validate_BadRequest_NamesTheField(FaultRequest request, string field) =>
        Assert.Contains(field, FaultEndpoints.Validate(request).Keys);

    [Theory]
    [InlineData(0.5, null, null, null)]
    [InlineData(null, 2000, null, null)]
    [InlineData(null, null, true, 60)]
    [InlineData(1.0, FaultEndpoints.MaxLatencyMs, true, FaultEndpoints.MaxDurationSeconds)]
    public void Validate_GoodRequest_NoErrors(double? errorRate, int? latencyMs, bool? outage, int? durationSeconds) =>
        Assert.Empty(FaultEndpoints.Validate(new FaultRequest(errorRate, latencyMs, outage, durationSeconds)));
}
