using System.Text;
using System.Threading.Channels;

namespace Tusk.Benchmarks.Memory;

/// <summary>
/// An Engine.IO revision 4 server reduced to what a scenario needs: the polling handshake, then each later GET answered
/// by the next scripted response (held until there is one), POSTs accepted, and a WebSocket upgrade handed to the
/// scenario.
/// </summary>
internal sealed class FakeEngineServer : IAsyncDisposable
{
    public const string Handshake = "{\"sid\":\"mem\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":60000,\"maxPayload\":200000000}";

    private readonly Channel<Func<Exchange, Task>> _polls = Channel.CreateUnbounded<Func<Exchange, Task>>();
    private readonly ScriptedServer _server;
    private int _sessionPolls;

    public FakeEngineServer(Func<Stream, Task>? webSocket = null) =>
        _server = new ScriptedServer(exchange => HandleAsync(exchange, webSocket));

    public Uri HttpUri => _server.HttpUri;

    /// <summary>How many GETs of the session (after the handshake) arrived.</summary>
    public int SessionPolls => Volatile.Read(ref _sessionPolls);

    /// <summary>Completes when a session GET arrives for which nothing is scripted (the client is idle).</summary>
    public TaskCompletionSource Idle { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Enqueue(Func<Exchange, Task> poll) => _polls.Writer.TryWrite(poll);

    public void Enqueue(byte[] body) => Enqueue(e => e.RespondAsync(body));

    public void Enqueue(string body) => Enqueue(Encoding.UTF8.GetBytes(body));

    public ValueTask DisposeAsync()
    {
        _polls.Writer.TryComplete();
        return _server.DisposeAsync();
    }

    private async Task HandleAsync(Exchange exchange, Func<Stream, Task>? webSocket)
    {
        if (exchange.Method == "POST")
        {
            await exchange.RespondAsync("ok", "text/html");
        }
        else if (exchange.Target.Contains("transport=websocket", StringComparison.Ordinal) && webSocket is not null)
        {
            var stream = await exchange.AcceptWebSocketAsync();
            await webSocket(stream);
        }
        else if (!exchange.HasQuery("sid"))
        {
            await exchange.RespondAsync("0" + Handshake);
        }
        else
        {
            Interlocked.Increment(ref _sessionPolls);
            if (!_polls.Reader.TryRead(out var next))
            {
                Idle.TrySetResult();
                try
                {
                    next = await _polls.Reader.ReadAsync();
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }

            await next(exchange);
        }
    }
}
