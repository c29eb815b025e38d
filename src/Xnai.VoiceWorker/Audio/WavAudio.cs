namespace Xnai.VoiceWorker.Audio;

/// <summary>A parsed WAV file: its format and the raw bytes of its data chunk (whole frames only).</summary>
/// <param name="Format">The validated format.</param>
/// <param name="Data">Interleaved sample bytes, a whole number of frames.</param>
public sealed record WavAudio(WavFormat Format, ReadOnlyMemory<byte> Data)
{
    /// <summary>Number of frames (samples per channel).</summary>
    public int FrameCount => Data.Length / Format.BlockAlign;

    /// <summary>Playing time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / Format.SampleRate);
}
