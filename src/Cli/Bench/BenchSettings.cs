using System.Globalization;
using Tusk.SocketIO;

namespace Tusk.Cli.Bench;

/// <summary>
/// A load test's parameters, validated against the tool's bounds: a bench is limited in clients, rate and time, so a
/// typo cannot turn into an unbounded load.
/// </summary>
internal sealed record BenchSettings
{
    /// <summary>The most clients one tusk process opens.</summary>
    public const int MaxClients = 20_000;

    /// <summary>The most messages per second one client sends.</summary>
    public const double MaxRatePerClient = 1_000;

    /// <summary>The most messages per second all clients together send.</summary>
    public const double MaxTotalRate = 500_000;

    /// <summary>The longest measured phase, and the longest ramp.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>The largest payload of one message.</summary>
    public const int MaxPayload = 1024 * 1024;

    public required IReadOnlyList<Uri> Targets { get; init; }

    public required SocketIoClientOptions ClientTemplate { get; init; }

    public required int Clients { get; init; }

    public required TimeSpan Ramp { get; init; }

    public required TimeSpan Duration { get; init; }

    public required BenchScenario Scenario { get; init; }

    public required double Rate { get; init; }

    public required int Payload { get; init; }

    public required string EventName { get; init; }

    public required TimeSpan AckTimeout { get; init; }

    /// <summary>Connections opened at the same time during the ramp.</summary>
    public int MaxConcurrentConnects { get; init; } = 200;

    /// <summary>Messages one client may have waiting for an answer before its next ones are counted as skipped.</summary>
    public int MaxOutstandingPerClient { get; init; } = 1_000;

    /// <summary>Checks the bounds; the message says which and what is allowed.</summary>
    public void Validate()
    {
        Require(Clients is >= 1 and <= MaxClients, $"--clients takes 1 to {MaxClients:N0} (one process); run several tusk processes for more.");
        Require(Ramp >= TimeSpan.Zero && Ramp <= MaxDuration, $"--ramp takes 0 to {MaxDuration.TotalSeconds:0} seconds.");
        Require(Duration > TimeSpan.Zero && Duration <= MaxDuration, $"--duration takes seconds above 0 and at most {MaxDuration.TotalSeconds:0}.");
        Require(Payload is >= 0 and <= MaxPayload, $"--payload takes 0 to {MaxPayload:N0} bytes.");
        if (Scenario != BenchScenario.Idle)
        {
            Require(Rate > 0 && Rate <= MaxRatePerClient, $"--rate takes messages per second per client above 0 and at most {MaxRatePerClient:N0}.");
            Require(Rate * Clients <= MaxTotalRate,
                string.Create(CultureInfo.InvariantCulture, $"--rate x --clients is {Rate * Clients:N0} messages per second; the bound is {MaxTotalRate:N0}."));
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new CliUsageException(message);
        }
    }
}
