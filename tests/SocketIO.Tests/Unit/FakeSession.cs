using System.Threading.Channels;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>An in-memory session: the test plays the server by feeding packet texts and reading what the client sent.</summary>
internal sealed class FakeSession(SocketIoProtocol protocol, string sessionId) : ISocketIoSession
{
    private readonly Channel<(string Text, bool MoreInBatch)> _incoming = Channel.CreateUnbounded<(string, bool)>();
    private readonly SocketIoPacketDecoder _decoder = new();
    private readonly TaskCompletionSource _firstPacketHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _receiveCalls;

    public Channel<string> Sent { get; } = Channel.CreateUnbounded<string>();

    public SocketIoProtocol Protocol { get; } = protocol;

    public string? SessionId { get; } = sessionId;

    public string? TransportName => "fake";

    public SocketIoDisconnectReason CloseReason { get; private set; } = SocketIoDisconnectReason.TransportClose;

    public Exception? CloseException => null;

    public bool HasMoreInBatch { get; private set; }

    public void ServerSends(string packet) => _incoming.Writer.TryWrite((packet, false));

    /// <summary>Sends a packet that says more of its transport batch follow (like all but the last of a polling payload).</summary>
    public void ServerSendsFollowedInBatch(string packet) => _incoming.Writer.TryWrite((packet, true));

    public void ServerCloses(SocketIoDisconnectReason reason)
    {
        CloseReason = reason;
        _incoming.Writer.TryComplete();
    }

    public async Task<string> NextSentAsync() => await Sent.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>When set, sends throw it at once, as a session does once its connection has ended.</summary>
    public Exception? FailSendsWith { get; set; }

    /// <summary>When set, each send runs it first (it may wait, or throw as a session that ended meanwhile does).</summary>
    public Func<SocketIoPacket, Task>? BeforeSend { get; set; }

    /// <summary>Completes when the client asks for its second packet, that is, once it has handled the first.</summary>
    public Task FirstPacketHandled => _firstPacketHandled.Task;

    public ValueTask SendAsync(SocketIoPacket packet, CancellationToken cancellationToken)
    {
        if (FailSendsWith is { } failure)
        {
            throw failure;
        }

        if (BeforeSend is { } hook)
        {
            return SendAfterAsync(hook, packet);
        }

        Sent.Writer.TryWrite(SocketIoPacketEncoder.Encode(packet, Protocol));
        Interlocked.Increment(ref _sentCount);
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendAfterAsync(Func<SocketIoPacket, Task> hook, SocketIoPacket packet)
    {
        await hook(packet);
        Sent.Writer.TryWrite(SocketIoPacketEncoder.Encode(packet, Protocol));
        Interlocked.Increment(ref _sentCount);
    }

    /// <summary>For each <see cref="FlushAsync"/> call, how many packets the client had sent by then.</summary>
    public List<int> FlushedAfter { get; } = [];

    /// <summary>When set, flushes throw it, as a session whose server did not confirm in time does.</summary>
    public Exception? FailFlushesWith { get; set; }

    private int _sentCount;

    /// <summary>When set, flushes wait for it (honouring cancellation), as over a server slow to confirm.</summary>
    public TaskCompletionSource? HoldFlushes { get; set; }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (FlushedAfter)
        {
            FlushedAfter.Add(Volatile.Read(ref _sentCount));
        }

        return FailFlushesWith is { } failure ? Task.FromException(failure)
            : HoldFlushes is { } hold ? hold.Task.WaitAsync(cancellationToken)
            : Task.CompletedTask;
    }

    public async ValueTask<SocketIoPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _receiveCalls) == 2)
        {
            _firstPacketHandled.TrySetResult();
        }

        while (await _incoming.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_incoming.Reader.TryRead(out var item) && _decoder.DecodeText(item.Text) is { } packet)
            {
                HasMoreInBatch = item.MoreInBatch;
                return packet;
            }
        }

        return null;
    }

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        CloseReason = SocketIoDisconnectReason.ForcedClose;
        _incoming.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Hands out fake sessions in order and lets the test await each one.</summary>
internal sealed class FakeSessionFactory(SocketIoProtocol protocol) : ISocketIoSessionFactory
{
    private readonly Channel<FakeSession> _opened = Channel.CreateUnbounded<FakeSession>();
    private int _count;

    /// <summary>When set, every open attempt fails as if the server were unreachable.</summary>
    public bool Unreachable { get; set; }

    public int FailedAttempts { get; private set; }

    public Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            FailedAttempts++;
            return Task.FromException<ISocketIoSession>(new SocketIoConnectException("Connection refused (fake)."));
        }

        var session = new FakeSession(protocol, "engine" + Interlocked.Increment(ref _count));
        _opened.Writer.TryWrite(session);
        return Task.FromResult<ISocketIoSession>(session);
    }

    public async Task<FakeSession> NextOpenedAsync() => await _opened.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
