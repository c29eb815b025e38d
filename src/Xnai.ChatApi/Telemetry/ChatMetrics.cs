using System.Diagnostics.Metrics;

namespace Xnai.ChatApi.Telemetry;

/// <summary>Chat metrics (meter <c>Xnai.ChatApi</c>): answers and fallbacks. The session buffer's are <c>Sessions.SessionMetrics</c>.</summary>
public sealed class ChatMetrics
{
    public const string MeterName = "Xnai.ChatApi";

    private readonly Counter<long> _answers;
    private readonly Counter<long> _fallbacks;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _answers = meter.CreateCounter<long>(Instruments.Answers, description: "Chat answers, by outcome (answered or fallback).");
        _fallbacks = meter.CreateCounter<long>(Instruments.Fallbacks, description: "Fallbacks used, by dependency.");
    }

    /// <summary>Counts one answer; <paramref name="degraded"/> when a fallback answered.</summary>
    public void RecordAnswer(bool degraded) => _answers.Add(1, new KeyValuePair<string, object?>(Tags.Outcome, degraded ? "fallback" : "answered"));

    /// <summary>Counts a fallback for <paramref name="dependency"/>.</summary>
    public void RecordFallback(string dependency) => _fallbacks.Add(1, new KeyValuePair<string, object?>(Tags.Dependency, dependency));

    public static class Instruments
    {
        public const string Answers = "xnai.chat.answers";
        public const string Fallbacks = "xnai.chat.fallbacks";
    }

    public static class Tags
    {
        public const string Outcome = "outcome";
        public const string Dependency = "dependency";
    }
}
