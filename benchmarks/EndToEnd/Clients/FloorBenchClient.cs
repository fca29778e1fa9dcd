using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tusk.Benchmarks.EndToEnd.Clients;

/// <summary>
/// Not a client library: the least a .NET process can spend on this workload. Socket.IO v5 over Engine.IO v4 written
/// by hand on the built-in <see cref="ClientWebSocket"/>, knowing only what the benchmark server sends: no JSON
/// parsing (event names and ack ids are found by position), handlers and ack continuations run inline on the receive
/// loop, no heartbeat timer, no reconnection, no buffering. What it costs per message is what .NET's async socket
/// I/O and scheduling cost on this machine, so it shows how much of a library's figure is the platform's.
/// </summary>
internal sealed class FloorBenchClient : IBenchClient
{
    private static readonly byte[] Ping = "2"u8.ToArray();
    private static readonly byte[] Pong = "3"u8.ToArray();

    private readonly Uri _endpoint;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly Lock _handlersLock = new();
    private (byte[] Name, Action Handler)[] _handlers = [];
    private long _nextAckId = -1;
    private Task? _receiveLoop;

    public FloorBenchClient(Uri serverUri, string transport)
    {
        if (transport != "websocket")
        {
            throw new NotSupportedException("The floor client speaks WebSocket only.");
        }

        _endpoint = new UriBuilder(serverUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(_endpoint, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        var open = await ReceiveTextAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!open.StartsWith('0'))
        {
            throw new InvalidOperationException($"Expected an Engine.IO OPEN packet, got '{open}'.");
        }

        await SendAsync("40"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var connected = await ReceiveTextAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!connected.StartsWith("40", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Expected a Socket.IO CONNECT packet, got '{connected}'.");
        }

        _receiveLoop = ReceiveLoopAsync();
    }

    public Task EmitAsync(string eventName, object?[] arguments) => SendPooledAsync(Encode(null, eventName, arguments));

    public Task AckAsync(string eventName, object?[] arguments) => CallAsync(eventName, arguments, wantsPayload: false);

    /// <summary>Never called: the worker skips the binary phase for this client.</summary>
    public Task<int> BinaryEchoAsync(byte[] payload) => throw new NotSupportedException("The floor client sends text only.");

    public async Task<double> ServerCpuMicrosecondsAsync()
    {
        var payload = await CallAsync("cpu", [], wantsPayload: true).ConfigureAwait(false);
        using var document = JsonDocument.Parse(payload!);
        var usage = document.RootElement[0];
        return usage.GetProperty("user").GetDouble() + usage.GetProperty("system").GetDouble();
    }

    public IDisposable On(string eventName, Action handler)
    {
        var entry = (Encoding.UTF8.GetBytes(eventName), handler);
        lock (_handlersLock)
        {
            _handlers = [.. _handlers, entry];
        }

        return new Subscription(this, handler);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_receiveLoop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _socket.Dispose();
        foreach (var pending in _pending.Values)
        {
            pending.Completion.TrySetCanceled();
        }
    }

    private Task<string?> CallAsync(string eventName, object?[] arguments, bool wantsPayload)
    {
        var id = Interlocked.Increment(ref _nextAckId);
        // Synchronous continuations: the awaiting code runs on the receive loop, with no thread hop.
        var pending = new Pending(new TaskCompletionSource<string?>(), wantsPayload);
        _pending[id] = pending;
        var send = SendPooledAsync(Encode(id, eventName, arguments));
        return send.IsCompletedSuccessfully ? pending.Completion.Task : AfterSendAsync(send, pending.Completion.Task);

        static async Task<string?> AfterSendAsync(Task send, Task<string?> ack)
        {
            await send.ConfigureAwait(false);
            return await ack.ConfigureAwait(false);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendPooledAsync((byte[] Buffer, int Length) message)
    {
        try
        {
            await SendAsync(message.Buffer.AsMemory(0, message.Length), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message.Buffer);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            Dispatch(buffer.AsSpan(0, length));
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        if (message.SequenceEqual(Ping))
        {
            _ = SendAsync(Pong, CancellationToken.None);
        }
        else if (message.StartsWith("42[\""u8))
        {
            var rest = message[4..];
            var name = rest[..rest.IndexOf((byte)'"')];
            foreach (var (registered, handler) in _handlers)
            {
                if (name.SequenceEqual(registered))
                {
                    handler();
                }
            }
        }
        else if (message.StartsWith("43"u8))
        {
            var rest = message[2..];
            var digits = rest.IndexOf((byte)'[');
            if (digits > 0 && Utf8Parser.TryParse(rest[..digits], out long id, out _) && _pending.TryRemove(id, out var pending))
            {
                pending.Completion.TrySetResult(pending.WantsPayload ? Encoding.UTF8.GetString(rest[digits..]) : null);
            }
        }
    }

    private async Task<string> ReceiveTextAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        if (!result.EndOfMessage)
        {
            throw new InvalidOperationException("A handshake packet did not fit in 4 KiB.");
        }

        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary><c>42[id]["name",arg,...]</c> into a pooled buffer: integers are formatted directly, anything else
    /// goes through System.Text.Json.</summary>
    private static (byte[] Buffer, int Length) Encode(long? ackId, string eventName, object?[] arguments)
    {
        var encodedArguments = new byte[arguments.Length][];
        var size = 8 + 20 + Encoding.UTF8.GetMaxByteCount(eventName.Length);
        for (var i = 0; i < arguments.Length; i++)
        {
            encodedArguments[i] = arguments[i] is int ? [] : JsonSerializer.SerializeToUtf8Bytes(arguments[i]);
            size += 12 + encodedArguments[i].Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var span = buffer.AsSpan();
        var length = Append(span, 0, "42"u8);
        if (ackId is { } id)
        {
            Utf8Formatter.TryFormat(id, span[length..], out var written);
            length += written;
        }

        length = Append(span, length, "[\""u8);
        length += Encoding.UTF8.GetBytes(eventName, span[length..]);
        length = Append(span, length, "\""u8);
        for (var i = 0; i < arguments.Length; i++)
        {
            length = Append(span, length, ","u8);
            if (arguments[i] is int number)
            {
                Utf8Formatter.TryFormat(number, span[length..], out var written);
                length += written;
            }
            else
            {
                length = Append(span, length, encodedArguments[i]);
            }
        }

        return (buffer, Append(span, length, "]"u8));
    }

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        return offset + bytes.Length;
    }

    private readonly record struct Pending(TaskCompletionSource<string?> Completion, bool WantsPayload);

    private sealed class Subscription(FloorBenchClient owner, Action handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._handlersLock)
            {
                owner._handlers = [.. owner._handlers.Where(h => h.Handler != handler)];
            }
        }
    }
}
