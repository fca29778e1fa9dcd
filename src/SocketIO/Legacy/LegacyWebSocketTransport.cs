using Tusk.Transport.WebSocket;

namespace Tusk.SocketIO.Legacy;

/// <summary>The 0.9 <c>websocket</c> transport: one packet per text frame (framed bodies are accepted too).</summary>
internal sealed class LegacyWebSocketTransport : ILegacyTransport
{
    private readonly WebSocketConnection _connection;

    private LegacyWebSocketTransport(WebSocketConnection connection) => _connection = connection;

    public string Name => LegacyEndpoints.WebSocketTransport;

    public static async Task<LegacyWebSocketTransport> ConnectAsync(Uri uri, WebSocketClientOptions options, CancellationToken cancellationToken)
    {
        var connection = await WebSocketClient.ConnectAsync(uri, options, cancellationToken).ConfigureAwait(false);
        return new LegacyWebSocketTransport(connection);
    }

    public async ValueTask<IReadOnlyList<string>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = await _connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return message.Kind switch
        {
            WebSocketMessageKind.Close => null,
            WebSocketMessageKind.Text => LegacyPayloadFraming.Decode(message.GetText()),
            _ => throw new SocketIoProtocolException("The socket.io 0.9 server sent a binary WebSocket frame; 0.9 only uses text frames."),
        };
    }

    public async ValueTask SendAsync(IReadOnlyList<string> packets, CancellationToken cancellationToken)
    {
        foreach (var packet in packets)
        {
            await _connection.SendTextAsync(packet, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CloseAsync(CancellationToken cancellationToken) => _connection.CloseAsync(cancellationToken: cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
