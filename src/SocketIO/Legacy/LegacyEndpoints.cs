using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// The URLs of a 0.9 server: <c>{origin}{resource}/1/</c> for the handshake, <c>…/1/websocket/{sid}</c> and
/// <c>…/1/xhr-polling/{sid}</c> for the transports. The resource is the server URI's path plus the Path option, as for
/// the newer protocols. The query (server URI query plus the Query option) goes on every request, so the server sees it
/// in <c>socket.handshake.query</c>.
/// </summary>
internal sealed class LegacyEndpoints
{
    /// <summary>The protocol number in 0.9 URLs.</summary>
    public const string ProtocolSegment = "1";

    public const string WebSocketTransport = "websocket";
    public const string PollingTransport = "xhr-polling";

    private readonly Uri _origin;
    private readonly string _query;

    public LegacyEndpoints(Uri serverUri, SocketIoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        ArgumentNullException.ThrowIfNull(options);
        var secure = serverUri.Scheme is "https" or "wss";
        _origin = new UriBuilder(serverUri)
        {
            Scheme = secure ? Uri.UriSchemeHttps : Uri.UriSchemeHttp,

            // User-info is a credential, not part of the address: it is not put into request URLs (as for Engine.IO).
            UserName = string.Empty,
            Password = string.Empty,
            Port = serverUri.IsDefaultPort ? -1 : serverUri.Port,
            Path = "/",
            Query = string.Empty,
            Fragment = string.Empty,
        }.Uri;
        var prefix = serverUri.AbsolutePath.TrimEnd('/');
        var path = options.Path.Trim('/');
        Resource = path.Length == 0 ? prefix : prefix + "/" + path;
        _query = string.Join("&", EngineIoSessionFactory.ParseQuery(serverUri.Query)
            .Concat(options.Query)
            .Select(static pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value)));
    }

    /// <summary>The server path before <c>/1/</c>, e.g. <c>/socket.io</c>.</summary>
    public string Resource { get; }

    public Uri Origin => _origin;

    public Uri Handshake => Build($"{Resource}/{ProtocolSegment}/", secureWebSocket: null);

    public Uri Polling(string sessionId) => Build($"{Resource}/{ProtocolSegment}/{PollingTransport}/{Uri.EscapeDataString(sessionId)}", secureWebSocket: null);

    public Uri WebSocket(string sessionId) =>
        Build($"{Resource}/{ProtocolSegment}/{WebSocketTransport}/{Uri.EscapeDataString(sessionId)}", secureWebSocket: _origin.Scheme == Uri.UriSchemeHttps);

    private Uri Build(string path, bool? secureWebSocket)
    {
        var builder = new UriBuilder(_origin) { Path = path, Query = _query };
        if (secureWebSocket is { } secure)
        {
            builder.Scheme = secure ? "wss" : "ws";
            builder.Port = _origin.IsDefaultPort ? -1 : _origin.Port;
        }

        return builder.Uri;
    }
}
