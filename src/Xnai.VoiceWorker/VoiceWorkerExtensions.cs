using Microsoft.Extensions.Options;
using Polly;
using Xnai.Chaos;
using Xnai.ServiceDefaults.Http;
using Xnai.VoiceWorker.Endpoints;
using Xnai.VoiceWorker.Health;
using Xnai.VoiceWorker.Speech;
using Xnai.VoiceWorker.Speech.Domain;
using Xnai.VoiceWorker.Telemetry;

namespace Xnai.VoiceWorker;

/// <summary>Composition of the voice service, shared by <c>Program</c> and the in-process tests.</summary>
public static class VoiceWorkerExtensions
{
    /// <summary>Service key of the chaos <see cref="ResiliencePipeline"/> the speech endpoints run their engine work in.</summary>
    public const string ChaosPipelineKey = "voice-chaos";

    /// <summary>
    /// Adds flite, the pocketsphinx decoder pool (warmed up in the background), the STT service,
    /// metrics, the engines' health check, the shared chaos controls, ProblemDetails and OpenAPI, with
    /// <see cref="VoiceOptions"/> validated at start.
    /// </summary>
    public static TBuilder AddVoiceWorkerServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VoiceOptions>, VoiceOptionsAnnotations>();
        builder.Services.AddSingleton<IValidateOptions<VoiceOptions>, VoiceOptionsValidator>();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VoiceOptions>>().Value;
            var model = new SpeechModelPaths(options.ModelDirectory);
            var domain = options.UseDomainModel ? sp.GetRequiredService<DomainModelBuilder>().TryBuildOrLoad(Settings(options, model)) : null;
            return new RecognizerPool(() => CreateRecognizer(model, domain, Search(options, domain is not null)), options.Decoders, options.DecoderWait, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<DomainModelBuilder>();
        builder.Services.AddSingleton<FliteSynthesizer>();
        builder.Services.AddSingleton<SpeechToTextService>();
        builder.Services.AddSingleton<VoiceMetrics>();
        builder.Services.AddHostedService<DecoderWarmUp>();
        builder.Services.AddHealthChecks().AddCheck<SpeechEnginesHealthCheck>(SpeechEnginesHealthCheck.Name);

        // Same chaos controls as rag (admin key, dashboard commands), so chatapi's voice breaker can be exercised.
        builder.Services.AddXnaiFaultInjection(VoiceMetrics.MeterName);
        builder.Services.AddKeyedSingleton(ChaosPipelineKey, (sp, _) => sp.GetFaultPipeline());
        builder.Services.AddXnaiProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Adds the error and limits middleware and maps OpenAPI, health, the speech API and the chaos controls (<c>/api/admin/faults</c>).</summary>
    public static WebApplication MapVoiceWorkerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseXnaiProblemDetails();
        app.UseXnaiHttpLimits();
        app.MapOpenApi();
        app.MapDefaultEndpoints();
        app.MapVoiceEndpoints();
        app.MapFaultEndpoints();
        return app;
    }

    /// <summary>Loads one decoder, turning a missing library into the error that names its Debian package.</summary>
    public static ISpeechRecognizer CreateRecognizer(SpeechModelPaths model, DomainSpeechModel? domain = null, DecoderSearch? search = null)
    {
        try
        {
            return new PocketSphinxRecognizer(model, domain, search ?? DecoderSearch.PocketSphinxDefaults);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new SpeechEngineUnavailableException(
                $"The pocketsphinx libraries cannot be loaded ({e.Message}).", DebianPackages.RecognizerLibrary, e);
        }
    }

    /// <summary>
    /// The decoders' search settings from <paramref name="options"/>. The language weight is the combined model's; the
    /// general model alone (no domain model built) keeps pocketsphinx's own, which it was measured with.
    /// </summary>
    public static DecoderSearch Search(VoiceOptions options, bool domainModel = true) =>
        new(options.MaxHmmsPerFrame, options.SecondPass, domainModel ? options.LanguageWeight : DecoderSearch.PocketSphinxDefaults.LanguageWeight);

    /// <summary>The domain model's inputs from <paramref name="options"/>; relative paths are under the program's directory.</summary>
    public static DomainModelSettings Settings(VoiceOptions options, SpeechModelPaths model) => new(
        Path.GetFullPath(options.KnowledgeDirectory, AppContext.BaseDirectory),
        Path.GetFullPath(options.DomainModelCacheDirectory, AppContext.BaseDirectory),
        model.Dictionary,
        options.LetterToSoundPath,
        options.DomainModelWeight,
        MaxSentences: options.MaxDomainSentences,
        MaxWords: options.MaxDomainWords);
}
