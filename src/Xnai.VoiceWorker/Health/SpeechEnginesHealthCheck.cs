using System.Runtime.InteropServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Xnai.VoiceWorker.Speech;

namespace Xnai.VoiceWorker.Health;

/// <summary>
/// Reports whether flite, the pocketsphinx libraries and the en-us model are installed; when one is missing the
/// service is Unhealthy and the description names the Debian package that provides it.
/// </summary>
public sealed class SpeechEnginesHealthCheck(IOptions<VoiceOptions> options, RecognizerPool pool) : IHealthCheck
{
    /// <summary>Registration name.</summary>
    public const string Name = "speech-engines";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var model = new SpeechModelPaths(settings.ModelDirectory);
        var missing = new List<(string What, string Package)>();
        if (!File.Exists(settings.FlitePath))
        {
            missing.Add(($"flite ({settings.FlitePath})", DebianPackages.Synthesizer));
        }

        if (!CanLoad(PocketSphinxNative.SphinxBaseLibrary))
        {
            missing.Add((PocketSphinxNative.SphinxBaseLibrary, DebianPackages.RecognizerBase));
        }

        if (!CanLoad(PocketSphinxNative.PocketSphinxLibrary))
        {
            missing.Add((PocketSphinxNative.PocketSphinxLibrary, DebianPackages.RecognizerLibrary));
        }

        if (model.FirstMissing() is { } file)
        {
            missing.Add(($"model file {file}", DebianPackages.Model));
        }

        var data = new Dictionary<string, object>
        {
            ["flite"] = settings.FlitePath,
            ["model"] = settings.ModelDirectory,
            ["decoders"] = pool.Size,
            ["decodersLoaded"] = pool.Loaded,
            ["decodersInUse"] = pool.InUse,
        };

        return Task.FromResult(missing switch
        {
            [] => HealthCheckResult.Healthy("flite, pocketsphinx and the en-us model are installed.", data),
            _ => HealthCheckResult.Unhealthy(
                string.Join(" ", missing.Select(m => $"Missing {m.What}: install the Debian package '{m.Package}'.")), data: data),
        });
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
