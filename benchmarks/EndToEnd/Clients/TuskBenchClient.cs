using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks.EndToEnd.Clients;

/// <summary>Tusk's <see cref="SocketIoClient"/> on one transport, no upgrade, no reconnection; default options but for
/// <see cref="SocketIoClientOptions.SocketCompletions"/>, which the tusk-inline and tusk-threadpool clients set.</summary>
internal sealed class TuskBenchClient(Uri serverUri, string transport, SocketCompletionMode socketCompletions = SocketCompletionMode.Auto) : IBenchClient
{
    private static readonly object?[] NoArguments = [];

    private readonly SocketIoClient _client = new(serverUri, new SocketIoClientOptions
    {
        Transports = [transport],
        Upgrade = false,
        Reconnection = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        SocketCompletions = socketCompletions,
    });

    public Task ConnectAsync(CancellationToken cancellationToken) => _client.ConnectAsync(cancellationToken);

    public Task EmitAsync(string eventName, object?[] arguments) => _client.EmitAsync(eventName, arguments);

    public Task AckAsync(string eventName, object?[] arguments) => _client.EmitWithAckAsync(eventName, arguments);

    public async Task<int> BinaryEchoAsync(byte[] payload)
    {
        var ack = await _client.EmitWithAckAsync("bin", payload).ConfigureAwait(false);
        return ack.Attachments.Count == 1 ? ack.Attachments[0].Length : -1;
    }

    public async Task<double> ServerCpuMicrosecondsAsync()
    {
        var ack = await _client.EmitWithAckAsync("cpu", NoArguments).ConfigureAwait(false);
        var usage = ack.GetJson(0);
        return usage.GetProperty("user").GetDouble() + usage.GetProperty("system").GetDouble();
    }

    public IDisposable On(string eventName, Action handler) => _client.On(eventName, _ => handler());

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
