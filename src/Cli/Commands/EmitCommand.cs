using System.CommandLine;
using Tusk.Cli.Connection;
using Tusk.Cli.Output;
using Tusk.SocketIO;

namespace Tusk.Cli.Commands;

/// <summary>
/// <c>tusk emit URL EVENT [JSON...] [--ack] [--timeout S]</c>: connects, emits one event, prints the ack as an NDJSON
/// line when asked for one, disconnects. The exit code says what happened (<see cref="ExitCodes"/>).
/// </summary>
internal static class EmitCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var eventName = new Argument<string>("event") { Description = "The event name." };
        var arguments = new Argument<string[]>("json")
        {
            Description = "The event's arguments, each one JSON value: '\"text\"' 42 '{\"a\":1}' true null.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var ack = new Option<bool>("--ack", "-a") { Description = "Ask for an acknowledgement and print it as an NDJSON line." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the acknowledgement.",
            DefaultValueFactory = _ => 10,
        };

        var command = new Command("emit", "Connect, emit one event (optionally waiting for its ack), disconnect.");
        connection.AddTo(command);
        command.Arguments.Add(eventName);
        command.Arguments.Add(arguments);
        command.Options.Add(ack);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) => CliApp.Guard(console, async () =>
        {
            var settings = connection.Read(parse);
            var name = parse.GetValue(eventName) is { Length: > 0 } n ? n : throw new CliUsageException("Give the event name.");
            var values = JsonArguments.Parse(parse.GetValue(arguments) ?? []);
            var ackTimeout = ConnectionOptions.Seconds(parse.GetValue(timeout), "--timeout", max: 3600);
            settings.Options.Reconnection = false;
            settings.Options.AckTimeout = ackTimeout;

            // One emit gains nothing from an upgrade, and a close right after an upgrade's swap has lost the emit
            // queued during the swap (seen against socket.io 4.8); the transport the user chose stays in force.
            settings.Options.Upgrade = false;
            return await RunAsync(settings, name, values, parse.GetValue(ack), console, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> RunAsync(
        ClientSettings settings, string eventName, object?[] values, bool withAck, CliConsole console, CancellationToken cancellationToken)
    {
        var client = ClientFactory.Create(settings, console);
        await using var clientScope = client.ConfigureAwait(false);
        if (await ClientFactory.ConnectAsync(client, settings, console, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        try
        {
            if (withAck)
            {
                var reply = await client.EmitWithAckAsync(eventName, values, cancellationToken).ConfigureAwait(false);
                await console.Output.WriteLineAsync(EventJson.AckLine(client.Namespace, eventName, reply)).ConfigureAwait(false);
                await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.EmitAsync(eventName, values, cancellationToken).ConfigureAwait(false);
            }

            // A graceful disconnect sends what is queued before the close, so the emit is not lost to an early exit.
            await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Done;
        }
        catch (SocketIoAckTimeoutException exception)
        {
            await console.Error.WriteLineAsync($"tusk: timed out: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.TimedOut;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (SocketIoDisconnectedException exception)
        {
            await console.Error.WriteLineAsync($"tusk: disconnected: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Disconnected;
        }
    }
}
