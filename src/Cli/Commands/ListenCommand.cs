using System.CommandLine;
using Tusk.Cli.Connection;
using Tusk.Cli.Output;
using Tusk.SocketIO;

namespace Tusk.Cli.Commands;

/// <summary>
/// <c>tusk listen URL [--event NAME] [--count N] [--json] [--timeout S]</c>: prints the events the server sends, one per
/// line (NDJSON with <c>--json</c>), until N arrived, the time is up, the server disconnects or Ctrl+C.
/// </summary>
internal static class ListenCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var events = new Option<string[]>("--event", "-e")
        {
            Description = "Only this event (repeatable); default: every event.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var count = new Option<int?>("--count", "-c") { Description = "Stop after this many events (exit 0); exit 3 if the time runs out first." };
        var json = new Option<bool>("--json") { Description = "One JSON object per event (NDJSON): namespace, event, args, attachments." };
        var timeout = new Option<double?>("--timeout")
        {
            Description = "Seconds to listen. With --count: the bound for the count (exit 3 when it runs out). Default: until Ctrl+C.",
        };

        var command = new Command("listen", "Connect and print the events the server sends.");
        connection.AddTo(command);
        command.Options.Add(events);
        command.Options.Add(count);
        command.Options.Add(json);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) => CliApp.Guard(console, async () =>
        {
            var settings = connection.Read(parse);
            settings.Options.Reconnection = false;
            var wanted = parse.GetValue(count);
            if (wanted is <= 0)
            {
                throw new CliUsageException("--count takes a number above 0.");
            }

            TimeSpan? limit = parse.GetValue(timeout) is { } seconds ? ConnectionOptions.Seconds(seconds, "--timeout", max: 7 * 24 * 3600) : null;
            var filter = parse.GetValue(events) is { Length: > 0 } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;
            var listener = new Listener(console, filter, wanted, parse.GetValue(json));
            return await listener.RunAsync(settings, limit, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private sealed class Listener(CliConsole console, HashSet<string>? filter, int? wanted, bool json)
    {
        private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _sync = new();
        private int _seen;

        public async Task<int> RunAsync(ClientSettings settings, TimeSpan? limit, CancellationToken cancellationToken)
        {
            var client = ClientFactory.Create(settings, console);
            await using var clientScope = client.ConfigureAwait(false);

            // Registered before connecting: events sent right after the namespace CONNECT (a welcome) are not missed.
            client.OnAny(OnEvent);
            client.Disconnected += (_, e) =>
            {
                // Our own disconnect (at the end, or after a failed connect) is no news.
                if (e.Reason != SocketIoDisconnectReason.IoClientDisconnect && _done.TrySetResult(ExitCodes.Disconnected))
                {
                    console.Error.WriteLine($"tusk: disconnected: {e.Reason.ToJsReason()}{(e.Exception is { } x ? " (" + x.Message + ")" : string.Empty)}");
                }
            };
            if (await ClientFactory.ConnectAsync(client, settings, console, cancellationToken).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            await console.Error.WriteLineAsync($"tusk: listening on {settings.DisplayServer} namespace {client.Namespace} ({client.TransportName}, protocol {client.NegotiatedProtocol})").ConfigureAwait(false);
            int result;
            try
            {
                result = limit is { } bound
                    ? await _done.Task.WaitAsync(bound, cancellationToken).ConfigureAwait(false)
                    : await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A listening window without a count is a normal end; a count that was not reached is not.
                if (wanted is { } n)
                {
                    await console.Error.WriteLineAsync($"tusk: timed out: {_seen} of {n} event(s) within {limit!.Value.TotalSeconds:0.###} s").ConfigureAwait(false);
                    result = ExitCodes.TimedOut;
                }
                else
                {
                    result = ExitCodes.Done;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends an open-ended listen normally; it interrupts one that waits for a count.
                result = wanted is null ? ExitCodes.Done : ExitCodes.Interrupted;
            }

            _done.TrySetResult(result);
            return result;
        }

        private void OnEvent(SocketIoEvent e)
        {
            if (filter is not null && !filter.Contains(e.Name))
            {
                return;
            }

            lock (_sync)
            {
                if (_done.Task.IsCompleted)
                {
                    return;
                }

                console.Output.WriteLine(json ? EventJson.EventLine(e) : $"{e.Namespace} {e.Name} {EventJson.Compact(e)}");
                console.Output.Flush();
                _seen++;
                if (_seen == wanted)
                {
                    _done.TrySetResult(ExitCodes.Done);
                }
            }
        }
    }
}
