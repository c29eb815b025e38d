namespace Xnai.VoiceWorker.Audio;

/// <summary>How samples are stored in a WAV data chunk.</summary>
public enum SampleEncoding
{
    /// <summary>Integer PCM: 8-bit unsigned, 16/24/32-bit signed little-endian.</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bit.</summary>
    Float,
}

/// <summary>The validated <c>fmt </c> chunk of a WAV file.</summary>
/// <param name="Encoding">Integer PCM or IEEE float.</param>
/// <param name="Channels">Interleaved channel count.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BitsPerSample">Container bits per sample (8, 16, 24, 32 or 64).</param>
public sealed record WavFormat(SampleEncoding Encoding, int Channels, int SampleRate, int BitsPerSample)
{
    /// <summary>Bytes per frame (one sample of every channel).</summary>
    public int BlockAlign => Channels * (BitsPerSample / 8);
}
