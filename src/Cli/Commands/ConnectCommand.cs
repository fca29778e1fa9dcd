using System.CommandLine;
using Tusk.Cli.Connection;
using Tusk.Cli.Interactive;
using Tusk.EngineIO.Transports;

namespace Tusk.Cli.Commands;

/// <summary><c>tusk connect URL</c>: an interactive session (<see cref="InteractiveSession"/>).</summary>
internal static class ConnectCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var ackTimeout = new Option<double>("--ack-timeout")
        {
            Description = "Seconds to wait for the ack of an emit --ack.",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command("connect", "Open an interactive session: see events as they arrive, emit, ack, join namespaces, upgrade.");
        connection.AddTo(command);
        command.Options.Add(ackTimeout);
        command.SetAction((parse, cancellationToken) => CliApp.Guard(console, async () =>
        {
            var settings = connection.Read(parse);
            var options = settings.Options;
            options.AckTimeout = ConnectionOptions.Seconds(parse.GetValue(ackTimeout), "--ack-timeout", max: 3600);

            // --transport polling: start on polling (also on 0.9, whose client would try WebSocket first) and stay
            // there until `upgrade`; the gate is the transport seam, so the session itself is a normal one.
            var transports = new UpgradeOnRequestTransportFactory(EngineIoTransportFactory.Default, allowWebSocket: !settings.HoldOnPolling);
            options.TransportFactory = transports;
            if (settings.HoldOnPolling)
            {
                options.Transports = [EngineIoTransportNames.Polling, EngineIoTransportNames.WebSocket];
                options.Transport = EngineIoTransportNames.Polling;
                options.Upgrade = true;
            }

            var client = ClientFactory.Create(settings, console);
            await using var clientScope = client.ConfigureAwait(false);
            var session = new InteractiveSession(console, settings, client, transports);
            return await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }
}
