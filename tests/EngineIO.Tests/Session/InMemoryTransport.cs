using System.Threading.Channels;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// A user-written transport: packets go through in-process channels to a test-driven peer. It shows that a session
/// runs over any <see cref="IEngineIoTransport"/>.
/// </summary>
internal sealed class InMemoryTransport(string name) : IEngineIoTransport
{
    public Channel<EngineIoPacket> ToServer { get; } = Channel.CreateUnbounded<EngineIoPacket>();

    public Channel<EngineIoPacket> ToClient { get; } = Channel.CreateUnbounded<EngineIoPacket>();

    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Disposed { get; private set; }

    /// <summary>When set, the transport reports this revision on the context with the first packets, as a transport that can tell the framing would.</summary>
    public EngineIoVersion? Detects { get; set; }

    public EngineIoTransportContext? Context { get; set; }

    /// <summary>When set, <see cref="OpenAsync"/> throws it (like a server refusing the handshake).</summary>
    public Exception? OpenFailure { get; set; }

    public string Name => name;

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        Opened.TrySetResult();
        return OpenFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    /// <summary>When set, a receive that found packets waits for it before taking them all, so the test can make one batch.</summary>
    public TaskCompletionSource? HoldReceives { get; set; }

    /// <summary>When set, sends wait for it, like a slow network.</summary>
    public TaskCompletionSource? HoldSends { get; set; }

    /// <summary>Completes when a send first waits for <see cref="HoldSends"/>: a write is then in flight.</summary>
    public TaskCompletionSource SendHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        if (HoldSends is { } hold)
        {
            SendHeld.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        foreach (var packet in packets)
        {
            await ToServer.Writer.WriteAsync(packet, cancellationToken);
            Interlocked.Increment(ref _sent);
        }
    }

    /// <summary>When set, flushes wait for it (honouring cancellation), like a server slow to answer a ping.</summary>
    public TaskCompletionSource? HoldFlushes { get; set; }

    /// <summary>For each <see cref="FlushAsync"/> call, how many packets had been sent to the server by then.</summary>
    public List<int> FlushedAfter { get; } = [];

    /// <summary>Completes when <see cref="FlushAsync"/> is first called.</summary>
    public TaskCompletionSource FlushCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _sent;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        lock (FlushedAfter)
        {
            FlushedAfter.Add(Volatile.Read(ref _sent));
        }

        FlushCalled.TrySetResult();
        if (HoldFlushes is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!await ToClient.Reader.WaitToReadAsync(cancellationToken))
        {
            return [];
        }

        if (HoldReceives is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (Detects is { } detected && Context is { Version: EngineIoVersion.Auto } context)
        {
            context.ReportDetectedVersion(detected);
        }

        var packets = new List<EngineIoPacket>();
        while (ToClient.Reader.TryRead(out var packet))
        {
            if (packet.Type == (EngineIoPacketType)99)
            {
                throw new IOException("the in-memory link broke");
            }

            packets.Add(packet);
        }

        return packets;
    }

    /// <summary>When set, closing and disposing never finish and ignore cancellation, like a transport stuck in a
    /// write to a peer that stopped reading.</summary>
    public bool HangsOnClose { get; set; }

    private static readonly Task s_never = new TaskCompletionSource().Task;

    /// <summary>Completes when <see cref="CloseAsync"/> is first called.</summary>
    public TaskCompletionSource CloseCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <see cref="DisposeAsync"/> is first called.</summary>
    public TaskCompletionSource DisposeCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        ToServer.Writer.TryComplete();
        CloseCalled.TrySetResult();
        return HangsOnClose ? s_never : Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        ToServer.Writer.TryComplete();
        DisposeCalled.TrySetResult();
        return HangsOnClose ? new ValueTask(s_never) : ValueTask.CompletedTask;
    }

    /// <summary>Makes the next receive fail like a broken connection.</summary>
    public void Break() => ToClient.Writer.TryWrite(new EngineIoPacket((EngineIoPacketType)99));

    public void ServerSends(EngineIoPacket packet) => ToClient.Writer.TryWrite(packet);

    public void ServerOpens(string json) => ServerSends(new EngineIoPacket(EngineIoPacketType.Open, json));

    public async Task<EngineIoPacket> ServerReceivesAsync() => await ToServer.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Event);
}

/// <summary>Creates <see cref="InMemoryTransport"/>s by name and remembers them and the session's context.</summary>
internal sealed class InMemoryTransportFactory : IEngineIoTransportFactory
{
    private readonly Dictionary<string, Queue<InMemoryTransport>> _prepared = new(StringComparer.Ordinal);

    public EngineIoTransportContext? Context { get; private set; }

    /// <summary>The revision the context asked for when each transport was created, in order.</summary>
    public List<EngineIoVersion> RequestedVersions { get; } = [];

    public InMemoryTransport Prepare(string name)
    {
        var transport = new InMemoryTransport(name);
        if (!_prepared.TryGetValue(name, out var queue))
        {
            _prepared[name] = queue = new Queue<InMemoryTransport>();
        }

        queue.Enqueue(transport);
        return transport;
    }

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
    {
        Context = context;
        RequestedVersions.Add(context.Version);
        lock (_prepared)
        {
            if (!_prepared.TryGetValue(name, out var queue) || queue.Count == 0)
            {
                return null;
            }

            var transport = queue.Dequeue();
            transport.Context = context;
            return transport;
        }
    }
}
