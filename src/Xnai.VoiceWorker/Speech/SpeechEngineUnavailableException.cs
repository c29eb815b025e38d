namespace Xnai.VoiceWorker.Speech;

/// <summary>A speech engine cannot run on this machine (missing program, library or model); maps to 503.</summary>
public sealed class SpeechEngineUnavailableException(string message, string debianPackage, Exception? inner = null)
    : Exception($"{message} Install the Debian package '{debianPackage}'.", inner)
{
    /// <summary>The package whose installation fixes the problem.</summary>
    public string DebianPackage { get; } = debianPackage;
}
