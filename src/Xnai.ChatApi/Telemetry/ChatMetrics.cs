using System.Diagnostics.Metrics;
using Xnai.ChatApi.Sessions;

namespace Xnai.ChatApi.Telemetry;

/// <summary>Chat metrics (meter <c>Xnai.ChatApi</c>): answers, fallbacks and the session buffer.</summary>
public sealed class ChatMetrics
{
    public const string MeterName = "Xnai.ChatApi";

    private readonly Counter<long> _answers;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _bufferOverflows;

    public ChatMetrics(IMeterFactory meterFactory, PendingTurnBuffer buffer)
    {
        var meter = meterFactory.Create(MeterName);
        _answers = meter.CreateCounter<long>(Instruments.Answers, description: "Chat answers, by outcome (answered or fallback).");
        _fallbacks = meter.CreateCounter<long>(Instruments.Fallbacks, description: "Fallbacks used, by dependency.");
        _bufferOverflows = meter.CreateCounter<long>(Instruments.BufferOverflows, description: "Conversation turns refused because the session buffer was full.");
        meter.CreateObservableGauge(Instruments.BufferPending, () => buffer.Count, description: "Conversation turns waiting for Redis.");
    }

    /// <summary>Counts one answer; <paramref name="degraded"/> when a fallback answered.</summary>
    public void RecordAnswer(bool degraded) => _answers.Add(1, new KeyValuePair<string, object?>(Tags.Outcome, degraded ? "fallback" : "answered"));

    /// <summary>Counts a fallback for <paramref name="dependency"/>.</summary>
    public void RecordFallback(string dependency) => _fallbacks.Add(1, new KeyValuePair<string, object?>(Tags.Dependency, dependency));

    /// <summary>Counts turns lost because the session buffer was full.</summary>
    public void RecordBufferOverflow(int turns) => _bufferOverflows.Add(turns);

    public static class Instruments
    {
        public const string Answers = "xnai.chat.answers";
        public const string Fallbacks = "xnai.chat.fallbacks";
        public const string BufferOverflows = "xnai.session.buffer.overflows";
        public const string BufferPending = "xnai.session.buffer.pending";
    }

    public static class Tags
    {
        public const string Outcome = "outcome";
        public const string Dependency = "dependency";
    }
}
