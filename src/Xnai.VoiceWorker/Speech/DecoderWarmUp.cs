namespace Xnai.VoiceWorker.Speech;

/// <summary>Loads the decoders after start-up so the first recognitions do not pay ~0.5 s each for the model.</summary>
internal sealed partial class DecoderWarmUp(RecognizerPool pool, ILogger<DecoderWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the service answers /health and /alive while the models load.
        await Task.Yield();
        try
        {
            pool.WarmUp();
            LogWarmedUp(pool.Loaded);
        }
        catch (Exception e) when (e is SpeechEngineUnavailableException or InvalidOperationException)
        {
            // /health names the missing package; requests answer 503 until it is installed.
            LogWarmUpFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} pocketsphinx decoder(s)")]
    private partial void LogWarmedUp(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech recognition is not available: {Reason}")]
    private partial void LogWarmUpFailed(string reason);
}
