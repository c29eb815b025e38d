using Microsoft.Win32.SafeHandles;

namespace Xnai.VoiceWorker.Speech;

/// <summary>Owns one <c>ps_decoder_t</c> reference; released with <c>ps_free</c>.</summary>
internal sealed class DecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DecoderHandle()
        : base(ownsHandle: true)
    {
    }

    public DecoderHandle(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => PocketSphinxNative.PsFree(handle) >= 0;
}
