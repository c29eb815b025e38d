using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Health;
using Xnai.VoiceWorker.Speech;

namespace Xnai.Tests.Voice;

[Trait("Category", "Unit")]
public sealed class SpeechEnginesHealthCheckTests
{
    [Fact]
    public async Task Check_EverythingInstalled_Healthy()
    {
        var result = await Check(new VoiceOptions());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Check_FliteMissing_UnhealthyNamingPackage()
    {
        var result = await Check(new VoiceOptions { FlitePath = "/nonexistent/flite" });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("'flite'", result.Description);
    }

    [Fact]
    public async Task Check_ModelMissing_UnhealthyNamingPackage()
    {
        var result = await Check(new VoiceOptions { ModelDirectory = "/nonexistent/model" });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("'pocketsphinx-en-us'", result.Description);
    }

    [Fact]
    public void CreateRecognizer_ModelMissing_UnavailableNamingPackageWithoutNativeCall()
    {
        var error = Assert.Throws<SpeechEngineUnavailableException>(() => VoiceWorkerExtensions.CreateRecognizer(new SpeechModelPaths("/nonexistent/model")));

        Assert.Equal(DebianPackages.Model, error.DebianPackage);
    }

    [Fact]
    public async Task Synthesize_FliteMissing_UnavailableNamingPackage()
    {
        using var synthesizer = new FliteSynthesizer(
            Options.Create(new VoiceOptions { FlitePath = "/nonexistent/flite" }), TimeProvider.System, NullLogger<FliteSynthesizer>.Instance);

        var error = await Assert.ThrowsAsync<SpeechEngineUnavailableException>(() => synthesizer.GetVoicesAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(DebianPackages.Synthesizer, error.DebianPackage);
    }

    private static Task<HealthCheckResult> Check(VoiceOptions options)
    {
        using var pool = new RecognizerPool(() => throw new InvalidOperationException("not used"), 1, TimeSpan.Zero, TimeProvider.System);
        return new SpeechEnginesHealthCheck(Options.Create(options), pool).CheckHealthAsync(new HealthCheckContext());
    }
}
