using System.Diagnostics.Metrics;

namespace Xnai.ChatApi.Sessions;

/// <summary>
/// The session buffer's metrics (meter <c>Xnai.ChatApi</c>, shared with the chat metrics through the meter factory):
/// turns waiting for Redis and turns refused because the buffer was full. They live with the sessions they describe,
/// so the chat telemetry does not reach into the session buffer.
/// </summary>
public sealed class SessionMetrics
{
    private readonly Counter<long> _bufferOverflows;

    public SessionMetrics(IMeterFactory meterFactory, PendingTurnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(buffer);
        var meter = meterFactory.Create(MeterName);
        _bufferOverflows = meter.CreateCounter<long>(Instruments.BufferOverflows, description: "Conversation turns refused because the session buffer was full.");
        meter.CreateObservableGauge(Instruments.BufferPending, () => buffer.Count, description: "Conversation turns waiting for Redis.");
    }

    /// <summary>The chat service's meter.</summary>
    public const string MeterName = "Xnai.ChatApi";

    /// <summary>Counts turns lost because the session buffer was full.</summary>
    public void RecordBufferOverflow(int turns) => _bufferOverflows.Add(turns);

    public static class Instruments
    {
        public const string BufferOverflows = "xnai.session.buffer.overflows";
        public const string BufferPending = "xnai.session.buffer.pending";
    }
}
