using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary><c>tusk bench</c>: each scenario against a real socket.io 4.8 server (small and short), the report, the bounds.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BenchTests
{
    [TestCase("ack")]
    [TestCase("echo")]
    [TestCase("emit")]
    [TestCase("idle")]
    public async Task A_short_bench_reports_connections_messages_and_latency(string scenario)
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        var json = Path.Combine(Path.GetTempPath(), $"tusk-bench-{Guid.NewGuid():N}.json");
        try
        {
            await using var tusk = await Tusk.RunAsync(
                "bench", server.HttpUri.ToString(), "--clients", "10", "--ramp", "0.5", "--duration", "1", "--rate", "20",
                "--scenario", scenario, "--out", json);

            Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
            Assert.That(tusk.Output.Text, Does.StartWith($"tusk bench: {scenario} scenario, 10 clients"));
            Assert.That(tusk.Output.Text, Does.Contain("connections  10 attempted, 10 connected at peak"));
            Assert.That(tusk.Error.Text, Does.Contain("connected "), "the progress lines");

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = report.RootElement;
            Assert.That(root.GetProperty("scenario").GetString(), Is.EqualTo(scenario));
            Assert.That(root.GetProperty("connections").GetProperty("peakConnected").GetInt64(), Is.EqualTo(10));
            Assert.That(root.GetProperty("connections").GetProperty("connectTime").GetProperty("count").GetInt64(), Is.EqualTo(10));
            Assert.That(root.GetProperty("measuredSeconds").GetDouble(), Is.GreaterThanOrEqualTo(1));
            Assert.That(root.GetProperty("errors").EnumerateObject(), Is.Empty);
            var messages = root.GetProperty("messages");
            if (scenario == "idle")
            {
                Assert.That(messages.GetProperty("sent").GetInt64(), Is.Zero);
                Assert.That(root.TryGetProperty("latency", out _), Is.False);
                return;
            }

            // 10 clients x 20/s: far more than none, and never more than the rate allows. The window is about a second,
            // longer when the machine is slow to tick (2.8 s once, at load 13), and the pacer carries at most a second's
            // worth over from behind schedule; answers to messages sent in the ramp can complete in the window too.
            var allowedSeconds = root.GetProperty("measuredSeconds").GetDouble() + 1 + 0.5;
            Assert.That(messages.GetProperty("completed").GetInt64(), Is.InRange(20, (long)(10 * 20 * allowedSeconds)), tusk.Output.Text);
            Assert.That(root.TryGetProperty("latency", out var latency), Is.EqualTo(scenario != "emit"));
            if (scenario != "emit")
            {
                Assert.That(latency.GetProperty("p50").GetDouble(), Is.GreaterThan(0));
                Assert.That(latency.GetProperty("p999").GetDouble(), Is.GreaterThanOrEqualTo(latency.GetProperty("p99").GetDouble()));
                Assert.That(latency.GetProperty("max").GetDouble(), Is.GreaterThanOrEqualTo(latency.GetProperty("p999").GetDouble()));
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Test]
    public async Task Clients_that_cannot_connect_are_errors_by_kind_and_exit_2()
    {
        await using var tusk = await Tusk.RunAsync(
            "bench", $"http://127.0.0.1:{EmitTests.ClosedPort()}/", "--clients", "3", "--ramp", "0", "--duration", "0.5", "--no-reconnect");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Refused), tusk.ToString());
        Assert.That(tusk.Output.Text, Does.Contain("connect: refused or failed 3"));
    }

    [Test]
    public async Task A_server_that_goes_away_counts_disconnects_and_reconnect_attempts()
    {
        // The bench runs until interrupted: the test waits for the things themselves (each client's first reconnection
        // attempt, 0.5-1.5 s after its disconnect), not for a window long enough to hold them.
        const int Clients = 5;
        var server = await NodeServer.StartAsync("sio-v4");
        var port = server.HttpUri.Port;
        await using var tusk = Tusk.Start("bench", server.HttpUri.ToString(), "--clients", $"{Clients}", "--ramp", "0", "--duration", "600", "--scenario", "idle");
        await tusk.Error.LineAsync("measuring", Tusk.Bound);
        await server.DisposeAsync();

        // Each client counts its disconnect before it starts reconnecting, and each attempt opens a connection to the old
        // port. The listener accepts the attempts and never answers, so no client makes a second one meanwhile.
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var attempts = new List<TcpClient>();
        try
        {
            using var bound = new CancellationTokenSource(Tusk.Bound);
            while (attempts.Count < Clients)
            {
                attempts.Add(await listener.AcceptTcpClientAsync(bound.Token));
            }

            tusk.Interrupt();
            Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Interrupted), tusk.ToString());
        }
        finally
        {
            attempts.ForEach(attempt => attempt.Dispose());
        }

        Assert.That(tusk.Output.Text, Does.Contain($"disconnected: transport close {Clients}").Or.Contain($"disconnected: transport error {Clients}"));
        Assert.That(tusk.Output.Text, Does.Match($@"reconnects   0 \(([{Clients}-9]|[1-9]\d+) attempts\), {Clients} unexpected disconnects"));
    }

    [TestCase("--clients", "0", "--clients takes 1 to 20,000")]
    [TestCase("--clients", "20001", "--clients takes 1 to 20,000")]
    [TestCase("--rate", "1001", "--rate takes messages per second per client")]
    [TestCase("--duration", "3601", "--duration takes seconds")]
    [TestCase("--payload", "2000000", "--payload takes 0 to")]
    public async Task Loads_past_the_bounds_are_refused_with_1(string option, string value, string message)
    {
        List<string> args = option == "--clients" ? ["bench", "http://127.0.0.1:1/"] : ["bench", "http://127.0.0.1:1/", "--clients", "10"];
        args.AddRange([option, value]);
        await using var tusk = await Tusk.RunAsync([.. args]);

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain(message));
    }

    [Test]
    public async Task The_total_rate_is_bounded_too()
    {
        await using var tusk = await Tusk.RunAsync("bench", "http://127.0.0.1:1/", "--clients", "20000", "--rate", "100");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("the bound is 500,000"));
    }

    [TestCase("http://example.com/", TestName = "A host name that is not this machine is refused")]
    [TestCase("http://10.1.2.3:3000/", TestName = "A private address is refused")]
    public async Task Remote_targets_need_to_be_named_again(string url)
    {
        await using var tusk = await Tusk.RunAsync("bench", url, "--clients", "1");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("--allow-host"));
        Assert.That(tusk.Output.Text, Is.Empty, "nothing ran");
    }

    [Test]
    public async Task The_clients_option_is_required()
    {
        await using var tusk = await Tusk.RunAsync("bench", "http://127.0.0.1:1/");

        Assert.That(tusk.ExitCode, Is.Not.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("--clients"));
    }
}
