using System.Globalization;
using Spectre.Console;
using Tusk.Cli.Connection;
using Tusk.Cli.Output;
using Tusk.SocketIO;

namespace Tusk.Cli.Interactive;

/// <summary>
/// The <c>tusk connect</c> session: incoming events printed as they arrive, and a line of commands to act on the
/// connection (<see cref="HelpText"/>). Reading input never blocks the output: events, acks and connection changes
/// are printed from the client's own threads while the user types.
/// </summary>
internal sealed partial class InteractiveSession
{
    public const string HelpText = """
        Commands (JSON arguments: "text" 42 {"a":[1,2]} true null):
          emit EVENT [JSON...]         emit on the current namespace
          emit --ack EVENT [JSON...]   emit and print the server's ack when it comes
          answer N [JSON...]           answer the server's ack request #N
          join NAMESPACE [AUTH-JSON]   join a namespace (over the same connection) and make it current
          use NAMESPACE                make a joined namespace current
          leave [NAMESPACE]            leave a namespace (default: the current one)
          upgrade                      switch the connection to WebSocket
          status                       socket ids, transport, protocol, joined namespaces
          disconnect                   leave every namespace, close the connection and exit (also: quit, exit, Ctrl+D)
          help                         this text
        """;

    private readonly CliConsole _console;
    private readonly ClientSettings _settings;
    private readonly SocketIoClient _client;
    private readonly UpgradeOnRequestTransportFactory _transports;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, SocketIoSocket> _joined = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SocketIoEvent> _ackRequests = [];
    private readonly TaskCompletionSource<int> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextAckRequest;
    private string _current;
    private bool _closing;

    public InteractiveSession(CliConsole console, ClientSettings settings, SocketIoClient client, UpgradeOnRequestTransportFactory transports)
    {
        _console = console;
        _settings = settings;
        _client = client;
        _transports = transports;
        _current = client.Namespace;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Watch(_client);
        _client.Reconnecting += (_, e) => Status($"reconnecting: attempt {e.Attempt} in {e.Delay.TotalMilliseconds:0} ms");
        _client.Reconnected += (_, e) => Status($"reconnected after {e.Attempts} attempt(s), transport {_client.TransportName}");
        _client.ReconnectFailed += (_, _) =>
        {
            Status("reconnection failed: no attempts left");
            _ended.TrySetResult(ExitCodes.Disconnected);
        };
        _transports.Upgraded += () => Status("transport now: websocket");

        Status($"connecting to {_settings.DisplayServer} namespace {_client.Namespace}");
        if (await ClientFactory.ConnectAsync(_client, _settings, _console, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        Status($"protocol {_client.NegotiatedProtocol}, transport {_client.TransportName}; type help for commands");
        while (true)
        {
            var read = Task.Run(() => _console.Input.ReadLine(), CancellationToken.None);
            var finished = await Task.WhenAny(read, _ended.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (finished == _ended.Task)
            {
                return await _ended.Task.ConfigureAwait(false);
            }

            var line = await read.ConfigureAwait(false);
            if (line is null)
            {
                return await CloseAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (!await ExecuteAsync(line, cancellationToken).ConfigureAwait(false))
                {
                    return await CloseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CliUsageException exception)
            {
                Problem(exception.Message);
            }
            catch (Exception exception) when (exception is SocketIoException or TimeoutException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                Problem(exception.Message);
            }
        }
    }

    private async Task<int> CloseAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _closing = true;
        }

        Outgoing("disconnect", "every namespace, then the connection");
        await _client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Done;
    }

    /// <summary>Prints what a namespace receives and how its connection changes.</summary>
    private void Watch(SocketIoSocket socket)
    {
        socket.OnAny(Incoming);
        socket.Connected += (_, e) => Status($"{socket.Namespace} connected, socket id {e.Id}{(e.Recovered ? " (recovered)" : string.Empty)}");
        socket.ConnectError += (_, e) => Problem($"{socket.Namespace} connect error: {e.Exception.Message}{(e.WillRetry ? " (retrying)" : string.Empty)}");
        socket.Disconnected += (_, e) =>
        {
            bool closing;
            lock (_sync)
            {
                closing = _closing;
            }

            if (closing)
            {
                return;
            }

            Status($"{socket.Namespace} disconnected: {e.Reason.ToJsReason()}{(e.WillReconnect ? ", will reconnect" : string.Empty)}");
            if (ReferenceEquals(socket, _client) && !e.WillReconnect && e.Reason != SocketIoDisconnectReason.IoClientDisconnect)
            {
                _ended.TrySetResult(ExitCodes.Disconnected);
            }
        };
    }

    private void Incoming(SocketIoEvent e)
    {
        string? ackHint = null;
        if (e.AckRequested)
        {
            lock (_sync)
            {
                var number = ++_nextAckRequest;
                _ackRequests[number] = e;
                ackHint = $"the server asks for an ack: answer {number} [JSON...]";
            }
        }

        Print("<-", "green", $"{e.Namespace} {e.Name}", EventJson.Pretty(e), ackHint);
    }

    private void Status(string text) => Print("**", "blue", text, body: null, note: null);

    private void Problem(string text) => Print("!!", "red", text, body: null, note: null);

    private void Outgoing(string title, string? body) => Print("->", "yellow", title, body, note: null);

    private void Print(string arrow, string color, string title, string? body, string? note)
    {
        var time = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (_sync)
        {
            var console = _console.Out;
            console.MarkupLine($"[grey]{time}[/] [{color}]{arrow}[/] [bold]{Markup.Escape(title)}[/]");
            if (body is not null)
            {
                foreach (var line in body.Split('\n'))
                {
                    console.MarkupLine("    " + Markup.Escape(line));
                }
            }

            if (note is not null)
            {
                console.MarkupLine($"    [italic]{Markup.Escape(note)}[/]");
            }

            _console.Output.Flush();
        }
    }
}
