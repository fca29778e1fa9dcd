using Tusk.EngineIO.Transports;
using Tusk.Testing;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// <see cref="SocketCompletionMode.Auto"/>, the default of <see cref="EngineIoConnectionOptions.SocketCompletions"/>,
/// never puts application code on the runtime's socket thread: an <see cref="EngineIoClient"/> raises its events on its
/// receive and send loops, so a client with a handler on any of them opens its WebSocket with thread-pool completions;
/// so does a client whose owner has not set <see cref="EngineIoClientOptions.InlineReceiveContinuations"/> (the code
/// after its ReceiveAsync is not known to be short, and handlers may be added after the connect). Only a client with
/// both asks for Auto (which the process's count then decides), as the Socket.IO client's sessions do. Against the npm
/// engine.io 6.x echo server, WebSocket only.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class AutoSocketCompletionsTests
{
    [Test]
    public void Auto_is_the_default()
    {
        Assert.That(new EngineIoClientOptions().Connection.SocketCompletions, Is.EqualTo(SocketCompletionMode.Auto));
    }

    [TestCase(false, true, SocketCompletionMode.Auto, SocketCompletionMode.Auto)]
    [TestCase(false, false, SocketCompletionMode.Auto, SocketCompletionMode.ThreadPool)]
    [TestCase(true, true, SocketCompletionMode.Auto, SocketCompletionMode.ThreadPool)]
    [TestCase(true, false, SocketCompletionMode.Auto, SocketCompletionMode.ThreadPool)]
    [TestCase(true, false, SocketCompletionMode.Inline, SocketCompletionMode.Inline)]
    [TestCase(false, false, SocketCompletionMode.ThreadPool, SocketCompletionMode.ThreadPool)]
    public async Task Auto_asks_for_inline_completions_only_without_event_handlers_and_with_inline_receive_continuations(
        bool handlers, bool inlineReceiveContinuations, SocketCompletionMode mode, SocketCompletionMode expected)
    {
        var server = await TestServers.GetSharedAsync("engineio");
        var factory = new ContextRecordingFactory();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Transports = ["websocket"],
            Upgrade = false,
            InlineReceiveContinuations = inlineReceiveContinuations,
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
