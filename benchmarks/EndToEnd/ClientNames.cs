namespace Tusk.Benchmarks.EndToEnd;

/// <summary>The three clients compared, in the order they run and appear in the table.</summary>
internal static class ClientNames
{
    public const string Tusk = "tusk";
    public const string JavaScript = "socket.io-client";
    public const string SocketIoClient = "SocketIOClient";
    public const string Floor = "floor";

    public static readonly string[] All = [Tusk, JavaScript, SocketIoClient, Floor];

    /// <summary>The floor client is a reference, not a library: it speaks WebSocket only.</summary>
    public static bool Runs(string client, string transport) => client != Floor || transport == "websocket";

    /// <summary>The idle-memory measure is for the libraries; the floor client keeps a 16 KiB buffer per connection.</summary>
    public static bool MeasuresIdle(string client) => client != Floor;

    public static string Display(string client) => client switch
    {
        Tusk => "Tusk",
        JavaScript => "socket.io-client 4.8.4 (Node)",
        SocketIoClient => "SocketIOClient 3.0.6",
        Floor => "floor (hand-written minimal client on ClientWebSocket)",
        _ => client,
    };
}
