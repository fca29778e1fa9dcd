using System.Text.Json;
using Tusk.Docs.Snippets.EngineIO;
using Tusk.EngineIO;
using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.Docs.Tests;

/// <summary>
/// The custom polling transport that docs/engineio.md shows, built only on the public codecs, against real engine.io
/// 3.x (revision 3, the client pings) and 6.x (revision 4, maxPayload) servers: the page's claim that it works against
/// both, with the framing it leaves to the codecs (UTF-16 lengths, XHR2 binary payloads, base64, batches, splits).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class CustomPollingTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [TestCase("engineio-v3", EngineIoVersion.V3)]
    [TestCase("engineio", EngineIoVersion.V4)]
    public async Task The_documented_transport_runs_a_whole_session(string module, EngineIoVersion expected)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Transports = ["polling"],
            TransportFactory = new HttpPollingTransportFactory(),
        });
        var heartbeats = WhenHeartbeats(client, 3);
        var closed = WhenClosed(client);

        await client.ConnectAsync().WaitAsync(Bound);
        await client.SendAsync("héllo 😀 ∑");                                  // lengths in UTF-16 units in revision 3
        await client.SendAsync(new byte[] { 0, 1, 254, 255 });                   // XHR2 binary (3) or base64 (4) both ways
        var echoes = new[] { await ReceiveAsync(client), await ReceiveAsync(client) };
        await client.SendAsync("cmd:burst:50");                                  // many packets in one response
        var burst = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            burst.Add((await ReceiveAsync(client)).Text!);
        }

        await heartbeats.WaitAsync(Bound);                                       // kept alive past several ping intervals
        await client.SendAsync("cmd:close");
        var close = await closed.WaitAsync(Bound);

        Assert.Multiple(() =>
        {
            Assert.That(client.Version, Is.EqualTo(expected), "detected from the handshake's framing");
            Assert.That(client.TransportName, Is.EqualTo("polling"));
            Assert.That(echoes[0].Text, Is.EqualTo("héllo 😀 ∑"));
            Assert.That(echoes[1].Binary.ToArray(), Is.EqualTo(new byte[] { 0, 1, 254, 255 }));
            Assert.That(burst, Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"burst-{i}")));
            Assert.That(close.Reason, Is.EqualTo(EngineIoCloseReason.ServerClose), close.Exception?.ToString());
        });
    }

    [TestCase("engineio-v3")]
    [TestCase("engineio")]
    public async Task Messages_queued_together_go_out_in_order(string module)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Transports = ["polling"],
            TransportFactory = new HttpPollingTransportFactory(),
        });
        await client.ConnectAsync().WaitAsync(Bound);

        for (var i = 0; i < 40; i++)
        {
            if (i % 4 == 0)
            {
                await client.SendAsync(new byte[] { (byte)i });
            }
            else
            {
                await client.SendAsync($"m{i}");
            }
        }

        for (var i = 0; i < 40; i++)
        {
            var message = await ReceiveAsync(client);
            Assert.That(message.IsBinary ? $"binary {message.Binary.Span[0]}" : message.Text, Is.EqualTo(i % 4 == 0 ? $"binary {i}" : $"m{i}"));
        }
    }

    [Test]
    public async Task Revision_4_bodies_stay_under_the_servers_max_payload()
    {
        // engine.io 6 announces maxHttpBufferSize as maxPayload; a POST above it would end the session. The first send
        // is held until all twelve messages are queued, so the session hands the transport a batch far over the limit.
        // A server of its own (nothing else sends it a body) in the test servers' host process; it stops with the shared ones.
        var server = await TestServers.StartOwnAsync("engineio", new { pingInterval = 300, pingTimeout = 2000, maxHttpBufferSize = 1000 });
        var factory = new GatedFactory(new HttpPollingTransportFactory());
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], TransportFactory = factory });
        await client.ConnectAsync().WaitAsync(Bound);
        var messages = Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 300)).ToList();

        foreach (var message in messages)
        {
            await client.SendAsync(message);
        }

        factory.Open();
        var echoes = new List<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            echoes.Add((await ReceiveAsync(client)).Text!);
        }

        await client.SendAsync("cmd:stats");
        using var stats = JsonDocument.Parse((await ReceiveAsync(client)).Text!);

        Assert.Multiple(() =>
        {
            Assert.That(client.Handshake!.MaxPayload, Is.EqualTo(1000));
            Assert.That(factory.LargestBatch, Is.GreaterThanOrEqualTo(6), "a batch of 1,806 bytes or more reached the transport");
            Assert.That(echoes, Is.EqualTo(messages));
            Assert.That(stats.RootElement.GetProperty("largestPost").GetInt32(), Is.InRange(2 * 301, 1000), "split, several packets per body");
            Assert.That(client.IsConnected, Is.True);
        });
    }

    /// <summary>Wraps the documented factory: holds every send until <see cref="Open"/>, and records batch sizes.</summary>
    private sealed class GatedFactory(IEngineIoTransportFactory inner) : IEngineIoTransportFactory
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _largestBatch;

        public int LargestBatch => Volatile.Read(ref _largestBatch);

        public void Open() => _gate.TrySetResult();

        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
            inner.CreateTransport(name, context) is { } transport ? new Gated(transport, this) : null;

        private sealed class Gated(IEngineIoTransport transport, GatedFactory factory) : IEngineIoTransport
        {
            public string Name => transport.Name;

            public Task OpenAsync(CancellationToken cancellationToken) => transport.OpenAsync(cancellationToken);

            public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
            {
                await factory._gate.Task.WaitAsync(cancellationToken);
                InterlockedMax(ref factory._largestBatch, packets.Count);
                await transport.SendAsync(packets, cancellationToken);
            }

            public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => transport.ReceiveAsync(cancellationToken);

            public Task CloseAsync(CancellationToken cancellationToken) => transport.CloseAsync(cancellationToken);

            public ValueTask DisposeAsync() => transport.DisposeAsync();

            private static void InterlockedMax(ref int target, int value)
            {
                var current = Volatile.Read(ref target);
                while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
                {
                    current = seen;
                }
            }
        }
    }

    private static async Task<EngineIoMessage> ReceiveAsync(EngineIoClient client)
    {
        var message = await client.ReceiveAsync().AsTask().WaitAsync(Bound);
        Assert.That(message, Is.Not.Null, $"the session ended first: {client.CloseReason} {client.CloseException}");
        return message!.Value;
    }

    private static Task<EngineIoClosedEventArgs> WhenClosed(EngineIoClient client)
    {
        var closed = new TaskCompletionSource<EngineIoClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += (_, e) => closed.TrySetResult(e);
        return closed.Task;
    }

    /// <summary>Server pings (revision 4) or pongs to the client's pings (revision 3).</summary>
    private static Task WhenHeartbeats(EngineIoClient client, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        void OnBeat(object? sender, EngineIoHeartbeatEventArgs e)
        {
            if (Interlocked.Increment(ref seen) >= count)
            {
                done.TrySetResult();
            }
        }

        client.PingReceived += OnBeat;
        client.PongReceived += OnBeat;
        return done.Task;
    }
}
