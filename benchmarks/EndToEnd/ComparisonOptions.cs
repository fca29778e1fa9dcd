namespace Tusk.Benchmarks.EndToEnd;

/// <summary>Command-line options of the comparison. With none, everything runs at full size.</summary>
internal sealed record ComparisonOptions
{
    public bool Quick { get; init; }
    public int Rounds { get; init; } = 2;
    public IReadOnlyList<string> Clients { get; init; } = ClientNames.All;
    public IReadOnlyList<string> Transports { get; init; } = ["websocket", "polling"];
    public bool Idle { get; init; } = true;
    public bool ConnectOnly { get; init; }
    public int Processes { get; init; } = 5;
    public string? JsonPath { get; init; }
    public string? MarkdownPath { get; init; }

    public const string Usage = """
        dotnet run -c Release --project benchmarks/EndToEnd [-- options]
          --quick                  small counts (smoke test, about a minute)
          --rounds N               rounds of Tusk and the JS client, best kept per measure (default 2, 1-5)
          --clients a,b            any of: tusk, tusk-inline, tusk-threadpool, tusk-nospin, tusk-r2r, tusk-aot, tusk-composite, socket.io-client (or js), SocketIOClient (or sioc), floor
          --transports a,b         any of: websocket, polling
          --no-idle                skip the 1,000 idle clients memory measure
          --connect-only           only the first connect of fresh processes and warm connects (see README)
          --processes N            --connect-only: fresh worker processes per client (default 5, 1-30)
          --json PATH              where to write the results (default benchmarks/EndToEnd/results/latest.json)
          --markdown PATH          where to write the table (default benchmarks/EndToEnd/results/latest.md)
        """;

    public static ComparisonOptions Parse(string[] args)
    {
        var options = new ComparisonOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var rounds) && rounds is >= 1 and <= 5 =>
                    options with { Rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--no-idle" => options with { Idle = false },
                "--connect-only" => options with { ConnectOnly = true },
                "--processes" when i + 1 < args.Length && int.TryParse(args[i + 1], out var processes) && processes is >= 1 and <= 30 =>
                    options with { Processes = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--clients" when i + 1 < args.Length => options with { Clients = Split(args[++i], ClientNames.Known) },
                "--transports" when i + 1 < args.Length => options with { Transports = Split(args[++i], ["websocket", "polling"]) },
                "--json" when i + 1 < args.Length => options with { JsonPath = args[++i] },
                "--markdown" when i + 1 < args.Length => options with { MarkdownPath = args[++i] },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.{Environment.NewLine}{Usage}"),
            };
        }

        return options;
    }

    private static string[] Split(string value, string[] allowed)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            // Short names: js for the JavaScript client, sioc for SocketIOClient.
            var part = parts[i] = parts[i] switch { "js" => ClientNames.JavaScript, "sioc" => ClientNames.SocketIoClient, var other => other };
            if (!allowed.Contains(part, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{part}' is not one of {string.Join(", ", allowed)}.");
            }
        }

        return parts;
    }
}
