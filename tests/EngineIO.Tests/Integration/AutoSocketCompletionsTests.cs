using Tusk.EngineIO.Transports;
using Tusk.Testing;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// <see cref="SocketCompletionMode.Auto"/>, the default of <see cref="EngineIoConnectionOptions.SocketCompletions"/>,
/// never puts application code on the runtime's socket thread: an <see cref="EngineIoClient"/> raises its events on its
/// receive and send loops, so a client with a handler on any of them opens its WebSocket with thread-pool completions,
/// and one without handlers asks for Auto (which the process's count then decides). Against the npm engine.io 6.x echo
/// server, WebSocket only.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class AutoSocketCompletionsTests
{
    [Test]
    public void Auto_is_the_default()
    {
        Assert.That(new EngineIoClientOptions().Connection.SocketCompletions, Is.EqualTo(SocketCompletionMode.Auto));
    }

    [TestCase(false, SocketCompletionMode.Auto, SocketCompletionMode.Auto)]
    [TestCase(true, SocketCompletionMode.Auto, SocketCompletionMode.ThreadPool)]
    [TestCase(true, SocketCompletionMode.Inline, SocketCompletionMode.Inline)]
    [TestCase(false, SocketCompletionMode.ThreadPool, SocketCompletionMode.ThreadPool)]
    public async Task A_client_with_event_handlers_opens_its_WebSocket_with_thread_pool_completions_under_auto(
        bool handlers, SocketCompletionMode mode, SocketCompletionMode expected)
    {
        var server = await TestServers.GetSharedAsync("engineio");
        var factory = new ContextRecordingFactory();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Transports = ["websocket"],
            Upgrade = false,
            TransportFactory = factory,
            Connection = { SocketCompletions = mode },
        });
        var packetHandlerOnThreadPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (handlers)
        {
            client.PacketReceived += (_, e) =>
            {
                if (e.Packet.Type == EngineIoPacketType.Message)
                {
                    packetHandlerOnThreadPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread);
                }
            };
        }

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(WebSocketTransport.CreateSocketOptions(factory.Context!).SocketCompletions, Is.EqualTo(expected));
        await client.SendAsync("hello").AsTask().WaitAsync(TestTimeouts.Event);
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        Assert.That(await client.ReceiveAsync(timeout.Token), Is.EqualTo(EngineIoMessage.FromText("hello")));
        if (handlers && mode == SocketCompletionMode.Auto)
        {
            // The handler ran on the receive loop, which therefore never ran on the socket thread.
            Assert.That(await packetHandlerOnThreadPool.Task.WaitAsync(TestTimeouts.Event), Is.True);
        }
    }

    private sealed class ContextRecordingFactory : IEngineIoTransportFactory
    {
        public EngineIoTransportContext? Context { get; private set; }

        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
        {
            Context = context;
            return EngineIoTransportFactory.Default.CreateTransport(name, context);
        }
    }
}
