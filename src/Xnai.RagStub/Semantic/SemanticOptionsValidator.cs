using Microsoft.Extensions.Options;

namespace Xnai.RagStub.Semantic;

/// <summary>Cross-field and machine-dependent rules of <see cref="SemanticOptions"/>; messages name the key.</summary>
internal sealed class SemanticOptionsValidator : IValidateOptions<SemanticOptions>
{
    public ValidateOptionsResult Validate(string? name, SemanticOptions options)
    {
        var errors = new List<string>();
        if (!EmbeddingModels.IsKnown(options.Model))
        {
            errors.Add($"{SemanticOptions.SectionName}:Model: '{options.Model}' is not a shipped model (use {string.Join(" or ", EmbeddingModels.Ids)}).");
        }

        // More concurrent ONNX runs than cores only queue inside the runtime and slow every query down.
        if (options.MaxConcurrentEncodings > Environment.ProcessorCount)
        {
            errors.Add($"{SemanticOptions.SectionName}:MaxConcurrentEncodings: {options.MaxConcurrentEncodings} is more than the {Environment.ProcessorCount} cores.");
        }

        if (options.MaxConcurrentEncodings * options.IntraOpThreads > Environment.ProcessorCount * 2)
        {
            errors.Add($"{SemanticOptions.SectionName}:IntraOpThreads: {options.IntraOpThreads} threads x {options.MaxConcurrentEncodings} encodings oversubscribes {Environment.ProcessorCount} cores.");
        }

        if (options.CachePath is { Length: > 0 } path && path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{SemanticOptions.SectionName}:CachePath: '{path}' is not a valid path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
