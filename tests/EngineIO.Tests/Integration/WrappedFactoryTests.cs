using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>A transport factory that wraps <see cref="EngineIoTransportFactory.Default"/> (to count packets, as the
/// docs suggest) must not change what the session does: the revision is still detected over WebSocket, so binary
/// frames keep revision 3's type byte against engine.io 3.x.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class WrappedFactoryTests
{
    [TestCase("engineio-v3", EngineIoVersion.V3)]
    [TestCase("engineio", EngineIoVersion.V4)]
    public async Task A_wrapping_factory_still_detects_the_revision_over_websocket(string module, EngineIoVersion expected)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        var factory = new CountingFactory();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"], TransportFactory = factory });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        await client.SendAsync(new byte[] { 1, 2, 3 });
        await client.SendAsync("text");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(client.Version, Is.EqualTo(expected));
            Assert.That(client.TransportName, Is.EqualTo("websocket"));
            Assert.That(await client.ReceiveBinaryAsync(), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("text"));
            Assert.That(client.IsConnected, Is.True);
            Assert.That(factory.Sent, Is.GreaterThanOrEqualTo(2));
        });
    }

    /// <summary>Counts the packets of every transport it creates; the transports themselves are the built-in ones.</summary>
    private sealed class CountingFactory : IEngineIoTransportFactory
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
            EngineIoTransportFactory.Default.CreateTransport(name, context) is { } inner ? new Counting(inner, this) : null;

        private sealed class Counting(IEngineIoTransport inner, CountingFactory factory) : IEngineIoTransport
        {
            public string Name => inner.Name;

            public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

            public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
            {
                Interlocked.Add(ref factory._sent, packets.Count);
                return inner.SendAsync(packets, cancellationToken);
            }

            public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

            public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
