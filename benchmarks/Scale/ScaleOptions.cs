using System.Globalization;

namespace Tusk.Benchmarks.Scale;

/// <summary>The benchmark's options, each bounded; <see cref="Parse"/> says what is wrong and what is allowed.</summary>
internal sealed record ScaleOptions
{
    /// <summary>Sockets one process may hold here: the open-file limit is 20,000 and the runtime needs some.</summary>
    public const int MaxConnectionsPerProcess = 18_000;

    /// <summary>Connections a process is given when the worker and server counts are chosen automatically.</summary>
    public const int DefaultConnectionsPerProcess = 16_700;

    public IReadOnlyList<int> Steps { get; init; } = [10_000, 50_000, 100_000];
    public int Workers { get; init; }
    public int Servers { get; init; }
    public int ConcurrencyPerWorker { get; init; } = 16;
    public int PingIntervalSeconds { get; init; } = 25;
    public int WindowSeconds { get; init; }
    public int SettleSeconds { get; init; } = 30;
    public int StepDeadlineSeconds { get; init; } = 600;
    public string? OutputPath { get; init; }

    /// <summary>True: <c>Transports = ["websocket"]</c> (the default); false: the client's default transports
    /// (polling, then the upgrade to WebSocket).</summary>
    public bool WebSocketOnly { get; init; } = true;

    public const string Usage = """
        dotnet run -c Release --project benchmarks/Scale -- [options]
          --steps 10000,50000,100000   total connections after each step (increasing, 1..200,000)
          --workers N                  client processes (default: steps' largest / 16,700, rounded up; each <= 18,000)
          --servers N                  socket.io server processes, one port each (same default and bound)
          --concurrency N              connects in flight per worker (1..1,000, default 16)
          --ping-interval S            the servers' pingInterval in seconds (1..60, default 25, socket.io's default)
          --window S                   idle window for the heartbeat CPU (>= ping interval, <= 600; default the ping interval)
          --settle S                   wait after a step's connects before the window (0..300, default 30)
          --step-deadline S            a step's connects that have not finished by then are cancelled and counted (30..3,600, default 600)
          --transports websocket|default  websocket (default): Transports = ["websocket"]; default: the client's
                                       default transports (polling, then the upgrade), to compare what each keeps
          --output PATH                the JSON results (default benchmarks/Scale/results/latest.json)
        """;

    public static ScaleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScaleOptions();
        int? workers = null, servers = null, window = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--steps":
                    options = options with { Steps = [.. Value().Split(',').Select(s => ParseInt("--steps", s, 1, 200_000))] };
                    break;
                case "--workers": workers = ParseInt("--workers", Value(), 1, 64); break;
                case "--servers": servers = ParseInt("--servers", Value(), 1, 64); break;
                case "--concurrency": options = options with { ConcurrencyPerWorker = ParseInt("--concurrency", Value(), 1, 1_000) }; break;
                case "--ping-interval": options = options with { PingIntervalSeconds = ParseInt("--ping-interval", Value(), 1, 60) }; break;
                case "--window": window = ParseInt("--window", Value(), 1, 600); break;
                case "--settle": options = options with { SettleSeconds = ParseInt("--settle", Value(), 0, 300) }; break;
                case "--step-deadline": options = options with { StepDeadlineSeconds = ParseInt("--step-deadline", Value(), 30, 3_600) }; break;
                case "--output": options = options with { OutputPath = Value() }; break;
                case "--transports":
                    options = options with
                    {
                        WebSocketOnly = Value() switch
                        {
                            "websocket" => true,
                            "default" => false,
                            var other => throw new ArgumentException($"--transports must be websocket or default (got '{other}')."),
                        },
                    };
                    break;
                case "--help" or "-h": throw new ArgumentException("");
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (options.Steps.Count == 0 || options.Steps.Zip(options.Steps.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException("--steps must be increasing totals, e.g. 10000,50000,100000.");
        }

        var largest = options.Steps[^1];
        var automatic = (largest + DefaultConnectionsPerProcess - 1) / DefaultConnectionsPerProcess;
        options = options with
        {
            Workers = workers ?? automatic,
            Servers = servers ?? automatic,
            WindowSeconds = window ?? options.PingIntervalSeconds,
        };
        if (options.WindowSeconds < options.PingIntervalSeconds)
        {
            throw new ArgumentException($"--window ({options.WindowSeconds} s) must cover at least one ping interval ({options.PingIntervalSeconds} s).");
        }

        foreach (var (name, processes) in new[] { ("--workers", options.Workers), ("--servers", options.Servers) })
        {
            if ((largest + processes - 1) / processes > MaxConnectionsPerProcess)
            {
                throw new ArgumentException(
                    $"{largest:N0} connections over {processes} {name[2..]} is more than {MaxConnectionsPerProcess:N0} per process " +
                    $"(the open-file limit is {OpenFileLimit()}): use {name} {(largest + MaxConnectionsPerProcess - 1) / MaxConnectionsPerProcess} or more.");
            }
        }

        return options;
    }

    private static int ParseInt(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min:N0} to {max:N0} (got '{text}').");

    private static string OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    return line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                }
            }
        }
        catch (IOException)
        {
        }

        return "unknown";
    }
}
