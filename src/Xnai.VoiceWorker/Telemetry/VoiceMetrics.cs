using System.Diagnostics.Metrics;
using Xnai.VoiceWorker.Speech;

namespace Xnai.VoiceWorker.Telemetry;

/// <summary>The voice service's instruments on the <c>Xnai.Voice</c> meter.</summary>
public sealed class VoiceMetrics
{
    /// <summary>Meter name, registered with OpenTelemetry by ServiceDefaults.</summary>
    public const string MeterName = "Xnai.Voice";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _synthesisDuration;
    private readonly Histogram<double> _decodeDuration;
    private readonly Histogram<double> _realTimeFactor;

    /// <summary>Creates the instruments; the decoder gauges read <paramref name="pool"/>.</summary>
    public VoiceMetrics(IMeterFactory meterFactory, RecognizerPool pool)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(Instruments.Requests, description: "Speech requests by operation and outcome.");
        _synthesisDuration = meter.CreateHistogram<double>(Instruments.SynthesisDuration, "s", "Time flite took per request.");
        _decodeDuration = meter.CreateHistogram<double>(Instruments.DecodeDuration, "s", "Time pocketsphinx took per request.");
        _realTimeFactor = meter.CreateHistogram<double>(Instruments.RealTimeFactor, description: "Decode time divided by audio duration.");
        meter.CreateObservableGauge(Instruments.DecodersInUse, () => pool.InUse, description: "Decoders currently decoding.");
        meter.CreateObservableGauge(Instruments.DecodersLoaded, () => pool.Loaded, description: "Decoders loaded.");
    }

    /// <summary>Counts one finished request.</summary>
    public void RecordRequest(string operation, string outcome) =>
        _requests.Add(1, new KeyValuePair<string, object?>(Tags.Operation, operation), new KeyValuePair<string, object?>(Tags.Outcome, outcome));

    /// <summary>Records a successful synthesis.</summary>
    public void RecordSynthesis(TimeSpan elapsed) => _synthesisDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records a successful recognition and its real-time factor.</summary>
    public void RecordDecode(TimeSpan elapsed, TimeSpan audio)
    {
        _decodeDuration.Record(elapsed.TotalSeconds);
        if (audio > TimeSpan.Zero)
        {
            _realTimeFactor.Record(elapsed / audio);
        }
    }

    /// <summary>Instrument names.</summary>
    public static class Instruments
    {
        public const string Requests = "xnai.voice.requests";
        public const string SynthesisDuration = "xnai.voice.synthesis.duration";
        public const string DecodeDuration = "xnai.voice.decode.duration";
        public const string RealTimeFactor = "xnai.voice.decode.real_time_factor";
        public const string DecodersInUse = "xnai.voice.decoders.in_use";
        public const string DecodersLoaded = "xnai.voice.decoders.loaded";
    }

    /// <summary>Tag names and values.</summary>
    public static class Tags
    {
        public const string Operation = "operation";
        public const string Outcome = "outcome";
        public const string Tts = "tts";
        public const string Stt = "stt";
        public const string Ok = "ok";
        public const string Rejected = "rejected";
        public const string Busy = "busy";
        public const string Unavailable = "unavailable";
        public const string Injected = "injected";
    }
}
