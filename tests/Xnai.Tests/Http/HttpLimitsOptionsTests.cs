using Microsoft.Extensions.Options;

namespace Xnai.Tests.Http;

/// <summary>A bad limit stops the service at start, naming the setting.</summary>
[Trait("Category", "Unit")]
public sealed class HttpLimitsOptionsTests
{
    [Theory]
    [InlineData("Xnai:Http:RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("Xnai:Http:MinRequestBodyBytesPerSecond", "0", "MinRequestBodyBytesPerSecond")]
    [InlineData("Xnai:Http:MinRequestBodyDataRateGracePeriod", "00:00:01", "MinRequestBodyDataRateGracePeriod")]
    [InlineData("Xnai:Health:RefreshInterval", "00:00:00", "RefreshInterval")]
    [InlineData("Xnai:AdminKeyThrottle:FailedAttemptsPerWindow", "0", "FailedAttemptsPerWindow")]
    public void BadLimit_FailsAtStart_NamingIt(string key, string value, string member)
    {
        using var app = new Xnai.Tests.Http.KestrelAppFactory<Xnai.VoiceWorker.VoiceOptions>(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.StartServer());

        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }
}
