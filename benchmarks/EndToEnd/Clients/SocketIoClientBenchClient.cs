using SocketIOClient;
using SioClient = SocketIOClient.SocketIO;
using SocketIOClient.Transport;

namespace Tusk.Benchmarks.EndToEnd.Clients;

/// <summary>The SocketIOClient NuGet package (3.0.6) on one transport, no upgrade, no reconnection.
/// Its acks arrive as callbacks, turned into tasks here.</summary>
internal sealed class SocketIoClientBenchClient(Uri serverUri, string transport) : IBenchClient
{
    private readonly SioClient _client = new(serverUri, new SocketIOOptions
    {
        Transport = transport == "polling" ? TransportProtocol.Polling : TransportProtocol.WebSocket,
        AutoUpgrade = false,
        Reconnection = false,
        ConnectionTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Its ConnectAsync can return before the namespace CONNECT was answered, so this also waits for OnConnected.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnConnected(object? sender, EventArgs e) => connected.TrySetResult();
        void OnError(object? sender, string error) => connected.TrySetException(new InvalidOperationException("SocketIOClient reported: " + error));
        _client.OnConnected += OnConnected;
        _client.OnError += OnError;
        try
        {
            await _client.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!_client.Connected)
            {
                await connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _client.OnConnected -= OnConnected;
            _client.OnError -= OnError;
        }
    }

    public Task EmitAsync(string eventName, object?[] arguments) => _client.EmitAsync(eventName, arguments!);

    public async Task AckAsync(string eventName, object?[] arguments)
    {
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _client.EmitAsync(eventName, _ => acked.TrySetResult(), arguments!).ConfigureAwait(false);
        await acked.Task.ConfigureAwait(false);
    }

    public async Task<int> BinaryEchoAsync(byte[] payload)
    {
        var acked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _client.EmitAsync("bin", response =>
        {
            var bytes = response.InComingBytes;
            acked.TrySetResult(bytes is { Count: 1 } ? bytes[0].Length : -1);
        }, payload).ConfigureAwait(false);
        return await acked.Task.ConfigureAwait(false);
    }

    public async Task<double> ServerCpuMicrosecondsAsync()
    {
        var acked = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _client.EmitAsync("cpu", response =>
        {
            var usage = response.GetValue(0);
            acked.TrySetResult(usage.GetProperty("user").GetDouble() + usage.GetProperty("system").GetDouble());
        }).ConfigureAwait(false);
        return await acked.Task.ConfigureAwait(false);
    }

    public IDisposable On(string eventName, Action handler)
    {
        _client.On(eventName, _ => handler());
        return new Subscription(_client, eventName);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            _client.Dispose();
        }
    }

    private sealed class Subscription(SioClient client, string eventName) : IDisposable
    {
        public void Dispose() => client.Off(eventName);
    }
}
