using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// Text to speech with Debian's <c>flite</c>, one short-lived process per request. A process (rather than
/// libflite in-process) costs a few milliseconds but isolates the service from crashes in the synthesiser,
/// and flite loads its compiled-in voices instantly, so there is no model to keep warm.
/// The text goes through a temporary file, never a shell or an argument flite could read as an option.
/// </summary>
public sealed partial class FliteSynthesizer : IDisposable
{
    private readonly VoiceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FliteSynthesizer> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _voiceProbe = new(1, 1);
    private IReadOnlyList<string>? _voices;

    /// <summary>Creates the synthesiser with the configured concurrency.</summary>
    public FliteSynthesizer(IOptions<VoiceOptions> options, TimeProvider timeProvider, ILogger<FliteSynthesizer> logger)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.Synthesizers, _options.Synthesizers);
    }

    /// <summary>The default voice.</summary>
    public string DefaultVoice => _options.DefaultVoice;

    /// <summary>Allowed voices that this flite has, in configured order. Cached once flite has answered.</summary>
    /// <exception cref="SpeechEngineUnavailableException">flite is not installed.</exception>
    public async Task<IReadOnlyList<string>> GetVoicesAsync(CancellationToken cancellationToken)
    {
        if (_voices is { } known)
        {
            return known;
        }

        await _voiceProbe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_voices is null)
            {
                var output = await RunFliteAsync(["-lv"], cancellationToken).ConfigureAwait(false);
                // "Voices available: kal awb_time kal16 awb rms slt"
                var installed = output.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                _voices = [.. _options.Voices.Where(installed.Contains)];
            }

            return _voices;
        }
        finally
        {
            _voiceProbe.Release();
        }
    }

    /// <summary>
    /// Synthesises <paramref name="text"/> with <paramref name="voice"/> (already checked against
    /// <see cref="GetVoicesAsync"/>) into WAV bytes; null when every slot stayed busy for the configured wait.
    /// </summary>
    /// <exception cref="SpeechEngineUnavailableException">flite is missing or failed.</exception>
    public async Task<byte[]?> TrySynthesizeAsync(string text, string voice, CancellationToken cancellationToken)
    {
        if (!await WaitForSlotAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var stem = Path.Combine(Path.GetTempPath(), $"xnai-tts-{Guid.NewGuid():N}");
        var textFile = stem + ".txt";
        var wavFile = stem + ".wav";
        try
        {
            await File.WriteAllTextAsync(textFile, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await RunFliteAsync(["-voice", voice, "-f", textFile, "-o", wavFile], cancellationToken).ConfigureAwait(false);
            var wav = File.Exists(wavFile) ? await File.ReadAllBytesAsync(wavFile, cancellationToken).ConfigureAwait(false) : [];
            return wav.Length > 44 && wav.AsSpan(0, 4).SequenceEqual("RIFF"u8)
                ? wav
                : throw new SpeechEngineUnavailableException("flite produced no audio.", DebianPackages.Synthesizer);
        }
        finally
        {
            _slots.Release();
            TryDelete(textFile);
            TryDelete(wavFile);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _slots.Dispose();
        _voiceProbe.Dispose();
    }

    private async Task<bool> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(_options.SynthesizerWait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<string> RunFliteAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.FlitePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SpeechEngineUnavailableException($"Cannot start '{_options.FlitePath}': {e.Message}.", DebianPackages.Synthesizer, e);
        }

        using var timeout = new CancellationTokenSource(_options.SynthesisTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
        var stderr = process.StandardError.ReadToEndAsync(linked.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new SpeechEngineUnavailableException(
                $"flite did not finish within {_options.SynthesisTimeout.TotalSeconds:0} s.", DebianPackages.Synthesizer);
        }

        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            LogFliteFailed(process.ExitCode, error);
            throw new SpeechEngineUnavailableException($"flite exited with code {process.ExitCode}.", DebianPackages.Synthesizer);
        }

        return output;
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            LogTempFileNotDeleted(path, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "flite exited with {ExitCode}: {Error}")]
    private partial void LogFliteFailed(int exitCode, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete temporary file {Path}: {Reason}")]
    private partial void LogTempFileNotDeleted(string path, string reason);
}
