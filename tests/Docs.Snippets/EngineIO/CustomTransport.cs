#region engineio-custom-transport
using Tusk.EngineIO;
using Tusk.EngineIO.Transports;
#endregion

namespace Tusk.Docs.Snippets.EngineIO;

/// <summary>docs/engineio.md, "Custom transports".</summary>
public static class CustomTransport
{
    public static async Task RunAsync()
    {
        #region engineio-custom-transport
        var counter = new CountingTransportFactory();
        await using var client = new EngineIoClient(DocServers.At("http://localhost:3000"), new EngineIoClientOptions
        {
            Transports = ["counted"],            // the names the session asks the factory for
            TransportFactory = counter,
        });
        await client.ConnectAsync();
        await client.SendAsync("hello");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var echo = await client.ReceiveAsync(timeout.Token);
        Console.WriteLine($"{echo?.Text}: {counter.PacketsSent} packet(s) sent, {counter.PacketsReceived} received");
        #endregion
    }
}

#region engineio-custom-transport
/// <summary>Serves "counted": the built-in polling transport, with every packet counted.</summary>
public sealed class CountingTransportFactory : IEngineIoTransportFactory
{
    private int _sent;
    private int _received;

    public int PacketsSent => Volatile.Read(ref _sent);

    public int PacketsReceived => Volatile.Read(ref _received);

    // Other names return null, so EngineIoTransportFactory.Default still serves "polling" and "websocket".
    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
        name == "counted" ? new CountingTransport(EngineIoTransportFactory.Default.CreateTransport("polling", context)!, this) : null;

    // The session calls ReceiveAsync from one loop and SendAsync from another: never two receives or two sends at once.
    private sealed class CountingTransport(IEngineIoTransport inner, CountingTransportFactory counts) : IEngineIoTransport
    {
        public string Name => "counted";

        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref counts._sent, packets.Count);
            return inner.SendAsync(packets, cancellationToken);
        }

        public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
        {
            var packets = await inner.ReceiveAsync(cancellationToken); // an empty list: the peer closed
            Interlocked.Add(ref counts._received, packets.Count);
            return packets;
        }

        // Forwarded, as every wrapper should: over WebSocket it is the ping that makes sure the server read what was sent.
        public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
#endregion
