using System.Net.Http.Json;

namespace Xnai.LoadTest.Cli;

/// <summary>Makes the WAV for voice load with the voice service's own text-to-speech.</summary>
internal static class VoiceSample
{
    /// <summary>Words the sample says; also sent as the typed message so voice chat can answer when speech recognition is down.</summary>
    public const string Text = "what happens when the knowledge base is down";

    public static async Task<byte[]> SynthesizeAsync(HttpClient client, Uri voice, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await client.PostAsJsonAsync(new Uri(voice, "api/tts"), new { text = Text }, timeout.Token);
        response.EnsureSuccessStatusCode();
        var wav = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return wav.Length >= 12 && wav.AsSpan(0, 4).SequenceEqual("RIFF"u8)
            ? wav
            : throw new InvalidOperationException($"{voice}api/tts did not return a WAV ({wav.Length} bytes).");
    }
}
