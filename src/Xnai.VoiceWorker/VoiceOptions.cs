using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.VoiceWorker;

/// <summary>Settings of the speech engines, bound from <c>Xnai:Voice</c> and validated at start.</summary>
public sealed class VoiceOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:Voice";

    /// <summary>Loaded pocketsphinx decoders, i.e. concurrent recognitions (about one per core).</summary>
    [Range(1, 64)]
    public int Decoders { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a recognition waits for a free decoder before the answer is 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DecoderWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent flite processes.</summary>
    [Range(1, 64)]
    public int Synthesizers { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a synthesis waits for a free slot before the answer is 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SynthesizerWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A flite run taking longer than this is killed (1,000 characters take well under a second).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SynthesisTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Path of the flite program (Debian package <c>flite</c>).</summary>
    [Required]
    public string FlitePath { get; set; } = "/usr/bin/flite";

    /// <summary>Voices clients may ask for, in preference order; only those flite lists are offered.</summary>
    [MinLength(1)]
    public string[] Voices { get; set; } = ["kal16", "slt", "rms", "awb", "kal"];

    /// <summary>Voice used when the request names none; must be one of <see cref="Voices"/>.</summary>
    [Required]
    public string DefaultVoice { get; set; } = "kal16";

    /// <summary>pocketsphinx model directory (Debian package <c>pocketsphinx-en-us</c>).</summary>
    [Required]
    public string ModelDirectory { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>
    /// Recognise with the domain model built from the knowledge documents (interpolated with the general one);
    /// false: the general model alone.
    /// </summary>
    public bool UseDomainModel { get; set; } = true;

    /// <summary>
    /// The knowledge documents (<c>*.md</c>) the domain model is built from; relative to the program's directory.
    /// The csproj copies rag's <c>src/Xnai.RagStub/knowledge</c> there as <c>knowledge/</c>.
    /// </summary>
    [Required]
    public string KnowledgeDirectory { get; set; } = "knowledge";

    /// <summary>Where the built domain model is cached (one build, about 3.5 MB; older builds are deleted).</summary>
    [Required]
    public string DomainModelCacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "xnai-voice-domain-model");

    /// <summary>
    /// Weight w of the domain language model added to the general one, P = P_general + w × P_domain (the general
    /// model's probabilities are kept whole); chosen on the dev spoken set (docs/speech-recognition.md).
    /// </summary>
    [Range(0.05, 0.95)]
    public double DomainModelWeight { get; set; } = 0.5;

    /// <summary>
    /// Bound on the HMMs a decoder keeps active per 10 ms frame (pocketsphinx <c>-maxhmmpf</c>; its own default 30,000).
    /// The combined model scores every word against two models, so the search is narrower to stay within the time
    /// budget of the general model alone (docs/speech-recognition.md: 3,000 chosen on the dev spoken set).
    /// </summary>
    [Range(500, 100_000)]
    public int MaxHmmsPerFrame { get; set; } = 3_000;

    /// <summary>
    /// Run pocketsphinx's second, flat-lexicon pass (<c>-fwdflat</c>; its default yes). Off: on the dev spoken set it
    /// cost decode time and no accuracy with the combined model (docs/speech-recognition.md).
    /// </summary>
    public bool SecondPass { get; set; }

    /// <summary>
    /// Language weight of the decoder (pocketsphinx <c>-lw</c>; its own default 6.5): how much the language model's log
    /// probability counts against the acoustic score. The combined model's probabilities are the general model's plus
    /// w times the domain model's, so they are larger than one model's and the same weight leans harder on the
    /// language model; 5.5 was chosen on the dev spoken set against 4.5, 6.5, 8 and 10 (docs/speech-recognition.md).
    /// </summary>
    [Range(1.0, 20.0)]
    public double LanguageWeight { get; set; } = 5.5;

    /// <summary>Bound on the pronunciations generated for words the shipped dictionary lacks.</summary>
    [Range(0, 100_000)]
    public int MaxDomainWords { get; set; } = 5_000;

    /// <summary>Bound on the domain model's training sentences (documents plus question templates).</summary>
    [Range(1, 1_000_000)]
    public int MaxDomainSentences { get; set; } = 50_000;

    /// <summary>flite's letter-to-sound program (Debian package <c>flite</c>), for words the dictionary lacks.</summary>
    [Required]
    public string LetterToSoundPath { get; set; } = "/usr/bin/t2p";

    /// <summary>Longest audio accepted for recognition.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxAudioDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body accepted by <c>/api/stt</c>; larger bodies get 413 while streaming in.</summary>
    [Range(1_024, 100 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Seconds a client is told to wait (Retry-After) when every engine is busy.</summary>
    [Range(1, 600)]
    public int RetryAfterSeconds { get; set; } = 2;
}

/// <summary>The data annotations of <see cref="VoiceOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class VoiceOptionsAnnotations : IValidateOptions<VoiceOptions>;
