using Microsoft.Extensions.Options;
using Polly;
using Xnai.ServiceDefaults.Chaos;
using Xnai.VoiceWorker.Health;
using Xnai.VoiceWorker.Speech;

namespace Xnai.VoiceWorker;

/// <summary>Registers the speech engines.</summary>
public static class VoiceServiceExtensions
{
    /// <summary>Service key of the chaos <see cref="ResiliencePipeline"/> the speech endpoints run their engine work in.</summary>
    public const string ChaosPipelineKey = "voice-chaos";

    /// <summary>
    /// Adds flite, the pocketsphinx decoder pool (warmed up in the background), the STT service,
    /// metrics, the engines' health check and the shared chaos controls, with <see cref="VoiceOptions"/> validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddVoiceEngines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VoiceOptions>, VoiceOptionsValidator>();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VoiceOptions>>().Value;
            var model = new SpeechModelPaths(options.ModelDirectory);
            return new RecognizerPool(() => CreateRecognizer(model), options.Decoders, options.DecoderWait, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<FliteSynthesizer>();
        builder.Services.AddSingleton<SpeechToTextService>();
        builder.Services.AddSingleton<VoiceMetrics>();
        builder.Services.AddHostedService<DecoderWarmUp>();
        builder.Services.AddHealthChecks().AddCheck<SpeechEnginesHealthCheck>(SpeechEnginesHealthCheck.Name);

        // Same chaos controls as rag (admin key, dashboard commands), so chatapi's voice breaker can be exercised.
        builder.Services.AddXnaiFaultInjection(VoiceMetrics.MeterName);
        builder.Services.AddKeyedSingleton(ChaosPipelineKey, (sp, _) => sp.GetFaultPipeline());
        return builder;
    }

    /// <summary>Loads one decoder, turning a missing library into the error that names its Debian package.</summary>
    public static ISpeechRecognizer CreateRecognizer(SpeechModelPaths model)
    {
        try
        {
            return new PocketSphinxRecognizer(model);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new SpeechEngineUnavailableException(
                $"The pocketsphinx libraries cannot be loaded ({e.Message}).", DebianPackages.RecognizerLibrary, e);
        }
    }
}
