using System.Net.WebSockets;
using Tusk.EngineIO;
using Tusk.EngineIO.Transports;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks;

/// <summary>
/// A custom Engine.IO transport (public API only) named <c>websocket</c>: each packet is one text message of Tusk's
/// <see cref="WebSocketConnection"/> over an <see cref="InMemoryDuplexStream"/> to a <see cref="SocketIoPeer"/>. So a
/// benchmark drives the Socket.IO client, the Engine.IO session and the WebSocket connection, with their instruments,
/// without the loopback socket's system calls and scheduling, which vary far more than the code measured.
/// </summary>
public sealed class InMemoryEngineIoTransport : IEngineIoTransport
{
    private WebSocketConnection? _connection;
    private WebSocket? _server;

    public SocketIoPeer? Peer { get; private set; }

    public string Name => EngineIoTransportNames.WebSocket;

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        var (client, server) = InMemoryDuplexStream.CreatePair();
        _connection = WebSocketConnection.Create(client, new WebSocketConnectionOptions { KeepAliveInterval = TimeSpan.Zero });
        _server = WebSocket.CreateFromStream(server, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Peer = new SocketIoPeer(_server);
        _ = Task.Run(Peer.RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            await _connection!.SendTextAsync((char)('0' + (int)packet.Type) + packet.Text, cancellationToken);
        }
    }

    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = await _connection!.ReceiveAsync(cancellationToken);
        if (message.Kind == WebSocketMessageKind.Close)
        {
            return [];
        }

        var text = message.GetText();
        return [new EngineIoPacket((EngineIoPacketType)(text[0] - '0'), text[1..])];
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connection)
        {
            connection.Abort();
            await connection.DisposeAsync();
        }

        _server?.Abort();
    }

    public ValueTask DisposeAsync() => new(CloseAsync(CancellationToken.None));
}

/// <summary>Hands the client one <see cref="InMemoryEngineIoTransport"/> per session and keeps the last one.</summary>
public sealed class InMemoryEngineIoTransportFactory : IEngineIoTransportFactory
{
    public InMemoryEngineIoTransport? Last { get; private set; }

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
        name == EngineIoTransportNames.WebSocket ? Last = new InMemoryEngineIoTransport() : null;
}
