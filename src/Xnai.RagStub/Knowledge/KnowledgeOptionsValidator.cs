using Microsoft.Extensions.Options;

namespace Xnai.RagStub.Knowledge;

/// <summary>Fails the start with a sentence naming the key and the path when the folder cannot be indexed.</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        string path;
        try
        {
            path = options.ResolvedPath;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidateOptionsResult.Fail($"{KnowledgeOptions.KnowledgePathKey}: '{options.KnowledgePath}' is not a valid path ({ex.Message}).");
        }

        return KnowledgeLoader.Check(path) is { } problem
            ? ValidateOptionsResult.Fail($"{KnowledgeOptions.KnowledgePathKey}: {problem}")
            : ValidateOptionsResult.Success;
    }
}
