using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// What a session keeps for its whole life is what an idle connection costs (issue 21: 100,000 connections in one
/// machine). Allocations are counted on the creating thread, which is exact: the constructor starts nothing.
/// </summary>
public sealed class IdleFootprintTests
{
    [Test]
    public async Task A_new_client_allocates_no_send_queue_segment_up_front()
    {
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], TransportFactory = new InMemoryTransportFactory() };
        var uri = new Uri("http://in-memory.test");
        await new EngineIoClient(uri, options).DisposeAsync();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var client = new EngineIoClient(uri, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await client.DisposeAsync();

        // 2,592 bytes on 2026-12-06; the unbounded single-reader send channel made it 4,024 (a 32-slot segment of
        // outgoing packets, allocated up front and kept for the session's life).
        Assert.That(allocated, Is.LessThan(3_300));
    }

    [Test]
    public async Task Without_a_logger_factory_a_client_and_its_WebSocket_transport_make_no_logger_object()
    {
        var uri = new Uri("http://in-memory.test");
        EngineIoClientOptions Options(ILoggerFactory? factory) => new()
        {
            Version = EngineIoVersion.V4,
            Transports = ["memory"],
            TransportFactory = new InMemoryTransportFactory(),
            Connection = new EngineIoConnectionOptions { LoggerFactory = factory },
        };

        async Task<long> ClientAsync(EngineIoClientOptions options)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var client = new EngineIoClient(uri, options);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            await client.DisposeAsync();
            return allocated;
        }

        long Transport(EngineIoTransportContext context)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = new WebSocketTransport(context);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var (none, real) = (Options(null), Options(new OneLoggerFactory()));
        var (noneContext, realContext) = (new EngineIoTransportContext(uri, none), new EngineIoTransportContext(uri, none, new OneLoggerFactory()));
        await ClientAsync(none);
        await ClientAsync(real);
        Transport(noneContext);
        Transport(realContext);

        // A Logger<T> (and its category name) per client and per transport, kept for the session's life, even around
        // the null logger.
        var (clientNone, clientReal) = (await ClientAsync(none), await ClientAsync(real));
        var (transportNone, transportReal) = (Transport(noneContext), Transport(realContext));
        Assert.Multiple(() =>
        {
            Assert.That(clientNone, Is.LessThan(clientReal));
            Assert.That(transportNone, Is.LessThan(transportReal));
        });
    }

    /// <summary>A logger factory that makes nothing: what a client allocates with it is its Logger&lt;T&gt;.</summary>
    private sealed class OneLoggerFactory : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    [Test]
    public async Task A_burst_queued_behind_a_slow_send_goes_out_whole_and_in_order()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], TransportFactory = factory };
        await using var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        transport.ServerOpens("""{"sid":"idle1","upgrades":[],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}""");
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        transport.HoldSends = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, 200).Select(i => client.SendAsync($"m{i}").AsTask()).ToArray();
        transport.HoldSends.TrySetResult();
        await Task.WhenAll(sends).WaitAsync(TestTimeouts.Event);

        var received = new List<EngineIoPacket>();
        for (var i = 0; i < 200; i++)
        {
            received.Add(await transport.ServerReceivesAsync());
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 200).Select(i => EngineIoPacket.Message($"m{i}"))));
    }
}
