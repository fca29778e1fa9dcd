namespace Tusk.SocketIO.Legacy;

/// <summary>Maps the client's transport names (<c>polling</c>, <c>websocket</c>) to the 0.9 ones and back.</summary>
internal static class LegacyTransportNames
{
    public static string? ToLegacy(string name) => name.ToLowerInvariant() switch
    {
        "polling" or "xhr-polling" => LegacyEndpoints.PollingTransport,
        "websocket" => LegacyEndpoints.WebSocketTransport,
        _ => null,
    };

    public static string ToClient(string legacyName) => legacyName == LegacyEndpoints.PollingTransport ? "polling" : legacyName;

    /// <summary>
    /// The transports to try, in the user's order (Elephant.io's <c>transport</c> first), that the server also offers.
    /// 0.9 has no upgrade: exactly one of them carries the session, so with <c>Upgrade</c> on (and no explicit first
    /// transport) WebSocket is tried first, which is where an upgrading client would end up.
    /// </summary>
    public static List<string> Choose(SocketIoClientOptions options, IReadOnlyList<string> offered)
    {
        var wanted = options.Transports.Count == 0 ? ["polling", "websocket"] : options.Transports.ToList();
        if (options.Transport is { } first)
        {
            wanted.Remove(first);
            wanted.Insert(0, first);
        }
        else if (options.Upgrade && wanted.Remove("websocket"))
        {
            wanted.Insert(0, "websocket");
        }

        return wanted
            .Select(ToLegacy)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(name => offered.Contains(name, StringComparer.Ordinal))
            .ToList();
    }
}
