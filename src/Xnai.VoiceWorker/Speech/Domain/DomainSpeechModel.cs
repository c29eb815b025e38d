namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// The built domain model a decoder loads besides the general one.
/// </summary>
/// <param name="Dictionary">The shipped dictionary followed by the generated entries (<c>-dict</c>).</param>
/// <param name="LanguageModel">The domain trigram model in ARPA form.</param>
/// <param name="DomainWeight">Weight w of the domain model added to the general one: P = P_general + w × P_domain.</param>
public sealed record DomainSpeechModel(string Dictionary, string LanguageModel, double DomainWeight);
