namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// The built domain model a decoder loads besides the general one.
/// </summary>
/// <param name="Dictionary">The shipped dictionary followed by the generated entries (<c>-dict</c>).</param>
/// <param name="LanguageModel">The domain trigram model in ARPA form.</param>
/// <param name="DomainWeight">Weight of the domain model in the interpolation with the general one (0..1).</param>
public sealed record DomainSpeechModel(string Dictionary, string LanguageModel, double DomainWeight);
