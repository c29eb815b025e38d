using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// Builds the domain vocabulary and language model from the knowledge documents and caches them on disk under a
/// hash of the documents' names and text (and of the builder's version and bounds), like rag's passage vectors:
/// an unchanged knowledge base is loaded, a changed one is rebuilt. Only the current build is kept in the cache
/// directory (older hash directories are deleted), so the cache is bounded to one model.
/// </summary>
public sealed partial class DomainModelBuilder(ILogger<DomainModelBuilder> logger, TimeProvider timeProvider)
{
    /// <summary>Bumped whenever the build changes what it writes, so older caches are not reused.</summary>
    public const string Version = "5";

    /// <summary>Builds or loads the model; the result names files inside <paramref name="settings"/>' cache directory.</summary>
    public DomainSpeechModel BuildOrLoad(DomainModelSettings settings)
    {
        var documents = Directory.Exists(settings.KnowledgeDirectory)
            ? Directory.GetFiles(settings.KnowledgeDirectory, "*.md").Order(StringComparer.Ordinal).Take(settings.MaxDocuments).ToArray()
            : throw new DirectoryNotFoundException($"The knowledge directory '{settings.KnowledgeDirectory}' does not exist.");
        var texts = documents.Select(File.ReadAllText).ToArray();
        var key = Key(documents, texts, settings);
        var directory = Path.Combine(settings.CacheDirectory, key);
        var model = new DomainSpeechModel(Path.Combine(directory, "domain.dict"), Path.Combine(directory, "domain.lm"), settings.DomainWeight);
        if (File.Exists(model.Dictionary) && File.Exists(model.LanguageModel))
        {
            LogLoaded(logger, directory);
            return model;
        }

        var started = timeProvider.GetTimestamp();
        var lexicon = PronunciationLexicon.Load(settings.ShippedDictionary);
        var corpus = DomainCorpus.Build(texts, settings.MaxSentences, lexicon.Contains);
        var readings = LetterToSound(settings.LetterToSoundPath, corpus.WordCounts.Keys);
        var generated = DomainVocabulary.Build(
            corpus.WordCounts, corpus.Acronyms, lexicon,
            word => readings.TryGetValue(word, out var phones) ? phones : LetterToSound(settings.LetterToSoundPath, word),
            settings.MaxWords);

        Directory.CreateDirectory(settings.CacheDirectory);
        var temporary = Path.Combine(settings.CacheDirectory, $".build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            using (var dictionary = new StreamWriter(Path.Combine(temporary, "domain.dict")))
            {
                foreach (var line in File.ReadLines(settings.ShippedDictionary))
                {
                    dictionary.WriteLine(line);
                }

                foreach (var entry in generated)
                {
                    dictionary.Write(entry.Word);
                    dictionary.Write(' ');
                    dictionary.WriteLine(entry.Phones);
                }
            }

            File.WriteAllText(Path.Combine(temporary, "domain.lm"), ArpaModelBuilder.Build(corpus.Sentences));
            foreach (var old in Directory.GetDirectories(settings.CacheDirectory).Where(d => !string.Equals(d, temporary, StringComparison.Ordinal)))
            {
                Directory.Delete(old, recursive: true);
            }

            Directory.Move(temporary, directory);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        LogBuilt(logger, directory, corpus.Sentences.Count, generated.Count, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return model;
    }

    /// <summary>
    /// <see cref="BuildOrLoad"/>, or null (the general model alone, logged as a warning) when the knowledge documents,
    /// the dictionary or <c>t2p</c> cannot be read: the voice chat still hears everyday English.
    /// </summary>
    public DomainSpeechModel? TryBuildOrLoad(DomainModelSettings settings)
    {
        try
        {
            return BuildOrLoad(settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or ArgumentException)
        {
            LogFailed(logger, e, settings.KnowledgeDirectory);
            return null;
        }
    }

    /// <summary>
    /// flite's phones for many words, a few hundred per <c>t2p</c> run (words separated by full stops, which flite
    /// reads as pauses); a batch whose pauses do not line up with its words is left out (asked word by word later).
    /// </summary>
    public static Dictionary<string, string> LetterToSound(string t2pPath, IEnumerable<string> words)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in words.Where(w => w.All(char.IsAsciiLetterLower)).Chunk(300))
        {
            if (Run(t2pPath, string.Join(". ", batch) + ".") is not { } output)
            {
                continue;
            }

            var readings = output.Split("pau", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (readings.Length != batch.Length)
            {
                continue;
            }

            for (var i = 0; i < batch.Length; i++)
            {
                result[batch[i]] = $"pau {readings[i]} pau";
            }
        }

        return result;
    }

    /// <summary>flite's phones for <paramref name="word"/> from <c>t2p</c>; null when it fails.</summary>
    public static string? LetterToSound(string t2pPath, string word)
    {
        return word.All(char.IsAsciiLetterLower) ? Run(t2pPath, word) : null;
    }

    private static string? Run(string t2pPath, string text)
    {
        var start = new ProcessStartInfo(t2pPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(text);
        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
            return null;
        }

        return process.ExitCode == 0 ? output.GetAwaiter().GetResult().Trim() : null;
    }

    private static string Key(string[] documents, string[] texts, DomainModelSettings settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"v{Version};{settings.MaxSentences};{settings.MaxWords};{new FileInfo(settings.ShippedDictionary).Length}\n"));
        for (var i = 0; i < documents.Length; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(documents[i]) + "\n"));
            hash.AppendData(Encoding.UTF8.GetBytes(texts[i]));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Domain speech model not built from {Directory}; recognising with the general model only")]
    private static partial void LogFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain speech model loaded from the cache {Directory}")]
    private static partial void LogLoaded(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain speech model built in {Directory}: {Sentences} sentences, {Words} generated pronunciations, {Milliseconds} ms")]
    private static partial void LogBuilt(ILogger logger, string directory, int sentences, int words, double milliseconds);
}

/// <summary>What <see cref="DomainModelBuilder"/> reads and its bounds.</summary>
/// <param name="KnowledgeDirectory">The knowledge documents (<c>*.md</c>).</param>
/// <param name="CacheDirectory">Where built models are kept (one at a time).</param>
/// <param name="ShippedDictionary">The general dictionary (cmudict).</param>
/// <param name="LetterToSoundPath">flite's <c>t2p</c>.</param>
/// <param name="DomainWeight">Interpolation weight of the domain model.</param>
/// <param name="MaxDocuments">Bound on documents read.</param>
/// <param name="MaxSentences">Bound on training sentences.</param>
/// <param name="MaxWords">Bound on generated dictionary words.</param>
public sealed record DomainModelSettings(
    string KnowledgeDirectory,
    string CacheDirectory,
    string ShippedDictionary,
    string LetterToSoundPath,
    double DomainWeight,
    int MaxDocuments = 1_000,
    int MaxSentences = 50_000,
    int MaxWords = 5_000);
