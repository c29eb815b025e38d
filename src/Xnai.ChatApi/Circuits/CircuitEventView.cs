using Xnai.Resilience;
using Xnai.ServiceDefaults;

namespace Xnai.ChatApi.Circuits;

/// <summary>A breaker event on the wire (public: its detail is redacted, see <see cref="PublicText"/>).</summary>
public sealed record CircuitEventView(DateTimeOffset At, string Circuit, string Kind, string? From, string? To, string? Detail)
{
    public static CircuitEventView Of(CircuitEvent e) => new(
        e.At,
        e.Circuit,
        e.Kind,
        e.From is { } f ? CircuitStateNames.ToWire(f) : null,
        e.To is { } t ? CircuitStateNames.ToWire(t) : null,
        e.Detail is { } detail ? PublicText.Redact(detail) : null);
}
