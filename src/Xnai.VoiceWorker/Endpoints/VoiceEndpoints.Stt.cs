using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Polly;
using Xnai.Contracts;
using Xnai.Chaos;
using Xnai.VoiceWorker.Audio;
using Xnai.VoiceWorker.Speech;
using Xnai.VoiceWorker.Telemetry;

namespace Xnai.VoiceWorker.Endpoints;

public static partial class VoiceEndpoints
{
    /// <summary>Content types <c>/api/stt</c> reads as a raw WAV body (multipart/form-data is read from its <c>file</c> field).</summary>
    public static readonly IReadOnlyList<string> WavContentTypes = WavUpload.ContentTypes;

    /// <summary>Multipart field carrying the WAV file.</summary>
    public const string FileField = WavUpload.FileField;

    internal static async Task<Results<Ok<SttResponse>, ProblemHttpResult>> RecognizeAsync(
        HttpContext context,
        SpeechToTextService speechToText,
        [FromKeyedServices(VoiceWorkerExtensions.ChaosPipelineKey)] ResiliencePipeline chaos,
        VoiceMetrics metrics,
        IOptions<VoiceOptions> options,
        CancellationToken cancellationToken)
    {
        try
        {
            var wav = await ReadUploadAsync(context, options.Value.MaxUploadBytes, cancellationToken);
            var result = await chaos.ExecuteAsync(
                async token => await speechToText.TryTranscribeAsync(wav, token), cancellationToken);
            if (result is null)
            {
                metrics.RecordRequest(VoiceMetrics.Tags.Stt, VoiceMetrics.Tags.Busy);
                return Busy(context, options.Value, "speech recognition");
            }

            metrics.RecordDecode(result.DecodeTime, result.AudioDuration);
            metrics.RecordRequest(VoiceMetrics.Tags.Stt, VoiceMetrics.Tags.Ok);
            return TypedResults.Ok(new SttResponse(
                result.Text, (long)result.AudioDuration.TotalMilliseconds, (long)Math.Ceiling(result.DecodeTime.TotalMilliseconds)));
        }
        catch (AudioFormatException e)
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Stt, VoiceMetrics.Tags.Rejected);
            return Problem(e);
        }
        catch (InjectedFaultException e)
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Stt, VoiceMetrics.Tags.Injected);
            return TypedResults.Problem(FaultProblems.ServiceUnavailable(e));
        }
        catch (Exception e) when (e is SpeechEngineUnavailableException or DllNotFoundException or EntryPointNotFoundException)
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Stt, VoiceMetrics.Tags.Unavailable);
            var detail = e is SpeechEngineUnavailableException
                ? e.Message
                : $"The pocketsphinx libraries cannot be loaded ({e.Message}). Install the Debian packages '{DebianPackages.RecognizerLibrary}' and '{DebianPackages.RecognizerBase}'.";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Speech recognition unavailable", detail);
        }
    }

    /// <summary>
    /// Reads the WAV bytes from a raw body or a multipart <c>file</c> field, never more than <paramref name="limit"/> bytes:
    /// the server's body size limit is lowered to it first, and the copy stops there too.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadUploadAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var request = context.Request;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            throw Unsupported();
        }

        if (WavUpload.IsMultipart(contentType.MediaType.Value))
        {
            // A malformed or cut-off multipart body throws InvalidDataException/IOException: the shared handler answers 400.
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);

            var file = form.Files.GetFile(FileField)
                ?? throw AudioFormatException.Malformed(WavUpload.MissingFile);
            await using var stream = file.OpenReadStream();
            return await ReadBoundedAsync(stream, limit, cancellationToken);
        }

        if (!WavUpload.IsWav(contentType.MediaType.Value))
        {
            throw Unsupported();
        }

        return await ReadBoundedAsync(request.Body, limit, cancellationToken);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        // Not disposed: the returned memory is its buffer.
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static AudioFormatException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"Uploads are limited to {limit} bytes.");

    private static AudioFormatException Unsupported() =>
        AudioFormatException.Unsupported(WavUpload.Expected);
}
