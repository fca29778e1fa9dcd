using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks;

/// <summary>Tusk's client against the built-in one, same server, same transport. Each invocation moves
/// <see cref="Messages"/> messages, so the reported time and allocation are per message.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public abstract class ClientComparisonBase
{
    protected const int Messages = 100;

    private readonly CountdownSignal _tuskReceived = new();
    private readonly CountdownSignal _builtinReceived = new();
    private readonly List<IDisposable> _disposables = [];
    private byte[] _payload = [];
    private byte[] _receiveBuffer = [];
    private WebSocketConnection _tuskOneWay = null!;
    private WebSocketConnection _tuskEcho = null!;
    private WebSocket _builtinOneWay = null!;
    private WebSocket _builtinEcho = null!;

    [Params(16, 1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _payload = new byte[Size];
        new Random(Size).NextBytes(_payload);
        _receiveBuffer = new byte[Size + 1024];

        (_tuskOneWay, var tuskOneWayServer) = await ConnectTuskAsync();
        _ = Task.Run(() => ServerLoops.CountAsync(tuskOneWayServer, _tuskReceived));
        (_tuskEcho, var tuskEchoServer) = await ConnectTuskAsync();
        _ = Task.Run(() => ServerLoops.EchoAsync(tuskEchoServer));
        (_builtinOneWay, var builtinOneWayServer) = await ConnectBuiltinAsync();
        _ = Task.Run(() => ServerLoops.CountAsync(builtinOneWayServer, _builtinReceived));
        (_builtinEcho, var builtinEchoServer) = await ConnectBuiltinAsync();
        _ = Task.Run(() => ServerLoops.EchoAsync(builtinEchoServer));
        _disposables.AddRange([tuskOneWayServer, tuskEchoServer, builtinOneWayServer, builtinEchoServer, _builtinOneWay, _builtinEcho]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _tuskOneWay.Abort();
        _tuskEcho.Abort();
        await _tuskOneWay.DisposeAsync();
        await _tuskEcho.DisposeAsync();
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        Cleanup();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public async Task Builtin_OneWay()
    {
        var received = _builtinReceived.Reset(Messages);
        for (var i = 0; i < Messages; i++)
        {
            await _builtinOneWay.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        await received;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public async Task Tusk_OneWay()
    {
        var received = _tuskReceived.Reset(Messages);
        for (var i = 0; i < Messages; i++)
        {
            await _tuskOneWay.SendAsync(_payload, WebSocketMessageKind.Binary);
        }

        await received;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("Echo")]
    public async Task Builtin_Echo()
    {
        for (var i = 0; i < Messages; i++)
        {
            await _builtinEcho.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None);
            ValueWebSocketReceiveResult result;
            var length = 0;
            do
            {
                result = await _builtinEcho.ReceiveAsync(_receiveBuffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("Echo")]
    public async Task Tusk_Echo()
    {
        for (var i = 0; i < Messages; i++)
        {
            await _tuskEcho.SendAsync(_payload, WebSocketMessageKind.Binary);
            using var echo = await _tuskEcho.ReceiveAsync();
        }
    }

    /// <summary>A Tusk client connected to a fresh server-role built-in WebSocket.</summary>
    protected abstract Task<(WebSocketConnection Client, WebSocket Server)> ConnectTuskAsync();

    /// <summary>A built-in client connected to a fresh server-role built-in WebSocket.</summary>
    protected abstract Task<(WebSocket Client, WebSocket Server)> ConnectBuiltinAsync();

    protected virtual void Cleanup()
    {
    }
}
