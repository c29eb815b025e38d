using Microsoft.Extensions.Options;

namespace Xnai.RagStub.Semantic;

/// <summary>The resolved cache folder: <see cref="SemanticOptions.CachePath"/>, or <c>.xnai/embeddings</c> under the content root.</summary>
/// <param name="Folder">The absolute cache folder.</param>
public sealed record SemanticCacheLocation(string Folder)
{
    /// <summary>Default folder, relative to the content root (git ignores <c>.xnai/</c>).</summary>
    public const string DefaultFolder = ".xnai/embeddings";

    /// <summary>Resolves the configured folder against the content root.</summary>
    public static SemanticCacheLocation From(IOptions<SemanticOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var path = string.IsNullOrWhiteSpace(options.Value.CachePath) ? DefaultFolder : options.Value.CachePath;
        return new(Path.GetFullPath(path, environment.ContentRootPath));
    }
}
