using System.Collections.Concurrent;
using Tusk.EngineIO;
using Tusk.EngineIO.Transports;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>A custom transport for the tests: it records every packet and forwards to a real built-in transport.</summary>
internal sealed class RecordingTransport(IEngineIoTransport inner, TrafficLog log) : IEngineIoTransport
{
    public string Name => inner.Name;

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        log.Add("open " + inner.Name);
        return inner.OpenAsync(cancellationToken);
    }

    public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        foreach (var packet in packets)
        {
            log.Add("sent " + Describe(packet));
        }

        await inner.SendAsync(packets, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var packets = await inner.ReceiveAsync(cancellationToken);
        foreach (var packet in packets)
        {
            log.Add("received " + Describe(packet));
        }

        return packets;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static string Describe(EngineIoPacket packet) =>
        packet.IsBinary ? $"{packet.Type} <{packet.Binary.Length} bytes>" : $"{packet.Type} {packet.Text}";
}

/// <summary>What the recording transports saw, in order.</summary>
internal sealed class TrafficLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);
}

/// <summary>Wraps every built-in transport in a <see cref="RecordingTransport"/>; resolved from the container by type.</summary>
internal sealed class RecordingTransportFactory(TrafficLog log) : IEngineIoTransportFactory
{
    public List<string> Created { get; } = [];

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
    {
        lock (Created)
        {
            Created.Add(name);
        }

        return EngineIoTransportFactory.Default.CreateTransport(name, context) is { } real ? new RecordingTransport(real, log) : null;
    }
}
