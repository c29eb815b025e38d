using Microsoft.Extensions.Options;

namespace Xnai.VoiceWorker;

/// <summary>Cross-field rules of <see cref="VoiceOptions"/>.</summary>
public sealed class VoiceOptionsValidator : IValidateOptions<VoiceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VoiceOptions options)
    {
        if (!options.Voices.Contains(options.DefaultVoice, StringComparer.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                $"{VoiceOptions.SectionName}:DefaultVoice '{options.DefaultVoice}' is not in {VoiceOptions.SectionName}:Voices.");
        }

        // Voice names become a flite argument: keep them to plain identifiers.
        var bad = options.Voices.FirstOrDefault(v => v.Length == 0 || !v.All(char.IsAsciiLetterOrDigit));
        return bad is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{VoiceOptions.SectionName}:Voices contains '{bad}'; use letters and digits only.");
    }
}
