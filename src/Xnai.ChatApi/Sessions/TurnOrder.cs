using System.Text.Json;
using System.Text.Json.Nodes;

namespace Xnai.ChatApi.Sessions;

/// <summary>
/// The order key of a stored turn: microseconds since the Unix epoch of <see cref="ConversationTurn.At"/>, the moment
/// chatapi accepted the turn (read from <see cref="TimeProvider"/>). Redis keeps a session in this order, not in order of
/// arrival, so turns buffered by one replica during an outage and written after another replica's later turns still read
/// in the order they were spoken. Equal keys keep arrival order (a user turn and its answer share a timestamp).
/// </summary>
public static class TurnOrder
{
    /// <summary>Name of the order key in a stored turn's JSON; turns stored before it existed have none.</summary>
    public const string PropertyName = "order";

    // Microseconds stay exact in a double (Lua's number type) until about the year 2255.
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The order key of <paramref name="turn"/>.</summary>
    public static long Of(ConversationTurn turn) => (turn.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    /// <summary>The stored form: the turn's JSON plus its order key (readers that do not know the key ignore it).</summary>
    public static string Serialize(ConversationTurn turn)
    {
        var node = JsonSerializer.SerializeToNode(turn, Json)!.AsObject();
        node[PropertyName] = Of(turn);
        return node.ToJsonString(Json);
    }

    /// <summary>A stored turn, or null when the value is not one (the order key, if any, is ignored).</summary>
    public static ConversationTurn? Deserialize(string? value)
    {
        try
        {
            return string.IsNullOrEmpty(value) ? null : JsonSerializer.Deserialize<ConversationTurn>(value, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
