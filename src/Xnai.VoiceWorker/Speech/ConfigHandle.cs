using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// Owns one <c>cmd_ln_t</c> reference and the UTF-8 argv it was parsed from. sphinxbase documents that the
/// argv strings must outlive the configuration, so they are freed only after <c>cmd_ln_free_r</c>.
/// </summary>
internal sealed class ConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint[] _strings;
    private readonly nint _argv;
    private int _argumentsFreed;

    private ConfigHandle(nint config, nint argv, nint[] strings)
        : base(ownsHandle: true)
    {
        _argv = argv;
        _strings = strings;
        SetHandle(config);
    }

    /// <summary>Parses <c>-name value</c> pairs against the decoder's definitions; throws when sphinxbase rejects them.</summary>
    public static ConfigHandle Parse(IReadOnlyList<string> arguments)
    {
        // argv[0] is the program name, skipped by the parser.
        var strings = new nint[arguments.Count + 1];
        var argv = Marshal.AllocHGlobal(nint.Size * strings.Length);
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = Marshal.StringToCoTaskMemUTF8(i == 0 ? "xnai-voice" : arguments[i - 1]);
            Marshal.WriteIntPtr(argv, i * nint.Size, strings[i]);
        }

        var config = PocketSphinxNative.CmdLnParse(0, PocketSphinxNative.PsArgs(), strings.Length, argv, strict: 1);
        var handle = new ConfigHandle(config, argv, strings);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException("pocketsphinx rejected the decoder configuration.");
        }

        return handle;
    }

    /// <summary>The raw pointer, valid while this handle is alive.</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        var freed = PocketSphinxNative.CmdLnFree(handle) >= 0;
        FreeArguments();
        return freed;
    }

    protected override void Dispose(bool disposing)
    {
        // An invalid handle is never released, but its argv still has to go.
        if (IsInvalid)
        {
            FreeArguments();
        }

        base.Dispose(disposing);
    }

    private void FreeArguments()
    {
        if (Interlocked.Exchange(ref _argumentsFreed, 1) != 0)
        {
            return;
        }

        foreach (var s in _strings)
        {
            Marshal.FreeCoTaskMem(s);
        }

        Marshal.FreeHGlobal(_argv);
    }
}
