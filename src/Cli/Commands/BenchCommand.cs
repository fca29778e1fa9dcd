using System.CommandLine;
using System.Net;
using Tusk.Cli.Bench;
using Tusk.Cli.Connection;

namespace Tusk.Cli.Commands;

/// <summary>
/// <c>tusk bench URL... --clients N --ramp S --duration S --scenario emit|ack|echo|idle [--rate R] [--payload BYTES]</c>:
/// a load generator with a live display and a final report (text; JSON with <c>--out</c>). It only ever targets the URLs
/// given on its command line, and one that is not on this machine only when named again with <c>--allow-host</c>.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var urls = new Argument<string[]>("url")
        {
            Description = "The server; several URLs (e.g. several ports of one server) share the clients round robin.",
            Arity = ArgumentArity.OneOrMore,
        };
        var clients = new Option<int>("--clients") { Description = $"Clients (connections), 1 to {BenchSettings.MaxClients:N0}.", Required = true };
        var ramp = new Option<double>("--ramp") { Description = "Seconds over which the clients connect.", DefaultValueFactory = _ => 5 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured after the ramp.", DefaultValueFactory = _ => 30 };
        var scenario = new Option<string>("--scenario")
        {
            Description = "emit (fire and forget), ack (emit with ack), echo (the server answers with the same event), idle (connections only).",
            DefaultValueFactory = _ => "ack",
        };
        scenario.AcceptOnlyFromAmong("emit", "ack", "echo", "idle");
        var rate = new Option<double>("--rate") { Description = "Messages per second per client.", DefaultValueFactory = _ => 1 };
        var payload = new Option<int>("--payload") { Description = "Bytes of the string each message carries.", DefaultValueFactory = _ => 16 };
        var eventName = new Option<string>("--event") { Description = "The event emitted.", DefaultValueFactory = _ => "echo" };
        var ackTimeout = new Option<double>("--ack-timeout") { Description = "Seconds before an unanswered ack counts as an error.", DefaultValueFactory = _ => 10 };
        var noReconnect = new Option<bool>("--no-reconnect") { Description = "Do not reconnect lost clients (default: reconnect, and count it)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report as JSON to this file." };
        var allowHost = new Option<string[]>("--allow-host")
        {
            Description = "Confirms a target that is not on this machine (loopback): repeat its host name.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("bench", "Load-test a socket.io server: many clients, a scenario at a rate, a latency report.");
        command.Arguments.Add(urls);
        connection.AddTo(command, withUrl: false);
        foreach (var option in new Option[] { clients, ramp, duration, scenario, rate, payload, eventName, ackTimeout, noReconnect, output, allowHost })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CliApp.Guard(console, async () =>
        {
            var targets = (parse.GetValue(urls) ?? []).Select(ConnectionOptions.ParseUrl).ToList();
            RequireExplicitTargets(targets, parse.GetValue(allowHost) ?? []);
            var template = ReadTemplate(connection, parse, targets[0], console);
            template.Reconnection = !parse.GetValue(noReconnect);
            var settings = new BenchSettings
            {
                Targets = targets,
                ClientTemplate = template,
                Clients = parse.GetValue(clients),
                Ramp = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(ramp))),
                Duration = ConnectionOptions.Seconds(parse.GetValue(duration), "--duration", BenchSettings.MaxDuration.TotalSeconds),
                Scenario = Enum.Parse<BenchScenario>(parse.GetValue(scenario)!, ignoreCase: true),
                Rate = parse.GetValue(rate),
                Payload = parse.GetValue(payload),
                EventName = parse.GetValue(eventName) is { Length: > 0 } name ? name : throw new CliUsageException("--event takes a name."),
                AckTimeout = ConnectionOptions.Seconds(parse.GetValue(ackTimeout), "--ack-timeout", 3600),
            };
            settings.Validate();
            template.AckTimeout = settings.AckTimeout;
            WarnAboutFileLimit(console, settings.Clients);

            var runner = new BenchRunner(settings);
            var report = await LiveProgress.RunAsync(console, progress => runner.RunAsync(progress, cancellationToken)).ConfigureAwait(false);
            await console.Output.WriteAsync(BenchReportText.Render(report)).ConfigureAwait(false);
            await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, report.ToJson() + "\n", CancellationToken.None).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"tusk: report written to {file.FullName}").ConfigureAwait(false);
            }

            if (report.Connections.PeakConnected == 0)
            {
                await console.Error.WriteLineAsync("tusk: no client could connect.").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            return report.Interrupted ? ExitCodes.Interrupted : ExitCodes.Done;
        }));
        return command;
    }

    private static SocketIO.SocketIoClientOptions ReadTemplate(ConnectionOptions connection, ParseResult parse, Uri first, CliConsole console)
    {
        // The shared options are read through the same code as the other commands; the URL was checked above.
        var settings = connection.Read(parse, first);
        if (parse.GetValue(connection.Transport) is null)
        {
            // A load test measures the server's steady state: WebSocket from the start, as Artillery's engine does.
            settings.Options.Transports = ["websocket"];
        }

        if (settings.Verbose)
        {
            settings.Options.LoggerFactory = Output.StderrLoggerProvider.CreateFactory(console.Error);
        }

        return settings.Options;
    }

    /// <summary>
    /// A load test hits exactly what its command line names: loopback targets as given, any other host only when its
    /// name is repeated with <c>--allow-host</c>, so a pasted URL or a typo never points a load at someone's server.
    /// </summary>
    internal static void RequireExplicitTargets(IReadOnlyList<Uri> targets, IReadOnlyCollection<string> allowed)
    {
        foreach (var target in targets)
        {
            var loopback = target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback && !allowed.Contains(target.Host, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliUsageException(
                    $"{target.Host} is not on this machine: a bench only loads a remote host named again with --allow-host {target.Host}.");
            }
        }
    }

    private static void WarnAboutFileLimit(CliConsole console, int clients)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/limits"))
        {
            return;
        }

        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is { Length: >= 4 } && long.TryParse(parts[3], out var soft) && soft < clients + 200)
        {
            console.Error.WriteLine(
                $"tusk: warning: the open-file limit is {soft:N0}, and {clients:N0} clients need about {clients + 200:N0} descriptors; raise it first (ulimit -n {Math.Max(clients * 2, 4096)}).");
        }
    }
}
