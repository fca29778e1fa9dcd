using System.Runtime.InteropServices;
using System.Text;
using Tusk.EngineIO;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks.Memory;

/// <summary>The measured cases. Each runs in a fresh process; the server's own payload arrays are made before the
/// baseline, so only the client's memory is measured.</summary>
internal static class Scenarios
{
    public const int MB = 1_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static readonly Dictionary<string, (string Description, Func<Task<Result>> Run)> All = new(StringComparer.Ordinal)
    {
        ["handlers-only-20x20MB"] = ("Socket.IO over polling, 20 events of 20 MB, the application only uses On(...)", HandlersOnlyAsync),
        ["polling-noop-flood-40MB"] = ("Engine.IO polling body of 40 MB of noop packets (6\\x1e6\\x1e...)", NoopFloodAsync),
        ["polling-event-90MB"] = ("Socket.IO over polling, one valid 90 MB event", () => BigEventAsync("polling")),
        ["websocket-event-90MB"] = ("Socket.IO over WebSocket, one valid 90 MB event", () => BigEventAsync("websocket")),
        ["polling-chunked-200MB"] = ("Engine.IO polling, a chunked 200 MB body (refused at the 100 MB limit)", ChunkedAsync),
        ["websocket-fragments-48MB"] = ("WebSocket, a 48 MB message in 1 KiB fragments, then idle", FragmentsAsync),
        ["engineio-ws-receive-48MB-idle"] = ("Engine.IO over WebSocket, one 48 MB message received, then idle", ReceiveThenIdleAsync),
        ["engineio-polling-send-48MB-idle"] = ("Engine.IO over polling, one 48 MB message sent, then idle", () => SendThenIdleAsync("polling")),
        ["engineio-ws-send-48MB-idle"] = ("Engine.IO over WebSocket, one 48 MB message sent, then idle", () => SendThenIdleAsync("websocket")),
    };

    private static byte[] EventPayload(int size, string prefix = "42")
    {
        var head = Encoding.ASCII.GetBytes(prefix + "[\"big\",\"");
        var body = new byte[size];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length, size - head.Length - 2).Fill((byte)'x');
        body[^2] = (byte)'"';
        body[^1] = (byte)']';
        return body;
    }

    private static async Task<Result> HandlersOnlyAsync()
    {
        var payload = EventPayload(20 * MB);
        await using var server = new FakeEngineServer();
        server.Enqueue("40{\"sid\":\"socket\"}");
        for (var i = 0; i < 20; i++)
        {
            server.Enqueue(payload);
        }

        using var probe = new MemoryProbe();
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Transports = ["polling"], Upgrade = false, Reconnection = false });
        var handled = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("big", _ =>
        {
            if (Interlocked.Increment(ref handled) == 20)
            {
                all.TrySetResult();
            }
        });
        await client.ConnectAsync().WaitAsync(Patience);
        await all.Task.WaitAsync(Patience);
        await server.Idle.Task.WaitAsync(Patience);
        var result = await Result.FromAsync(probe, $"{handled} events handled");
        GC.KeepAlive(payload);
        return result;
    }

    private static async Task<Result> NoopFloodAsync()
    {
        var flood = new byte[40 * MB - 1];
        for (var i = 0; i < flood.Length; i++)
        {
            flood[i] = (i & 1) == 0 ? (byte)'6' : (byte)0x1E;
        }

        await using var server = new FakeEngineServer();
        server.Enqueue(flood);
        using var probe = new MemoryProbe();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], Upgrade = false });
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += (_, e) => closed.TrySetResult($"closed: {e.Reason}, {e.Exception?.GetType().Name}: {e.Exception?.Message}");
        await client.ConnectAsync().WaitAsync(Patience);

        // Before the fix the client decodes all 20 million packets and polls again; after it, the payload is a parse error.
        var outcome = await Task.WhenAny(closed.Task, server.Idle.Task.ContinueWith(_ => "accepted and polled again", TaskScheduler.Default)).Unwrap().WaitAsync(Patience);
        var result = await Result.FromAsync(probe, outcome);
        GC.KeepAlive(flood);
        return result;
    }

    private static async Task<Result> BigEventAsync(string transport)
    {
        var payload = EventPayload(90 * MB);
        var frames = new[] { Encoding.ASCII.GetBytes("0" + FakeEngineServer.Handshake), "40{\"sid\":\"socket\"}"u8.ToArray(), payload };
        await using var server = new FakeEngineServer(async ws =>
        {
            foreach (var frame in frames)
            {
                await Exchange.WriteFrameAsync(ws, 1, fin: true, frame);
            }
        });
        server.Enqueue("40{\"sid\":\"socket\"}");
        server.Enqueue(payload);

        using var probe = new MemoryProbe();
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Transports = [transport], Upgrade = false, Reconnection = false });
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The handler reads the argument's size without making a string of it: the figures are the client's, not the handler's.
        client.On("big", e => received.TrySetResult(JsonMarshal.GetRawUtf8Value(e.GetJson(0)).Length - 2));
        await client.ConnectAsync().WaitAsync(Patience);
        var length = await received.Task.WaitAsync(Patience);
        var result = await Result.FromAsync(probe, $"event of {length:N0} bytes handled");
        GC.KeepAlive(frames);
        return result;
    }

    private static async Task<Result> ChunkedAsync()
    {
        await using var server = new FakeEngineServer();
        server.Enqueue(e => e.RespondChunkedAsync("6\u001e"u8.ToArray(), 200L * MB));
        using var probe = new MemoryProbe();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], Upgrade = false });
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += (_, e) => closed.TrySetResult($"closed: {e.Reason}, {e.Exception?.Message}");
        await client.ConnectAsync().WaitAsync(Patience);
        return await Result.FromAsync(probe, await closed.Task.WaitAsync(Patience));
    }

    private static async Task<Result> FragmentsAsync()
    {
        const int Fragment = 1024;
        var chunk = new byte[Fragment];
        await using var server = new ScriptedServer(async exchange =>
        {
            var ws = await exchange.AcceptWebSocketAsync();
            var count = 48 * MB / Fragment;
            for (var i = 0; i < count; i++)
            {
                await Exchange.WriteFrameAsync(ws, i == 0 ? (byte)2 : (byte)0, fin: i == count - 1, chunk);
            }
        });

        using var probe = new MemoryProbe();
        var uri = new UriBuilder(server.HttpUri) { Scheme = "ws" }.Uri;
        await using var connection = await WebSocketClient.ConnectAsync(uri);
        int length;
        using (var message = await connection.ReceiveAsync().AsTask().WaitAsync(Patience))
        {
            length = message.Data.Length;
        }

        var result = await Result.FromAsync(probe, $"message of {length:N0} bytes received and disposed; connection open and idle");
        GC.KeepAlive(chunk);
        return result;
    }

    private static async Task<Result> ReceiveThenIdleAsync()
    {
        var message = EventPayload(48 * MB, prefix: "4");
        await using var server = new FakeEngineServer(async ws =>
        {
            await Exchange.WriteFrameAsync(ws, 1, fin: true, Encoding.ASCII.GetBytes("0" + FakeEngineServer.Handshake));
            await Exchange.WriteFrameAsync(ws, 1, fin: true, message);
        });

        using var probe = new MemoryProbe();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"], Upgrade = false });
        await client.ConnectAsync().WaitAsync(Patience);
        var received = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        var length = TextLength(received!.Value);
        received = null;
        var result = await Result.FromAsync(probe, $"message of {length:N0} bytes received and dropped; session open and idle");
        GC.KeepAlive(message);
        return result;
    }

    /// <summary>The size of a text message as the application gets it, without decoding it into a string.</summary>
    private static int TextLength(EngineIoMessage message) => message.TryGetUtf8Text(out var utf8) ? utf8.Length : message.Text!.Length;

    private static async Task<Result> SendThenIdleAsync(string transport)
    {
        var text = new string('y', 48 * MB);
        await using var server = new FakeEngineServer(async ws =>
        {
            await Exchange.WriteFrameAsync(ws, 1, fin: true, Encoding.ASCII.GetBytes("0" + FakeEngineServer.Handshake));
        });

        using var probe = new MemoryProbe();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PacketSent += (_, e) =>
        {
            if (e.Packet.Type == EngineIoPacketType.Message)
            {
                sent.TrySetResult();
            }
        };
        await client.ConnectAsync().WaitAsync(Patience);
        await client.SendAsync(text);
        await sent.Task.WaitAsync(Patience);
        var result = await Result.FromAsync(probe, "message sent; session open and idle");
        GC.KeepAlive(text);
        return result;
    }
}

/// <summary>One run's figures, in bytes.</summary>
internal sealed record Result(long Peak, long Allocated, long Retained, long PeakRss, string Outcome)
{
    public static async Task<Result> FromAsync(MemoryProbe probe, string outcome)
    {
        var peak = probe.PeakAboveBaseline;
        var allocated = probe.Allocated;
        return new(peak, allocated, await probe.SettledRetainedAboveBaselineAsync(), MemoryProbe.PeakResidentSet(), outcome);
    }
}
