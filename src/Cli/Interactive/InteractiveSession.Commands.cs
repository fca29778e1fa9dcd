using Tusk.Cli.Connection;
using Tusk.Cli.Output;
using Tusk.SocketIO;

namespace Tusk.Cli.Interactive;

internal sealed partial class InteractiveSession
{
    /// <summary>Runs one typed line; <see langword="false"/> ends the session.</summary>
    private async Task<bool> ExecuteAsync(string line, CancellationToken cancellationToken)
    {
        var command = PromptCommand.Parse(line, WordsBeforeJson);
        if (command is null)
        {
            return true;
        }

        switch (command.Verb)
        {
            case "emit":
                Emit(command);
                return true;
            case "answer":
                await AnswerAsync(command, cancellationToken).ConfigureAwait(false);
                return true;
            case "join":
                await JoinAsync(command, cancellationToken).ConfigureAwait(false);
                return true;
            case "use":
                Use(Word(command, 0, "use NAMESPACE"));
                return true;
            case "leave":
                await LeaveAsync(command, cancellationToken).ConfigureAwait(false);
                return true;
            case "upgrade":
                Upgrade();
                return true;
            case "status":
                ShowStatus();
                return true;
            case "disconnect" or "quit" or "exit":
                return false;
            case "help" or "?":
                _console.Output.WriteLine(HelpText);
                return true;
            default:
                throw new CliUsageException($"Unknown command '{command.Verb}'; type help for the list.");
        }
    }

    private static int WordsBeforeJson(string verb) => verb switch
    {
        "emit" or "answer" or "join" or "use" or "leave" => 1,
        _ => 0,
    };

    private static string Word(PromptCommand command, int index, string usage) =>
        command.Words.Count > index ? command.Words[index] : throw new CliUsageException($"Usage: {usage}");

    private void Emit(PromptCommand command)
    {
        var name = Word(command, 0, "emit [--ack] EVENT [JSON...]");
        var values = JsonArguments.ParseSequence(command.Rest);
        var socket = Current();
        var shown = $"{socket.Namespace} {name}";
        if (!command.Flags.Contains("--ack"))
        {
            Outgoing($"emit {shown}", Arguments(values));
            Background(socket.EmitAsync(name, values), shown);
            return;
        }

        Outgoing($"emit + ack {shown}", Arguments(values));
        Background(AwaitAckAsync(socket, name, values), shown);
    }

    private async Task AwaitAckAsync(SocketIoSocket socket, string name, object?[] values)
    {
        var reply = await socket.EmitWithAckAsync(name, values).ConfigureAwait(false);
        Print("<-", "green", $"ack {socket.Namespace} {name}", EventJson.Pretty(reply), note: null);
    }

    /// <summary>Emits run in the background, so that the prompt stays free while an ack is awaited; failures are printed.</summary>
    private void Background(Task task, string what) => _ = task.ContinueWith(
        t => Problem($"{what}: {t.Exception!.GetBaseException().Message}"),
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);

    private async Task AnswerAsync(PromptCommand command, CancellationToken cancellationToken)
    {
        var text = Word(command, 0, "answer N [JSON...]");
        SocketIoEvent? request;
        lock (_sync)
        {
            if (!int.TryParse(text, out var number) || !_ackRequests.Remove(number, out request))
            {
                throw new CliUsageException($"No open ack request #{text}; the numbers are shown with the events that ask for one.");
            }
        }

        var values = JsonArguments.ParseSequence(command.Rest);
        await request.AckAsync(values, cancellationToken).ConfigureAwait(false);
        Outgoing($"ack {request.Namespace} {request.Name}", Arguments(values));
    }

    private async Task JoinAsync(PromptCommand command, CancellationToken cancellationToken)
    {
        var name = ConnectionOptions.ReadNamespace(Word(command, 0, "join NAMESPACE [AUTH-JSON]"));
        var auth = JsonArguments.ParseSequence(command.Rest);
        if (auth.Length > 1)
        {
            throw new CliUsageException("join takes one auth payload (a JSON object).");
        }

        SocketIoSocket socket;
        bool first;
        lock (_sync)
        {
            first = !_joined.ContainsKey(name) && name != _client.Namespace;
            socket = auth.Length == 1 ? _client.Of(name, auth[0]) : _client.Of(name);
            _joined[name] = socket;
        }

        if (first)
        {
            Watch(socket);
        }

        Outgoing($"join {name}", null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Options.ConnectTimeout + TimeSpan.FromSeconds(1));
        await socket.ConnectAsync(timeout.Token).ConfigureAwait(false);
        Use(name);
    }

    private void Use(string text)
    {
        var name = ConnectionOptions.ReadNamespace(text);
        lock (_sync)
        {
            if (name != _client.Namespace && !_joined.ContainsKey(name))
            {
                throw new CliUsageException($"Not joined to {name}: join {name} first.");
            }

            _current = name;
        }

        Status($"current namespace: {name}");
    }

    private async Task LeaveAsync(PromptCommand command, CancellationToken cancellationToken)
    {
        var name = command.Words.Count > 0 ? ConnectionOptions.ReadNamespace(command.Words[0]) : Current().Namespace;
        if (name == _client.Namespace)
        {
            throw new CliUsageException($"{name} is the connection's own namespace: disconnect closes it with the connection.");
        }

        SocketIoSocket socket;
        lock (_sync)
        {
            socket = _joined.GetValueOrDefault(name) ?? throw new CliUsageException($"Not joined to {name}.");
            _joined.Remove(name);
            if (_current == name)
            {
                _current = _client.Namespace;
            }
        }

        Outgoing($"leave {name}", null);
        await socket.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Upgrade()
    {
        if (_client.NegotiatedProtocol == SocketIoProtocol.V0_9)
        {
            throw new CliUsageException("socket.io 0.9 has no transport upgrade; connect again with --transport websocket.");
        }

        if (_client.TransportName == "websocket")
        {
            Status("already on websocket");
            return;
        }

        if (!_transports.ReleaseAndReopen())
        {
            throw new CliUsageException("There is no polling connection to move right now; try again once connected.");
        }

        Outgoing("upgrade", "the polling transport closes; the client reconnects and upgrades to WebSocket (namespaces rejoin)");
    }

    private void ShowStatus()
    {
        List<string> lines;
        lock (_sync)
        {
            lines = new List<string>
            {
                $"server {_settings.DisplayServer}, protocol {_client.NegotiatedProtocol}, transport {_client.TransportName ?? "(none)"}, engine id {_client.EngineId ?? "(none)"}",
                $"{_client.Namespace}: {(_client.IsConnected ? "connected, id " + _client.Id : "not connected")}",
            };
            lines.AddRange(_joined.Values.Where(s => !ReferenceEquals(s, _client))
                .Select(s => $"{s.Namespace}: {(s.IsConnected ? "connected, id " + s.Id : "not connected")}"));
            lines.Add($"current namespace {_current}; open ack requests: {(_ackRequests.Count == 0 ? "none" : string.Join(", ", _ackRequests.Keys.Order()))}");
        }

        Status(string.Join("\n    ", lines));
    }

    private SocketIoSocket Current()
    {
        lock (_sync)
        {
            return _current == _client.Namespace ? _client : _joined[_current];
        }
    }

    private static string Arguments(object?[] values) =>
        values.Length == 0 ? "(no arguments)" : string.Join(" ", values.Select(v => v is System.Text.Json.JsonElement e ? e.GetRawText() : "null"));
}
